"""The certified-product list as open data: CSV and JSON, a data dictionary, a licence, and
dated snapshots (`ocop snapshot-open-data`, run daily) so that a past list can be downloaded."""

import csv
import datetime
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ocop.catalogue.models import CatalogueEntry, OpenDataSnapshot

LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Spreadsheets run cells starting with these as formulas; such cells get a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: Any  # a lazy translation


FIELDS = [
    Field(
        "certificate_code",
        "text",
        _("Certificate code (XX-YYYY-NNNNN); check it at /verify/<code>."),
    ),
    Field("stars", "integer", _("Star class of the certificate: 3, 4 or 5.")),
    Field("potential_five", "boolean", _("True when scored 90+ at province level (potential 5★).")),
    Field("issued_on", "date", _("Date the certificate took effect (ISO 8601, YYYY-MM-DD).")),
    Field(
        "expires_on",
        "date",
        _("Date the certificate stops being valid (36 months after the decision)."),
    ),
    Field("decision_number", "text", _("Number of the recognition decision.")),
    Field("decision_date", "date", _("Date of the recognition decision.")),
    Field("product_id", "integer", _("Stable identifier of the product on this platform.")),
    Field("product_name", "text", _("Product name (Vietnamese).")),
    Field("product_name_en", "text", _("Product name (English), when given.")),
    Field(
        "group_code",
        "text",
        _("Product group code in the taxonomy in force (e.g. 4 = handicrafts)."),
    ),
    Field("group_name", "text", _("Product group name (Vietnamese).")),
    Field("subgroup_code", "text", _("Sub-group code (e.g. 4.2), when the product has one.")),
    Field("subgroup_name", "text", _("Sub-group name (Vietnamese).")),
    Field("producer_name", "text", _("Name of the OCOP producer (chủ thể OCOP).")),
    Field("producer_kind", "text", _("enterprise, cooperative, coop_group or household.")),
    Field(
        "commune_code",
        "integer",
        _("Official code of the producer's commune or ward (since July 2025)."),
    ),
    Field("commune_name", "text", _("Name of the producer's commune or ward.")),
    Field("province_code", "integer", _("Official code of the product's province of origin.")),
    Field("province_name", "text", _("Name of the product's province of origin.")),
    Field("legacy_district", "text", _("District as recorded before July 2025, when known.")),
    Field("product_url", "text", _("Public page of the product.")),
    Field("verify_url", "text", _("Public verification page of the certificate.")),
]


def listed_entries(day: datetime.date) -> Iterator[CatalogueEntry]:
    """The products certified on `day`, in certificate-code order (one query)."""
    return (
        CatalogueEntry.objects.filter(is_listed=True, expires_on__gt=day)
        .select_related(
            "product",
            "producer",
            "commune",
            "province",
            "group",
            "subgroup",
            "legacy_district",
            "certificate__decision",
        )
        .order_by("certificate_code")
        .iterator(chunk_size=1000)
    )


def rows(day: datetime.date) -> Iterator[dict[str, object]]:
    site = settings.OCOP_SITE_URL.rstrip("/")
    for e in listed_entries(day):
        decision = e.certificate.decision if e.certificate else None
        yield {
            "certificate_code": e.certificate_code,
            "stars": e.stars,
            "potential_five": e.potential_five,
            "issued_on": e.issued_on.isoformat() if e.issued_on else "",
            "expires_on": e.expires_on.isoformat() if e.expires_on else "",
            "decision_number": decision.number if decision else "",
            "decision_date": decision.date.isoformat() if decision else "",
            "product_id": e.product_id,
            "product_name": e.product.name,
            "product_name_en": e.product.name_en,
            "group_code": e.group.code,
            "group_name": e.group.name_vi,
            "subgroup_code": e.subgroup.code if e.subgroup else "",
            "subgroup_name": e.subgroup.name_vi if e.subgroup else "",
            "producer_name": e.producer.name,
            "producer_kind": e.producer_kind,
            "commune_code": e.commune_id,
            "commune_name": e.commune.name,
            "province_code": e.province_id,
            "province_name": e.province.name,
            "legacy_district": e.legacy_district.name if e.legacy_district else "",
            "product_url": site + e.get_absolute_url(),
            "verify_url": f"{site}/verify/{e.certificate_code}",
        }


def safe_cell(value: object) -> object:
    """`value` made inert for spreadsheets: text that would start a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_csv(records: list[dict[str, object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Vietnamese correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in FIELDS])
    for record in records:
        writer.writerow([safe_cell(record[f.name]) for f in FIELDS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def dictionary() -> list[dict[str, str]]:
    return [{"name": f.name, "type": f.type, "description": str(f.description)} for f in FIELDS]


def to_json(
    records: list[dict[str, object]], day: datetime.date, generated_at: datetime.datetime
) -> bytes:
    document = {
        "title": "OCOP certified products",
        "date": day.isoformat(),
        "generated_at": generated_at.isoformat(timespec="seconds"),
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "source": settings.OCOP_SITE_URL.rstrip("/") + "/open-data/",
        "fields": dictionary(),
        "count": len(records),
        "products": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def create_snapshot() -> OpenDataSnapshot:
    """Store today's list, replacing a snapshot already taken today. (Only today: the index
    knows the present, so a past day's list cannot be rebuilt faithfully afterwards.)"""
    day = timezone.localdate()
    generated_at = timezone.now()
    records = list(rows(day))
    snapshot, _created = OpenDataSnapshot.objects.update_or_create(
        date=day,
        defaults={
            "generated_at": generated_at,
            "row_count": len(records),
            "csv_gz": gzip.compress(to_csv(records)),
            "json_gz": gzip.compress(to_json(records, day, generated_at)),
        },
    )
    return snapshot


def snapshot_content(snapshot: OpenDataSnapshot, kind: str) -> bytes:
    return gzip.decompress(bytes(snapshot.csv_gz if kind == "csv" else snapshot.json_gz))
