"""Recognition decisions and the certificates they issue. Issued certificates are never
edited: a correction, renewal or upgrade is a new certificate that supersedes the old one."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.audit.actions import record, snapshot
from ocop.certification.actions.common import not_allowed, required
from ocop.certification.codes import next_code, prefix_for
from ocop.certification.models import Certificate, CertificateAction, Decision, expiry_for
from ocop.evaluation.actions import dossier_move
from ocop.evaluation.classification import certificate_stars
from ocop.evaluation.models import Dossier, DossierKind, DossierStatus, Outcome, Round, RoundLevel

CERTIFYING_OUTCOMES = {Outcome.CERTIFIED, Outcome.POTENTIAL_FIVE}


def _check_dossiers(round: Round, dossiers: list[Dossier], wanted: set[int]) -> str | None:
    """Why these dossiers cannot be decided together, or None when they can."""
    if not wanted:
        return _("Choose at least one scored dossier.")
    missing = wanted - {d.pk for d in dossiers}
    if missing:
        return _("Some chosen dossiers no longer exist: %(ids)s.") % {
            "ids": ", ".join(map(str, sorted(missing)))
        }
    elsewhere = [str(d.product) for d in dossiers if d.round_id != round.pk]
    if elsewhere:
        return _("These dossiers belong to another round: %(names)s.") % {
            "names": ", ".join(elsewhere)
        }
    unscored = [str(d.product) for d in dossiers if not _fully_scored(d)]
    if unscored:
        return _(
            "These dossiers are not fully scored, so they cannot be decided yet: %(names)s."
        ) % {"names": ", ".join(unscored)}
    return None


def _fully_scored(dossier: Dossier) -> bool:
    """Scored with its result: an outcome, and a score and class unless knocked out."""
    if dossier.status != DossierStatus.SCORED or not dossier.outcome:
        return False
    if dossier.outcome == Outcome.KNOCKED_OUT:
        return True
    return dossier.final_score is not None and dossier.star_class is not None


def _stars_for(round: Round, dossier: Dossier) -> tuple[int, bool]:
    """The stars a certificate carries, and whether it is a potential 5★ (province level)."""
    stars = certificate_stars(star_class=dossier.star_class, outcome=dossier.outcome) or 0
    if dossier.outcome == Outcome.POTENTIAL_FIVE:
        return stars, True
    if stars < 3:
        message = _("%(name)s is marked certified with fewer than 3 stars.")
        raise ValidationError({"dossiers": message % {"name": dossier.product}})
    five_level = round.era.certifying_levels.get("5", RoundLevel.NATIONAL)
    if stars == 5 and round.level != five_level:
        message = _(
            "%(name)s: 5★ is certified at the national level; at this level a score of 90 or "
            "more makes a potential 5★ product."
        )
        raise ValidationError({"dossiers": message % {"name": dossier.product}})
    return stars, False


def _issue(
    *,
    decision: Decision,
    dossier: Dossier | None,
    product_id: int,
    stars: int,
    potential_five: bool,
    score: Any,
    prefix: str,
    actor: Any,
    correction_reason: str = "",
    issued_on: datetime.date | None = None,
    expires_on: datetime.date | None = None,
) -> Certificate:
    certificate = Certificate.objects.create(
        code=next_code(prefix=prefix, year=decision.date.year),
        product_id=product_id,
        dossier=dossier,
        decision=decision,
        stars=stars,
        potential_five=potential_five,
        score=score,
        issued_on=issued_on or decision.date,
        expires_on=expires_on or expiry_for(decision.date),
        correction_reason=correction_reason,
    )
    record(actor=actor, action="certificate.issue", obj=certificate, after=snapshot(certificate))
    return certificate


def _supersede_earlier(new: Certificate, actor: Any) -> list[Certificate]:
    """Mark the product's earlier certificates still running on `new`'s issue date as superseded
    by it (one that already expired or was revoked keeps that status)."""
    earlier = list(
        Certificate.objects.select_for_update()
        .filter(product_id=new.product_id, issued_on__lte=new.issued_on)
        .filter(expires_on__gt=new.issued_on)
        .filter(superseded_on__isnull=True, revoked_on__isnull=True)
        .exclude(pk=new.pk)
    )
    for old in earlier:
        old.superseded_by, old.superseded_on = new, new.issued_on
        old.save(update_fields=["superseded_by", "superseded_on"])
        record(
            actor=actor,
            action="certificate.supersede",
            obj=old,
            before={"superseded_by": None, "superseded_on": None},
            after={"superseded_by": new.pk, "superseded_on": new.issued_on, "by_code": new.code},
        )
    return earlier


def _current_certificate(product_id: int, day: datetime.date) -> Certificate | None:
    return Certificate.objects.filter(product_id=product_id).valid_on(day).first()


@transaction.atomic
def decision_record(
    *,
    round: Round,
    number: str,
    date: datetime.date,
    signer: str,
    dossiers: Iterable[Dossier],
    actor: Any,
) -> Decision:
    """Record a recognition decision for scored dossiers of `round`: each becomes DECIDED and
    each certified (or potential 5★) result gets a certificate valid 36 months."""
    errors: dict[str, str] = {}
    number = required(errors, "number", number, _("Enter the decision number."))
    signer = (signer or "").strip()
    if number and Decision.objects.filter(number=number, date=date).exists():
        errors["number"] = _("A decision with this number and date is already recorded.")
    if date > timezone.localdate():
        errors["date"] = _("The decision date cannot be in the future.")
    elif date < round.opens_on:
        errors["date"] = _("The decision date is before the round opened (%(day)s).") % {
            "day": f"{round.opens_on:%d/%m/%Y}"
        }
    wanted = {d.pk for d in dossiers}
    locked = list(
        Dossier.objects.select_for_update(of=("self",))
        .select_related("product", "round")
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    problem = _check_dossiers(round, locked, wanted)
    if problem:
        errors["dossiers"] = problem
    if errors:
        raise ValidationError(errors)
    stars = {d.pk: _stars_for(round, d) for d in locked if d.outcome in CERTIFYING_OUTCOMES}

    decision = Decision.objects.create(
        number=number, date=date, signer=signer, round=round, era_id=round.era_id
    )
    decision.dossiers.set(locked)
    after = snapshot(decision) | {"dossiers": [d.pk for d in locked]}
    record(actor=actor, action="decision.record", obj=decision, after=after)
    prefix = prefix_for(round.province)
    for dossier in locked:
        note = {"decision": decision.pk, "number": decision.number}
        dossier_move(
            actor=actor,
            dossier=dossier,
            to=DossierStatus.DECIDED,
            action="dossier.decide",
            note=note,
        )
        if dossier.pk in stars:
            _certify(decision, dossier, *stars[dossier.pk], prefix=prefix, actor=actor)
    return decision


def _certify(
    decision: Decision, dossier: Dossier, stars: int, potential: bool, *, prefix: str, actor: Any
) -> Certificate | None:
    current = _current_certificate(dossier.product_id, decision.date)
    if (
        dossier.kind == DossierKind.UPGRADE
        and current
        and current.stars >= stars
        and (current.potential_five or not potential)
    ):
        # An upgrade that does not reach a higher class leaves the current certificate in force.
        record(
            actor=actor,
            action="certificate.upgrade_not_reached",
            obj=current,
            after={"dossier": dossier.pk, "stars": stars, "decision": decision.pk},
        )
        return None
    certificate = _issue(
        decision=decision,
        dossier=dossier,
        product_id=dossier.product_id,
        stars=stars,
        potential_five=potential,
        score=dossier.final_score,
        prefix=prefix,
        actor=actor,
    )
    _supersede_earlier(certificate, actor)
    return certificate


@transaction.atomic
def certificate_correct(
    *,
    certificate: Certificate,
    stars: int,
    potential_five: bool,
    reason: str,
    actor: Any,
) -> Certificate:
    """Correct an error on a certificate by issuing a new one (new code, same decision and
    validity) that supersedes it; the old record is kept as it was."""
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    errors: dict[str, str] = {}
    reason = required(errors, "reason", reason, _("Say what is being corrected and why."))
    if stars not in (3, 4, 5):
        errors["stars"] = _("A certificate carries 3, 4 or 5 stars.")
    elif potential_five and stars != 4:
        errors["potential_five"] = _("Only a 4★ certificate can be marked potential 5★.")
    problem = not_allowed(old, CertificateAction.CORRECT, timezone.localdate())
    if problem:
        errors["__all__"] = problem
    if errors:
        raise ValidationError(errors)
    new = _issue(
        decision=old.decision,
        dossier=None,
        product_id=old.product_id,
        stars=stars,
        potential_five=potential_five,
        score=old.score,
        prefix=old.code.rsplit("-", 2)[0],
        actor=actor,
        correction_reason=reason,
        issued_on=old.issued_on,
        expires_on=old.expires_on,
    )
    _supersede_earlier(new, actor)
    return new
