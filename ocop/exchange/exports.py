"""Exports of the lists, with the import templates' columns (so an export re-imports without
change) and the same filters (GET parameters) as the list pages."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.accounts.access import (
    scope_certificates,
    scope_producers,
    scope_products,
    scope_showrooms,
)
from ocop.certification.models import Certificate, CertificateStatus
from ocop.exchange.importers import REGISTRY
from ocop.exchange.importers.producers import KIND_VI
from ocop.exchange.importers.showrooms import KIND_VI as SHOWROOM_KIND_VI
from ocop.exchange.importers.showrooms import STATUS_VI as SHOWROOM_STATUS_VI
from ocop.market.models import Fair, Listing, Showroom, ShowroomKind, ShowroomStatus
from ocop.registry.models import Producer, ProducerKind, Product


def yes_no(value: bool) -> str:
    return "có" if value else "không"


def producer_rows(producers: Iterable[Producer]) -> Iterator[list[Any]]:
    for p in producers:
        yield [
            p.tax_code or "",
            p.business_registration_no,
            p.name,
            KIND_VI.get(p.kind, p.kind),
            p.commune.province.name,
            p.commune.name,
            p.legacy_district.name if p.legacy_district else "",
            p.village,
            p.address,
            p.representative,
            p.phone,
            p.email,
            yes_no(p.women_led),
            yes_no(p.ethnic_minority_led),
            p.workers,
            p.founded_year,
        ]


def product_rows(products: Iterable[Product]) -> Iterator[list[Any]]:
    for p in products:
        yield [
            p.producer.tax_code or p.producer.business_registration_no,
            p.producer.name,
            p.name,
            p.name_en,
            p.category.code,
            p.category.taxonomy.code,
            p.unit,
            p.reference_price,
            p.raw_material_origin,
            p.province_of_origin.name,
            p.description,
            p.story,
        ]


def certificate_rows(certificates: Iterable[Certificate]) -> Iterator[list[Any]]:
    for c in certificates:
        producer, product, decision = c.product.producer, c.product, c.decision
        yield [
            c.code,
            producer.tax_code or producer.business_registration_no,
            producer.name,
            KIND_VI.get(producer.kind, producer.kind),
            producer.commune.province.name,
            producer.commune.name,
            producer.legacy_district.name if producer.legacy_district else "",
            product.name,
            product.category.code,
            product.category.taxonomy.code,
            decision.number,
            decision.date,
            decision.signer,
            decision.era.code,
            c.stars,
            yes_no(c.potential_five),
            c.score,
            c.issued_on,
            c.expires_on,
        ]


def showroom_rows(showrooms: Iterable[Showroom]) -> Iterator[list[Any]]:
    for s in showrooms:
        yield [
            s.name,
            SHOWROOM_KIND_VI.get(s.kind, s.kind),
            SHOWROOM_STATUS_VI.get(s.status, s.status),
            s.address,
            s.commune.name,
            s.legacy_district.name if s.legacy_district else "",
            s.operator_name,
            s.area_m2,
            s.opened_on,
            s.closed_on,
            s.phone,
            s.email,
            s.opening_hours,
            s.latitude,
            s.longitude,
        ]


def listing_rows(listings: Iterable[Listing]) -> Iterator[list[Any]]:
    for x in listings:
        producer = x.product.producer
        yield [
            x.showroom.name,
            x.showroom.commune.name,
            producer.tax_code or producer.business_registration_no,
            producer.name,
            x.product.name,
            x.since,
            x.shelf_price,
            yes_no(x.in_stock),
            yes_no(x.craft_village),
        ]


# Fairs are exported only (the office enters them on the fair pages).
FAIR_HEADER = [
    "Tên hội chợ",
    "Địa điểm",
    "Địa chỉ",
    "Xã/phường",
    "Huyện (trước 7/2025)",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Đơn vị tổ chức",
    "Chủ đề vùng miền",
    "Tỉnh, thành phố tham gia",
    "Số gian hàng",
    "Mô tả",
    "Doanh số báo cáo (đồng)",
    "Lượt khách",
    "Số hợp đồng, biên bản ghi nhớ",
]


def fair_rows(fairs: Iterable[Fair]) -> Iterator[list[Any]]:
    for f in fairs:
        yield [
            f.name,
            f.venue,
            f.address,
            f.commune.name if f.commune else "",
            f.legacy_district.name if f.legacy_district else "",
            f.starts_on,
            f.ends_on,
            f.organiser,
            f.get_region_theme_display() if f.region_theme else "",
            "; ".join(p.name for p in f.provinces.all()),
            f.booths,
            f.description,
            f.reported_sales,
            f.visitors,
            f.deals,
        ]


def producers(request: HttpRequest) -> Iterable[Producer]:
    """The producers the list page shows for these parameters (q, kind), all pages."""
    found = scope_producers(request.user, Producer.objects.all()).search(_q(request))
    if (kind := request.GET.get("kind", "")) in ProducerKind.values:
        found = found.filter(kind=kind)
    related = ("commune__province", "legacy_district")
    return found.select_related(*related).order_by("name", "pk").iterator(chunk_size=2000)


def products(request: HttpRequest) -> Iterable[Product]:
    found = scope_products(request.user, Product.objects.all()).search(_q(request))
    related = ("producer", "category__taxonomy", "province_of_origin")
    return found.select_related(*related).order_by("name", "pk").iterator(chunk_size=2000)


def certificates(request: HttpRequest) -> Iterable[Certificate]:
    """The certificate list's filters: status, stars (or "p5"), year, commune."""
    found = scope_certificates(request.user, Certificate.objects.all())
    f = {k: request.GET.get(k, "")[:20] for k in ("status", "stars", "year", "commune")}
    if f["status"] in CertificateStatus.values:
        found = found.with_status_on(f["status"], timezone.localdate())
    if f["stars"] == "p5":
        found = found.filter(potential_five=True)
    elif f["stars"].isdigit():
        found = found.filter(stars=int(f["stars"]))
    if f["year"].isdigit():
        found = found.filter(issued_on__year=int(f["year"]))
    if f["commune"].isdigit():
        found = found.filter(product__producer__commune_id=int(f["commune"]))
    related = (
        "product__producer__commune__province",
        "product__producer__legacy_district",
        "product__category__taxonomy",
        "decision__era",
    )
    return found.select_related(*related).order_by("-issued_on", "code").iterator(chunk_size=2000)


def showrooms(request: HttpRequest) -> Iterable[Showroom]:
    """The showroom list's filters: q, kind, status."""
    found = scope_showrooms(request.user, Showroom.objects.all()).search(_q(request))
    if (kind := request.GET.get("kind", "")) in ShowroomKind.values:
        found = found.filter(kind=kind)
    if (status := request.GET.get("status", "")) in ShowroomStatus.values:
        found = found.filter(status=status)
    related = ("commune", "legacy_district")
    return found.select_related(*related).order_by("name", "pk").iterator(chunk_size=2000)


def listings(request: HttpRequest) -> Iterable[Listing]:
    """The listings of the showrooms the user may see; `showroom` (an id) narrows to one."""
    rooms = scope_showrooms(request.user, Showroom.objects.all())
    if (showroom := request.GET.get("showroom", "")[:20]).isdigit():
        rooms = rooms.filter(pk=int(showroom))
    found = Listing.objects.filter(showroom__in=rooms)
    related = ("showroom__commune", "product__producer")
    order = ("showroom__name", "showroom__pk", "product__name", "pk")
    return found.select_related(*related).order_by(*order).iterator(chunk_size=2000)


def fairs(request: HttpRequest) -> Iterable[Fair]:
    """Every fair (the calendar is public), newest first; `year` narrows to one year."""
    found = Fair.objects.all()
    if (year := request.GET.get("year", "")[:4]).isdigit():
        found = found.filter(starts_on__year=int(year))
    found = found.select_related("commune", "legacy_district").prefetch_related("provinces")
    return found.order_by("-starts_on", "name", "pk")


def _q(request: HttpRequest) -> str:
    return request.GET.get("q", "")[:200]


@dataclass(frozen=True)
class Export:
    """One exportable list: which records (from the request's filters) and their cells."""

    label: Any  # a lazily translated string
    records: Callable[[HttpRequest], Iterable[Any]]
    rows: Callable[[Iterable[Any]], Iterator[list[Any]]]
    permission: str
    fixed_header: tuple[str, ...] = ()  # for lists that cannot be imported

    def header(self, kind: str) -> list[str]:
        """The import template's Vietnamese headers, so that the export re-imports."""
        if self.fixed_header:
            return list(self.fixed_header)
        return [column.vi for column in REGISTRY[kind].columns]


EXPORTS: dict[str, Export] = {
    "producers": Export(_("Producers"), producers, producer_rows, "registry.view"),
    "products": Export(_("Products"), products, product_rows, "registry.view"),
    "certificates": Export(_("Certificates"), certificates, certificate_rows, "certification.view"),
    "showrooms": Export(_("Showrooms"), showrooms, showroom_rows, "market.view_showrooms"),
    "listings": Export(_("Showroom listings"), listings, listing_rows, "market.view_showrooms"),
    "fairs": Export(_("Trade fairs"), fairs, fair_rows, "exchange.export", tuple(FAIR_HEADER)),
}
