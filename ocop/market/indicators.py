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


def ocop_producers(on: datetime.date) -> QuerySet[Producer]:
    """Producers with at least one product holding a valid 3★+ certificate on `on`."""
    return Producer.objects.filter(
        Exists(_valid_certificates(on).filter(product__producer=OuterRef("pk")))
    )


def share_of_malls_and_supermarkets_selling_ocop(*, on: datetime.date) -> Share:
    """Malls and supermarkets operating on `on` that sell at least one OCOP product then."""
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
    counts = (
        Retailer.objects.operating_on(on)
        .filter(kind__in=[RetailerKind.MALL, RetailerKind.SUPERMARKET])
        .aggregate(
            total=Count("pk"),
            selling=Count("pk", filter=Q(Exists(carries_ocop)) | Q(Exists(hosts_ocop_booth))),
        )
    )
    return Share(counts["selling"], counts["total"], MALLS_AND_SUPERMARKETS_TARGET)


def share_of_producers_in_modern_channels(*, on: datetime.date) -> Share:
    """OCOP producers on `on` selling through at least one modern channel then."""
    own_channel = ProducerChannel.objects.filter(
        active_on(on), producer=OuterRef("pk"), channel__in=MODERN_CHANNELS
    )
    carried = Carriage.objects.filter(
        active_on(on),
        producer=OuterRef("pk"),
        retailer__kind__in=MODERN_RETAILER_KINDS,
        retailer__in=Retailer.objects.operating_on(on),
    )
    counts = ocop_producers(on).aggregate(
        total=Count("pk"),
        modern=Count("pk", filter=Q(Exists(own_channel)) | Q(Exists(carried))),
    )
    return Share(counts["modern"], counts["total"], MODERN_CHANNELS_TARGET)


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


def localities_with_design_centre(*, on: datetime.date, province: int | None = None) -> Localities:
    """Each commune and former district of the province, split by whether a creative design
    and sales centre existed there on `on` (a centre counts for the district recorded on it,
    or else for the districts its commune took over from)."""
    province = province or settings.OCOP_PROVINCE
    centres = Showroom.objects.existing_on(on).filter(kind=ShowroomKind.DESIGN_CENTRE)
    communes = Commune.objects.filter(province_id=province).annotate(
        has_centre=Exists(centres.filter(commune=OuterRef("pk")))
    )
    districts = LegacyDistrict.objects.filter(province_id=province).annotate(
        has_centre=Exists(
            centres.filter(
                Q(legacy_district=OuterRef("pk"))
                | Q(legacy_district__isnull=True, commune__legacy_districts=OuterRef("pk"))
            )
        )
    )
    commune_rows: list[Any] = list(communes.order_by("name"))  # annotated with has_centre
    district_rows: list[Any] = list(districts.order_by("name"))
    return Localities(
        communes_with=[c for c in commune_rows if c.has_centre],
        communes_without=[c for c in commune_rows if not c.has_centre],
        districts_with=[d for d in district_rows if d.has_centre],
        districts_without=[d for d in district_rows if not d.has_centre],
    )
