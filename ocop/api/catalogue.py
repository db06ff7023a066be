"""Public JSON API: certificate checks and the catalogue search (the same search as /products/).

Both answers carry ETag and Last-Modified, so platforms can poll with If-None-Match or
If-Modified-Since and get 304 Not Modified while nothing changed.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.operation import PathView

from ocop.catalogue import pagecache
from ocop.catalogue.models import CatalogueEntry
from ocop.catalogue.search import Filters, Search
from ocop.catalogue.verification import verify
from ocop.certification.models import Certificate

PER_PAGE = 50
MAX_PAGE = 1_000_000


class _PublicPathView(PathView):
    """Marks the Django view of a path as public, so LoginRequiredMiddleware lets it through."""

    def clone(self) -> "_PublicPathView":
        cloned = _PublicPathView()
        cloned.is_async, cloned.url_name = self.is_async, self.url_name
        cloned.operations = [op.clone() for op in self.operations]
        return cloned

    def get_view(self) -> Callable:
        return login_not_required(super().get_view())


class PublicRouter(Router):
    """A router whose endpoints need no login (the site is login-only by default)."""

    def add_api_operation(self, path: str, *args: Any, **kwargs: Any) -> None:
        self.path_operations.setdefault(path, _PublicPathView())
        super().add_api_operation(path, *args, **kwargs)


certificates_router = PublicRouter(tags=["public: certificates"])
products_router = PublicRouter(tags=["public: catalogue"])


class PublicErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class PublicErrorOut(Schema):
    """The API's one error shape (see ocop.api.errors)."""

    error: PublicErrorBody


class PublicGroupOut(Schema):
    id: int
    code: str
    name: str
    name_en: str


class PublicPlaceOut(Schema):
    commune: str
    commune_code: int
    province: str
    province_code: int
    legacy_district: str | None


class PublicProducerOut(Schema):
    id: int
    name: str
    kind: str


class PublicCertificateBriefOut(Schema):
    code: str
    stars: int
    expires_on: datetime.date


class PublicProductItemOut(Schema):
    id: int
    name: str
    stars: int
    group: PublicGroupOut
    producer: PublicProducerOut
    place: PublicPlaceOut
    certificate: PublicCertificateBriefOut


class PublicProductListOut(Schema):
    count: int
    items: list[PublicProductItemOut]


class PublicCertificateProductOut(Schema):
    id: int
    name: str
    name_en: str
    group: PublicGroupOut
    url: str | None
    photo: str | None


class PublicCertificateProducerOut(PublicProducerOut):
    place: PublicPlaceOut


class PublicCertificateOut(Schema):
    code: str
    status: Literal["valid", "expired", "suspended", "revoked", "superseded"]
    stars: int
    product: PublicCertificateProductOut
    producer: PublicCertificateProducerOut
    issued_on: datetime.date
    expires_on: datetime.date


@certificates_router.get(
    "/{code}",
    response={200: PublicCertificateOut, 304: None, 404: PublicErrorOut},
    auth=None,
    summary="Check a certificate",
    description=(
        "What a QR code on an OCOP label stands for. The code may be written in any letter "
        "case, with or without spaces or dashes (`hn 2025 00123` = `HN-2025-00123`). "
        "`status` is one of valid, expired, suspended, revoked, superseded; an unknown code "
        "gives 404 with a JSON `error` body. Send If-None-Match (ETag) to poll cheaply."
    ),
)
def certificate(request: HttpRequest, code: str) -> Any:
    answer = pagecache.answer(
        request, "api-certificate", lambda: _certificate(code), personal=False
    )
    return _conditional(request, answer.response())


def _certificate(code: str) -> pagecache.Answer:
    today = timezone.localdate()
    result = verify(code, today)
    cert = result.certificate
    if cert is None:
        message = _("No OCOP certificate has this code.")
        body: dict = {"error": {"code": "not_found", "message": message, "fields": {}}}
        return pagecache.Answer.of(_json(body, status=404))
    product, producer = cert.product, cert.product.producer
    entry = getattr(product, "catalogue_entry", None)
    photo = entry.photo_id if entry else None
    payload = PublicCertificateOut(
        code=cert.code,
        status=result.status,  # type: ignore[arg-type]
        stars=cert.stars,
        product=PublicCertificateProductOut(
            id=product.pk,
            name=product.name,
            name_en=product.name_en,
            group=PublicGroupOut(**_group(entry.group if entry else product.category)),
            url=_absolute(entry.get_absolute_url()) if entry else None,
            photo=_absolute(reverse("registry:photo", args=[photo])) if photo else None,
        ),
        producer=PublicCertificateProducerOut(
            id=producer.pk,
            name=producer.name,
            kind=producer.kind,
            place=PublicPlaceOut(**_place(producer.commune, producer.legacy_district)),
        ),
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
    )
    changed = entry.changed_at if entry else cert.created_at
    last_modified = max(changed, _turn_of(cert, today))
    return pagecache.Answer.of(_json(payload.model_dump(mode="json"), last_modified))


@products_router.get(
    "",
    response={200: PublicProductListOut, 304: None},
    auth=None,
    summary="Search certified products",
    description=(
        "The products holding a valid OCOP certificate today (3★ and above, and potential 5★), "
        "with the same search as the public catalogue: `q` ignores accents and letter case "
        "(`bat trang` finds `Bát Tràng`, `dong da` finds `Đống Đa`). Facet values are ids as "
        "returned in `items` (`group.id`, `place.province_code`, `place.commune_code`); "
        f"unknown values give no results rather than an error. {PER_PAGE} items per page."
    ),
)
def products(
    request: HttpRequest,
    q: str = Query(
        "", description="Words to find in product, producer, village, commune and group names"
    ),
    stars: str = Query("", description="3, 4 or 5"),
    group: str = Query("", description="Product group id"),
    province: str = Query("", description="Province code"),
    commune: str = Query("", description="Commune code"),
    page: str = Query("1", description="Page number, from 1 (anything else gives page 1)"),
) -> Any:
    params = {"stars": stars, "group": group, "province": province, "commune": commune}

    def build() -> pagecache.Answer:
        search = Search(q, Filters.from_params(params))
        total = search.facets().total
        offset = (_page_number(page) - 1) * PER_PAGE
        items = [_item(e) for e in search.entries(offset, PER_PAGE)] if offset < total else []
        changed = CatalogueEntry.objects.aggregate(last=Max("changed_at"))["last"]
        start_of_day = _midnight(timezone.localdate())
        last_modified = max(changed, start_of_day) if changed else start_of_day
        return pagecache.Answer.of(_json({"count": total, "items": items}, last_modified))

    answer = pagecache.answer(request, "api-products", build, personal=False)
    return _conditional(request, answer.response())


def _page_number(text: str) -> int:
    try:
        return min(max(int(text), 1), MAX_PAGE)
    except ValueError:
        return 1


# Lists are built as plain data (PublicProductItemOut documents the shape): making a schema
# object per item cost more than the search itself.
def _item(entry: CatalogueEntry) -> dict[str, Any]:
    return {
        "id": entry.product_id,
        "name": entry.product.name,
        "stars": entry.stars or 0,
        "group": _group(entry.group),
        "producer": {
            "id": entry.producer_id,
            "name": entry.producer.name,
            "kind": entry.producer_kind,
        },
        "place": _place(entry.commune, entry.legacy_district, entry.province),
        "certificate": {
            "code": entry.certificate_code,
            "stars": entry.stars or 0,
            "expires_on": entry.expires_on.isoformat() if entry.expires_on else None,
        },
    }


def _group(category: Any) -> dict[str, Any]:
    return {
        "id": category.pk,
        "code": category.code,
        "name": category.name_vi,
        "name_en": category.name_en,
    }


def _place(commune: Any, district: Any, province: Any = None) -> dict[str, Any]:
    province = province or commune.province
    return {
        "commune": commune.name,
        "commune_code": commune.pk,
        "province": province.name,
        "province_code": province.pk,
        "legacy_district": district.name if district else None,
    }


def _absolute(path: str) -> str:
    return settings.OCOP_SITE_URL.rstrip("/") + path


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _turn_of(cert: Certificate, today: datetime.date) -> datetime.datetime:
    """The start of the latest day on which the certificate's status could have turned by
    date alone (took effect, expired, was revoked, superseded, suspended or reinstated)."""
    days = [cert.issued_on, cert.expires_on, cert.revoked_on, cert.superseded_on]
    for s in cert.suspensions.all():
        days += [s.starts_on, s.ends_on]
    return _midnight(max(d for d in days if d and d <= today))


def _json(
    body: dict, last_modified: datetime.datetime | None = None, status: int = 200
) -> HttpResponse:
    """`body` as JSON with an ETag (and Last-Modified when given), cacheable for a minute."""
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(content, content_type="application/json; charset=utf-8", status=status)
    if status == 200:
        response["ETag"] = quote_etag(hashlib.sha256(content).hexdigest()[:32])
        response["Cache-Control"] = "public, max-age=60"
    if last_modified is not None:
        response["Last-Modified"] = http_date(int(last_modified.timestamp()))
    return response


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 Not Modified when the client's If-None-Match or If-Modified-Since still holds."""
    if response.status_code != 200:
        return response
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    return conditional or response
