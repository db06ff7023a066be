"""Save-and-record steps shared by the market actions (each runs inside an action's transaction)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ocop.audit.actions import diff, record, snapshot


def check_in_province(obj: models.Model, *fields: str) -> None:
    """The commune or old district named in `fields` must lie in the platform's province (the
    forms offer no other; API and import callers are held to the same)."""
    errors = {}
    for name in fields:
        place_id = getattr(obj, f"{name}_id")
        place_model = obj._meta.get_field(name).related_model
        # A place that does not exist is left to full_clean, which names the field.
        outside = place_model._default_manager.filter(pk=place_id).exclude(  # type: ignore[union-attr]
            province_id=settings.OCOP_PROVINCE
        )
        if place_id is not None and outside.exists():
            errors[name] = [_("Choose a place in the province this platform serves.")]
    if errors:
        raise ValidationError(errors)


def create(actor: Any, obj: models.Model, action: str) -> None:
    obj.full_clean()
    obj.save()
    record(actor=actor, action=action, obj=obj, after=snapshot(obj))


def update(actor: Any, obj: models.Model, action: str, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before, after = diff(snapshot(stored), snapshot(obj))
    obj.save()
    if after:
        record(actor=actor, action=action, obj=obj, before=before, after=after)


def delete(actor: Any, obj: models.Model, action: str) -> None:
    record(actor=actor, action=action, obj=obj, before=snapshot(obj))
    obj.delete()
