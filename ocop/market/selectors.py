"""Reads for the market pages and for other apps (the catalogue's "where to buy")."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from ocop.certification.models import Certificate, Suspension
from ocop.market.compliance import ShowroomReport, judge_listing, judge_showroom
from ocop.market.maps import directions_url
from ocop.market.models import (
    Carriage,
    Fair,
    Listing,
    Retailer,
    RetailerKind,
    Showroom,
    ShowroomStatus,
    active_on,
)
from ocop.registry.models import Product


def certificates_by_product(product_ids: Iterable[int]) -> dict[int, list[Certificate]]:
    """Every certificate of these products, with suspensions prefetched for the pure rules."""
    found: dict[int, list[Certificate]] = defaultdict(list)
    certificates = Certificate.objects.filter(product_id__in=set(product_ids)).prefetch_related(
        Prefetch("suspensions", queryset=Suspension.objects.order_by("starts_on"))
    )
    for certificate in certificates:
        found[certificate.product_id].append(certificate)
    return found


def showroom_listings(showroom: Showroom) -> list[Listing]:
    return list(
        showroom.listings.select_related(
            "product__producer", "product__province_of_origin"
        ).order_by("product__name", "pk")
    )


def showroom_report(showroom: Showroom, day: datetime.date | None = None) -> ShowroomReport:
    """The compliance of `showroom` on `day` (today by default), listing by listing."""
    day = day or timezone.localdate()
    listings = showroom_listings(showroom)
    certificates = certificates_by_product(listing.product_id for listing in listings)
    return judge_showroom(showroom, listings, certificates, day)


@dataclass(frozen=True)
class PlaceToBuy:
    """One place that sells a product: an open showroom, a retailer or an e-commerce platform."""

    kind: str  # "showroom", "retailer" or "platform"
    kind_label: str
    name: str
    address: str
    commune: str
    since: datetime.date | None
    price: int | None
    in_stock: bool | None
    opening_hours: str
    phone: str
    website: str
    directions_url: str
    latitude: Decimal | None
    longitude: Decimal | None

    @property
    def url(self) -> str:
        """The link to follow: the platform's site, or directions to a shop."""
        return self.website or self.directions_url


def where_to_buy(product: Product, day: datetime.date | None = None) -> list[PlaceToBuy]:
    """Where the public can buy `product` today: open showrooms whose listing of it is compliant
    (it holds a valid 3★+ certificate), then retailers and platforms carrying it. Empty for a
    product that is not a valid OCOP product on `day`."""
    day = day or timezone.localdate()
    certificates = certificates_by_product([product.pk]).get(product.pk, [])
    if not judge_listing(certificates, day).is_ocop:
        return []
    listings = (
        Listing.objects.filter(product=product, showroom__status=ShowroomStatus.OPEN)
        .select_related("showroom__commune")
        .order_by("-in_stock", "showroom__name")
    )
    places = [_showroom_place(listing) for listing in listings]
    carriages = (
        Carriage.objects.filter(active_on(day), Q(product=product) | Q(product__isnull=True))
        .filter(producer_id=product.producer_id)
        .filter(retailer__in=Retailer.objects.operating_on(day))
        .select_related("retailer__commune")
        .order_by("retailer__kind", "retailer__name")
    )
    seen: set[int] = set()
    for carriage in carriages:
        if carriage.retailer_id not in seen:
            seen.add(carriage.retailer_id)
            places.append(_retailer_place(carriage))
    return places


def _showroom_place(listing: Listing) -> PlaceToBuy:
    showroom = listing.showroom
    return PlaceToBuy(
        kind="showroom",
        kind_label=showroom.get_kind_display(),
        name=showroom.name,
        address=showroom.address,
        commune=showroom.commune.name,
        since=listing.since,
        price=listing.shelf_price,
        in_stock=listing.in_stock,
        opening_hours=showroom.opening_hours,
        phone=showroom.phone,
        website="",
        directions_url=directions_url(showroom.latitude, showroom.longitude, showroom.address),
        latitude=showroom.latitude,
        longitude=showroom.longitude,
    )


def _retailer_place(carriage: Carriage) -> PlaceToBuy:
    retailer = carriage.retailer
    online = retailer.kind == RetailerKind.ECOMMERCE
    return PlaceToBuy(
        kind="platform" if online else "retailer",
        kind_label=retailer.get_kind_display(),
        name=retailer.name,
        address=retailer.address,
        commune=retailer.commune.name if retailer.commune else "",
        since=carriage.since,
        price=None,
        in_stock=None,
        opening_hours="",
        phone="",
        website=retailer.website,
        directions_url="" if online else directions_url(None, None, retailer.address),
        latitude=None,
        longitude=None,
    )


def map_showrooms() -> list[Showroom]:
    """Showrooms the public can visit (open or temporarily closed), for the map and its list."""
    return list(
        Showroom.objects.filter(status__in=[ShowroomStatus.OPEN, ShowroomStatus.TEMPORARILY_CLOSED])
        .select_related("commune")
        .order_by("commune__name", "name")
    )


def map_fairs(day: datetime.date) -> list[Fair]:
    """Fairs running now or coming up, for the map and its list."""
    return list(Fair.objects.upcoming(day).select_related("commune"))
