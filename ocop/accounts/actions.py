"""Creating and changing users, and reading their notices, with their audit events."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ocop.accounts.models import Notice, Role, User
from ocop.audit.actions import Change, record, record_many, snapshot
from ocop.places.models import Commune
from ocop.registry.models import Producer


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    role: str,
    password: str,
    email: str = "",
    full_name: str = "",
    communes: Iterable[Commune] = (),
    producer: Producer | None = None,
    validate: bool = True,
) -> User:
    """Create a user with a role and its scope (communes for officers, a producer for producers)."""
    first, _, last = full_name.rpartition(" ") if " " in full_name else ("", "", full_name)
    user = User(
        username=username,
        role=role,
        email=email,
        first_name=first,
        last_name=last,
        producer=producer,
        is_staff=role == Role.OFFICE,
    )
    user.full_clean(exclude=["password"])
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.save()
    user.communes.set(communes)
    after = snapshot(user, fields=["username", "role", "email", "producer"])
    after["communes"] = sorted(c.pk for c in communes)
    record(actor=actor, action="user.create", obj=user, after=after)
    return user


@transaction.atomic
def notice_mark_read(*, actor: User, notice: Notice) -> Notice:
    """Mark one of the actor's own notices read (no change, and no event, if it already is)."""
    if notice.user_id != actor.pk:
        raise PermissionDenied
    locked = Notice.objects.select_for_update().get(pk=notice.pk)
    if locked.read_at is None:
        before = snapshot(locked, ["read_at"])
        locked.read_at = timezone.now()
        locked.save(update_fields=["read_at"])
        record(
            actor=actor,
            action="notice.read",
            obj=locked,
            before=before,
            after=snapshot(locked, ["read_at"]),
        )
    notice.read_at = locked.read_at
    return notice


@transaction.atomic
def notices_mark_all_read(*, actor: User) -> int:
    """Mark every unread notice of the actor read, one event each; returns how many."""
    notices = list(actor.notices.unread().select_for_update().order_by("id"))
    if not notices:
        return 0
    now = timezone.now()
    changes = []
    for notice in notices:
        before = snapshot(notice, ["read_at"])
        notice.read_at = now
        changes.append(Change("notice.read", notice, before, snapshot(notice, ["read_at"])))
    Notice.objects.filter(pk__in=[n.pk for n in notices]).update(read_at=now)
    record_many(actor=actor, changes=changes)
    return len(notices)
