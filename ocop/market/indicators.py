"""Hanoi's trade-promotion targets as indicators, computed in the database for any day.

Used by the reports pages; each function takes the day to judge (`on`) so past years can be
reported with the data as it stood then:

- `share_of_malls_and_supermarkets_selling_ocop(on=)`: malls and supermarkets operating on the
  day that sell at least one OCOP product (carry one, or host an OCOP booth that lists one).
  Target 100%.
- `share_of_producers_in_modern_channels(on=)`: OCOP producers (at least one product with a
  valid 3★+ certificate on the day) that sell through at least one modern channel
  (supermarket, convenience store, e-commerce), recorded as a channel of theirs or as a
  retailer of that kind carrying their goods. Target at least 50%.
- `localities_with_design_centre(on=)`: communes (and districts before July 2025) with and
  without a creative design and sales centre (Decision 6385/2023). Target: every locality.

The dashboard asks for every year's end at once: `shares_of_…(days=)` and
`districts_with_design_centre(days=)` answer for several days in one query, by the same rules.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ocop.certification.models import Certificate
from ocop.market.compliance import MIN_STARS
from ocop.market.models import (
    MODERN_CHANNELS,
    MODERN_RETAILER_KINDS,
    Carriage,
    Listing,
    ProducerChannel,
    Retailer,
    RetailerKind,
    Showroom,
    ShowroomKind,
    active_on,
)
from ocop.places.models import Commune, LegacyDistrict
from ocop.registry.models import Producer

MALLS_AND_SUPERMARKETS_TARGET = Fraction(1)
MODERN_CHANNELS_TARGET = Fraction(1, 2)


@dataclass(frozen=True)
class Share:
    """`count` of `total`, with the ratio exact and the percentage rounded to 0.1."""

    count: int
    total: int
    target: Fraction

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.count, self.total) if self.total else Fraction(0)

    @property
    def percent(self) -> Decimal:
        exact = Decimal(self.ratio.numerator * 100) / Decimal(self.ratio.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def target_met(self) -> bool:
        return self.total > 0 and self.ratio >= self.target


def _valid_certificates(on: datetime.date) -> QuerySet[Certificate]:
    return Certificate.objects.valid_on(on).filter(stars__gte=MIN_STARS)


def _is_ocop(on: datetime.date) -> Q:
    return Q(Exists(_valid_certificates(on).filter(product__producer=OuterRef("pk"))))


def ocop_producers(on: datetime.date) -> QuerySet[Producer]:
    """Producers with at least one product holding a valid 3★+ certificate on `on`."""
    return Producer.objects.filter(_is_ocop(on))


def _sells_ocop(on: datetime.date) -> Q:
    """Retailers selling at least one OCOP product on `on`: carrying one (or a producer's whole
    range, when the producer has one), or hosting an OCOP booth that lists one."""
    valid = _valid_certificates(on)
    carries_ocop = Carriage.objects.filter(active_on(on), retailer=OuterRef("pk")).filter(
        Q(product__in=valid.values("product"))
        | Q(product__isnull=True, producer__in=valid.values("product__producer"))
    )
    hosts_ocop_booth = Listing.objects.filter(
        showroom__host_retailer=OuterRef("pk"),
        showroom__in=Showroom.objects.existing_on(on),
        since__lte=on,
        product__in=valid.values("product"),
    )
    return Q(Exists(carries_ocop)) | Q(Exists(hosts_ocop_booth))


def shares_of_malls_and_supermarkets_selling_ocop(
    *, days: list[datetime.date]
) -> dict[datetime.date, Share]:
    """`share_of_malls_and_supermarkets_selling_ocop` on each of `days`, in one query."""
    if not days:
        return {}
    counts = {}
    for i, day in enumerate(days):
        operating = Q(pk__in=Retailer.objects.operating_on(day))
        counts[f"total{i}"] = Count("pk", filter=operating)
        counts[f"selling{i}"] = Count("pk", filter=operating & _sells_ocop(day))
    found = Retailer.objects.filter(
        kind__in=[RetailerKind.MALL, RetailerKind.SUPERMARKET]
    ).aggregate(**counts)
    return {
        day: Share(found[f"selling{i}"], found[f"total{i}"], MALLS_AND_SUPERMARKETS_TARGET)
        for i, day in enumerate(days)
    }


def share_of_malls_and_supermarkets_selling_ocop(*, on: datetime.date) -> Share:
    """Malls and supermarkets operating on `on` that sell at least one OCOP product then."""
    return shares_of_malls_and_supermarkets_selling_ocop(days=[on])[on]


def _in_modern_channel(on: datetime.date) -> Q:
    """Producers selling through a modern channel on `on`: one of their own, or a retailer of
    a modern kind, operating then, carrying their goods."""
    own_channel = ProducerChannel.objects.filter(
        active_on(on), producer=OuterRef("pk"), channel__in=MODERN_CHANNELS
    )
    carried = Carriage.objects.filter(
        active_on(on),
        producer=OuterRef("pk"),
        retailer__kind__in=MODERN_RETAILER_KINDS,
        retailer__in=Retailer.objects.operating_on(on),
    )
    return Q(Exists(own_channel)) | Q(Exists(carried))


def shares_of_producers_in_modern_channels(
    *, days: list[datetime.date], producers: Q | None = None
) -> dict[datetime.date, Share]:
    """`share_of_producers_in_modern_channels` on each of `days`, in one query, among the
    producers matching `producers` (e.g. one province's; default: every producer)."""
    if not days:
        return {}
    counts = {}
    for i, day in enumerate(days):
        ocop = _is_ocop(day)
        counts[f"total{i}"] = Count("pk", filter=ocop)
        # The channel first: few producers have one, so few need the certificate look-up.
        counts[f"modern{i}"] = Count("pk", filter=_in_modern_channel(day) & ocop)
    found = Producer.objects.filter(producers or Q()).aggregate(**counts)
    return {
        day: Share(found[f"modern{i}"], found[f"total{i}"], MODERN_CHANNELS_TARGET)
        for i, day in enumerate(days)
    }


def share_of_producers_in_modern_channels(
    *, on: datetime.date, producers: Q | None = None
) -> Share:
    """OCOP producers on `on` selling through at least one modern channel then."""
    return shares_of_producers_in_modern_channels(days=[on], producers=producers)[on]


@dataclass(frozen=True)
class Localities:
    """Communes and former districts with and without a design and sales centre on a day."""

    communes_with: list[Commune]
    communes_without: list[Commune]
    districts_with: list[LegacyDistrict]
    districts_without: list[LegacyDistrict]

    @property
    def communes(self) -> Share:
        total = len(self.communes_with) + len(self.communes_without)
        return Share(len(self.communes_with), total, Fraction(1))

    @property
    def districts(self) -> Share:
        total = len(self.districts_with) + len(self.districts_without)
        return Share(len(self.districts_with), total, Fraction(1))


def _centres_on(on: datetime.date) -> QuerySet[Showroom]:
    return Showroom.objects.existing_on(on).filter(kind=ShowroomKind.DESIGN_CENTRE)


def _has_centre_in_district(on: datetime.date) -> Exists:
    """Former districts with a centre on `on`: a centre counts for the district recorded on it,
    or else for the districts its commune took over from."""
    return Exists(
        _centres_on(on).filter(
            Q(legacy_district=OuterRef("pk"))
            | Q(legacy_district__isnull=True, commune__legacy_districts=OuterRef("pk"))
        )
    )


def localities_with_design_centre(*, on: datetime.date, province: int | None = None) -> Localities:
    """Each commune and former district of the province, split by whether a creative design
    and sales centre existed there on `on` (see `_has_centre_in_district`)."""
    province = province or settings.OCOP_PROVINCE
    communes = Commune.objects.filter(province_id=province).annotate(
        has_centre=Exists(_centres_on(on).filter(commune=OuterRef("pk")))
    )
    districts = LegacyDistrict.objects.filter(province_id=province).annotate(
        has_centre=_has_centre_in_district(on)
    )
    commune_rows: list[Any] = list(communes.order_by("name"))  # annotated with has_centre
    district_rows: list[Any] = list(districts.order_by("name"))
    return Localities(
        communes_with=[c for c in commune_rows if c.has_centre],
        communes_without=[c for c in commune_rows if not c.has_centre],
        districts_with=[d for d in district_rows if d.has_centre],
        districts_without=[d for d in district_rows if not d.has_centre],
    )


def districts_with_design_centre(
    *, days: list[datetime.date], province: int | None = None
) -> dict[datetime.date, int]:
    """How many former districts of the province had a centre on each of `days` (one query)."""
    if not days:
        return {}
    province = province or settings.OCOP_PROVINCE
    counts = {
        f"n{i}": Count("pk", filter=Q(_has_centre_in_district(d))) for i, d in enumerate(days)
    }
    found = LegacyDistrict.objects.filter(province_id=province).aggregate(**counts)
    return {day: found[f"n{i}"] for i, day in enumerate(days)}
