"""Rounds (their status flow) and councils (appointment and seats)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import Role, User
from ocop.audit.actions import diff, record, snapshot
from ocop.evaluation.models import (
    Council,
    CouncilMember,
    CouncilRole,
    DossierStatus,
    Round,
    RoundStatus,
    ScoreSheet,
)


def _check_round(round: Round) -> None:
    round.full_clean()
    errors: dict[str, str] = {}
    if round.closes_on < round.opens_on:
        errors["closes_on"] = _("A round cannot close before it opens.")
    era = round.era
    if round.opens_on < era.valid_from or (era.valid_until and round.opens_on > era.valid_until):
        errors["era"] = _("The round opens on %(day)s, when %(era)s was not in force.") % {
            "day": round.opens_on.strftime("%d/%m/%Y"),
            "era": era.name,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def round_create(*, actor: Any, round: Round) -> Round:
    round.status = RoundStatus.DRAFT
    _check_round(round)
    round.save()
    record(actor=actor, action="round.create", obj=round, after=snapshot(round))
    return round


@transaction.atomic
def round_update(*, actor: Any, round: Round) -> Round:
    stored = Round.objects.select_for_update().get(pk=round.pk)
    round.status = stored.status  # the status moves only through round_transition
    _check_round(round)
    before, after = diff(snapshot(stored), snapshot(round))
    round.save()
    if after:
        record(actor=actor, action="round.update", obj=round, before=before, after=after)
    return round


@transaction.atomic
def round_transition(*, actor: Any, round: Round, to: str) -> Round:
    """Move a round along ROUND_TRANSITIONS; anything else is refused and nothing is saved."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if not locked.can_move_to(to):
        raise ValidationError(
            {
                "status": _("A round cannot go from “%(from)s” to “%(to)s”.")
                % {"from": locked.get_status_display(), "to": RoundStatus(to).label}
            }
        )
    if to == RoundStatus.SCORING and not locked.councils.exists():
        raise ValidationError({"status": _("Appoint a council before scoring starts.")})
    if to == RoundStatus.DECIDED and locked.dossiers.filter(status=DossierStatus.ACCEPTED).exists():
        raise ValidationError(
            {"status": _("Some accepted dossiers are not classified yet: classify them first.")}
        )
    before = locked.status
    locked.status = round.status = to
    locked.save(update_fields=["status"])
    record(
        actor=actor,
        action="round.status",
        obj=locked,
        before={"status": before},
        after={"status": to},
    )
    return locked


@transaction.atomic
def round_delete(*, actor: Any, round: Round) -> None:
    """Delete a round created by mistake: only a draft without dossiers."""
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.status != RoundStatus.DRAFT or locked.dossiers.exists():
        raise ValidationError(_("Only a draft round without dossiers can be deleted."))
    record(actor=actor, action="round.delete", obj=locked, before=snapshot(locked))
    locked.delete()


def _check_council(council: Council) -> None:
    council.full_clean()
    if council.round.status == RoundStatus.PUBLISHED:
        raise ValidationError(_("The round is published: its councils can no longer change."))


@transaction.atomic
def council_create(*, actor: Any, council: Council) -> Council:
    _check_council(council)
    council.save()
    record(actor=actor, action="council.create", obj=council, after=snapshot(council))
    return council


@transaction.atomic
def council_update(*, actor: Any, council: Council) -> Council:
    stored = Council.objects.select_for_update().get(pk=council.pk)
    _check_council(council)
    before, after = diff(snapshot(stored), snapshot(council))
    council.save()
    if after:
        record(actor=actor, action="council.update", obj=council, before=before, after=after)
    return council


@transaction.atomic
def council_seat(*, actor: Any, council: Council, user: User, role: str) -> CouncilMember:
    """Seat `user` on `council`: one chair and one secretary at most, each person once."""
    Council.objects.select_for_update().get(pk=council.pk)
    if user.effective_role not in (Role.MEMBER, Role.SECRETARY):
        raise ValidationError(
            {"user": _("Only users with the council member or secretary role can be seated.")}
        )
    if role not in CouncilRole.values:
        raise ValidationError({"role": _("Choose chair, secretary or member.")})
    if council.members.filter(user=user).exists():
        raise ValidationError(
            {"user": _("%(name)s already sits on this council.") % {"name": user}}
        )
    if role != CouncilRole.MEMBER and council.members.filter(role=role).exists():
        raise ValidationError(
            {"role": _("This council already has a %(role)s.") % {"role": CouncilRole(role).label}}
        )
    seat = CouncilMember.objects.create(council=council, user=user, role=role)
    record(
        actor=actor,
        action="council.seat",
        obj=council,
        after={"user": user.pk, "username": user.username, "role": role},
    )
    return seat


@transaction.atomic
def council_unseat(*, actor: Any, seat: CouncilMember) -> None:
    """Remove a seat, unless its holder has already scored a dossier of the council."""
    if ScoreSheet.objects.filter(dossier__council=seat.council, member=seat.user).exists():
        raise ValidationError(
            _("%(name)s has scoring sheets in this council: the seat cannot be removed.")
            % {"name": seat.user}
        )
    record(
        actor=actor,
        action="council.unseat",
        obj=seat.council,
        before={"user": seat.user_id, "role": seat.role},
    )
    seat.delete()


def is_seated(council: Council | None, user: Any, roles: tuple[str, ...] = ()) -> bool:
    if council is None:
        return False
    seats: models.QuerySet[CouncilMember] = council.members.filter(user_id=user.pk)
    if roles:
        seats = seats.filter(role__in=roles)
    return seats.exists()
