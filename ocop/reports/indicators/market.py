"""Indicators from the market app (showrooms, retailers, channels, fairs).

The three trade-promotion targets are computed by the market app (`ocop.market.indicators`);
this module adapts them to the registry. Showroom and fair figures are counted here from the
market's dated records. Producers in modern channels are counted among the area's producers,
like every producer figure; malls (some have no commune) and design centres per district cover
the whole province only: for part of it the figure says "not available for part of the
province" rather than a made-up number. If the market app is missing, every market indicator
says "not available yet". Each yearly series is one query for all the years' ends.
"""

import datetime
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from ocop.certification.models import Certificate
from ocop.reports.indicators.base import (
    Area,
    ByPlace,
    Indicator,
    Number,
    PlaceLevel,
    Yearly,
    percent,
    register,
    year_ends,
)


def market_module(name: str = "indicators") -> ModuleType | None:
    """`ocop.market.<name>`, or None while the market app does not provide it."""
    try:
        return importlib.import_module(f"ocop.market.{name}")
    except ImportError:
        return None


def market_function(name: str) -> Callable[..., Any] | None:
    module = market_module()
    return getattr(module, name, None) if module else None


def _whole_province(yearly: Yearly) -> Yearly:
    """A market figure kept for the whole province: none for part of it (not made up)."""

    def narrowed(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
        if not area.is_whole_province:
            return {y: None for y in year_ends(years, on)}
        return yearly(years, on, area)

    return narrowed


def _malls_yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
    """Malls and supermarkets selling OCOP products at each year's end (one query)."""
    shares = market_function("shares_of_malls_and_supermarkets_selling_ocop")
    days = year_ends(years, on)
    if shares is None or not days:
        return {}
    found = shares(days=list(days.values()))
    return {y: found[day].percent for y, day in days.items()}


def _modern_channels_yearly(
    years: list[int], on: datetime.date, area: Area
) -> dict[int, Number | None]:
    """The area's OCOP producers in modern channels at each year's end (one query)."""
    shares = market_function("shares_of_producers_in_modern_channels")
    days = year_ends(years, on)
    if shares is None or not days:
        return {}
    found = shares(days=list(days.values()), producers=area.producers())
    return {y: found[day].percent for y, day in days.items()}


def _design_centres_yearly(
    years: list[int], on: datetime.date, area: Area
) -> dict[int, Number | None]:
    """Districts (before July 2025) with a design and sales centre at each year's end."""
    districts = market_function("districts_with_design_centre")
    days = year_ends(years, on)
    if districts is None or not days:
        return {}
    found = districts(days=list(days.values()), province=area.province)
    return {y: found[day] for y, day in days.items()}


def _design_centres_by_place(
    level: PlaceLevel, since: datetime.date, on: datetime.date, area: Area
) -> dict[int, Number]:
    localities = market_function("localities_with_design_centre")
    if localities is None:
        return {}
    found = localities(on=on, province=area.province)
    if level == "commune":
        places: dict[int, Number] = {c.pk: 0 for c in found.communes_without}
        places.update({c.pk: 1 for c in found.communes_with})
        if area.communes is not None:
            places = {k: v for k, v in places.items() if k in area.communes}
        return places
    districts: dict[int, Number] = {d.pk: 1 for d in found.districts_with}
    return districts | {d.pk: 0 for d in found.districts_without}


def _models() -> Any:
    return market_module("models")


def _available(*names: str) -> Callable[[], bool]:
    return lambda: (
        all(market_function(n) is not None for n in names) if names else (_models() is not None)
    )


def _showrooms_yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
    """Showrooms and points of sale that had opened by each year's end and not closed for good."""
    models = _models()
    days = year_ends(years, on)
    if models is None or not days:
        return {}
    existing = models.Showroom.objects.existing_on
    counts = {f"y{y}": Count("pk", filter=Q(pk__in=existing(day))) for y, day in days.items()}
    found = models.Showroom.objects.filter(area.places()).aggregate(**counts)
    return {y: found[f"y{y}"] for y in days}


def _ocop_listings_yearly(
    years: list[int], on: datetime.date, area: Area
) -> dict[int, Number | None]:
    """Share of listings in those showrooms whose product held a valid 3★+ certificate, at
    each year's end. One pass over the area's listings: each day's showrooms and valid
    products are looked up once (not once per listing)."""
    models = _models()
    days = year_ends(years, on)
    if models is None or not days:
        return {}
    rooms = models.Showroom.objects.filter(area.places())
    counts = {}
    for y, day in days.items():
        listed = Q(since__lte=day, showroom__in=rooms.existing_on(day))
        valid = Certificate.objects.valid_on(day).values("product")
        counts[f"total{y}"] = Count("pk", filter=listed)
        counts[f"ocop{y}"] = Count("pk", filter=listed & Q(product__in=valid))
    found = models.Listing.objects.filter(showroom__in=rooms).aggregate(**counts)
    return {y: percent(found[f"ocop{y}"], found[f"total{y}"]) for y in days}


def _fairs_yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
    """Accepted fair registrations of the area's producers, by the year the fair started."""
    models = _models()
    if models is None:
        return {}
    rows = (
        models.FairRegistration.objects.filter(
            status=models.RegistrationStatus.ACCEPTED,
            fair__starts_on__gte=datetime.date(years[0], 1, 1),
            fair__starts_on__lte=on,
        )
        .filter(area.producers("producer__"))
        .values("fair__starts_on__year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {r["fair__starts_on__year"]: r["n"] for r in rows}
    return {y: found.get(y, 0) for y in years if y <= on.year}


def _fair_sales_yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
    """Sales reported by the fairs that ended by the day, by the year they ended."""
    models = _models()
    if models is None:
        return {}
    if not area.is_whole_province:
        return {y: None for y in years if y <= on.year}
    rows = (
        models.Fair.objects.filter(ends_on__gte=datetime.date(years[0], 1, 1), ends_on__lte=on)
        .values("ends_on__year")
        .annotate(total=Sum("reported_sales"))
        .order_by()
    )
    found = {r["ends_on__year"]: r["total"] or 0 for r in rows}
    return {y: found.get(y, 0) for y in years if y <= on.year}


def _add(key: str, label: Any, description: Any, **fields: Any) -> None:
    register(Indicator(key=key, label=label, description=description, **fields))


_add(
    "malls_supermarkets_selling_ocop",
    _("Malls and supermarkets selling OCOP products"),
    _(
        "Share of shopping malls and supermarkets operating on the day that sell at least one "
        "OCOP product (computed by the market app)."
    ),
    unit="percent",
    period="snapshot",
    yearly=_whole_province(_malls_yearly),
    records="market_indicators",
    available=_available("shares_of_malls_and_supermarkets_selling_ocop"),
)
_add(
    "producers_in_modern_channels",
    _("OCOP producers in modern channels"),
    _(
        "Share of OCOP producers selling through at least one modern channel (supermarket, "
        "convenience store, e-commerce) on the day (computed by the market app)."
    ),
    unit="percent",
    period="snapshot",
    yearly=_modern_channels_yearly,
    records="market_indicators",
    available=_available("shares_of_producers_in_modern_channels"),
)
design_by_place: ByPlace = _design_centres_by_place
_add(
    "localities_with_design_centre",
    _("Localities with a design and sales centre"),
    _(
        "Districts (before July 2025) with at least one creative design and sales centre "
        "(Decision 6385/2023) on the day; by place, each commune or district is counted 1 or 0."
    ),
    unit="count",
    period="snapshot",
    yearly=_whole_province(_design_centres_yearly),
    by_place=design_by_place,
    records="market_indicators",
    available=_available("districts_with_design_centre", "localities_with_design_centre"),
)
_add(
    "showrooms",
    _("OCOP showrooms and points of sale"),
    _("Showrooms, points of sale and design centres opened by the day and not closed for good."),
    unit="count",
    period="snapshot",
    yearly=_showrooms_yearly,
    records="showrooms",
    available=_available(),
)
_add(
    "showroom_listings_ocop",
    _("Showroom listings that are OCOP products"),
    _(
        "Share of the products listed in those showrooms whose product held a valid 3★+ "
        "certificate on the day (the full compliance audit, with craft-village goods, is on "
        "each showroom's page)."
    ),
    unit="percent",
    period="snapshot",
    yearly=_ocop_listings_yearly,
    records="showrooms",
    available=_available(),
)
_add(
    "fair_participations",
    _("Fair participations"),
    _("Producers' registrations accepted for trade fairs that started in the year."),
    unit="count",
    period="year",
    yearly=_fairs_yearly,
    records="fairs",
    available=_available(),
)
_add(
    "fair_sales",
    _("Sales reported at fairs"),
    _("Sales in VND reported by the trade fairs that ended in the year (whole province)."),
    unit="vnd",
    period="year",
    yearly=_fair_sales_yearly,
    records="fairs",
    available=_available(),
)
