"""Registry API: producers and products, read and write. Writes call the same action functions
as the forms (same validation, same audit events); every request acts with the caller's role
and scope (ocop/accounts/access.py).

Lists share one shape and one set of conventions: `page` and `page_size` (at most 100),
`q` to search, `ordering` (a field name, "-" for descending), and `{"count", "page",
"page_size", "items"}` back."""

import datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status
from ninja.params import functions as params

from ocop.accounts.access import in_scope, require, scope_producers, scope_products
from ocop.api.auth import ApiRouter
from ocop.api.errors import ERRORS, WRITE_ERRORS
from ocop.registry import actions
from ocop.registry.models import Producer, ProducerKind, Product

router = ApiRouter(tags=["registry"])

MAX_PAGE_SIZE = 100
MAX_ID = 2**62
# An id in a path; one beyond what the databases store is a 422, not a crash.
RecordId = Annotated[int, params.Path(..., ge=1, le=MAX_ID)]


class ListParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE)
    q: str = Field("", max_length=200)


def page_of(queryset: QuerySet, params: ListParams) -> dict[str, Any]:
    """One page of a list in the shape every list endpoint returns."""
    start = (params.page - 1) * params.page_size
    return {
        "count": queryset.count(),
        "page": params.page,
        "page_size": params.page_size,
        "items": list(queryset[start : start + params.page_size]),
    }


class ProducerInput(Schema):
    kind: ProducerKind
    name: str = Field(max_length=255)
    tax_code: str | None = Field(None, max_length=14)
    business_registration_no: str = Field("", max_length=30)
    commune_id: int = Field(ge=1, le=2_000_000_000)
    legacy_district_id: int | None = Field(None, ge=1, le=2_000_000_000)
    village: str = Field("", max_length=120)
    address: str = Field("", max_length=255)
    representative: str = Field("", max_length=120)
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    women_led: bool = False
    ethnic_minority_led: bool = False
    workers: int | None = Field(None, ge=0, le=2_000_000_000)
    founded_year: int | None = Field(None, ge=1800, le=2100)


class ProducerRecord(ProducerInput):
    id: int
    kind: str  # type: ignore[assignment]
    commune: str = Field(alias="commune.name")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ProducerPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProducerRecord]


class ProducerFilters(ListParams):
    kind: ProducerKind | None = None
    commune: int | None = Field(None, ge=1, le=2_000_000_000)
    ordering: Literal["name", "-name", "tax_code", "-tax_code", "created_at", "-created_at"] = (
        "name"
    )


class ProductInput(Schema):
    name: str = Field(max_length=255)
    name_en: str = Field("", max_length=255)
    producer_id: int = Field(ge=1, le=2**62)
    category_id: int = Field(ge=1, le=2**62)
    description: str = ""
    story: str = ""
    unit: str = Field("", max_length=40)
    reference_price: int | None = Field(None, ge=0, le=2**62)
    raw_material_origin: str = Field("", max_length=255)
    province_of_origin_id: int = Field(ge=1, le=2_000_000_000)


class ProductRecord(ProductInput):
    id: int
    category_code: str = Field(alias="category.code")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ProductPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ProductRecord]


class ProductFilters(ListParams):
    producer: int | None = Field(None, ge=1, le=2**62)
    category: int | None = Field(None, ge=1, le=2**62)
    ordering: Literal[
        "name", "-name", "created_at", "-created_at", "reference_price", "-reference_price"
    ] = "name"


def _visible_producers(request: Any) -> Any:
    require(request.user, "registry.view")
    return scope_producers(request.user, Producer.objects.select_related("commune"))


def _visible_products(request: Any) -> Any:
    require(request.user, "registry.view")
    return scope_products(request.user, Product.objects.select_related("category"))


@router.get("/producers", response={200: ProducerPage, **ERRORS})
def list_producers(request: Any, filters: Query[ProducerFilters]) -> Any:
    producers = _visible_producers(request).search(filters.q)
    if filters.kind:
        producers = producers.filter(kind=filters.kind)
    if filters.commune:
        producers = producers.filter(commune_id=filters.commune)
    return page_of(producers.order_by(filters.ordering, "pk"), filters)


@router.get("/producers/{producer_id}", response={200: ProducerRecord, **ERRORS})
def get_producer(request: Any, producer_id: RecordId) -> Any:
    return get_object_or_404(_visible_producers(request), pk=producer_id)


def _producer_from(payload: ProducerInput, producer: Producer) -> Producer:
    for name, value in payload.dict().items():
        setattr(producer, name, value)
    producer.tax_code = (producer.tax_code or "").replace(" ", "") or None
    return producer


def _require_in_scope(user: Any, obj: Any) -> None:
    # The record as it will be saved must also lie in the caller's scope (e.g. own commune).
    placed = obj.commune_id if isinstance(obj, Producer) else obj.producer_id
    if placed and not in_scope(user, obj):
        raise PermissionDenied


@router.post("/producers", response={201: ProducerRecord, **WRITE_ERRORS})
def create_producer(request: Any, payload: ProducerInput) -> Any:
    require(request.user, "registry.add_producer")
    producer = _producer_from(payload, Producer())
    _require_in_scope(request.user, producer)
    return Status(201, actions.producer_create(actor=request.user, producer=producer))


@router.put("/producers/{producer_id}", response={200: ProducerRecord, **WRITE_ERRORS})
def update_producer(request: Any, producer_id: RecordId, payload: ProducerInput) -> Any:
    producer = get_object_or_404(_visible_producers(request), pk=producer_id)
    require(request.user, "registry.change_producer", producer)
    producer = _producer_from(payload, producer)
    _require_in_scope(request.user, producer)
    return actions.producer_update(actor=request.user, producer=producer)


@router.delete("/producers/{producer_id}", response={204: None, **WRITE_ERRORS})
def delete_producer(request: Any, producer_id: RecordId) -> Any:
    producer = get_object_or_404(_visible_producers(request), pk=producer_id)
    require(request.user, "registry.delete_producer", producer)
    actions.producer_delete(actor=request.user, producer=producer)
    return Status(204, None)


@router.get("/products", response={200: ProductPage, **ERRORS})
def list_products(request: Any, filters: Query[ProductFilters]) -> Any:
    products = _visible_products(request).search(filters.q)
    if filters.producer:
        products = products.filter(producer_id=filters.producer)
    if filters.category:
        products = products.filter(category_id=filters.category)
    return page_of(products.order_by(filters.ordering, "pk"), filters)


@router.get("/products/{product_id}", response={200: ProductRecord, **ERRORS})
def get_product(request: Any, product_id: RecordId) -> Any:
    return get_object_or_404(_visible_products(request), pk=product_id)


def _product_from(payload: ProductInput, product: Product) -> Product:
    for name, value in payload.dict().items():
        setattr(product, name, value)
    return product


@router.post("/products", response={201: ProductRecord, **WRITE_ERRORS})
def create_product(request: Any, payload: ProductInput) -> Any:
    product = _product_from(payload, Product())
    producer = get_object_or_404(Producer, pk=payload.producer_id)
    require(request.user, "registry.add_product", producer)
    return Status(201, actions.product_create(actor=request.user, product=product))


@router.put("/products/{product_id}", response={200: ProductRecord, **WRITE_ERRORS})
def update_product(request: Any, product_id: RecordId, payload: ProductInput) -> Any:
    product = get_object_or_404(_visible_products(request), pk=product_id)
    require(request.user, "registry.change_product", product)
    product = _product_from(payload, product)
    _require_in_scope(request.user, product)
    return actions.product_update(actor=request.user, product=product)


@router.delete("/products/{product_id}", response={204: None, **WRITE_ERRORS})
def delete_product(request: Any, product_id: RecordId) -> Any:
    product = get_object_or_404(_visible_products(request), pk=product_id)
    require(request.user, "registry.delete_product", product)
    actions.product_delete(actor=request.user, product=product)
    return Status(204, None)
