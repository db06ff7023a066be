"""Creating and changing users, with their audit events."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from ocop.accounts.models import Role, User
from ocop.audit.actions import record, snapshot
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
