"""The one way to write the audit log. Every state-changing action calls `record`."""

import datetime
import json
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from ocop.audit.middleware import current_ip
from ocop.audit.models import Event

# Types that come back from a JSON round trip as they went in.
_JSON_NATIVE = frozenset({str, int, bool, type(None)})


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Field values of `obj` as JSON-ready data (foreign keys as ids, files as names)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"id", "created_at", "updated_at"}:
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.attname if field.is_relation else field.name] = value
    if all(type(value) in _JSON_NATIVE for value in data.values()):
        return data  # what the round trip below would give back (imports take many snapshots)
    # Round-trip through JSON so dates and decimals compare the same way they are stored.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values changed, as (before, after)."""
    keys = [k for k in set(before) | set(after) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys if k in before}, {k: after.get(k) for k in keys}


class Change(NamedTuple):
    """One event for `record_many`: what happened to which record."""

    action: str
    obj: models.Model
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    object_repr: str = ""  # str(obj) when empty


def _event(
    *,
    actor: Any,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    created_at: datetime.datetime,
) -> Event:
    """An unsaved event, not yet chained (no prev_hash or hash)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Event(
        created_at=created_at,
        actor=user,
        actor_name=(user.get_username() if user else str(actor or "system"))[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=before or {},
        after=after or {},
        ip=current_ip.get(),
    )


def _json_ready(data: dict[str, Any] | None) -> dict[str, Any]:
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def _last_hash() -> str:
    # Locking the newest row makes concurrent writers wait their turn to extend the chain.
    last = Event.objects.select_for_update().order_by("-id").values_list("hash", flat=True).first()
    return last or ""


@transaction.atomic
def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Append one event to the log, chained by hash to the one before it."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    event = _event(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=_json_ready(before),
        after=_json_ready(after),
        created_at=timezone.now(),
    )
    event.prev_hash = _last_hash()
    event.hash = event.compute_hash()
    event.save()
    return event


@transaction.atomic
def record_many(*, actor: Any, changes: Sequence[Change], batch_size: int = 1000) -> list[Event]:
    """Append one event per change, in order, chained exactly as `record` would chain them one
    by one, but with a single read of the last hash and bulk inserts (for imports).

    `before` and `after` are stored as given (the encoder writes the same JSON, and so the
    same hash, as `record`'s round trip would), so pass them as `snapshot` and `diff` give
    them; the returned events hold them as given."""
    now, previous = timezone.now(), _last_hash()
    events: list[Event] = []
    for change in changes:
        event = _event(
            actor=actor,
            action=change.action,
            object_type=change.obj._meta.label_lower,
            object_id=str(change.obj.pk),
            object_repr=(change.object_repr or str(change.obj))[:255],
            before=change.before,
            after=change.after,
            created_at=now,
        )
        event.prev_hash = previous
        event.hash = previous = event.compute_hash()
        events.append(event)
    # Ids follow the list order, which is the order `verify_chain` walks.
    if connection.vendor == "postgresql":
        _copy(events)
    elif connection.vendor == "sqlite":
        _insert_many(events)
    else:
        Event.objects.bulk_create(events, batch_size=batch_size)
    return events


def _copy(events: list[Event]) -> None:
    """Insert `events` with COPY, their ids drawn from the table's sequence first (so they
    follow the list order): a bulk INSERT spends several times longer quoting the JSON."""
    if not events:
        return
    fields = Event._meta.concrete_fields
    table, quote = Event._meta.db_table, connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(events)],
        )
        for event, (pk,) in zip(events, sorted(cursor.fetchall()), strict=True):
            event.pk = pk
        # One encoder per JSON field, as json.dumps(value, cls=encoder) would make per value.
        as_json = [
            (i, (f.encoder or json.JSONEncoder)().encode)
            for i, f in enumerate(fields)
            if isinstance(f, models.JSONField)
        ]
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for event in events:
                row = [getattr(event, f.attname) for f in fields]
                for i, encode in as_json:
                    row[i] = encode(row[i])
                copy.write_row(row)
        for event in events:
            event._state.adding = False
            event._state.db = connection.alias


def _insert_many(events: list[Event]) -> None:
    """Insert `events` with one prepared statement run for each (SQLite's fastest way; a bulk
    INSERT is compiled by Django for every 83 rows), then give them the ids SQLite assigned:
    consecutive, as the transaction holds the database's write lock from the first row."""
    if not events:
        return
    fields = [f for f in Event._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(Event._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    rows = [[f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] for e in events]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        cursor.execute("SELECT last_insert_rowid()")
        (last,) = cursor.fetchone()
    for pk, event in enumerate(events, start=last - len(events) + 1):
        event.pk = pk
        event._state.adding = False
        event._state.db = connection.alias


def verify_chain() -> list[str]:
    """Problems found in the chain (an edited, inserted or deleted row); empty when intact."""
    problems: list[str] = []
    previous = ""
    for event in Event.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous:
            problems.append(f"event {event.id}: previous-hash link broken (row deleted or moved)")
        if event.compute_hash() != event.hash:
            problems.append(f"event {event.id}: content does not match its hash (row edited)")
        previous = event.hash
    return problems


def create_recorded(*, actor: Any, obj: models.Model, action: str) -> None:
    """Validate and insert `obj`, recording its fields as the event's after-state."""
    obj.full_clean()
    obj.save()
    record(actor=actor, action=action, obj=obj, after=snapshot(obj))


def update_recorded(*, actor: Any, obj: models.Model, action: str) -> None:
    """Validate and save `obj`, recording only the fields that changed (no event if none)."""
    obj.full_clean()
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    before, after = diff(snapshot(stored), snapshot(obj))
    obj.save()
    if after:
        record(actor=actor, action=action, obj=obj, before=before, after=after)


def delete_recorded(*, actor: Any, obj: models.Model, action: str) -> None:
    """Record `obj`'s fields as the event's before-state, then delete it."""
    record(actor=actor, action=action, obj=obj, before=snapshot(obj))
    obj.delete()
