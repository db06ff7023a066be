"""Import types that save a batch of rows at once: the stored records of the whole batch are
read in one query, each row is validated like the app's forms validate it (`full_clean`, with
uniqueness checked for the batch in one query per unique set and check constraints evaluated
here: `check_record`), and then the batch is written with bulk inserts and updates and one
audit event per created or updated record (`record_many`). The events carry the action names
the app's own actions write."""

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ocop.audit.actions import Change, diff, record_many, snapshot
from ocop.catalogue.index import refresh_products
from ocop.catalogue.models import CatalogueEntry
from ocop.exchange.importers.base import NEW, UNCHANGED, UPDATED, Context, ImportType, Item, Row
from ocop.lib.text import fold

M = TypeVar("M", bound=models.Model)

# Rows per batch: on SQLite few enough that every `__in` list fits its parameter limit (999
# before 3.32); PostgreSQL has no such limit, and each batch costs a scan of the stored
# records and several round trips, so it takes larger ones.
BATCH_SIZE = 2000 if connection.vendor == "postgresql" else 500


@dataclass
class Plan:
    """What saving one item will do."""

    item: Item
    obj: models.Model
    outcome: str
    before: dict[str, Any]
    after: dict[str, Any]


class BulkImportType(ImportType):
    """Subclasses set `model`, `audit_actions`, `resolved` and `key_fields` and implement
    `stored`."""

    model: ClassVar[type[models.Model]]
    # The audit action names for a created and an updated record, as the app's actions use.
    audit_actions: ClassVar[tuple[str, str]]
    # Related fields the importer looked up itself: no query per row to check they exist.
    resolved: ClassVar[tuple[str, ...]] = ()
    # The unique fields that make the natural key: `stored` already matched rows on them.
    key_fields: ClassVar[tuple[str, ...]] = ()
    # The catalogue entry field naming a record of this type, when the catalogue shows it.
    catalogue_field: ClassVar[str] = ""

    def stored(self, keys: list[tuple], ctx: Context) -> dict[tuple, models.Model]:
        """The stored records with these natural keys (locked when writing), by key."""
        raise NotImplementedError

    def describe(self, obj: models.Model, item: Item) -> str:
        """How the audit log names the record (a subclass may avoid a query per row)."""
        return str(obj)

    def defaults(self) -> dict[str, Any]:
        """Values a new record takes where its row leaves them out."""
        return {}

    def validate(self, obj: models.Model) -> None:
        """The model's own validation, as the forms run it; uniqueness is checked per batch."""
        check_record(obj, exclude=self.resolved)

    def save_batch(self, items: list[Item], ctx: Context) -> None:
        found = self.stored([item.key for item in items], ctx)
        # Two keys (a tax code, a registration number) can lead to one record.
        matched: dict[Any, int] = ctx.cache.setdefault(("matched", self.model), {})
        plans = []
        for item in items:
            stored = found.get(item.key)
            if (
                stored is not None
                and matched.setdefault(stored.pk, item.row.number) != item.row.number
            ):
                item.row.fail(
                    self.key_column,
                    _("The same record as row %(row)s: keep only one of them.")
                    % {"row": matched[stored.pk]},
                )
                continue
            try:
                plan = self._plan(item, stored)
            except ValidationError as error:
                self.fail(item.row, error)
                continue
            plans.append(plan)
        changed = [plan for plan in plans if plan.outcome != UNCHANGED]
        for plan, clash in unique_problems(self.model, changed, ctx, skip=self.key_fields):
            self.fail(plan.item.row, clash)
        for plan in plans:
            plan.item.outcome = plan.outcome
        if any(item.row.errors for item in items):
            ctx.failed = True
        if ctx.write and not ctx.failed:
            self._write(changed, ctx)

    def _plan(self, item: Item, stored: models.Model | None) -> Plan:
        if stored is None:
            obj = self.model(**{**self.defaults(), **item.values})
            refold(obj)
            self.validate(obj)
            return Plan(item, obj, NEW, {}, {})
        # The stored instance was read for this batch alone: it is changed in place.
        was = snapshot(stored)
        for name, value in item.values.items():
            setattr(stored, name, value)
        refold(stored)
        before, after = diff(was, snapshot(stored))
        if not after:
            return Plan(item, stored, UNCHANGED, {}, {})
        self.validate(stored)
        return Plan(item, stored, UPDATED, before, after)

    def _write(self, plans: list[Plan], ctx: Context) -> None:
        created = [plan.obj for plan in plans if plan.outcome == NEW]
        self.model._default_manager.bulk_create(created, batch_size=BATCH_SIZE)
        updated = [plan for plan in plans if plan.outcome == UPDATED]
        if updated:
            names = field_names(self.model, (key for plan in updated for key in plan.after))
            if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
                now = timezone.now()
                for plan in updated:
                    plan.obj.updated_at = now  # type: ignore[attr-defined]
                names.append("updated_at")
            objs = [plan.obj for plan in updated]
            self.model._default_manager.bulk_update(objs, names, batch_size=BATCH_SIZE)
            if self.catalogue_field:
                # What the catalogue's signals do when a record is saved on its own (new
                # records are in no entry yet).
                entries = CatalogueEntry.objects.filter(
                    **{f"{self.catalogue_field}__in": [obj.pk for obj in objs]}
                )
                refresh_products(entries.values_list("pk", flat=True))
        create, update = self.audit_actions
        changes = [
            Change(
                create if plan.outcome == NEW else update,
                plan.obj,
                plan.before,
                snapshot(plan.obj) if plan.outcome == NEW else plan.after,
                self.describe(plan.obj, plan.item),
            )
            for plan in plans
        ]
        if changes:
            record_many(actor=ctx.actor, changes=changes)


def field_names(model: type[models.Model], keys: Iterable[str]) -> list[str]:
    """Model field names for snapshot keys (which name foreign keys by their column)."""
    by_attname = {f.attname: f.name for f in model._meta.concrete_fields}
    return sorted({by_attname[key] for key in keys})


def refold(obj: models.Model) -> None:
    """Models keep a folded copy of their name, set in save(), which bulk writes skip."""
    if hasattr(obj, "name_folded"):
        obj.name_folded = fold(obj.name)  # type: ignore[attr-defined]


def fail_on(row: Row, error: ValidationError, columns: dict[str, str], default: str) -> None:
    """Put the validation error of a record the row creates on the row's columns."""
    by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
    for name, messages in by_field.items():
        row.fail(columns.get(name, default), *messages)


def unsaved(objs: Iterable[M | int | None]) -> list[M]:
    """The records in `objs` not yet written, each once, in order."""
    seen: dict[int, M] = {}
    for obj in objs:
        if isinstance(obj, models.Model) and obj.pk is None:
            seen.setdefault(id(obj), obj)
    return list(seen.values())


def check_record(obj: models.Model, exclude: Iterable[str] = ()) -> None:
    """The model's own validation, as the forms run it, without a query per record: related
    records in `exclude` were found by the importer, uniqueness is checked per batch
    (`unique_problems`) and check constraints are evaluated here (`check_constraints`)."""
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    check_constraints(obj)


def check_constraints(obj: models.Model) -> None:
    """Raise the error `full_clean` gives when `obj` breaks one of its model's check
    constraints. Django asks the database once per constraint and record; plain comparisons
    of fields with values or other fields are evaluated here, anything else as Django does."""
    for constraint in obj._meta.constraints:
        if not isinstance(constraint, models.CheckConstraint):
            continue
        try:
            # As in SQL (and Django's check), an unknown result (a NULL) does not break it.
            broken = _truth(obj, constraint.condition) is False
        except _NeedsDatabase:
            constraint.validate(type(obj), obj)  # type: ignore[attr-defined]  # not in the stubs
            continue
        if broken:
            raise ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )


class _NeedsDatabase(Exception):
    pass


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _truth(obj: models.Model, node: Any) -> bool | None:
    """SQL's three-valued truth of a condition for `obj`'s values (None for unknown)."""
    if isinstance(node, Q):
        results = [_truth(obj, child) for child in node.children]
        if node.connector == Q.AND:
            value = False if False in results else None if None in results else True
        else:
            value = True if True in results else None if None in results else False
        return not value if node.negated and value is not None else value
    if not isinstance(node, tuple):
        raise _NeedsDatabase
    path, wanted = node
    name, _sep, lookup = path.partition("__")
    left = _value_of(obj, name)
    if lookup == "isnull":
        return (left is None) == bool(wanted)
    compare = _COMPARISONS.get(lookup or "exact")
    right = _value_of(obj, wanted.name) if isinstance(wanted, models.F) else wanted
    if compare is None or hasattr(right, "resolve_expression"):
        raise _NeedsDatabase
    if left is None or right is None:
        return None
    if isinstance(left, str) or isinstance(right, str):
        raise _NeedsDatabase  # string comparisons follow the database's collation
    try:
        return compare(left, right)
    except TypeError:
        raise _NeedsDatabase from None


def _value_of(obj: models.Model, name: str) -> Any:
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        raise _NeedsDatabase from None
    if not field.concrete or field.many_to_many:
        raise _NeedsDatabase
    return getattr(obj, field.attname)  # type: ignore[union-attr]


@dataclass(frozen=True)
class UniqueSet:
    """Fields whose values together must be unique (a unique field, unique_together, or a
    UniqueConstraint on fields, whose condition is taken to concern only those fields)."""

    fields: tuple[str, ...]
    constraint: models.UniqueConstraint | None = None

    def error(self, obj: models.Model) -> ValidationError:
        # The message and the field full_clean would report (Model.validate_unique and
        # UniqueConstraint.validate).
        key = self.fields[0] if len(self.fields) == 1 else NON_FIELD_ERRORS
        if self.constraint is not None and self.constraint.condition is not None:
            return ValidationError(
                {NON_FIELD_ERRORS: self.constraint.get_violation_error_message()}
            )
        return ValidationError({key: obj.unique_error_message(type(obj), self.fields)})


def unique_sets(model: type[models.Model]) -> list[UniqueSet]:
    sets = [
        UniqueSet((f.name,)) for f in model._meta.concrete_fields if f.unique and not f.primary_key
    ]
    sets += [UniqueSet(tuple(names)) for names in model._meta.unique_together]
    sets += [
        UniqueSet(tuple(c.fields), c)
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.fields and not c.expressions
    ]
    return sets


def unique_problems(
    model: type[models.Model], plans: list[Plan], ctx: Context, skip: tuple[str, ...] = ()
) -> list[tuple[Plan, ValidationError]]:
    """Plans whose values clash with a stored record or an earlier row of this file, with
    one query per unique set (but `skip`) for the whole batch. Empty values never clash."""
    problems = []
    for index, unique in enumerate(unique_sets(model)):
        if unique.fields == skip:
            continue
        columns = {f.name: f.attname for f in model._meta.concrete_fields}
        attnames = [columns[name] for name in unique.fields]
        values = {}
        for plan in plans:
            given = tuple(getattr(plan.obj, name) for name in attnames)
            if all(v not in (None, "") for v in given):
                values[id(plan)] = given
        taken = _stored_values(model, unique, attnames, values.values())
        seen: dict[tuple, tuple[int, Any]] = ctx.cache.setdefault(("unique", model, index), {})
        for plan in plans:
            value = values.get(id(plan))
            if value is None:
                continue
            row, pk = plan.item.row.number, plan.obj.pk
            earlier = seen.setdefault(value, (row, pk))
            if earlier[0] != row and (pk is None or earlier[1] != pk):
                message = _("Row %(row)s of this file has the same value.") % {"row": earlier[0]}
                problems.append((plan, _with_note(unique.error(plan.obj), message)))
            elif value in taken and taken[value] != pk:
                problems.append((plan, unique.error(plan.obj)))
    return problems


def _stored_values(
    model: type[models.Model], unique: UniqueSet, attnames: list[str], values: Iterable[tuple]
) -> dict[tuple, Any]:
    """The stored records' pks by their values of the set, for the given values."""
    wanted = set(values)
    if not wanted:
        return {}
    found = model._default_manager.filter(
        **{f"{name}__in": {value[i] for value in wanted} for i, name in enumerate(attnames)}
    )
    if unique.constraint is not None and unique.constraint.condition is not None:
        found = found.filter(unique.constraint.condition)
    rows = found.values_list("pk", *attnames)
    return {tuple(row[1:]): row[0] for row in rows if tuple(row[1:]) in wanted}


def _with_note(error: ValidationError, note: str) -> ValidationError:
    return ValidationError(
        {
            key: [f"{message} {note}" for message in messages]
            for key, messages in error.message_dict.items()
        }
    )
