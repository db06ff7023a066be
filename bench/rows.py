"""Fast bulk inserts for the benchmark generator: rows as tuples with explicit primary keys,
written with COPY on PostgreSQL and executemany on SQLite (no model instances, no signals)."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

BATCH = 5_000
# Field types whose Python values need Django's conversion for the database.
CONVERTED = (models.DateField, models.DecimalField, models.JSONField)


def insert(model: type[models.Model], columns: str, rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` into `model`'s table, values in the order of `columns` (attribute names
    such as `producer_id`, separated by spaces); returns the number of rows."""
    names_given = columns.split()
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    # Columns not given get what Django itself would insert (defaults, now for auto_now), so
    # fields added later by the apps do not break the generator.
    rest = [f for f in model._meta.concrete_fields if f.attname not in names_given]
    extra = [_default(f) for f in rest]
    fields = [by_attname[c] for c in names_given] + rest
    if extra:
        rows = (tuple(row) + tuple(extra) for row in rows)
    converters = [
        (lambda v, f=f: f.get_db_prep_save(v, connection)) if isinstance(f, CONVERTED) else None
        for f in fields
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    count = 0
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(_convert(row, converters))
                count += 1
        return count
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (names from models)
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(_convert(row, converters))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _default(field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_default()


def _convert(row: Sequence[Any], converters: list[Any]) -> list[Any]:
    if len(row) != len(converters):
        raise ValueError(f"{len(row)} values for {len(converters)} columns: {row!r}")
    return [
        value if c is None or value is None else c(value)
        for value, c in zip(row, converters, strict=True)
    ]


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
