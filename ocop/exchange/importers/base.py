"""What every import type is made of: its columns (Vietnamese and English headers, aliases),
`parse_row` (cells -> values, collecting every error of the row) and `save_batch` (match each
row on its natural key, then create, update or leave alone: row by row through `upsert` and the
app's actions, or a batch at once as in `ocop.exchange.importers.bulk`)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from ocop.exchange import cells
from ocop.exchange.files import Refused
from ocop.exchange.places import PlaceMatcher
from ocop.lib.text import fold

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    example: Any = ""
    required: bool = False
    aliases: tuple[str, ...] = ()

    def accepted(self) -> set[str]:
        return {fold(name) for name in (self.key, self.vi, self.en, *self.aliases)}


class Row:
    """One data row: typed access to its cells, collecting errors per column."""

    def __init__(self, number: int, values: dict[str, Any]) -> None:
        self.number = number
        self.values = values
        self.errors: dict[str, list[str]] = {}

    def get(
        self, key: str, convert: Callable[[Any], Any] = cells.text, required: bool = False
    ) -> Any:
        raw = self.values.get(key)
        try:
            value = convert(raw)
        except ValidationError as error:
            self.fail(key, *error.messages)
            return None
        if required and value in (None, ""):
            self.fail(key, _("This column is required."))
        return value

    def has(self, key: str) -> bool:
        """Whether the file has this column (absent columns leave stored values alone)."""
        return key in self.values

    def fail(self, key: str, *messages: str) -> None:
        self.errors.setdefault(key, []).extend(messages)


@dataclass
class Context:
    """What one import run shares between rows: who acts, whether to write, caches."""

    actor: Any
    write: bool
    places: PlaceMatcher = field(default_factory=lambda: PlaceMatcher(settings.OCOP_PROVINCE))
    # Records a dry run would have created, by natural key, so later rows can refer to them.
    planned: dict[tuple, models.Model] = field(default_factory=dict)
    cache: dict[tuple, Any] = field(default_factory=dict)
    # Set once any row has an error: the run will be rolled back, so batches stop writing.
    failed: bool = False


@dataclass
class Item:
    """A parsed row waiting in a batch: its values and natural key, then its outcome."""

    row: Row
    values: Any
    key: tuple
    outcome: str = ""


class ImportType:
    """One kind of import. Subclasses set `key`, `label`, `columns`, `field_columns`."""

    key: ClassVar[str]
    label: ClassVar[Any]  # a lazily translated string
    columns: ClassVar[list[Column]]
    # The column blamed when two rows of one file have the same natural key.
    key_column: ClassVar[str]
    # Model field name -> column key, so model validation errors land on the right column.
    field_columns: ClassVar[dict[str, str]] = {}

    def parse_row(self, row: Row, ctx: Context) -> Any:
        raise NotImplementedError

    def natural_key(self, parsed: Any) -> tuple:
        raise NotImplementedError

    def upsert(self, parsed: Any, ctx: Context) -> str:
        """NEW, UPDATED or UNCHANGED; writes only when `ctx.write`. Raises ValidationError."""
        raise NotImplementedError

    def save_batch(self, items: list[Item], ctx: Context) -> None:
        """Give each item its outcome, or its row errors. This default goes row by row through
        `upsert` (and so through the app's actions)."""
        for item in items:
            try:
                item.outcome = self.upsert(item.values, ctx)
            except ValidationError as error:
                self.fail(item.row, error)

    def fail(self, row: Row, error: ValidationError) -> None:
        """Put a model's validation error on the row, under the columns of its fields."""
        if hasattr(error, "error_dict"):
            by_field = error.message_dict
        else:
            by_field = {NON_FIELD_ERRORS: error.messages}
        for name, messages in by_field.items():
            row.fail(self.column_for_field(name), *messages)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def map_header(self, header: list[str]) -> dict[str, int]:
        """Column key -> position. Refuses when a required column is missing or doubled."""
        positions: dict[str, int] = {}
        by_name = {name: col for col in self.columns for name in col.accepted()}
        for index, title in enumerate(header):
            col = by_name.get(fold(title))
            if col is None:
                continue
            if col.key in positions:
                raise Refused(
                    _("The column “%(name)s” appears twice in the header row.") % {"name": title}
                )
            positions[col.key] = index
        missing = [c for c in self.columns if c.required and c.key not in positions]
        if missing:
            raise Refused(
                _(
                    "Missing columns: %(names)s. Download the template to see the expected "
                    "headers (Vietnamese or English)."
                )
                % {"names": ", ".join(f"“{c.vi}” ({c.en})" for c in missing)}
            )
        return positions

    def column_for_field(self, field_name: str) -> str:
        return self.field_columns.get(field_name, field_name)
