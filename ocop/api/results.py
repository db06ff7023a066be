"""Evaluation results (dossiers with their final score, class and outcome) and the certificate
list, read-only, in the caller's scope. The public check of one certificate by its code is
in catalogue.py."""

import datetime
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Query, Schema

from ocop.accounts.access import require, scope_certificates, scope_dossiers
from ocop.api.auth import ApiRouter
from ocop.api.errors import ERRORS
from ocop.api.registry import ListParams, page_of
from ocop.certification.models import Certificate, CertificateStatus
from ocop.evaluation.models import Dossier, Outcome

results_router = ApiRouter(tags=["evaluation"])
certificates_router = ApiRouter(tags=["certification"])


class EvaluationResult(Schema):
    id: int
    product_id: int
    product: str = Field(alias="product.name")
    round_id: int
    round: str = Field(alias="round.name")
    year: int = Field(alias="round.year")
    kind: str
    status: str
    final_score: Decimal | None
    star_class: int | None
    outcome: str


class EvaluationResultPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EvaluationResult]


class EvaluationResultFilters(ListParams):
    year: int | None = Field(None, ge=2000, le=2100)
    round: int | None = Field(None, ge=1, le=2**62)
    outcome: Outcome | None = None
    star_class: int | None = Field(None, ge=1, le=5)
    ordering: Literal["final_score", "-final_score", "created_at", "-created_at"] = "-created_at"


class CertificateRecord(Schema):
    id: int
    code: str
    product_id: int
    product: str = Field(alias="product.name")
    producer: str = Field(alias="product.producer.name")
    decision_number: str = Field(alias="decision.number")
    decision_date: datetime.date = Field(alias="decision.date")
    era: str = Field(alias="decision.era.code")
    stars: int
    potential_five: bool
    score: Decimal | None
    issued_on: datetime.date
    expires_on: datetime.date
    status: str


class CertificatePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CertificateRecord]


class CertificateListFilters(ListParams):
    status: CertificateStatus | None = None
    stars: int | None = Field(None, ge=3, le=5)
    year: int | None = Field(None, ge=2000, le=2100)
    commune: int | None = Field(None, ge=1, le=2_000_000_000)
    ordering: Literal["issued_on", "-issued_on", "expires_on", "-expires_on", "code", "-code"] = (
        "-issued_on"
    )


@results_router.get("/results", response={200: EvaluationResultPage, **ERRORS})
def list_results(request: Any, filters: Query[EvaluationResultFilters]) -> Any:
    """Dossiers that have a final score, with their class and outcome."""
    require(request.user, "evaluation.view")
    dossiers = scope_dossiers(request.user, Dossier.objects.filter(final_score__isnull=False))
    dossiers = dossiers.select_related("product", "round")
    if filters.q:
        dossiers = dossiers.filter(product__in=_products_matching(filters.q))
    for name in ("round", "outcome", "star_class"):
        if (value := getattr(filters, name)) is not None:
            dossiers = dossiers.filter(**{name: value})
    if filters.year:
        dossiers = dossiers.filter(round__year=filters.year)
    return page_of(dossiers.order_by(filters.ordering, "pk"), filters)


@certificates_router.get("", response={200: CertificatePage, **ERRORS})
def list_certificates(request: Any, filters: Query[CertificateListFilters]) -> Any:
    """Certificates with their status today, filtered like the certificate list page."""
    require(request.user, "certification.view")
    today = timezone.localdate()
    found = scope_certificates(request.user, Certificate.objects.all())
    found = found.select_related("product__producer", "decision__era")
    if filters.q:
        found = found.filter(product__in=_products_matching(filters.q))
    if filters.status:
        found = found.with_status_on(filters.status, today)
    if filters.stars:
        found = found.filter(stars=filters.stars)
    if filters.year:
        found = found.filter(issued_on__year=filters.year)
    if filters.commune:
        found = found.filter(product__producer__commune_id=filters.commune)
    # `status` (today's) is computed per certificate from its dates and suspensions.
    return page_of(found.prefetch_related("suspensions").order_by(filters.ordering, "pk"), filters)


def _products_matching(text: str) -> Any:
    from ocop.registry.models import Product

    return Product.objects.search(text)
