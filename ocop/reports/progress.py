"""Progress of each target of a plan on a day: value, target, per cent, status and forecast."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.places.models import Commune, LegacyDistrict
from ocop.reports.forecast import Forecast, project
from ocop.reports.indicators import INDICATORS, Area, Indicator, Number
from ocop.reports.indicators.base import PlaceLevel
from ocop.reports.models import Comparison, Plan, Scope, Target


class Status(models.TextChoices):
    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Missed")
    NOT_STARTED = "not_started", _("Plan not started")
    NOT_AVAILABLE = "not_available", _("Not available yet")


@dataclass
class Progress:
    target: Target
    indicator: Indicator
    value: Number | None  # for "each place" targets: the places that meet it
    goal: Decimal  # the target value, or the number of places
    percent: Decimal | None
    status: str
    forecast: Forecast | None = None
    yearly: dict[int, Number | None] = field(default_factory=dict)
    places: int | None = None  # for "each place" targets: the places counted
    href: str = ""  # the records behind the value

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def label(self) -> str:
        return self.target.label or str(self.indicator.label)


def last_complete_year(on: datetime.date) -> int:
    return on.year if (on.month, on.day) == (12, 31) else on.year - 1


def ratio(value: Number | None, goal: Decimal) -> Decimal | None:
    if value is None or not goal:
        return None
    return (Decimal(100) * Decimal(value) / goal).quantize(Decimal("0.1"), ROUND_HALF_UP)


class SeriesCache:
    """Yearly series per indicator for one page, so indicators shared by targets, charts and
    tables are computed once; a figure shown only for the day is computed for the day only."""

    def __init__(self, plan: Plan, on: datetime.date, area: Area) -> None:
        self.plan, self.on, self.area = plan, on, area
        self._series: dict[str, dict[int, Number | None]] = {}
        self._day: dict[str, dict[int, Number | None]] = {}

    def years(self) -> list[int]:
        return [y for y in self.plan.years if y <= self.on.year]

    def yearly(self, key: str) -> dict[int, Number | None]:
        """The plan's years up to the day."""
        years = self.years()
        return {y: v for y, v in self._computed(key).items() if y in years}

    def _computed(self, key: str) -> dict[int, Number | None]:
        if key not in self._series:
            indicator = INDICATORS[key]
            years = self.years()
            if indicator.period != "plan" and years and self.on.year not in years:
                years = [*years, self.on.year]  # after the plan: the day's figure in the same query
            self._series[key] = (
                indicator.yearly(years, self.on, self.area)
                if (indicator.available() and self.years())
                else {}
            )
        return self._series[key]

    def keep(self, key: str, yearly: Mapping[int, Number | None]) -> None:
        """A series the page has already computed another way (saves its query)."""
        self._series[key] = dict(yearly)

    def value(self, key: str) -> Number | None:
        indicator = INDICATORS[key]
        if not indicator.available():
            return None
        if not self.years():
            return 0
        if indicator.period == "plan":
            return indicator.total(self.yearly(key), self.on)
        # A snapshot or a year's figure reads the day's own year only (even after the plan).
        series = self._series.get(key, {})
        if self.on.year not in series:
            if key not in self._day:
                self._day[key] = indicator.yearly([self.on.year], self.on, self.area)
            series = self._day[key]
        return indicator.total(series, self.on)


def places_in(level: PlaceLevel, area: Area) -> int:
    """How many communes (or old districts) an "each place" target counts."""
    if level == "commune":
        if area.communes is not None:
            return len(area.communes)
        return Commune.objects.filter(province_id=area.province).count()
    districts = LegacyDistrict.objects.filter(province_id=area.province)
    if area.communes is not None:
        districts = districts.filter(successor_communes__in=area.communes).distinct()
    if area.legacy_district is not None:
        return 1
    return districts.count()


def _meets(value: Number | None, target: Target) -> bool:
    if value is None:
        return False
    if target.comparison == Comparison.AT_MOST:
        return Decimal(value) <= target.value
    return Decimal(value) >= target.value


def _each_place(target: Target, indicator: Indicator, cache: SeriesCache) -> Progress:
    level: PlaceLevel = "commune" if target.scope == Scope.EACH_COMMUNE else "legacy_district"
    places = places_in(level, cache.area)
    since = (
        cache.plan.starts_on if indicator.period == "plan" else datetime.date(cache.on.year, 1, 1)
    )
    assert indicator.by_place is not None
    values = indicator.by_place(level, since, cache.on, cache.area)
    if target.comparison == Comparison.AT_MOST:
        failing = sum(1 for v in values.values() if not _meets(v, target))
        meeting = places - failing
    else:
        meeting = sum(1 for v in values.values() if _meets(v, target))
    goal = Decimal(places)
    status = _status(target, cache, Decimal(meeting), goal, forecast=None)
    return Progress(target, indicator, meeting, goal, ratio(meeting, goal), status, places=places)


def _status(
    target: Target,
    cache: SeriesCache,
    value: Decimal,
    goal: Decimal,
    forecast: Forecast | None,
) -> str:
    plan, on = cache.plan, cache.on
    if on < plan.starts_on:
        return Status.NOT_STARTED
    at_most = target.comparison == Comparison.AT_MOST
    met = value <= goal if at_most else value >= goal
    if on >= plan.ends_on:
        return Status.MET if met else Status.MISSED
    if met:
        return Status.ON_TRACK if at_most else Status.MET
    if forecast is not None:
        return Status.ON_TRACK if forecast.meets(goal, at_most) else Status.AT_RISK
    return Status.AT_RISK


def target_progress(target: Target, cache: SeriesCache) -> Progress:
    indicator = INDICATORS.get(target.indicator)
    if indicator is None or not indicator.available():
        indicator = indicator or INDICATORS["products_ranked"]
        return Progress(target, indicator, None, target.value, None, Status.NOT_AVAILABLE)
    if target.scope != Scope.CITY and indicator.by_place is not None:
        return _each_place(target, indicator, cache)
    forecasts = indicator.unit != "percent" and target.comparison != Comparison.SHARE
    yearly = cache.yearly(indicator.key) if forecasts else {}  # before the value: it reuses it
    value = cache.value(indicator.key)
    if value is None:
        return Progress(target, indicator, None, target.value, None, Status.NOT_AVAILABLE)
    forecast = None
    if forecasts:
        forecast = project(
            {y: float(v) for y, v in yearly.items() if v is not None},
            complete_until=last_complete_year(cache.on),
            end_year=cache.plan.end_year,
            cumulative=indicator.period == "plan",
        )
    status = _status(target, cache, Decimal(value), target.value, forecast)
    percent = ratio(value, target.value)
    return Progress(target, indicator, value, target.value, percent, status, forecast, yearly)


def plan_progress(
    plan: Plan, on: datetime.date, area: Area, cache: SeriesCache | None = None
) -> list[Progress]:
    cache = cache or SeriesCache(plan, on, area)
    return [target_progress(t, cache) for t in plan.targets.all()]
