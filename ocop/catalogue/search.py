"""Catalogue search: folded full-text match, facets with counts, sorting and paging.

The text match runs once, in a materialised CTE (`hits`), and the listing and facet queries
join it; they read only the denormalised `CatalogueEntry` table, so a page costs the same
few queries whatever the data size. User text never reaches the FTS or regex syntax raw: it is
folded, cut to letters and digits, and each word becomes a quoted prefix term.
"""

# ruff: noqa: S608 -- the SQL below is built only from constants and whitelisted column names
# (COLUMNS); every value, user text included, is passed as a query parameter.

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import connection
from django.utils import timezone

from ocop.catalogue.index import FTS_TABLE
from ocop.catalogue.models import CatalogueEntry
from ocop.lib.text import fold
from ocop.registry.models import ProducerKind

MAX_QUERY_CHARS = 200
MAX_TOKENS = 8
MAX_TOKEN_CHARS = 30
NOT_WORD = re.compile(r"[\W_]+")
SORTS = ("relevance", "stars", "newest", "name")
ENTRY = CatalogueEntry._meta.db_table


def tokens(text: str) -> list[str]:
    """The search words of `text`: folded, letters and digits only, capped in number and size."""
    words = NOT_WORD.sub(" ", fold(text[: MAX_QUERY_CHARS * 4])[:MAX_QUERY_CHARS]).split()
    return [w[:MAX_TOKEN_CHARS] for w in words[:MAX_TOKENS]]


def fts_query(words: Sequence[str]) -> str:
    """An FTS5 MATCH expression: every word as a quoted prefix term, all required."""
    return " ".join(f'"{w}"*' for w in words)


def _int(value: object) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@dataclass(frozen=True)
class Filters:
    """The facet values chosen; anything malformed or out of range is dropped, not an error."""

    stars: int | None = None
    potential: bool | None = None
    group: int | None = None
    subgroup: int | None = None
    province: int | None = None
    commune: int | None = None
    district: int | None = None
    kind: str | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> "Filters":
        stars = _int(params.get("stars"))
        kind = str(params.get("kind") or "")
        return cls(
            stars=stars if stars in (3, 4, 5) else None,
            potential=True if str(params.get("potential") or "") in ("1", "true") else None,
            group=_int(params.get("group")),
            subgroup=_int(params.get("subgroup")),
            province=_int(params.get("province")),
            commune=_int(params.get("commune")),
            district=_int(params.get("district")),
            kind=kind if kind in ProducerKind.values else None,
        )

    def active(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


# Facet name -> the entry column it filters and counts.
COLUMNS = {
    "stars": "stars",
    "potential": "potential_five",
    "group": "group_id",
    "subgroup": "subgroup_id",
    "province": "province_id",
    "commune": "commune_id",
    "district": "legacy_district_id",
    "kind": "producer_kind",
}


@dataclass
class FacetCounts:
    total: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


class Search:
    """One catalogue search: text, facet filters and sort order, evaluated on `day`."""

    def __init__(
        self,
        text: str = "",
        filters: Filters | None = None,
        sort: str = "relevance",
        day: datetime.date | None = None,
    ) -> None:
        self.words = tokens(text)
        self.filters = filters or Filters()
        self.sort = sort if sort in SORTS else "relevance"
        self.day = day or timezone.localdate()

    # -- SQL pieces ---------------------------------------------------------------------------

    def _hits(self) -> tuple[str, list[Any]]:
        """The CTE matching the text once; empty when there is no text."""
        if not self.words:
            return "", []
        if connection.vendor == "sqlite":
            sql = f"SELECT rowid AS id, rank AS score FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
            return f"hits AS MATERIALIZED ({sql})", [fts_query(self.words)]
        # PostgreSQL: word-start regex per word (served by the pg_trgm GIN index).
        conditions = " AND ".join(["search_text ~ %s"] * len(self.words))
        sql = (
            f"SELECT product_id AS id, -word_similarity(%s, search_text) AS score "
            f"FROM {ENTRY} WHERE {conditions}"
        )
        params: list[Any] = [" ".join(self.words)]
        params += [r"\m" + w for w in self.words]
        return f"hits AS MATERIALIZED ({sql})", params

    def _from(self) -> str:
        # CROSS JOIN makes SQLite walk the (few) hits and look entries up by key.
        return f"hits h CROSS JOIN {ENTRY} e" if self.words else f"{ENTRY} e"

    def _where(self, skip: str = "") -> tuple[str, list[Any]]:
        clauses = ["e.product_id = h.id"] if self.words else []
        clauses += ["e.is_listed = %s", "e.expires_on > %s"]
        params: list[Any] = [True, self.day]
        for name, value in self.filters.active().items():
            if name != skip:
                clauses.append(f"e.{COLUMNS[name]} = %s")
                params.append(value)
        return " AND ".join(clauses), params

    def _order(self) -> str:
        if self.sort == "stars":
            return "e.stars DESC, e.potential_five DESC, e.sort_name, e.product_id"
        if self.sort == "newest":
            return "e.issued_on DESC, e.product_id DESC"
        if self.sort == "name":
            return "e.sort_name, e.product_id"
        if self.words:
            return "h.score, e.stars DESC, e.sort_name, e.product_id"
        return "e.stars DESC, e.potential_five DESC, e.issued_on DESC, e.product_id"

    # -- queries ------------------------------------------------------------------------------

    def page_sql(self, offset: int, limit: int) -> tuple[str, list[Any]]:
        hits, params = self._hits()
        where, where_params = self._where()
        sql = (
            (f"WITH {hits} " if hits else "")
            + f"SELECT e.product_id FROM {self._from()} WHERE {where} "
            + f"ORDER BY {self._order()} LIMIT %s OFFSET %s"
        )
        return sql, [*params, *where_params, limit, offset]

    def page_ids(self, offset: int, limit: int) -> list[int]:
        sql, params = self.page_sql(offset, limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def entries(self, offset: int, limit: int) -> list[CatalogueEntry]:
        """One page of listed entries, in order, with what a result card shows."""
        ids = self.page_ids(offset, limit)
        found = CatalogueEntry.objects.select_related(
            "product", "producer", "commune", "province", "group", "subgroup", "legacy_district"
        ).in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    def count(self) -> int:
        hits, params = self._hits()
        where, where_params = self._where()
        sql = (
            f"WITH {hits} " if hits else ""
        ) + f"SELECT COUNT(*) FROM {self._from()} WHERE {where}"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *where_params])
            return int(cursor.fetchone()[0])

    def broader(self, limit: int = 5) -> list[tuple[str, int]]:
        """For a search without results: the same words less one, and how many each finds
        (no filters). At most `limit` queries, whatever the data size."""
        if len(self.words) < 2:
            return []
        found = []
        for i in range(min(len(self.words), limit)):
            text = " ".join(self.words[:i] + self.words[i + 1 :])
            count = Search(text, day=self.day).count()
            if count:
                found.append((text, count))
        return sorted(found, key=lambda item: -item[1])

    def facets_sql(self) -> tuple[str, list[Any]]:
        """The total and, per facet, the count of each value (with the other facets applied)."""
        hits, params = self._hits()
        where, where_params = self._where()
        ctes = [hits] if hits else []
        ctes.append(f"base AS MATERIALIZED (SELECT e.* FROM {self._from()} WHERE {where})")
        params += where_params
        parts = ["SELECT 'total' AS dim, NULL AS value, COUNT(*) AS n FROM base"]
        active = self.filters.active()
        for name, column in COLUMNS.items():
            select = f"SELECT '{name}', CAST(e.{column} AS TEXT), COUNT(*)"
            if name in active:  # counts for the alternatives to the value chosen
                other_where, other_params = self._where(skip=name)
                parts.append(
                    f"{select} FROM {self._from()} WHERE {other_where} GROUP BY e.{column}"
                )
                params += other_params
            else:
                parts.append(f"{select} FROM base e GROUP BY e.{column}")
        return "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts), params

    def facets(self) -> FacetCounts:
        sql, params = self.facets_sql()
        result = FacetCounts(counts={name: {} for name in COLUMNS})
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for dim, value, count in cursor.fetchall():
                if dim == "total":
                    result.total = count
                elif value is not None:
                    result.counts[dim][_normal(dim, value)] = count
        return result


def _normal(dim: str, value: str) -> str:
    """Booleans come back as 1/0 from SQLite and true/false from PostgreSQL."""
    if dim == "potential":
        return "1" if value in ("1", "true") else "0"
    return value


class Results:
    """The search's results as a sequence Django's Paginator can page through: the total
    comes from the facet query already made, and a slice runs one page query."""

    def __init__(self, search: Search, total: int) -> None:
        self.search, self.total = search, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, page: slice) -> list[CatalogueEntry]:
        start, stop = page.start or 0, page.stop or self.total
        return self.search.entries(start, max(stop - start, 0))
