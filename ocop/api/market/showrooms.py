"""Showrooms and points of sale, and what they list. Operators reach only their showrooms;
officers see (not change) their communes' ones; the office and secretaries see all."""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from ocop.accounts.access import can, require, scope_showrooms
from ocop.accounts.models import User
from ocop.api.auth import ApiRouter
from ocop.api.errors import ERRORS, WRITE_ERRORS
from ocop.api.market.common import Count, Id, Latitude, Longitude, PlaceId, fill, found, products
from ocop.api.registry import MAX_ID, ListParams, RecordId, page_of
from ocop.market import actions
from ocop.market.compliance import judge_listing
from ocop.market.models import Listing, Showroom, ShowroomKind, ShowroomStatus
from ocop.market.models.showrooms import ShowroomQuerySet
from ocop.market.selectors import certificates_by_product
from ocop.registry.models import Product

router = ApiRouter(tags=["market: showrooms"])


class ShowroomFields(Schema):
    name: str = Field(max_length=200)
    kind: ShowroomKind
    address: str = Field(max_length=255)
    commune_id: PlaceId
    legacy_district_id: PlaceId | None = None
    operator_name: str = Field("", max_length=255)
    host_retailer_id: Id | None = Field(None, description="For a booth: the mall or supermarket.")
    area_m2: Count | None = None
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    opening_hours: str = Field("", max_length=200)
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class ShowroomInput(ShowroomFields):
    operator_ids: list[Id] | None = Field(
        None, max_length=100, description="Operator accounts (office only); leave out to keep."
    )


class NewShowroom(ShowroomInput):
    status: ShowroomStatus = Field(
        ShowroomStatus.PLANNED, description="An open or closed one needs its dates."
    )


class ShowroomRecord(ShowroomFields):
    id: int
    status: ShowroomStatus
    commune: str = Field(alias="commune.name")
    operator_ids: list[int]
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_operator_ids(obj: Showroom) -> list[int]:
        return sorted(user.pk for user in obj.operators.all())


class ShowroomPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ShowroomRecord]


class ShowroomFilters(ListParams):
    kind: ShowroomKind | None = None
    status: ShowroomStatus | None = None
    commune: PlaceId | None = None
    ordering: Literal["name", "-name", "opened_on", "-opened_on", "created_at", "-created_at"] = (
        "name"
    )


class StatusInput(Schema):
    status: ShowroomStatus
    on: datetime.date | None = Field(None, description="Default: today.")


def _visible_showrooms(request: Any) -> ShowroomQuerySet:
    require(request.user, "market.view_showrooms")
    showrooms = Showroom.objects.select_related("commune").prefetch_related("operators")
    return scope_showrooms(request.user, showrooms)


def _operators(request: Any, payload: ShowroomInput, showroom: Showroom | None) -> Any:
    """The operator accounts to set, or None to keep them. Only the office chooses them (as on
    the form); others may send back the ones the showroom has."""
    if payload.operator_ids is None:
        return None
    if not can(request.user, "market.add_showroom"):
        current = {user.pk for user in showroom.operators.all()} if showroom else set()
        if set(payload.operator_ids) != current:
            raise PermissionDenied
        return None
    return found(User, payload.operator_ids, "operator_ids", _("No account has id %(value)s."))


@router.get("/showrooms", response={200: ShowroomPage, **ERRORS})
def list_showrooms(request: Any, filters: Query[ShowroomFilters]) -> Any:
    showrooms = _visible_showrooms(request).search(filters.q)
    for name in ("kind", "status"):
        if value := getattr(filters, name):
            showrooms = showrooms.filter(**{name: value})
    if filters.commune:
        showrooms = showrooms.filter(commune_id=filters.commune)
    return page_of(showrooms.order_by(filters.ordering, "pk"), filters)


@router.get("/showrooms/{showroom_id}", response={200: ShowroomRecord, **ERRORS})
def get_showroom(request: Any, showroom_id: RecordId) -> Any:
    return get_object_or_404(_visible_showrooms(request), pk=showroom_id)


@router.post("/showrooms", response={201: ShowroomRecord, **WRITE_ERRORS})
def create_showroom(request: Any, payload: NewShowroom) -> Any:
    require(request.user, "market.add_showroom")
    operators = _operators(request, payload, None) or ()
    showroom = fill(Showroom(), payload, exclude={"operator_ids"})
    saved = actions.showroom_create(actor=request.user, showroom=showroom, operators=operators)
    return Status(201, get_object_or_404(_visible_showrooms(request), pk=saved.pk))


@router.put("/showrooms/{showroom_id}", response={200: ShowroomRecord, **WRITE_ERRORS})
def update_showroom(request: Any, showroom_id: RecordId, payload: ShowroomInput) -> Any:
    showroom = get_object_or_404(_visible_showrooms(request), pk=showroom_id)
    require(request.user, "market.change_showroom", showroom)
    operators = _operators(request, payload, showroom)
    showroom = fill(showroom, payload, exclude={"operator_ids"})
    actions.showroom_update(actor=request.user, showroom=showroom, operators=operators)
    return get_object_or_404(_visible_showrooms(request), pk=showroom_id)


@router.post("/showrooms/{showroom_id}/status", response={200: ShowroomRecord, **WRITE_ERRORS})
def set_showroom_status(request: Any, showroom_id: RecordId, payload: StatusInput) -> Any:
    """Open, close for a while, close for good or reopen, as the current status allows."""
    showroom = get_object_or_404(_visible_showrooms(request), pk=showroom_id)
    require(request.user, "market.change_showroom", showroom)
    on = payload.on or timezone.localdate()
    actions.showroom_set_status(actor=request.user, showroom=showroom, status=payload.status, on=on)
    return get_object_or_404(_visible_showrooms(request), pk=showroom_id)


class ListingInput(Schema):
    since: datetime.date
    shelf_price: int | None = Field(None, le=MAX_ID, description="VND")
    in_stock: bool = True
    craft_village: bool = False


class NewListings(ListingInput):
    product_ids: list[Id] = Field(max_length=500, description="Products from any province.")


class ComplianceToday(Schema):
    outcome: Literal["ocop", "craft_village", "non_compliant"]
    reasons: list[str]


class ListingRecord(ListingInput):
    id: int
    showroom_id: int
    product_id: int
    product: str = Field(alias="product.name")
    producer: str = Field(alias="product.producer.name")
    compliance: ComplianceToday
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_compliance(obj: Any) -> dict[str, Any]:
        return {"outcome": obj.verdict.outcome, "reasons": obj.verdict.codes}


class ListingPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ListingRecord]


class ListingFilters(ListParams):
    in_stock: bool | None = None
    craft_village: bool | None = None
    ordering: Literal["product", "-product", "since", "-since", "shelf_price", "-shelf_price"] = (
        "product"
    )


def _judged(listings: list[Listing]) -> list[Listing]:
    """Each listing with its compliance today, by the rule of the compliance page and audit."""
    certificates = certificates_by_product(listing.product_id for listing in listings)
    today = timezone.localdate()
    for listing in listings:
        mine = certificates.get(listing.product_id, [])
        verdict = judge_listing(mine, today, craft_village=listing.craft_village)
        listing.verdict = verdict  # type: ignore[attr-defined]
    return listings


def _visible_listings(request: Any) -> QuerySet[Listing]:
    showrooms = _visible_showrooms(request)
    return Listing.objects.filter(showroom__in=showrooms).select_related("product__producer")


def _listing(request: Any, listing_id: int) -> Listing:
    return _judged([get_object_or_404(_visible_listings(request), pk=listing_id)])[0]


@router.get("/showrooms/{showroom_id}/listings", response={200: ListingPage, **ERRORS})
def list_listings(request: Any, showroom_id: RecordId, filters: Query[ListingFilters]) -> Any:
    """What a showroom lists, each with its compliance today: `outcome` ocop, craft_village
    or non_compliant, and the reasons (the codes of the compliance page)."""
    showroom = get_object_or_404(_visible_showrooms(request), pk=showroom_id)
    listings = _visible_listings(request).filter(showroom=showroom)
    if filters.q:
        listings = listings.filter(product__in=Product.objects.search(filters.q))
    for name in ("in_stock", "craft_village"):
        if (value := getattr(filters, name)) is not None:
            listings = listings.filter(**{name: value})
    ordering = filters.ordering.replace("product", "product__name")
    page = page_of(listings.order_by(ordering, "pk"), filters)
    page["items"] = _judged(page["items"])
    return page


@router.post(
    "/showrooms/{showroom_id}/listings", response={201: list[ListingRecord], **WRITE_ERRORS}
)
def add_listings(request: Any, showroom_id: RecordId, payload: NewListings) -> Any:
    """List products with the same date, price and stock, as the form does: all or none."""
    showroom = get_object_or_404(_visible_showrooms(request), pk=showroom_id)
    require(request.user, "market.manage_listings", showroom)
    chosen = products(payload.product_ids, "product_ids")
    values = payload.model_dump(exclude={"product_ids"})
    rows = [actions.ListingRow(product=product, **values) for product in chosen]
    actions.listings_add_many(actor=request.user, showroom=showroom, rows=rows)
    added = _visible_listings(request).filter(showroom=showroom, product__in=chosen)
    return Status(201, _judged(list(added.order_by("product__name", "pk"))))


@router.get("/listings/{listing_id}", response={200: ListingRecord, **ERRORS})
def get_listing(request: Any, listing_id: RecordId) -> Any:
    return _listing(request, listing_id)


@router.put("/listings/{listing_id}", response={200: ListingRecord, **WRITE_ERRORS})
def update_listing(request: Any, listing_id: RecordId, payload: ListingInput) -> Any:
    listing = get_object_or_404(_visible_listings(request), pk=listing_id)
    require(request.user, "market.manage_listings", listing)
    actions.listing_update(actor=request.user, listing=fill(listing, payload))
    return _listing(request, listing_id)


@router.delete("/listings/{listing_id}", response={204: None, **WRITE_ERRORS})
def remove_listing(request: Any, listing_id: RecordId) -> Any:
    listing = get_object_or_404(_visible_listings(request), pk=listing_id)
    require(request.user, "market.manage_listings", listing)
    actions.listing_remove(actor=request.user, listing=listing)
    return Status(204, None)
