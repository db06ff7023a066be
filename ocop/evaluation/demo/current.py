"""The 2026 rounds of the demo: one in scoring (members score, the secretary follows), one
open where the demo producer has a draft and a submitted dossier (SAMPLE data)."""

import datetime
import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ocop.accounts.models import User
from ocop.evaluation.actions.rules import sheet_for
from ocop.evaluation.checklist import checklist_for
from ocop.evaluation.demo.people import Pool, appoint
from ocop.evaluation.models import (
    ConflictDeclaration,
    Council,
    Criterion,
    Dossier,
    DossierStatus,
    Era,
    EvidenceFile,
    KnockoutReview,
    Level,
    Round,
    RoundLevel,
    RoundStatus,
    Score,
    ScoreSheet,
    SheetStatus,
)
from ocop.registry.models import Product

D = datetime.date
EXTRA_DEMO_PRODUCTS = ["Bình hút lộc men lam", "Bộ ấm chén men rạn cổ"]


def demo_producer_products() -> list[Product]:
    """The demo `producer` login's products, at least three (sample ones added if needed)."""
    user = User.objects.filter(username="producer").select_related("producer").first()
    if user is None or user.producer is None:
        return []
    products = list(user.producer.products.order_by("pk"))
    for name in EXTRA_DEMO_PRODUCTS[: max(0, 3 - len(products))]:
        template = products[0]
        products.append(
            Product.objects.create(
                name=name,
                producer=user.producer,
                category=template.category,
                description=f"{name} do {user.producer.name} sản xuất.",
                unit=template.unit,
                province_of_origin=template.province_of_origin,
                is_sample=True,
            )
        )
    return products


def build(rng: random.Random, pool: Pool) -> str:
    era = Era.objects.get(code="1489/2025")
    scoring = _round(era, "đợt 1", D(2026, 3, 2), D(2026, 5, 29), RoundStatus.SCORING)
    open_ = _round(era, "đợt 2", D(2026, 9, 1), D(2026, 12, 31), RoundStatus.OPEN)
    chair, *others = rng.sample(pool.sample_members, 3)
    # In the open round only the demo logins `member` and `member2` will score a new dossier:
    # its quorum lets a visitor take one through the whole cycle (see /help/).
    councils = [
        appoint(
            r,
            f"Hội đồng đánh giá, phân hạng sản phẩm OCOP – {r.name}",
            f"{rng.randint(100, 999)}/QĐ-UBND",
            r.opens_on,
            pool.secretary,
            [chair, *pool.members, *others],
            quorum=quorum,
        )
        for r, quorum in ((scoring, 4), (open_, len(pool.members)))
    ]
    files = _evidence_files()
    candidates = list(
        Product.objects.filter(is_sample=True, dossiers__isnull=True, certificates__isnull=True)
        .exclude(pk__in=[p.pk for p in demo_producer_products()])
        .select_related("producer", "category__parent__parent")
        .order_by("pk")[:40]
    )
    rng.shuffle(candidates)
    accepted = [_dossier(scoring, councils[0], p, DossierStatus.ACCEPTED) for p in candidates[:10]]
    mine = demo_producer_products()
    submitted = _dossier(open_, councils[1], mine[1], DossierStatus.SUBMITTED)
    draft = _dossier(open_, None, mine[2], DossierStatus.DRAFT)
    draft.business_plan = ""
    Dossier.objects.bulk_create([*accepted, submitted, draft])
    _evidence([*accepted, submitted], files, pool)
    _evidence([draft], {"business_registration": files["business_registration"]}, pool)
    sheets = _scores(rng, accepted, [chair, *others], pool.members[1])
    return f"2026: {len(accepted)} dossiers in scoring ({sheets} sheets), 2 for the demo producer"


def _round(era: Era, part: str, opens: datetime.date, closes: datetime.date, status: str) -> Round:
    return Round.objects.create(
        name=f"Đánh giá, phân hạng sản phẩm OCOP cấp Thành phố năm 2026 ({part})",
        year=2026,
        level=RoundLevel.PROVINCE,
        era=era,
        province_id=1,
        opens_on=opens,
        closes_on=closes,
        status=status,
        is_sample=True,
    )


def _dossier(round: Round, council: Council | None, product: Product, status: str) -> Dossier:
    return Dossier(
        round=round,
        product=product,
        council=council,
        criteria_set=sheet_for(product=product, era=round.era),
        status=status,
        applicant_name=product.producer.name,
        producer_description=f"{product.producer.name}, {product.producer.address}.",
        business_plan="Mở rộng vùng nguyên liệu, chuẩn hoá quy trình và bao bì trong 3 năm tới.",
        description=product.description,
        samples_count=3 if status != DossierStatus.DRAFT else 0,
        submitted_at=None
        if status == DossierStatus.DRAFT
        else datetime.datetime(
            round.opens_on.year, round.opens_on.month, 20, 9, tzinfo=datetime.UTC
        ),
        is_sample=True,
    )


def _evidence_files() -> dict[str, tuple[str, str, int]]:
    """One small stored PDF per checklist item, shared by the demo dossiers' evidence rows
    (the same file, the same fingerprint), so every link in the demo opens a real file."""
    import hashlib

    from pypdf import PdfWriter

    stored = {}
    for item in checklist_for("1"):
        writer = PdfWriter()
        writer.add_blank_page(width=210, height=297)
        writer.add_metadata({"/Title": f"SAMPLE – {item.code}"})
        out = io.BytesIO()
        writer.write(out)
        content = out.getvalue()
        digest = hashlib.sha256(content).hexdigest()
        name = default_storage.save(
            f"dossiers/sample/{digest[:16]}-{item.code}.pdf", ContentFile(content)
        )
        stored[item.code] = (name, digest, len(content))
    return stored


def _evidence(dossiers: list[Dossier], files: dict[str, tuple[str, str, int]], pool: Pool) -> None:
    uploader = pool.office or pool.secretary
    rows = []
    for dossier in dossiers:
        group = dossier.product.category
        while group.parent_id is not None:
            group = group.parent  # type: ignore[assignment]
        for item in checklist_for(group.code):
            if item.code in files and (item.required or item.code == "story"):
                name, digest, size = files[item.code]
                rows.append(
                    EvidenceFile(
                        dossier=dossier,
                        item=item.code,
                        file=name,
                        original_name=f"{item.code}.pdf",
                        sha256=digest,
                        size=size,
                        uploaded_by=dossier.product.producer.users.first() or uploader,
                        content_type="application/pdf",
                    )
                )
    EvidenceFile.objects.bulk_create(rows)


def _scores(rng: random.Random, dossiers: list[Dossier], scorers: list[User], member2: User) -> int:
    """Sample members have scored every dossier; `member2` half of them; `member` none, so
    the demo login has sheets to fill. One knock-out waits, one member is an outlier."""
    criteria = list(
        Criterion.objects.filter(criteria_set=dossiers[0].criteria_set).prefetch_related("levels")
    )
    sheets, scores, declarations = [], [], []
    for i, dossier in enumerate(dossiers):
        quality = rng.uniform(0.35, 0.95)
        people = scorers + ([member2] if i < 6 else [])
        for j, member in enumerate(people):
            if i == 8 and j == 2:  # declared a conflict: does not score this one
                declarations.append(
                    ConflictDeclaration(
                        dossier=dossier,
                        member=member,
                        has_conflict=True,
                        note="Họ hàng với chủ thể",
                    )
                )
                continue
            declarations.append(
                ConflictDeclaration(dossier=dossier, member=member, has_conflict=False)
            )
            bias = -0.35 if (i == 4 and j == 1) else 0.0  # an outlier on dossier 5
            picks = [_pick(rng, c, quality + bias, knock=(i == 2 and j == 0)) for c in criteria]
            total = sum((level.points for level in picks), Decimal(0))
            locked = not (member == member2 and i >= 4)
            sheet = ScoreSheet(
                dossier=dossier,
                member=member,
                status=SheetStatus.SUBMITTED if locked else SheetStatus.DRAFT,
                total=total,
                is_sample=True,
            )
            sheets.append(sheet)
            scores += [
                Score(sheet=sheet, criterion=lv.criterion, level=lv, points=lv.points)
                for lv in picks
            ]
            if i == 2 and j == 0:
                knocked = next(lv for lv in picks if lv.knockout)
                KnockoutReview.objects.create(
                    dossier=dossier, criterion=knocked.criterion, flagged_by=member
                )
    ConflictDeclaration.objects.bulk_create(declarations)
    ScoreSheet.objects.bulk_create(sheets)
    Score.objects.bulk_create(scores, batch_size=1000)
    return len(sheets)


def _pick(rng: random.Random, criterion: Criterion, quality: float, knock: bool) -> Level:
    levels = sorted(criterion.levels.all(), key=lambda lv: lv.points)
    if knock and any(lv.knockout for lv in levels):
        return next(lv for lv in levels if lv.knockout)
    usable = [
        lv for lv in levels if not lv.knockout and not (criterion.zero_stops and lv.points == 0)
    ]
    index = round(max(0.0, min(1.0, quality + rng.uniform(-0.2, 0.2))) * (len(usable) - 1))
    return usable[index]
