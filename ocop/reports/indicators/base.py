"""What an indicator is, the area it is measured over, and the registry of indicators.

Every indicator is computed from dated records, never typed in, so it can be asked for any past
day. Each one is a small object naming its function, so pages, exports, the PDF and targets all
read the same numbers.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils.functional import Promise

Number = int | Decimal
Unit = Literal["count", "percent", "vnd"]
# plan: counted from the plan's first day; year: counted within each calendar year;
# snapshot: the state on the day (certificates valid, shares, showrooms open).
Period = Literal["plan", "year", "snapshot"]
PlaceLevel = Literal["commune", "legacy_district"]


@dataclass(frozen=True)
class Area:
    """Which records count: the province, narrowed to some communes or one old district."""

    province: int
    communes: tuple[int, ...] | None = None
    legacy_district: int | None = None

    def producers(self, prefix: str = "") -> Q:
        """A filter on producers, reached from the queried model through `prefix`."""
        q = Q(**{f"{prefix}commune__province_id": self.province})
        if self.communes is not None:
            q &= Q(**{f"{prefix}commune_id__in": self.communes})
        if self.legacy_district is not None:
            q &= Q(**{f"{prefix}legacy_district_id": self.legacy_district})
        return q

    def places(self, prefix: str = "") -> Q:
        """A filter on records placed directly in a commune (showrooms, retailers)."""
        return self.producers(prefix)

    @property
    def is_whole_province(self) -> bool:
        return self.communes is None and self.legacy_district is None


class Year(ExtractYear):
    """The calendar year of a date. On SQLite, Django extracts it by calling Python for every
    row; a date is stored there as YYYY-MM-DD text, so its first four characters are read."""

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params


def year_end(year: int, on: datetime.date) -> datetime.date:
    """The last day of `year` that is not after `on`."""
    return min(datetime.date(year, 12, 31), on)


def year_ends(years: list[int], on: datetime.date) -> dict[int, datetime.date]:
    """Each year up to `on`'s, with the day a snapshot indicator is taken for it."""
    return {y: year_end(y, on) for y in years if y <= on.year}


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole as a percentage with one decimal, or None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# yearly(years, on, area) -> {year: value}: per-year counts for "plan"/"year" indicators, or the
# state at each year's end (or on `on` for its own year) for "snapshot" indicators.
Yearly = Callable[[list[int], datetime.date, Area], dict[int, Number | None]]
# by_place(level, since, on, area) -> {place code: value}
ByPlace = Callable[[PlaceLevel, datetime.date, datetime.date, Area], dict[int, Number]]


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str | Promise
    description: str | Promise
    unit: Unit
    period: Period
    yearly: Yearly
    records: str  # the drill-down list that shows the rows behind the figure
    by_place: ByPlace | None = None
    available: Callable[[], bool] = field(default=lambda: True)

    def value(self, since: datetime.date, on: datetime.date, area: Area) -> Number | None:
        """The figure on `on`: summed from `since` for plan indicators, else for `on`'s year."""
        years = list(range(since.year, on.year + 1)) if self.period == "plan" else [on.year]
        return self.total(self.yearly(years, on, area), on)

    def total(self, yearly: dict[int, Number | None], on: datetime.date) -> Number | None:
        """The figure on `on` from an already computed yearly series (saves a query)."""
        if self.period == "plan":
            values = [v for y, v in yearly.items() if y <= on.year and v is not None]
            return sum(values, 0) if values or yearly else None
        return yearly.get(on.year)


INDICATORS: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    INDICATORS[indicator.key] = indicator
    return indicator


def choices() -> list[tuple[str, str]]:
    return [(key, str(ind.label)) for key, ind in INDICATORS.items()]
