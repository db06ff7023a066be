"""Indicators from producers' yearly reports: jobs created, workers, revenue."""

import datetime

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from ocop.reports.indicators.base import Area, Indicator, Number, PlaceLevel, Yearly, register
from ocop.reports.models import ProducerReport


def producer_reports(years: list[int], area: Area) -> QuerySet[ProducerReport]:
    return (
        ProducerReport.objects.filter(year__in=years)
        .filter(area.producers("producer__"))
        .order_by()
    )


def reports_by_year(years: list[int], on: datetime.date, area: Area) -> dict[int, dict[str, int]]:
    """Per report year up to `on`'s year: reports, workers, revenue and jobs created (one query)."""
    rows = (
        producer_reports([y for y in years if y <= on.year], area)
        .values("year")
        .annotate(
            reports=Count("pk"),
            workers=Sum("workers"),
            revenue=Sum("revenue"),
            jobs=Sum("jobs_created"),
        )
    )
    return {row["year"]: row for row in rows}


def reports_series(
    found: dict[int, dict[str, int]], column: str, years: list[int], on: datetime.date
) -> dict[int, Number | None]:
    """One column of `reports_by_year`, as an indicator's yearly series."""
    return {y: (found[y][column] if y in found else 0) for y in years if y <= on.year}


def _sum_of(column: str) -> Yearly:
    def yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
        return reports_series(reports_by_year(years, on, area), column, years, on)

    return yearly


def _jobs_by_place(
    level: PlaceLevel, since: datetime.date, on: datetime.date, area: Area
) -> dict[int, Number]:
    column = f"producer__{level}_id"
    years = list(range(since.year, on.year + 1))
    rows = producer_reports(years, area).values(column).annotate(n=Sum("jobs_created"))
    return {row[column]: row["n"] for row in rows if row[column] is not None}


register(
    Indicator(
        key="jobs_created",
        label=_("Jobs created (reported by producers)"),
        description=_(
            "New jobs producers reported in their yearly reports, added up over the report "
            "years of the period up to the day's year."
        ),
        unit="count",
        period="plan",
        yearly=_sum_of("jobs"),
        by_place=_jobs_by_place,
        records="reports",
    )
)
register(
    Indicator(
        key="workers_reported",
        label=_("Workers (reported by producers)"),
        description=_("Workers producers reported for the day's year."),
        unit="count",
        period="year",
        yearly=_sum_of("workers"),
        records="reports",
    )
)
register(
    Indicator(
        key="revenue_reported",
        label=_("Revenue (reported by producers)"),
        description=_("Revenue in VND producers reported for the day's year."),
        unit="vnd",
        period="year",
        yearly=_sum_of("revenue"),
        records="reports",
    )
)
