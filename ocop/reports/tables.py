"""A table as data: the dashboard shows it, the XLSX export writes it, the PDF prints it."""

from dataclasses import dataclass, field
from typing import Literal

from django.utils.functional import Promise

from ocop.reports.templatetags.reports import figure

Kind = Literal["text", "int", "percent", "vnd", "date"]


@dataclass(frozen=True)
class Column:
    header: str | Promise
    kind: Kind = "text"


@dataclass(frozen=True)
class Cell:
    value: object
    href: str = ""  # the list of records behind the figure


@dataclass(frozen=True)
class Shown:
    """A cell as the page shows it: the figure written out, its link, and whether it is a number."""

    text: str
    href: str
    numeric: bool


@dataclass
class Table:
    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str | Promise = ""

    def add(self, *cells: object) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def shown(self) -> list[list[Shown]]:
        """The rows as the page shows them: formatting hundreds of cells here costs a fraction
        of doing it cell by cell in the template."""
        kinds = [(column.kind, column.kind != "text") for column in self.columns]
        return [
            [
                Shown(figure(cell.value, kind), cell.href, numeric)
                for cell, (kind, numeric) in zip(row, kinds, strict=True)
            ]
            for row in self.rows
        ]
