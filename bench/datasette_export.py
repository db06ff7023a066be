"""The Datasette baseline's data: the certified products the public catalogue lists today, as
one flat SQLite table with an FTS5 index over the same words (what a team would publish
with sqlite-utils and Datasette instead of building a catalogue), and Datasette metadata
with the same eight facets as our catalogue page.

Tokenizer: unicode61 with remove_diacritics 2, so "bat trang" finds "Bát Tràng" as ours does.
"""

import json
import sqlite3
from pathlib import Path
from typing import Any

from django.utils import timezone

FACETS = [
    "stars",
    "potential_five",
    "product_group",
    "subgroup",
    "province",
    "commune",
    "legacy_district",
    "producer_kind",
]
COLUMNS = [
    ("id", "INTEGER PRIMARY KEY"),
    ("name", "TEXT"),
    ("producer", "TEXT"),
    ("producer_kind", "TEXT"),
    ("village", "TEXT"),
    ("commune", "TEXT"),
    ("legacy_district", "TEXT"),
    ("province", "TEXT"),
    ("province_id", "INTEGER"),
    ("product_group", "TEXT"),
    ("subgroup", "TEXT"),
    ("stars", "INTEGER"),
    ("potential_five", "INTEGER"),
    ("certificate_code", "TEXT"),
    ("expires_on", "TEXT"),
]
FTS_COLUMNS = ["name", "producer", "village", "commune", "province", "product_group"]


def listed_rows() -> list[tuple[Any, ...]]:
    """One row per product with a valid 3★+ certificate today, with its best certificate."""
    from ocop.certification.models import Certificate
    from ocop.registry.models import Product

    today = timezone.localdate()
    best: dict[int, tuple] = {}
    for cert in (
        Certificate.objects.valid_on(today)
        .filter(stars__gte=3)
        .values_list(
            "product_id", "stars", "potential_five", "expires_on", "issued_on", "pk", "code"
        )
    ):
        if cert[0] not in best or cert[1:6] > best[cert[0]][1:6]:
            best[cert[0]] = cert
    products = Product.objects.filter(pk__in=list(best)).select_related(
        "producer__commune__province",
        "producer__legacy_district",
        "province_of_origin",
        "category__parent",
    )
    rows = []
    for p in products.order_by("pk").iterator(chunk_size=2_000):
        cert = best[p.pk]
        group = p.category.parent or p.category
        district = p.producer.legacy_district
        rows.append(
            (
                p.pk,
                p.name,
                p.producer.name,
                p.producer.kind,
                p.producer.village,
                p.producer.commune.name,
                district.name if district else None,
                p.province_of_origin.name,
                p.province_of_origin_id,
                group.name_vi,
                p.category.name_vi if p.category.parent_id else None,
                cert[1],
                int(cert[2]),
                cert[6],
                cert[3].isoformat(),
            )
        )
    return rows


def export(folder: Path) -> dict[str, Any]:
    """Write catalogue.db and metadata.json into `folder`; returns their paths and row count."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "catalogue.db"
    partial = folder / "catalogue.db.part"
    partial.unlink(missing_ok=True)
    rows = listed_rows()
    with sqlite3.connect(partial) as conn:
        columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
        conn.execute(f"CREATE TABLE products ({columns})")
        marks = ", ".join("?" * len(COLUMNS))
        conn.executemany(f"INSERT INTO products VALUES ({marks})", rows)  # noqa: S608
        conn.execute(
            f"CREATE VIRTUAL TABLE products_fts USING fts5({', '.join(FTS_COLUMNS)}, "
            'content="products", content_rowid="id", '
            "tokenize='unicode61 remove_diacritics 2')"
        )
        conn.execute("INSERT INTO products_fts(products_fts) VALUES ('rebuild')")
    conn.close()
    partial.rename(db)
    metadata = folder / "metadata.json"
    metadata.write_text(
        json.dumps(
            {
                "title": "OCOP catalogue (benchmark baseline)",
                "databases": {
                    "catalogue": {
                        "tables": {
                            "products": {
                                "fts_table": "products_fts",
                                "fts_pk": "id",
                            }
                        }
                    }
                },
            },
            ensure_ascii=False,
        )
    )
    return {"db": str(db), "metadata": str(metadata), "rows": len(rows)}


def search_path(text: str, stars: int, province_id: int, json_format: bool = False) -> str:
    """Datasette's table page for the same search, filters and facets as our catalogue page."""
    from urllib.parse import urlencode

    params = [("_search", text), ("stars", stars), ("province_id", province_id)]
    if not json_format:
        params += [("_facet", f) for f in FACETS]
    params.append(("_size", 24 if not json_format else 50))
    table = "products.json" if json_format else "products"
    return f"/catalogue/{table}?{urlencode(params)}"
