"""Save-and-record steps shared by the market actions (each runs inside an action's transaction)."""

from typing import Any

from django.db import models

from ocop.audit.actions import diff, record, snapshot


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
