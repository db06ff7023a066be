"""Showrooms: create, edit, open and close, photos."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.accounts.models import Role, User
from ocop.audit.actions import record
from ocop.market.actions.common import check_in_province, create, delete, update
from ocop.market.models import SHOWROOM_TRANSITIONS, Showroom, ShowroomPhoto, ShowroomStatus
from ocop.registry.images import validate_photo


def _check_operators(operators: Iterable[User]) -> list[User]:
    users = list(operators)
    wrong = [u.get_username() for u in users if u.role != Role.OPERATOR]
    if wrong:
        raise ValidationError(
            {
                "operators": _("These accounts are not showroom operators: %(names)s.")
                % {"names": ", ".join(wrong)}
            }
        )
    inactive = [u.get_username() for u in users if not u.is_active]
    if inactive:
        raise ValidationError(
            {
                "operators": _("These accounts are deactivated: %(names)s.")
                % {"names": ", ".join(inactive)}
            }
        )
    return users


@transaction.atomic
def showroom_create(*, actor: Any, showroom: Showroom, operators: Iterable[User] = ()) -> Showroom:
    """Register a showroom; one that is already open (or closed) needs its opening date."""
    users = _check_operators(operators)
    if showroom.status != ShowroomStatus.PLANNED and showroom.opened_on is None:
        raise ValidationError({"opened_on": _("Enter the date this showroom opened.")})
    if showroom.status == ShowroomStatus.CLOSED and showroom.closed_on is None:
        raise ValidationError({"closed_on": _("Enter the date this showroom closed.")})
    check_in_province(showroom, "commune", "legacy_district")
    create(actor, showroom, "showroom.create")
    if users:
        showroom.operators.set(users)
        record(
            actor=actor,
            action="showroom.operators",
            obj=showroom,
            after={"operators": sorted(u.pk for u in users)},
        )
    return showroom


@transaction.atomic
def showroom_update(
    *, actor: Any, showroom: Showroom, operators: Iterable[User] | None = None
) -> Showroom:
    """Save changes; `operators` (office only) replaces the operator accounts when given."""
    check_in_province(showroom, "commune", "legacy_district")
    update(actor, showroom, "showroom.update")
    if operators is not None:
        users = _check_operators(operators)
        before = sorted(showroom.operators.values_list("pk", flat=True))
        after = sorted(u.pk for u in users)
        if before != after:
            showroom.operators.set(users)
            record(
                actor=actor,
                action="showroom.operators",
                obj=showroom,
                before={"operators": before},
                after={"operators": after},
            )
    return showroom


@transaction.atomic
def showroom_set_status(
    *, actor: Any, showroom: Showroom, status: str, on: datetime.date
) -> Showroom:
    """Move a showroom to `status` on day `on` (opening sets the opening date if it has none;
    closing for good sets the closing date)."""
    showroom = Showroom.objects.select_for_update().get(pk=showroom.pk)
    if status not in SHOWROOM_TRANSITIONS.get(showroom.status, frozenset()):
        raise ValidationError(
            _("A showroom that is %(current)s cannot become %(new)s.")
            % {
                "current": ShowroomStatus(showroom.status).label,
                "new": ShowroomStatus(status).label if status in ShowroomStatus.values else status,
            },
            code="transition",
        )
    before = {"status": showroom.status, "opened_on": showroom.opened_on}
    before["closed_on"] = showroom.closed_on
    if status == ShowroomStatus.OPEN:
        if showroom.status == ShowroomStatus.CLOSED or showroom.opened_on is None:
            showroom.opened_on = on
        showroom.closed_on = None
    elif status == ShowroomStatus.CLOSED:
        if showroom.opened_on and on < showroom.opened_on:
            raise ValidationError({"closed_on": _("The closing date is before the opening date.")})
        showroom.closed_on = on if showroom.opened_on else None
    showroom.status = status
    showroom.save(update_fields=["status", "opened_on", "closed_on", "updated_at"])
    after = {"status": status, "opened_on": showroom.opened_on, "closed_on": showroom.closed_on}
    record(actor=actor, action="showroom.status", obj=showroom, before=before, after=after)
    return showroom


@transaction.atomic
def showroom_photo_add(
    *, actor: Any, showroom: Showroom, upload: Any, caption: str = ""
) -> ShowroomPhoto:
    clean = validate_photo(upload)
    photo = ShowroomPhoto(showroom=showroom, caption=caption)
    photo.image.save(clean.name, clean, save=False)
    create(actor, photo, "showroom.photo_add")
    return photo


@transaction.atomic
def showroom_photo_delete(*, actor: Any, photo: ShowroomPhoto) -> None:
    storage, name = photo.image.storage, photo.image.name
    delete(actor, photo, "showroom.photo_delete")
    transaction.on_commit(lambda: storage.delete(name))
