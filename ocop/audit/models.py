"""The audit log: append-only event rows, each chained to the previous one by hash."""

import functools
import hashlib
import json
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# What some actions record that is no model field, named for the people reading the history.
EXTRA_LABELS = {
    "by_code": _("code of the new certificate"),
    "evidence_copied": _("evidence files copied"),
    "recipients": _("recipients"),
    "scores": _("scores"),
}


@functools.cache
def field_labels(object_type: str) -> dict[str, Any]:
    """Each field name (and `_id` name) of the model `object_type` names, with its verbose
    name. Fields of the app's other models come second: an action may record a related row
    under its parent (a certificate's suspension is an event of the certificate)."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return {}
    others = [m for m in apps.get_app_config(model._meta.app_label).get_models() if m is not model]
    labels: dict[str, Any] = {}
    for each in [*reversed(others), model]:  # the event's own model has the last word
        for field in [*each._meta.concrete_fields, *each._meta.many_to_many]:
            labels[field.name] = labels[field.attname] = field.verbose_name
    return labels


def label_for(object_type: str, key: str) -> str:
    """What the interface calls the recorded `key` of an `object_type` event."""
    label = field_labels(object_type).get(key) or EXTRA_LABELS.get(key) or key.replace("_", " ")
    return capfirst(str(label))


class EventQuerySet(models.QuerySet["Event"]):
    def for_object(self, obj: models.Model) -> "EventQuerySet":
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class Event(models.Model):
    created_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    # Unique through Meta.constraints rather than `unique=True`, which on PostgreSQL adds a
    # second index for LIKE queries: no query matches hashes by pattern, and that index made
    # every insert slower (imports write thousands of events).
    hash = models.CharField(max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["object_type", "object_id"])]
        constraints = [models.UniqueConstraint(fields=["hash"], name="audit_event_hash_unique")]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
        )

    def compute_hash(self) -> str:
        """Hash of this row's content and the previous row's hash (the chain link)."""
        payload: dict[str, Any] = {
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before,
            "after": self.after,
            "ip": self.ip,
            "prev_hash": self.prev_hash,
        }
        canonical = json.dumps(payload, sort_keys=True, cls=DjangoJSONEncoder, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(what changed, named as the interface names it; before; after) for each key."""
        keys = sorted(set(self.before) | set(self.after))
        return [
            (label_for(self.object_type, k), self.before.get(k), self.after.get(k)) for k in keys
        ]
