"""Indicators from certificates on a day: valid, expiring within 30 days, expired; and the
OCOP producers (those with at least one valid certificate)."""

import datetime
from collections.abc import Callable

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from ocop.certification.models import Certificate, CertificateStatus, valid_condition
from ocop.registry.models import Producer
from ocop.reports.indicators.base import (
    Area,
    ByPlace,
    Indicator,
    Number,
    PlaceLevel,
    Yearly,
    register,
    year_end,
    year_ends,
)

PRODUCER = "product__producer__"
EXPIRY_WARNING_DAYS = 30


def valid_certificates(on: datetime.date, area: Area) -> QuerySet[Certificate]:
    return Certificate.objects.valid_on(on).filter(area.producers(PRODUCER)).order_by()


def expiring_certificates(on: datetime.date, area: Area) -> QuerySet[Certificate]:
    """Valid on `on` and no longer valid within the next 30 days."""
    limit = on + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
    return valid_certificates(on, area).filter(expires_on__lte=limit)


def expired_certificates(on: datetime.date, area: Area) -> QuerySet[Certificate]:
    """Expired by `on` without having been revoked, superseded or renewed."""
    return (
        Certificate.objects.with_status_on(CertificateStatus.EXPIRED, on)
        .filter(area.producers(PRODUCER))
        .order_by()
    )


def ocop_producers(on: datetime.date, area: Area) -> QuerySet[Producer]:
    """Producers with at least one product holding a valid certificate on `on`."""
    valid = Certificate.objects.valid_on(on).filter(product__producer=OuterRef("pk"))
    return Producer.objects.filter(area.producers()).filter(Exists(valid)).order_by()


Query = Callable[[datetime.date, Area], QuerySet]


def _snapshot(query: Query) -> Yearly:
    """The count on each year's last day (one query per year: the rule stays in one place)."""

    def yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
        return {y: query(year_end(y, on), area).count() for y in years if y <= on.year}

    return yearly


def _valid_yearly(years: list[int], on: datetime.date, area: Area) -> dict[int, Number | None]:
    """Valid certificates at each year's end, every year in one pass over the area's."""
    days = year_ends(years, on)
    if not days:
        return {}
    counts = {f"y{y}": Count("pk", filter=valid_condition(day)) for y, day in days.items()}
    found = Certificate.objects.filter(area.producers(PRODUCER)).aggregate(**counts)
    return {y: found[f"y{y}"] for y in days}


def _by_place(query: Query, prefix: str) -> ByPlace:
    def by_place(
        level: PlaceLevel, since: datetime.date, on: datetime.date, area: Area
    ) -> dict[int, Number]:
        column = f"{prefix}{level}_id"
        rows = query(on, area).values(column).annotate(n=Count("pk"))
        return {row[column]: row["n"] for row in rows if row[column] is not None}

    return by_place


register(
    Indicator(
        key="certificates_valid",
        label=_("Valid certificates"),
        description=_(
            "Certificates valid on the day: issued, not expired (36 months), not revoked, "
            "superseded or suspended."
        ),
        unit="count",
        period="snapshot",
        yearly=_valid_yearly,
        by_place=_by_place(valid_certificates, PRODUCER),
        records="valid",
    )
)
register(
    Indicator(
        key="certificates_expiring",
        label=_("Certificates expiring within 30 days"),
        description=_("Certificates valid on the day whose validity ends within 30 days."),
        unit="count",
        period="snapshot",
        yearly=_snapshot(expiring_certificates),
        by_place=_by_place(expiring_certificates, PRODUCER),
        records="expiring",
    )
)
register(
    Indicator(
        key="certificates_expired",
        label=_("Expired certificates"),
        description=_(
            "Certificates whose 36 months had run out by the day and that were not revoked, "
            "superseded or renewed."
        ),
        unit="count",
        period="snapshot",
        yearly=_snapshot(expired_certificates),
        by_place=_by_place(expired_certificates, PRODUCER),
        records="expired",
    )
)
register(
    Indicator(
        key="ocop_producers",
        label=_("OCOP producers"),
        description=_("Producers with at least one product holding a valid certificate."),
        unit="count",
        period="snapshot",
        yearly=_snapshot(ocop_producers),
        by_place=_by_place(ocop_producers, ""),
        records="ocop_producers",
    )
)
