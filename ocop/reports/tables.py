"""A table as data: the dashboard shows it, the XLSX export writes it, the PDF prints it."""

from dataclasses import dataclass, field
from typing import Literal

from django.utils.functional import Promise

Kind = Literal["text", "int", "percent", "vnd", "date"]


@dataclass(frozen=True)
class Column:
    header: str | Promise
    kind: Kind = "text"


@dataclass(frozen=True)
class Cell:
    value: object
    href: str = ""  # the list of records behind the figure


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
