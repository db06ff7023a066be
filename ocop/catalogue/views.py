"""Public pages (no login): the catalogue, product pages, certificate verification, open data
and the sitemap. Each runs a fixed number of queries whatever the amount of data."""

import datetime
import logging
import re
from typing import Any, cast

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe
from django_htmx.middleware import HtmxDetails

from ocop.catalogue import opendata, pagecache, selectors
from ocop.catalogue.models import CatalogueEntry, OpenDataSnapshot
from ocop.catalogue.search import MAX_QUERY_CHARS, SORTS, Filters, Results, Search
from ocop.catalogue.verification import (
    CODE_SHAPE,
    NOT_CODE,
    count_verification,
    normalize_code,
    verify,
)
from ocop.certification.models import Certificate
from ocop.certification.printing import certificate_pdf
from ocop.certification.selectors import product_timeline
from ocop.security.signing import Identity, identity_for

PER_PAGE = 24
logger = logging.getLogger(__name__)


class PublicRequest(HttpRequest):
    """A request to a public page (no user guaranteed), with django-htmx's details."""

    htmx: HtmxDetails


LEADING_ID = re.compile(r"^(\d{1,18})(?:-|$)")


@login_not_required
@require_safe
def product_list(request: PublicRequest) -> HttpResponse:
    answer = pagecache.answer(request, "products", lambda: _product_list(request))
    response = answer.response()
    patch_vary_headers(response, ["HX-Request"])  # one URL, two bodies
    return response


def _product_list(request: PublicRequest) -> pagecache.Answer:
    q = request.GET.get("q", "")[:MAX_QUERY_CHARS]
    filters = Filters.from_params(request.GET)
    search = Search(q, filters, request.GET.get("sort", ""))
    facets = search.facets()
    results = cast(Any, Results(search, facets.total))  # sized and sliceable, not a QuerySet
    page = Paginator(results, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "q": q,
        "sort": search.sort,
        "sorts": SORTS,
        "page": page,
        "total": facets.total,
        "facets": selectors.facet_choices(facets, filters),
        "filtered": bool(filters.active()),
        "filters_count": len(filters.active()),
        "broader": search.broader() if not facets.total else [],
        "site_url": settings.OCOP_SITE_URL.rstrip("/"),
        "looks_like_code": bool(CODE_SHAPE.match(NOT_CODE.sub("", q.upper()))),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "catalogue/product_list.html" + ("#catalogue" if partial else "")
    return pagecache.Answer.of(render(request, template, context))


@login_not_required
@require_safe
def product_detail(request: HttpRequest, key: str) -> HttpResponse:
    match = LEADING_ID.match(key)
    if not match:
        raise Http404
    entry = get_object_or_404(
        CatalogueEntry.objects.select_related(
            "product__producer__commune__province",
            "producer__legacy_district",
            "certificate__decision",
            "group",
            "subgroup",
            "province",
        ),
        pk=int(match[1]),
    )
    if key != entry.slug:
        return redirect(entry, permanent=True)
    today = timezone.localdate()
    product = entry.product
    listed = entry.is_listed and entry.expires_on is not None and entry.expires_on > today
    return render(
        request,
        "catalogue/product_detail.html",
        {
            "entry": entry,
            "product": product,
            "producer": product.producer,
            "listed": listed,
            "photos": product.photos.all(),
            "timeline": product_timeline(product, public=True, today=today),
            "where_to_buy": selectors.where_to_buy(product),
            "qr_svg": _qr(entry.certificate_code) if listed else "",
            "site_url": settings.OCOP_SITE_URL.rstrip("/"),
        },
    )


def _qr(code: str) -> str:
    url = f"{settings.OCOP_SITE_URL.rstrip('/')}/verify/{code}"
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2))


@login_not_required
@require_safe
def verify_form(request: HttpRequest) -> HttpResponse:
    typed = request.GET.get("code", "")
    code = normalize_code(typed)
    if code:
        return redirect("catalogue:verify", code=code)
    context = {
        "result": None,
        "code": "",
        "typed_nothing": "code" in request.GET,
        "official_address": _official_address(),
    }
    return render(request, "catalogue/verify.html", context)


def _official_address() -> str:
    """The public verification address, in full, that visitors should check they are on."""
    return settings.OCOP_SITE_URL.rstrip("/") + reverse("catalogue:verify_form")


@login_not_required
@require_safe
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    today = timezone.localdate()

    def build() -> pagecache.Answer:
        result = verify(code, today)
        photo = result.certificate.product.photos.first() if result.certificate else None
        context = {
            "result": result,
            "code": result.code,
            "photo": photo,
            "official_address": _official_address(),
            "signer": _signer(result.certificate) if result.certificate else None,
        }
        status = 200 if result.found else 404
        response = render(request, "catalogue/verify.html", context, status=status)
        return pagecache.Answer.of(response, result.certificate.pk if result.certificate else None)

    answer = pagecache.answer(request, "verify", build)
    if answer.subject_id is not None and request.method == "GET":
        count_verification(answer.subject_id, today)
    return answer.response()


def _signer(certificate: Certificate) -> Identity | None:
    try:
        return identity_for(sample=certificate.is_sample)
    except ImproperlyConfigured:
        logger.exception("The certificate signing key cannot be used")
        return None


@login_not_required
@require_safe
def verify_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate PDF, digitally signed when a signing key is configured."""
    result = verify(code, timezone.localdate())
    if result.certificate is None:
        raise Http404
    response = HttpResponse(certificate_pdf(result.certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{result.certificate.code}.pdf"'
    return response


@login_not_required
@require_safe
def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "catalogue/open_data.html",
        {
            "fields": opendata.FIELDS,
            "licence_name": opendata.LICENCE_NAME,
            "licence_url": opendata.LICENCE_URL,
            "now": timezone.now(),
            "snapshots": OpenDataSnapshot.objects.defer("csv_gz", "json_gz")[:60],
        },
    )


@login_not_required
@require_safe
def open_data_download(request: HttpRequest, kind: str) -> HttpResponse:
    """Today's list, or a stored snapshot with ?date=YYYY-MM-DD."""
    wanted = request.GET.get("date", "")
    if wanted:
        try:
            day = datetime.date.fromisoformat(wanted[:10])
        except ValueError:
            raise Http404 from None
        snapshot = get_object_or_404(OpenDataSnapshot, date=day)
        content = opendata.snapshot_content(snapshot, kind)
        name = f"ocop-products-{day.isoformat()}.{kind}"
    else:
        day, records = timezone.localdate(), list(opendata.rows(timezone.localdate()))
        if kind == "csv":
            content = opendata.to_csv(records)
        else:
            content = opendata.to_json(records, day, timezone.now())
        name = f"ocop-products-{day.isoformat()}.{kind}"
    content_type = "text/csv; charset=utf-8" if kind == "csv" else "application/json"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_not_required
@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    entries = (
        CatalogueEntry.objects.filter(is_listed=True, expires_on__gt=today)
        .select_related("product")
        .only("product_id", "product__name", "changed_at")[:49_000]
    )
    return render(
        request,
        "catalogue/sitemap.xml",
        {"entries": entries, "site_url": settings.OCOP_SITE_URL.rstrip("/")},
        content_type="application/xml",
    )
