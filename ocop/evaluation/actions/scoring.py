"""Council work on accepted dossiers: conflicts, scoring sheets, knock-outs, classification."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.accounts.models import Role
from ocop.audit.actions import record
from ocop.evaluation.actions.dossiers import check_move, dossier_move
from ocop.evaluation.actions.rounds import is_seated
from ocop.evaluation.classification import mean_score, outcome_for
from ocop.evaluation.models import (
    SCORING_ROLES,
    ConflictDeclaration,
    CouncilRole,
    Dossier,
    DossierStatus,
    KnockoutReview,
    KnockoutVerdict,
    Level,
    Outcome,
    RoundStatus,
    Score,
    ScoreSheet,
    SheetStatus,
)


def _check_scorer(dossier: Dossier, actor: Any) -> None:
    """The dossier is being scored and `actor` holds a scoring seat on its council."""
    if not is_seated(dossier.council, actor, SCORING_ROLES):
        raise ValidationError(_("This dossier is not assigned to a council you score for."))
    if dossier.status != DossierStatus.ACCEPTED:
        raise ValidationError(
            _("This dossier is “%(status)s”: it is not open for scoring.")
            % {"status": dossier.get_status_display()}
        )
    if dossier.round.status != RoundStatus.SCORING:
        raise ValidationError(_("The round is not in its scoring phase."))


@transaction.atomic
def conflict_declare(
    *, actor: Any, dossier: Dossier, has_conflict: bool, note: str = ""
) -> ConflictDeclaration:
    """A member's declaration of interest in a dossier, made before scoring it."""
    _check_scorer(dossier, actor)
    if ScoreSheet.objects.filter(dossier=dossier, member=actor).exists():
        raise ValidationError(_("You have started scoring this dossier: ask the secretary."))
    if has_conflict and not note.strip():
        raise ValidationError({"note": _("Describe the conflict of interest.")})
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        dossier=dossier, member=actor, defaults={"has_conflict": has_conflict, "note": note}
    )
    record(
        actor=actor,
        action="dossier.conflict_declare",
        obj=dossier,
        after={"has_conflict": has_conflict, "note": note},
    )
    return declaration


def _sheet_for_update(dossier: Dossier, actor: Any) -> ScoreSheet:
    """The member's sheet, created on first save, locked for the rest of the transaction."""
    try:
        with transaction.atomic():
            sheet, _created = ScoreSheet.objects.get_or_create(dossier=dossier, member=actor)
    except IntegrityError:  # created by a parallel request of the same member
        sheet = ScoreSheet.objects.get(dossier=dossier, member=actor)
    return ScoreSheet.objects.select_for_update().get(pk=sheet.pk)


@transaction.atomic
def score_save(
    *,
    actor: Any,
    dossier: Dossier,
    choices: Mapping[int, int],
    notes: Mapping[int, str] | None = None,
) -> ScoreSheet:
    """Save some of a member's scores (criterion id -> level id); the sheet stays open.

    A knock-out level (or 0 on a "zero stops" criterion) flags the dossier to the secretary.
    """
    _check_scorer(dossier, actor)
    declaration = ConflictDeclaration.objects.filter(dossier=dossier, member=actor).first()
    if declaration is None:
        raise ValidationError(_("Declare whether you have a conflict of interest first."))
    if declaration.has_conflict:
        raise ValidationError(_("You declared a conflict of interest: you cannot score this."))
    levels = {
        level.pk: level
        for level in Level.objects.select_related("criterion").filter(
            pk__in=list(choices.values()), criterion__criteria_set_id=dossier.criteria_set_id
        )
    }
    for criterion_id, level_id in choices.items():
        level = levels.get(level_id)
        if level is None or level.criterion_id != criterion_id:
            raise ValidationError(
                _("A chosen level is not one of its criterion's levels on this sheet.")
            )
    sheet = _sheet_for_update(dossier, actor)
    if sheet.is_locked:
        raise ValidationError(_("Your sheet is submitted and locked; ask the secretary to reopen."))
    changed = {}
    for criterion_id, level_id in choices.items():
        level = levels[level_id]
        note = (notes or {}).get(criterion_id, "")[:500]
        Score.objects.update_or_create(
            sheet=sheet,
            criterion_id=criterion_id,
            defaults={"level": level, "points": level.points, "evidence_note": note},
        )
        changed[level.criterion.code] = str(level.points)
        _flag_knockout(dossier, actor, level)
    before = str(sheet.total)
    sheet.total = sheet.scores.aggregate(t=Sum("points"))["t"] or Decimal("0.00")
    sheet.save(update_fields=["total", "updated_at"])
    record(
        actor=actor,
        action="score.save",
        obj=sheet,
        before={"total": before},
        after={"total": str(sheet.total), "scores": changed},
    )
    return sheet


def _flag_knockout(dossier: Dossier, actor: Any, level: Level) -> None:
    criterion = level.criterion
    knocks = level.knockout or (criterion.zero_stops and level.points == 0)
    pending = KnockoutReview.objects.filter(
        dossier=dossier, criterion=criterion, flagged_by=actor, verdict=KnockoutVerdict.PENDING
    )
    if knocks and not pending.exists():
        review = KnockoutReview.objects.create(
            dossier=dossier, criterion=criterion, flagged_by=actor
        )
        record(
            actor=actor,
            action="knockout.flag",
            obj=dossier,
            after={"criterion": criterion.code, "review": review.pk},
        )
    elif not knocks and pending.exists():
        pending.delete()
        record(
            actor=actor,
            action="knockout.withdraw",
            obj=dossier,
            before={"criterion": criterion.code},
        )


@transaction.atomic
def sheet_submit(*, actor: Any, dossier: Dossier) -> ScoreSheet:
    """Lock a member's complete sheet: from now on only the secretary can reopen it."""
    _check_scorer(dossier, actor)
    sheet = ScoreSheet.objects.select_for_update().filter(dossier=dossier, member=actor).first()
    if sheet is None:
        raise ValidationError(_("Score the criteria before submitting."))
    if sheet.is_locked:
        raise ValidationError(_("Your sheet is already submitted."))
    scored = set(sheet.scores.values_list("criterion_id", flat=True))
    missing = dossier.criteria_set.criteria.filter(bonus=False).exclude(pk__in=scored)  # type: ignore[union-attr]
    if missing.exists():
        codes = ", ".join(missing.values_list("code", flat=True)[:10])
        raise ValidationError(_("Some criteria have no score yet: %(codes)s.") % {"codes": codes})
    sheet.status = SheetStatus.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["status", "submitted_at", "updated_at"])
    record(
        actor=actor,
        action="sheet.submit",
        obj=sheet,
        before={"status": SheetStatus.DRAFT},
        after={"status": SheetStatus.SUBMITTED, "total": str(sheet.total)},
    )
    return sheet


def _check_secretary(dossier: Dossier, actor: Any) -> None:
    if actor.effective_role != Role.OFFICE and not is_seated(
        dossier.council, actor, (CouncilRole.SECRETARY,)
    ):
        raise ValidationError(_("Only the secretary of this dossier's council can do this."))


@transaction.atomic
def sheet_reopen(*, actor: Any, sheet: ScoreSheet, reason: str) -> ScoreSheet:
    """The secretary reopens a submitted sheet, with a reason kept in the log."""
    _check_secretary(sheet.dossier, actor)
    locked = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reopening the sheet.")})
    if not locked.is_locked:
        raise ValidationError(_("This sheet is not submitted: there is nothing to reopen."))
    if sheet.dossier.status != DossierStatus.ACCEPTED:
        raise ValidationError(_("The dossier is already classified: its sheets stay closed."))
    locked.status = SheetStatus.DRAFT
    locked.reopened_reason = reason.strip()
    locked.save(update_fields=["status", "reopened_reason", "updated_at"])
    record(
        actor=actor,
        action="sheet.reopen",
        obj=locked,
        before={"status": SheetStatus.SUBMITTED},
        after={"status": SheetStatus.DRAFT, "reason": locked.reopened_reason},
    )
    return locked


@transaction.atomic
def knockout_decide(
    *, actor: Any, review: KnockoutReview, verdict: str, reason: str
) -> KnockoutReview:
    """Record the council's decision on a flagged knock-out (confirm or dismiss), with a reason."""
    _check_secretary(review.dossier, actor)
    locked = KnockoutReview.objects.select_for_update().get(pk=review.pk)
    if locked.verdict != KnockoutVerdict.PENDING:
        raise ValidationError(_("This knock-out has already been decided."))
    if verdict not in (KnockoutVerdict.CONFIRMED, KnockoutVerdict.DISMISSED):
        raise ValidationError({"verdict": _("Choose confirm or dismiss.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the council's reason.")})
    locked.verdict, locked.reason = verdict, reason.strip()
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save()
    record(
        actor=actor,
        action="knockout.decide",
        obj=locked.dossier,
        before={"verdict": KnockoutVerdict.PENDING},
        after={"verdict": verdict, "reason": locked.reason, "criterion": locked.criterion_id},
    )
    return locked


def submitted_totals(dossier: Dossier) -> list[Decimal]:
    """Totals of the submitted sheets of members who declared no conflict."""
    conflicted = ConflictDeclaration.objects.filter(dossier=dossier, has_conflict=True)
    return list(
        dossier.sheets.filter(status=SheetStatus.SUBMITTED)
        .exclude(member__in=conflicted.values("member"))
        .values_list("total", flat=True)
    )


@transaction.atomic
def dossier_classify(*, actor: Any, dossier: Dossier) -> Dossier:
    """Final score = mean of the submitted members' totals (once the quorum is reached), then
    the star class and the outcome under the round's era and level. ACCEPTED → SCORED."""
    _check_secretary(dossier, actor)
    check_move(dossier, DossierStatus.SCORED)
    if dossier.knockouts.filter(verdict=KnockoutVerdict.PENDING).exists():
        raise ValidationError(_("A flagged knock-out waits for the council's decision."))
    totals = submitted_totals(dossier)
    dossier.final_score = mean_score(totals) if totals else None
    if dossier.knockouts.filter(verdict=KnockoutVerdict.CONFIRMED).exists():
        dossier.star_class, dossier.outcome = None, Outcome.KNOCKED_OUT
    else:
        quorum = max(dossier.council.quorum, 1) if dossier.council else 1
        if dossier.final_score is None or len(totals) < quorum:
            raise ValidationError(
                _("The quorum is not reached: %(n)s of %(q)s sheets submitted.")
                % {"n": len(totals), "q": quorum}
            )
        result = outcome_for(
            score=dossier.final_score,
            level=dossier.round.level,
            certifying_levels=dossier.round.era.certifying_levels,
        )
        dossier.star_class, dossier.outcome = result.star_class, result.outcome
    Dossier.objects.filter(pk=dossier.pk).update(
        final_score=dossier.final_score, star_class=dossier.star_class, outcome=dossier.outcome
    )
    note = {"final_score": str(dossier.final_score), "star_class": dossier.star_class}
    note["outcome"] = dossier.outcome
    note["sheets"] = len(totals)
    return dossier_move(
        actor=actor, dossier=dossier, to=DossierStatus.SCORED, action="dossier.classify", note=note
    )
