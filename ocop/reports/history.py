"""Every indicator on one day, for the history page and the `report` command."""

import datetime
from dataclasses import dataclass

from ocop.reports.dashboard import Links
from ocop.reports.indicators import INDICATORS, Area, Indicator, Number


@dataclass(frozen=True)
class HistoryRow:
    indicator: Indicator
    value: Number | None
    available: bool
    href: str


def indicators_on(
    on: datetime.date, since: datetime.date, area: Area, area_params: dict[str, object]
) -> list[HistoryRow]:
    """Each indicator's value on `on`: counted from `since` for period indicators."""
    links = Links(on, since, area_params)
    rows = []
    for indicator in INDICATORS.values():
        if not indicator.available():
            rows.append(HistoryRow(indicator, None, False, ""))
            continue
        start = since if indicator.period == "plan" else datetime.date(on.year, 1, 1)
        value = indicator.value(min(start, on), on, area)
        href = links.records(indicator.records, since=start) if value is not None else ""
        rows.append(HistoryRow(indicator, value, True, href))
    return rows
