"""Benchmark data, part 2: yearly rounds with councils in every province over the three rules
eras, dossiers scored by three members each (ScoreSheet rows with totals; per-criterion Score
rows are not generated: no page measured here reads them), recognition decisions, and
certificates in every state — valid, expiring, expired, suspended, revoked and superseded —
including historical certificates imported without a dossier."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from bench import names
from bench.gen_registry import World, stamp
from bench.rows import insert
from ocop.certification.codes import PROVINCE_PREFIXES
from ocop.certification.models import (
    Certificate,
    CodeSequence,
    Decision,
    Suspension,
    add_months,
)
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    CriteriaSet,
    Dossier,
    Era,
    Round,
    ScoreSheet,
)

CENT = Decimal("0.01")
FIRST_YEAR = 2019
NEW_YEAR_WEIGHTS = {2019: 4, 2020: 6, 2021: 8, 2022: 10, 2023: 12, 2024: 18, 2025: 20, 2026: 18}
SHEETS_PER_DOSSIER = 3


@dataclass
class Cert:
    id: int
    product: int
    province: int
    decision: int
    dossier: int | None
    stars: int
    potential: bool
    score: Decimal | None
    issued: datetime.date
    expires: datetime.date
    revoked: datetime.date | None = None
    superseded_by: int | None = None
    superseded_on: datetime.date | None = None
    code: str = ""


@dataclass
class RoundInfo:
    id: int
    council: int
    decision: int
    decided: datetime.date
    era: int
    criteria_set: int | None
    scorers: list[int]


@dataclass
class History:
    world: World
    last_year: int
    rounds: dict[tuple[int, int], RoundInfo] = field(default_factory=dict)
    historic: dict[tuple[int, int], tuple[int, datetime.date]] = field(default_factory=dict)
    decisions: list[tuple] = field(default_factory=list)
    dossiers: list[tuple] = field(default_factory=list)
    sheets: list[tuple] = field(default_factory=list)
    decided: list[tuple[int, int, int]] = field(default_factory=list)
    certs: list[Cert] = field(default_factory=list)


def _opens_on(year: int) -> datetime.date:
    if year == FIRST_YEAR:
        return datetime.date(year, 9, 1)  # Decision 1048 came into force on 21 Aug 2019
    if year >= 2025:
        return datetime.date(year, 8, 1)  # after Decision 1489 (6 Jul 2025)
    return datetime.date(year, 3, 1)


def _era_for(
    eras: list[tuple[int, datetime.date, datetime.date | None]], day: datetime.date
) -> int:
    for pk, start, end in eras:
        if start <= day and (end is None or day <= end):
            return pk
    return eras[-1][0]


def build_rounds(h: History) -> None:
    """A province round per year with its council (chair, members, secretary) and decision."""
    world, rng = h.world, h.world.rng
    eras = list(Era.objects.order_by("valid_from").values_list("pk", "valid_from", "valid_until"))
    sheet_for = {}
    for era_id, set_id in (
        CriteriaSet.objects.exclude(status=CriteriaSet.Status.NOT_FOUND)
        .order_by("-status", "pk")
        .values_list("era_id", "pk")
    ):
        sheet_for.setdefault(era_id, set_id)
    rounds, councils, seats = [], [], []
    latest = world.today - datetime.timedelta(days=3)
    for province in world.provinces:
        short = world.province_names[province]
        members = world.members_by_province[province]
        for year in range(FIRST_YEAR, h.last_year + 1):
            opens = _opens_on(year)
            closes = opens + datetime.timedelta(days=75)
            decided = closes + datetime.timedelta(days=rng.randint(20, 220))
            decided = min(decided, datetime.date(year, 12, 28), latest)
            era = _era_for(eras, opens)
            rid = len(rounds) + 1
            rounds.append(
                (
                    rid,
                    f"Đánh giá, phân hạng sản phẩm OCOP {short} năm {year}",
                    year,
                    "province",
                    era,
                    province,
                    opens,
                    closes,
                    "published",
                    True,
                    stamp(opens),
                )
            )
            councils.append(
                (
                    rid,
                    rid,
                    f"Hội đồng đánh giá, phân hạng sản phẩm OCOP {short} năm {year}",
                    f"{rid}/QĐ-HĐ",
                    opens,
                    SHEETS_PER_DOSSIER,
                )
            )
            for k, user in enumerate(members):
                role = "chair" if k == 0 else "secretary" if k == len(members) - 1 else "member"
                seats.append((len(seats) + 1, rid, user, role))
            decision = _decision(h, decided, rid, era)
            h.rounds[(province, year)] = RoundInfo(
                rid, rid, decision, decided, era, sheet_for.get(era), members[:-1]
            )
        for year in range(FIRST_YEAR, 2023):  # before the platform: decisions on paper
            day = datetime.date(year, rng.randint(9, 12), rng.randint(1, 28))
            h.historic[(province, year)] = (_decision(h, day, None, eras[0][0]), day)
    world.counts["rounds"] = insert(
        Round,
        "id name year level era_id province_id opens_on closes_on status is_sample created_at",
        rounds,
    )
    insert(
        Council,
        "id round_id name decision_ref decision_date quorum",
        councils,
    )
    insert(CouncilMember, "id council_id user_id role", seats)


def _decision(h: History, day: datetime.date, round_id: int | None, era: int) -> int:
    pk = len(h.decisions) + 1
    h.decisions.append(
        (pk, f"{pk}/QĐ-UBND", day, names.person(h.world.rng), round_id, era, True, stamp(day))
    )
    return pk


def _star_class(score: Decimal) -> int:
    return 5 if score >= 90 else 4 if score >= 70 else 3 if score >= 50 else 2 if score >= 30 else 1


def _dossier(
    h: History, product: int, year: int, kind: str, previous: int | None, bonus: float = 0
) -> tuple[int, Decimal | None, RoundInfo]:
    """One decided dossier with its three scoring sheets: (id, final score, round); no final
    score when a knock-out criterion stopped it."""
    world, rng = h.world, h.world.rng
    info = h.rounds[(world.product_province[product - 1], year)]
    did = len(h.dossiers) + 1
    base = min(max(rng.gauss(71 + bonus, 12), 15), 98)
    totals = [
        Decimal(min(max(base + rng.gauss(0, 2.5), 0), 100)).quantize(CENT)
        for _ in range(SHEETS_PER_DOSSIER)
    ]
    final = (sum(totals) / len(totals)).quantize(CENT)
    knocked = rng.random() < 0.01
    stars = None if knocked else _star_class(final)
    if knocked:
        outcome = "knocked_out"
    elif final >= 90:
        outcome = "potential_five"
    elif final >= 50:
        outcome = "certified"
    else:
        outcome = "not_certified"
    submitted = stamp(info.decided - datetime.timedelta(days=rng.randint(60, 120)))
    producer = world.product_producer[product - 1]
    h.dossiers.append(
        (
            did,
            info.id,
            product,
            kind,
            previous,
            info.criteria_set,
            info.council,
            "decided",
            f"Chủ thể {producer}",
            rng.randint(0, 5),
            submitted,
            final,
            stars,
            outcome,
            True,
            submitted,
            stamp(info.decided),
        )
    )
    for member, total in zip(rng.sample(info.scorers, SHEETS_PER_DOSSIER), totals, strict=True):
        h.sheets.append(
            (len(h.sheets) + 1, did, member, "submitted", total, submitted, True, submitted)
        )
    h.decided.append((len(h.decided) + 1, info.decision, did))
    return did, (None if knocked else final), info


def _certify(
    h: History,
    product: int,
    decision: int,
    dossier: int | None,
    day: datetime.date,
    stars: int,
    potential: bool = False,
    score: Decimal | None = None,
) -> Cert:
    cert = Cert(
        id=len(h.certs) + 1,
        product=product,
        province=h.world.product_province[product - 1],
        decision=decision,
        dossier=dossier,
        stars=stars,
        potential=potential,
        score=score,
        issued=day,
        expires=add_months(day, 36),
    )
    h.certs.append(cert)
    return cert


def _renewal_year(h: History, cert: Cert) -> int:
    """The round a renewal goes to: usually the last one decided before the expiry."""
    year = cert.expires.year
    if h.world.rng.random() < 0.25:
        return year  # sometimes too late: the old certificate lapses first
    info = h.rounds.get((cert.province, year))
    if info is None or info.decided >= cert.expires:
        year -= 1
    return year


def build_product_histories(h: History) -> None:
    world, rng = h.world, h.world.rng
    years = [y for y in NEW_YEAR_WEIGHTS if y <= h.last_year]
    weights = [NEW_YEAR_WEIGHTS[y] for y in years]
    for product in range(1, world.products + 1):
        province = world.product_province[product - 1]
        current: Cert | None = None
        plan: tuple[str, int] | None
        previous = None
        if rng.random() < 0.35:  # certified before the platform, imported from spreadsheets
            decision, day = h.historic[(province, rng.choice(range(FIRST_YEAR, 2023)))]
            stars = rng.choices([3, 4, 5], weights=[45, 52, 3])[0]
            current = _certify(h, product, decision, None, day, stars)
            plan = ("renewal", _renewal_year(h, current)) if rng.random() < 0.5 else None
        else:
            plan = ("new", rng.choices(years, weights=weights)[0])
        while plan is not None and plan[1] <= h.last_year:
            kind, year = plan
            bonus = 8 if kind == "upgrade" else 0
            did, final, info = _dossier(h, product, year, kind, previous, bonus)
            previous = did
            if final is None or final < 50:
                plan = ("new", year + 1) if rng.random() < 0.25 else None
                continue
            potential = final >= 90
            cert = _certify(
                h,
                product,
                info.decision,
                did,
                info.decided,
                4 if potential else _star_class(final),
                potential,
                final,
            )
            if current is not None and cert.issued < current.expires:
                current.superseded_by, current.superseded_on = cert.id, cert.issued
            current = cert
            if cert.stars == 3 and rng.random() < 0.08:
                plan = ("upgrade", year + rng.choice([1, 2]))
            elif rng.random() < 0.35:
                plan = ("renewal", _renewal_year(h, cert))
            else:
                plan = None


def _codes(h: History) -> list[tuple]:
    last: dict[tuple[str, int], int] = {}
    for cert in sorted(h.certs, key=lambda c: (c.issued, c.id)):
        prefix = PROVINCE_PREFIXES.get(cert.province, "XX")
        key = (prefix, cert.issued.year)
        last[key] = last.get(key, 0) + 1
        cert.code = f"{prefix}-{cert.issued.year}-{last[key]:05d}"
    return [(i + 1, p, y, n) for i, ((p, y), n) in enumerate(sorted(last.items()))]


def build_lifecycle(h: History) -> list[tuple]:
    """Revocations and suspensions (open ones today, and closed ones in the past)."""
    rng, today = h.world.rng, h.world.today
    suspensions = []
    for cert in h.certs:
        if cert.superseded_on is not None:
            continue
        last_day = min(cert.expires, today) - datetime.timedelta(days=1)
        span = (last_day - cert.issued).days
        if span > 60 and rng.random() < 0.03:
            cert.revoked = cert.issued + datetime.timedelta(days=rng.randint(30, span))
            continue
        valid_today = cert.issued <= today < cert.expires
        if valid_today and span > 2 and rng.random() < 0.04:
            starts = today - datetime.timedelta(days=rng.randint(1, min(300, span)))
            suspensions.append((cert.id, starts, None, "Vi phạm quy định ghi nhãn sản phẩm"))
        elif span > 120 and rng.random() < 0.02:
            starts = cert.issued + datetime.timedelta(days=rng.randint(30, span - 60))
            ends = starts + datetime.timedelta(days=rng.randint(10, 50))
            suspensions.append((cert.id, starts, ends, "Chưa cập nhật hồ sơ an toàn thực phẩm"))
    return [
        (i + 1, cid, starts, ends, reason, f"{i + 1}/QĐ-ĐC", "", "", stamp(starts))
        for i, (cid, starts, ends, reason) in enumerate(suspensions)
    ]


def build_history(world: World) -> None:
    last_year = (
        world.today.year
        if world.today >= datetime.date(world.today.year, 11, 15)
        else (world.today.year - 1)
    )
    h = History(world, last_year)
    build_rounds(h)
    build_product_histories(h)
    suspensions = build_lifecycle(h)
    sequences = _codes(h)
    world.counts["decisions"] = insert(
        Decision,
        "id number date signer round_id era_id is_sample created_at",
        h.decisions,
    )
    world.counts["dossiers"] = insert(
        Dossier,
        (
            "id round_id product_id kind previous_id criteria_set_id council_id status "
            "applicant_name samples_count submitted_at final_score star_class outcome is_sample "
            "created_at updated_at"
        ),
        h.dossiers,
    )
    world.counts["scoring sheets"] = insert(
        ScoreSheet,
        "id dossier_id member_id status total submitted_at is_sample updated_at",
        h.sheets,
    )
    insert(Decision.dossiers.through, "id decision_id dossier_id", h.decided)
    world.counts["certificates"] = insert(
        Certificate,
        (
            "id code product_id dossier_id decision_id stars potential_five score issued_on "
            "expires_on revoked_on revoke_reason revoke_decision_ref superseded_by_id "
            "superseded_on correction_reason verification_count is_sample created_at"
        ),
        (
            (
                c.id,
                c.code,
                c.product,
                c.dossier,
                c.decision,
                c.stars,
                c.potential,
                c.score,
                c.issued,
                c.expires,
                c.revoked,
                "Vi phạm chất lượng sản phẩm" if c.revoked else "",
                f"{c.id}/QĐ-THU" if c.revoked else "",
                c.superseded_by,
                c.superseded_on,
                "",
                0,
                True,
                stamp(c.issued),
            )
            for c in h.certs
        ),
    )
    world.counts["suspensions"] = insert(
        Suspension,
        (
            "id certificate_id starts_on ends_on reason decision_ref reinstate_reason "
            "reinstate_decision_ref created_at"
        ),
        suspensions,
    )
    insert(CodeSequence, "id prefix year last", sequences)
    world.certified = sorted({c.product for c in h.certs})
