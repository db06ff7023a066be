"""Retailers and e-commerce platforms with the goods they carry (the office keeps them;
secretaries and officers read them), and the sales channels producers use (in scope)."""

import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from ocop.accounts.access import require, scope_producers
from ocop.api.auth import ApiRouter
from ocop.api.errors import ERRORS, WRITE_ERRORS
from ocop.api.market.common import DayInput, Id, PlaceId, fill, products
from ocop.api.registry import ListParams, RecordId, page_of
from ocop.market import actions
from ocop.market.models import Carriage, Channel, ProducerChannel, Retailer, RetailerKind
from ocop.market.models.channels import RetailerQuerySet
from ocop.registry.models import Producer

router = ApiRouter(tags=["market: channels"])


class RetailerInput(Schema):
    name: str = Field(max_length=200)
    kind: RetailerKind
    chain_id: Id | None = Field(None, description="For a convenience store: its chain.")
    address: str = Field("", max_length=255)
    commune_id: PlaceId | None = None
    website: str = Field("", max_length=200)
    opened_on: datetime.date | None = None
    closed_on: datetime.date | None = None


class RetailerRecord(RetailerInput):
    id: int
    created_at: datetime.datetime


class RetailerPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RetailerRecord]


class RetailerFilters(ListParams):
    kind: RetailerKind | None = None
    commune: PlaceId | None = None
    ordering: Literal["name", "-name", "kind", "-kind", "created_at", "-created_at"] = "name"


class CarriageInput(Schema):
    product_id: Id
    since: datetime.date


class CarriageRecord(Schema):
    id: int
    retailer_id: int
    producer_id: int
    producer: str = Field(alias="producer.name")
    product_id: int | None
    product: str | None = Field(alias="product.name")
    since: datetime.date
    until: datetime.date | None
    created_at: datetime.datetime


class CarriagePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CarriageRecord]


class CarriageFilters(ListParams):
    current: bool | None = Field(None, description="true: still carried; false: ended.")
    ordering: Literal["since", "-since", "created_at", "-created_at"] = "-since"


def _retailers(request: Any) -> RetailerQuerySet:
    require(request.user, "market.view_channels")
    return Retailer.objects.all()


@router.get("/retailers", response={200: RetailerPage, **ERRORS})
def list_retailers(request: Any, filters: Query[RetailerFilters]) -> Any:
    """Malls, supermarkets, convenience chains and stores, markets and e-commerce platforms."""
    retailers = _retailers(request).search(filters.q)
    if filters.kind:
        retailers = retailers.filter(kind=filters.kind)
    if filters.commune:
        retailers = retailers.filter(commune_id=filters.commune)
    return page_of(retailers.order_by(filters.ordering, "pk"), filters)


@router.get("/retailers/{retailer_id}", response={200: RetailerRecord, **ERRORS})
def get_retailer(request: Any, retailer_id: RecordId) -> Any:
    return get_object_or_404(_retailers(request), pk=retailer_id)


@router.post("/retailers", response={201: RetailerRecord, **WRITE_ERRORS})
def create_retailer(request: Any, payload: RetailerInput) -> Any:
    require(request.user, "market.manage_retailers")
    retailer = actions.retailer_create(actor=request.user, retailer=fill(Retailer(), payload))
    return Status(201, retailer)


@router.put("/retailers/{retailer_id}", response={200: RetailerRecord, **WRITE_ERRORS})
def update_retailer(request: Any, retailer_id: RecordId, payload: RetailerInput) -> Any:
    require(request.user, "market.manage_retailers")
    retailer = get_object_or_404(Retailer, pk=retailer_id)
    return actions.retailer_update(actor=request.user, retailer=fill(retailer, payload))


@router.get("/retailers/{retailer_id}/carriages", response={200: CarriagePage, **ERRORS})
def list_carriages(request: Any, retailer_id: RecordId, filters: Query[CarriageFilters]) -> Any:
    """The goods a retailer carries or carried: one product, or a producer's whole range."""
    retailer = get_object_or_404(_retailers(request), pk=retailer_id)
    carriages = retailer.carriages.select_related("producer", "product")
    if filters.q:
        carriages = carriages.filter(producer__in=Producer.objects.search(filters.q))
    if filters.current is not None:
        carriages = carriages.filter(until__isnull=filters.current)
    return page_of(carriages.order_by(filters.ordering, "pk"), filters)


@router.post("/retailers/{retailer_id}/carriages", response={201: CarriageRecord, **WRITE_ERRORS})
def add_carriage(request: Any, retailer_id: RecordId, payload: CarriageInput) -> Any:
    """The retailer carries a product (of any province) from `since`."""
    require(request.user, "market.manage_retailers")
    retailer = get_object_or_404(Retailer, pk=retailer_id)
    [product] = products([payload.product_id], "product_id")
    carriage = actions.carriage_add(
        actor=request.user,
        retailer=retailer,
        producer=product.producer,
        product=product,
        since=payload.since,
    )
    return Status(201, carriage)


@router.post("/carriages/{carriage_id}/end", response={200: CarriageRecord, **WRITE_ERRORS})
def end_carriage(request: Any, carriage_id: RecordId, payload: DayInput) -> Any:
    require(request.user, "market.manage_retailers")
    carriages = Carriage.objects.select_related("producer", "product")
    carriage = get_object_or_404(carriages, pk=carriage_id)
    until = payload.until or timezone.localdate()
    return actions.carriage_end(actor=request.user, carriage=carriage, until=until)


class ProducerChannelInput(Schema):
    producer_id: Id
    channel: Channel
    since: datetime.date
    until: datetime.date | None = None
    note: str = Field("", max_length=255)


class ProducerChannelRecord(ProducerChannelInput):
    id: int
    producer: str = Field(alias="producer.name")
    created_at: datetime.datetime


class ProducerChannelPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProducerChannelRecord]


class ProducerChannelFilters(ListParams):
    producer: Id | None = None
    channel: Channel | None = None
    current: bool | None = Field(None, description="true: in use; false: ended.")
    ordering: Literal["since", "-since", "channel", "-channel", "created_at", "-created_at"] = (
        "-since"
    )


def _visible_producer_channels(request: Any) -> QuerySet[ProducerChannel]:
    require(request.user, "market.manage_producer_channels")
    producers = scope_producers(request.user, Producer.objects.all())
    return ProducerChannel.objects.filter(producer__in=producers).select_related("producer")


@router.get("/producer-channels", response={200: ProducerChannelPage, **ERRORS})
def list_producer_channels(request: Any, filters: Query[ProducerChannelFilters]) -> Any:
    """The channels producers sell through (traditional, supermarket, convenience, e-commerce,
    export) and since when: a producer sees its own, an officer its communes' producers."""
    rows = _visible_producer_channels(request)
    if filters.q:
        rows = rows.filter(producer__in=Producer.objects.search(filters.q))
    for name in ("producer", "channel"):
        if value := getattr(filters, name):
            rows = rows.filter(**{name: value})
    if filters.current is not None:
        rows = rows.filter(until__isnull=filters.current)
    return page_of(rows.order_by(filters.ordering, "pk"), filters)


@router.post("/producer-channels", response={201: ProducerChannelRecord, **WRITE_ERRORS})
def add_producer_channel(request: Any, payload: ProducerChannelInput) -> Any:
    producer = get_object_or_404(Producer, pk=payload.producer_id)
    require(request.user, "market.manage_producer_channels", producer)
    values = payload.model_dump(exclude={"producer_id"})
    row = actions.producer_channel_add(actor=request.user, producer=producer, **values)
    return Status(201, row)


@router.post(
    "/producer-channels/{channel_id}/end", response={200: ProducerChannelRecord, **WRITE_ERRORS}
)
def end_producer_channel(request: Any, channel_id: RecordId, payload: DayInput) -> Any:
    """The producer stopped using this channel on `until` (default today)."""
    row = get_object_or_404(_visible_producer_channels(request), pk=channel_id)
    require(request.user, "market.manage_producer_channels", row)
    until = payload.until or timezone.localdate()
    return actions.producer_channel_end(actor=request.user, row=row, until=until)
