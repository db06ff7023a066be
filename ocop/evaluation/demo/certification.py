"""Recognition decisions and certificates for the demo's decided dossiers, in every state:
valid, expiring soon, expired, suspended, revoked, superseded (SAMPLE data)."""

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from ocop.certification.models import (
    Certificate,
    CodeSequence,
    Decision,
    Inspection,
    Suspension,
    add_months,
    expiry_for,
)
from ocop.evaluation.classification import certificate_stars
from ocop.evaluation.demo.people import Pool
from ocop.evaluation.models import Dossier, Era, Outcome, Round, RoundLevel
from ocop.registry.models import Product

SIGNERS: dict[str, str] = {
    RoundLevel.DISTRICT: "Chủ tịch UBND cấp huyện",
    RoundLevel.PROVINCE: "Phó Chủ tịch UBND Thành phố",
    RoundLevel.NATIONAL: "Bộ trưởng (Hội đồng OCOP cấp quốc gia)",
}
FINDINGS = (
    "Nhãn sản phẩm không ghi đúng hạng sao; dùng biểu trưng OCOP trên lô hàng chưa kiểm nghiệm."
)


def decisions(
    rng: random.Random,
    rounds: dict[str, Round],
    dates: dict[str, datetime.date],
    dossiers: list[Dossier],
) -> dict[str, Decision]:
    """One decision per round, settling every dossier of the round."""
    national = RoundLevel.NATIONAL
    made = {
        key: Decision(
            number=f"{rng.randint(100, 6999)}/QĐ-{'BNNMT' if round.level == national else 'UBND'}",
            date=dates[key],
            signer=SIGNERS[round.level],
            round=round,
            era=round.era,
            is_sample=True,
        )
        for key, round in rounds.items()
    }
    Decision.objects.bulk_create(made.values())
    by_round = {d.round_id: d for d in made.values()}
    Through = Decision.dossiers.through
    Through.objects.bulk_create(
        (Through(decision=by_round[d.round_id], dossier=d) for d in dossiers), batch_size=1000
    )
    return made


def certificates(dossiers: list[Dossier], decisions: dict[str, Decision]) -> list[Certificate]:
    """One certificate per certifying result; codes HN-<year>-<number> in decision order."""
    by_round = {d.round_id: d for d in decisions.values()}
    numbers: dict[int, int] = defaultdict(int)
    certificates: list[Certificate] = []
    for dossier in sorted(dossiers, key=lambda d: (by_round[d.round_id].date, d.pk)):
        stars = certificate_stars(star_class=dossier.star_class, outcome=dossier.outcome)
        if stars is None:
            continue
        decision = by_round[dossier.round_id]
        numbers[decision.date.year] += 1
        certificates.append(
            Certificate(
                code=f"HN-{decision.date.year}-{numbers[decision.date.year]:05d}",
                product_id=dossier.product_id,
                dossier=dossier,
                decision=decision,
                stars=stars,
                potential_five=dossier.outcome == Outcome.POTENTIAL_FIVE,
                score=dossier.final_score,
                issued_on=decision.date,
                expires_on=expiry_for(decision.date),
                is_sample=True,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=500)
    CodeSequence.objects.bulk_create(
        [CodeSequence(prefix="HN", year=y, last=n) for y, n in numbers.items()]
    )
    _supersede(certificates)
    return certificates


def _supersede(certificates: list[Certificate]) -> None:
    """A renewal, upgrade or national 5★ supersedes the product's earlier certificate."""
    by_dossier = {c.dossier_id: c for c in certificates}
    changed = []
    for new in certificates:
        previous_id = new.dossier.previous_id if new.dossier else None
        old = by_dossier.get(previous_id)
        if old is not None:
            old.superseded_by, old.superseded_on = new, new.issued_on
            changed.append(old)
    Certificate.objects.bulk_update(changed, ["superseded_by", "superseded_on"], batch_size=500)


def lifecycle(rng: random.Random, pool: Pool, certificates: list[Certificate]) -> None:
    """Suspensions after post-recognition inspections, and revocations, on valid certificates."""
    today = timezone.localdate()
    valid = [
        c
        for c in certificates
        if c.superseded_on is None
        and c.issued_on < today - datetime.timedelta(days=90)
        and c.expires_on > today + datetime.timedelta(days=60)
    ]
    rng.shuffle(valid)
    suspended, revoked = valid[:8], valid[8:13]
    if pool.office is not None:
        inspections = [
            Inspection(
                certificate=c,
                date=today - datetime.timedelta(days=45),
                inspector="Đoàn hậu kiểm sản phẩm OCOP Thành phố",
                findings=FINDINGS,
                outcome=Inspection.Outcome.VIOLATION,
                recorded_by=pool.office,
            )
            for c in suspended
        ]
        Inspection.objects.bulk_create(inspections)
    else:
        inspections = [None] * len(suspended)  # type: ignore[list-item]
    Suspension.objects.bulk_create(
        Suspension(
            certificate=c,
            starts_on=today - datetime.timedelta(days=40),
            reason="Vi phạm quy định về nhãn và sử dụng biểu trưng OCOP (hậu kiểm).",
            decision_ref=f"{rng.randint(100, 999)}/QĐ-UBND",
            inspection=inspection,
        )
        for c, inspection in zip(suspended, inspections, strict=True)
    )
    for c in revoked:
        c.revoked_on = today - datetime.timedelta(days=60)
        c.revoke_reason = (
            "Sản phẩm không duy trì chất lượng như hồ sơ đánh giá (kiểm nghiệm không đạt)."
        )
        c.revoke_decision_ref = f"{rng.randint(100, 999)}/QĐ-UBND"
    Certificate.objects.bulk_update(
        revoked, ["revoked_on", "revoke_reason", "revoke_decision_ref"], batch_size=100
    )


def expiring_soon(leftover: list[Product], eras: dict[str, Era]) -> list[Certificate]:
    """If no certificate happens to expire within 30 days of the day the demo is built, add
    three whose (sample) decision makes them do so, so the expiry screens have something."""
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=20)
    if (
        Certificate.objects.valid()
        .filter(expires_on__gt=today, expires_on__lte=today + datetime.timedelta(days=30))
        .exists()
    ):
        return []
    day = add_months(soon, -36)
    era = next(
        e
        for e in eras.values()
        if e.valid_from <= day and (e.valid_until is None or day <= e.valid_until)
    )
    decision = Decision.objects.create(
        number="BS-01/QĐ-UBND",
        date=day,
        signer=SIGNERS[RoundLevel.PROVINCE],
        era=era,
        is_sample=True,
    )
    certificates = []
    for i, product in enumerate(leftover[:3]):
        code = f"HN-{day.year}-{90001 + i:05d}"  # the regular demo numbers stay far below
        certificates.append(
            Certificate(
                code=code,
                product=product,
                decision=decision,
                stars=3,
                issued_on=day,
                expires_on=expiry_for(day),
                is_sample=True,
            )
        )
    del leftover[:3]
    return Certificate.objects.bulk_create(certificates)
