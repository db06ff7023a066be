"""Keeps the catalogue index (CatalogueEntry rows and, on SQLite, the FTS5 table) in step with
products, producers, photos, certificates and suspensions.

`refresh_products` is called by the signals in `ocop.catalogue.signals` whenever one of those
changes; `rebuild` recomputes everything in bulk and is run daily by `ocop rebuild-catalogue`
because validity changes with the date alone (a certificate expires at midnight without any
row changing). Rows whose inputs did not change are left alone, so `changed_at` stays a true
"last modified" time for the JSON API.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from ocop.catalogue import pagecache
from ocop.catalogue.models import CatalogueEntry
from ocop.certification.models import Certificate, CertificateStatus
from ocop.lib.text import fold
from ocop.registry.models import Product, ProductPhoto

CHUNK = 500
REBUILD_SLICE = 10_000
FTS_TABLE = "catalogue_search"


@dataclass(frozen=True)
class RebuildResult:
    entries: int
    listed: int
    written: int
    removed: int

    def __str__(self) -> str:
        return (
            f"{self.listed} listed products, {self.entries} entries "
            f"({self.written} written, {self.removed} removed)"
        )


def uses_fts5() -> bool:
    return connection.vendor == "sqlite"


def refresh_product(product_id: int) -> None:
    """Bring the catalogue entry of one product up to date."""
    refresh_products([product_id])


@transaction.atomic
def refresh_products(product_ids: Iterable[int]) -> tuple[int, int]:
    """Recompute the entries of `product_ids`; returns (rows written, rows removed)."""
    ids = sorted(set(product_ids))
    written = removed = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Serialises concurrent refreshes of the same product on PostgreSQL.
        list(Product.objects.select_for_update().filter(pk__in=chunk).values_list("pk"))
        w, r = _sync(chunk, timezone.localdate())
        written, removed = written + w, removed + r
    if ids:  # an input changed even when the entry did not (e.g. a past certificate revoked)
        pagecache.bump()
    return written, removed


def rebuild(*, force: bool = False) -> RebuildResult:
    """Recompute every entry (bulk). `force` empties the index first instead of comparing."""
    if force:
        with transaction.atomic():
            CatalogueEntry.objects.all().delete()
            if uses_fts5():
                with connection.cursor() as cursor:
                    cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 (constant name)
    certified = set(Certificate.objects.values_list("product_id", flat=True).distinct())
    indexed = set(CatalogueEntry.objects.values_list("product_id", flat=True))
    ids = sorted(certified | indexed)
    written = removed = 0
    # One transaction per slice, not one for everything: SQLite's write-ahead log cannot be
    # checkpointed inside a transaction, and reads slow down as it grows.
    for start in range(0, len(ids), REBUILD_SLICE):
        w, r = refresh_products(ids[start : start + REBUILD_SLICE])
        written, removed = written + w, removed + r
    return RebuildResult(
        entries=CatalogueEntry.objects.count(),
        listed=CatalogueEntry.objects.filter(is_listed=True).count(),
        written=written,
        removed=removed,
    )


def listable_today(cert: Certificate, day: datetime.date) -> bool:
    """Whether `cert` lets its product into the public catalogue on `day`."""
    return cert.status_on(day) == CertificateStatus.VALID and cert.stars >= 3


def best_certificate(certificates: list[Certificate], day: datetime.date) -> Certificate | None:
    """The valid certificate to show: most stars, potential 5★ first, then the latest."""
    valid = [c for c in certificates if listable_today(c, day)]
    return max(
        valid,
        key=lambda c: (c.stars, c.potential_five, c.expires_on, c.issued_on, c.pk),
        default=None,
    )


def _sync(product_ids: list[int], today: datetime.date) -> tuple[int, int]:
    fresh = _compute(product_ids, today)
    stored = dict(
        CatalogueEntry.objects.filter(pk__in=product_ids).values_list("pk", "fingerprint")
    )
    changed = [e for pk, e in fresh.items() if stored.get(pk) != e.fingerprint]
    gone = [pk for pk in stored if pk not in fresh]
    now = timezone.now()
    for entry in changed:
        entry.changed_at = now
    replaced = [e.pk for e in changed if e.pk in stored]
    if replaced or gone:
        CatalogueEntry.objects.filter(pk__in=replaced + gone).delete()
    CatalogueEntry.objects.bulk_create(changed)
    if uses_fts5():
        # Every written id is deleted first: the FTS table is not emptied by Django's flush.
        _write_fts([e.pk for e in changed] + gone, changed)
    return len(changed), len(gone)


def _write_fts(delete_ids: list[int], entries: list[CatalogueEntry]) -> None:
    with connection.cursor() as cursor:
        if delete_ids:
            marks = ",".join(["%s"] * len(delete_ids))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", delete_ids)  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (%s, %s)",  # noqa: S608
            [(e.pk, e.search_text) for e in entries],
        )


def _compute(product_ids: list[int], today: datetime.date) -> dict[int, CatalogueEntry]:
    """Unsaved entries for the products among `product_ids` that have a certificate in force
    or in the past (a certificate not yet in force does not make a product public)."""
    certificates: dict[int, list[Certificate]] = defaultdict(list)
    for cert in Certificate.objects.filter(
        product_id__in=product_ids, issued_on__lte=today
    ).prefetch_related("suspensions"):
        certificates[cert.product_id].append(cert)
    if not certificates:
        return {}
    first_photo: dict[int, int] = {}
    for product_id, photo_id in (
        ProductPhoto.objects.filter(product_id__in=list(certificates))
        .order_by("product_id", "position", "pk")
        .values_list("product_id", "pk")
    ):
        first_photo.setdefault(product_id, photo_id)
    products = Product.objects.filter(pk__in=list(certificates)).select_related(
        "producer__commune__province", "producer__legacy_district", "category__parent__parent"
    )
    entries = {}
    for product in products:
        certs = certificates[product.pk]
        entry = _entry(product, best_certificate(certs, today), first_photo.get(product.pk))
        entry.fingerprint = _fingerprint(entry, product, certs)
        entries[product.pk] = entry
    return entries


def _entry(product: Product, cert: Certificate | None, photo_id: int | None) -> CatalogueEntry:
    producer = product.producer
    path = [product.category]  # from the product's own category up to its top-level group
    while path[-1].parent_id:
        path.append(path[-1].parent)  # type: ignore[arg-type]
    group, subgroup = path[-1], (path[-2] if len(path) > 1 else None)
    district = producer.legacy_district
    words = [
        product.name,
        product.name_en,
        producer.name,
        producer.village,
        producer.commune.name,
        producer.commune.province.name,
        district.name if district else "",
        *(c.name_vi for c in path),
        *(c.name_en for c in path),
        cert.code if cert else "",
    ]
    return CatalogueEntry(
        product=product,
        producer=producer,
        is_listed=cert is not None,
        certificate=cert,
        certificate_code=cert.code if cert else "",
        stars=cert.stars if cert else None,
        potential_five=bool(cert and cert.potential_five),
        issued_on=cert.issued_on if cert else None,
        expires_on=cert.expires_on if cert else None,
        province_id=product.province_of_origin_id,
        commune_id=producer.commune_id,
        legacy_district=district,
        group=group,
        subgroup=subgroup,
        producer_kind=producer.kind,
        photo_id=photo_id,
        search_text=fold(" ".join(w for w in words if w)),
        sort_name=fold(product.name)[:255],
    )


def _fingerprint(entry: CatalogueEntry, product: Product, certs: list[Certificate]) -> str:
    """A digest of everything the public pages and the API show about this product, so a
    row is rewritten (and its changed_at moved) only when something visible changed."""
    fields = [f.attname for f in CatalogueEntry._meta.concrete_fields if f.attname != "fingerprint"]
    state = [
        [getattr(entry, name) for name in fields if name != "changed_at"],
        product.updated_at,
        product.producer.updated_at,
        sorted(
            (
                c.pk,
                c.code,
                c.stars,
                c.potential_five,
                c.issued_on,
                c.expires_on,
                c.revoked_on,
                c.superseded_on,
                c.superseded_by_id,
                c.decision_id,
                sorted((s.pk, s.starts_on, s.ends_on) for s in c.suspensions.all()),
            )
            for c in certs
        ),
    ]
    return hashlib.sha256(repr(state).encode()).hexdigest()[:40]
