"""Trade fairs (public to read, as the calendar is; the office schedules them and records their
results) and registrations to exhibit (a producer registers; the office decides)."""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from ocop.accounts.access import can, require
from ocop.api.auth import ApiRouter
from ocop.api.errors import ERRORS, WRITE_ERRORS, ApiError
from ocop.api.market.common import Count, Id, Latitude, Longitude, PlaceId, fill, found, products
from ocop.api.registry import MAX_ID, ListParams, RecordId, page_of
from ocop.market import actions
from ocop.market.models import Fair, FairRegistration, RegionTheme, RegistrationStatus
from ocop.market.models.fairs import FairQuerySet
from ocop.places.models import Province
from ocop.registry.models import Producer

router = ApiRouter(tags=["market: fairs"])

PUBLIC_ERRORS: dict[int, Any] = {404: ApiError, 422: ApiError}


class FairInput(Schema):
    name: str = Field(max_length=255)
    venue: str = Field(max_length=200)
    address: str = Field("", max_length=255)
    commune_id: PlaceId | None = None
    legacy_district_id: PlaceId | None = None
    starts_on: datetime.date
    ends_on: datetime.date
    organiser: str = Field(max_length=255)
    region_theme: RegionTheme = RegionTheme.NONE
    province_ids: list[PlaceId] = Field([], max_length=100, description="Provinces taking part.")
    booths: Count = 0
    description: str = ""
    latitude: Latitude | None = None
    longitude: Longitude | None = None


class FairResultsInput(Schema):
    reported_sales: int | None = Field(None, le=MAX_ID, description="VND")
    visitors: int | None = Field(None, le=2_000_000_000)
    deals: int | None = Field(None, le=2_000_000_000)
    results_note: str = ""


class FairRecord(FairInput, FairResultsInput):
    id: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_province_ids(obj: Fair) -> list[int]:
        return sorted(province.pk for province in obj.provinces.all())


class FairPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[FairRecord]


class FairFilters(ListParams):
    when: Literal["upcoming", "past"] | None = Field(
        None, description="upcoming: not over yet (running ones too); past: over."
    )
    year: int | None = Field(None, ge=2000, le=2100)
    region_theme: RegionTheme | None = None
    commune: PlaceId | None = None
    ordering: Literal["starts_on", "-starts_on", "name", "-name"] = "-starts_on"


class RegistrationInput(Schema):
    product_ids: list[Id] = Field(max_length=200, description="Your own products.")
    note: str = Field("", max_length=255)


class RegistrationRecord(RegistrationInput):
    id: int
    fair_id: int
    producer_id: int
    producer: str = Field(alias="producer.name")
    status: RegistrationStatus
    booth: str
    sales: int | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_product_ids(obj: FairRegistration) -> list[int]:
        return sorted(product.pk for product in obj.products.all())


class RegistrationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RegistrationRecord]


class RegistrationFilters(ListParams):
    status: RegistrationStatus | None = None
    ordering: Literal["created_at", "-created_at", "booth", "-booth"] = "created_at"


class DecisionInput(Schema):
    status: Literal["accepted", "rejected", "withdrawn"]
    booth: str = Field("", max_length=20, description="Needed to accept.")


def _fairs() -> FairQuerySet:
    return Fair.objects.prefetch_related("provinces")


def _fair_from(payload: FairInput, fair: Fair) -> tuple[Fair, list[Province]]:
    message = _("No province has code %(value)s.")
    provinces = found(Province, payload.province_ids, "province_ids", message)
    return fill(fair, payload, exclude={"province_ids"}), provinces


@router.get("/fairs", response={200: FairPage, **PUBLIC_ERRORS}, auth=None)
def list_fairs(request: Any, filters: Query[FairFilters]) -> Any:
    """Public: trade fairs, with their results once reported."""
    fairs = _fairs().search(filters.q)
    today = timezone.localdate()
    if filters.when == "upcoming":
        fairs = fairs.filter(ends_on__gte=today)
    elif filters.when == "past":
        fairs = fairs.filter(ends_on__lt=today)
    if filters.year:
        fairs = fairs.filter(starts_on__year=filters.year)
    if filters.region_theme is not None:
        fairs = fairs.filter(region_theme=filters.region_theme)
    if filters.commune:
        fairs = fairs.filter(commune_id=filters.commune)
    return page_of(fairs.order_by(filters.ordering, "pk"), filters)


@router.get("/fairs/{fair_id}", response={200: FairRecord, **PUBLIC_ERRORS}, auth=None)
def get_fair(request: Any, fair_id: RecordId) -> Any:
    """Public: one fair."""
    return get_object_or_404(_fairs(), pk=fair_id)


@router.post("/fairs", response={201: FairRecord, **WRITE_ERRORS})
def create_fair(request: Any, payload: FairInput) -> Any:
    require(request.user, "market.manage_fairs")
    fair, provinces = _fair_from(payload, Fair())
    saved = actions.fair_create(actor=request.user, fair=fair, provinces=provinces)
    return Status(201, get_object_or_404(_fairs(), pk=saved.pk))


@router.put("/fairs/{fair_id}", response={200: FairRecord, **WRITE_ERRORS})
def update_fair(request: Any, fair_id: RecordId, payload: FairInput) -> Any:
    require(request.user, "market.manage_fairs")
    fair, provinces = _fair_from(payload, get_object_or_404(Fair, pk=fair_id))
    actions.fair_update(actor=request.user, fair=fair, provinces=provinces)
    return get_object_or_404(_fairs(), pk=fair_id)


@router.put("/fairs/{fair_id}/results", response={200: FairRecord, **WRITE_ERRORS})
def record_fair_results(request: Any, fair_id: RecordId, payload: FairResultsInput) -> Any:
    """What the fair achieved; accepted from its last day on."""
    require(request.user, "market.manage_fairs")
    fair = get_object_or_404(Fair, pk=fair_id)
    today = timezone.localdate()
    actions.fair_record_results(actor=request.user, fair=fair, today=today, **payload.model_dump())
    return get_object_or_404(_fairs(), pk=fair_id)


def _visible_registrations(request: Any) -> QuerySet[FairRegistration]:
    """The office sees every registration; a producer its own."""
    registrations = FairRegistration.objects.select_related("producer")
    registrations = registrations.prefetch_related("products")
    if can(request.user, "market.manage_fairs"):
        return registrations
    require(request.user, "market.register_for_fair")
    return registrations.filter(producer_id=request.user.producer_id)


@router.get("/fairs/{fair_id}/registrations", response={200: RegistrationPage, **ERRORS})
def list_registrations(request: Any, fair_id: RecordId, filters: Query[RegistrationFilters]) -> Any:
    """Who asked to exhibit at a fair (the office sees everyone; a producer itself)."""
    registrations = _visible_registrations(request)
    fair = get_object_or_404(Fair, pk=fair_id)
    registrations = registrations.filter(fair=fair)
    if filters.q:
        registrations = registrations.filter(producer__in=Producer.objects.search(filters.q))
    if filters.status:
        registrations = registrations.filter(status=filters.status)
    return page_of(registrations.order_by(filters.ordering, "pk"), filters)


@router.post("/fairs/{fair_id}/registrations", response={201: RegistrationRecord, **WRITE_ERRORS})
def register_for_fair(request: Any, fair_id: RecordId, payload: RegistrationInput) -> Any:
    """A producer asks to exhibit its products, before the fair starts."""
    require(request.user, "market.register_for_fair")
    producer = request.user.producer
    if producer is None:
        raise PermissionDenied
    fair = get_object_or_404(Fair, pk=fair_id)
    registration = actions.fair_register(
        actor=request.user,
        fair=fair,
        producer=producer,
        products=products(payload.product_ids, "product_ids"),
        today=timezone.localdate(),
        note=payload.note,
    )
    return Status(201, get_object_or_404(_visible_registrations(request), pk=registration.pk))


@router.post(
    "/registrations/{registration_id}/decision",
    response={200: RegistrationRecord, **WRITE_ERRORS},
)
def decide_registration(request: Any, registration_id: RecordId, payload: DecisionInput) -> Any:
    """The organiser accepts (with a booth), does not accept, or withdraws a registration."""
    require(request.user, "market.manage_fairs")
    registration = get_object_or_404(FairRegistration, pk=registration_id)
    actions.registration_decide(
        actor=request.user, registration=registration, status=payload.status, booth=payload.booth
    )
    return get_object_or_404(_visible_registrations(request), pk=registration_id)
