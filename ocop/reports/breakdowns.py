"""Breakdowns of the main figures by star class, product group, place and producer type.

Each function runs one grouped query in the database and returns rows with the filter that
leads to the records behind each figure (see views.records). The rankings are counted once, by
every breakdown at the same time (`ranked`), and added up per breakdown.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from ocop.registry.models import ProducerKind, ProductCategory
from ocop.reports.indicators.base import Area, Year
from ocop.reports.indicators.certificates import ocop_producers, valid_certificates
from ocop.reports.indicators.evaluation import ranked_dossiers


@dataclass(frozen=True)
class Row:
    label: str
    value: int
    filters: dict[str, object] | None = field(default_factory=dict)  # None: no drill-down


def _stars_label(stars: int) -> str:
    return f"{stars}★"


CATEGORY = "product__category_id"
PLACES = {
    level: (f"product__producer__{level}_id", f"product__producer__{level}__name")
    for level in ("commune", "legacy_district")
}


@dataclass(frozen=True)
class Group:
    taxonomy: str
    code: str
    name: str
    pk: int


def _groups() -> dict[int, Group]:
    """Each product category's top-level group, within its taxonomy (1048/2019 and 148/2023
    differ): one small query instead of joining the categories up to three times per dossier."""
    rows = ProductCategory.objects.values_list(
        "pk", "parent_id", "code", "name_vi", "taxonomy__code"
    )
    found = {pk: (parent, code, name, taxonomy) for pk, parent, code, name, taxonomy in rows}
    groups = {}
    for pk in found:
        top = pk
        while found[top][0] is not None:
            top = found[top][0]
        _parent, code, name, taxonomy = found[top]
        groups[pk] = Group(taxonomy, code, name, top)
    return groups


@dataclass(frozen=True)
class Ranked:
    """Dossiers ranked in [since, on], counted by decision year, star class, product category,
    commune and old district in one grouped query; each breakdown adds up its rows."""

    rows: list[dict[str, Any]]

    def _sum(self, *keys: str) -> dict[tuple[Any, ...], int]:
        sums: dict[tuple[Any, ...], int] = {}
        for row in self.rows:
            key = tuple(row[k] for k in keys)
            sums[key] = sums.get(key, 0) + row["n"]
        return sums

    def by_year(self, years: list[int]) -> dict[int, int]:
        found = {year: n for (year,), n in self._sum("year").items()}
        return {y: found.get(y, 0) for y in years}

    def by_stars(self) -> list[Row]:
        found = {stars: n for (stars,), n in self._sum("star_class").items()}
        return [Row(_stars_label(s), found.get(s, 0), {"stars": s}) for s in (5, 4, 3, 2, 1)]

    def by_group(self) -> list[Row]:
        """By top-level product group, within each taxonomy."""
        groups = _groups() if self.rows else {}
        sums: dict[Group, int] = {}
        for (category,), n in self._sum(CATEGORY).items():
            sums[groups[category]] = sums.get(groups[category], 0) + n
        return [
            Row(f"{g.code}. {g.name} ({g.taxonomy})", n, {"group": g.pk})
            for g, n in sorted(sums.items(), key=lambda item: (item[0].taxonomy, item[0].code))
        ]

    def by_place(self, level: str) -> list[Row]:
        """By the producer's commune today, or by the district written on older records."""
        key, name = PLACES[level]
        sums = self._sum(key, name)
        param = "commune" if level == "commune" else "district"
        unknown = _("Not recorded")
        # Most first; among equals by name, with the unrecorded last (on every database).
        ordered = sorted(sums.items(), key=lambda i: (-i[1], i[0][1] is None, i[0][1] or ""))
        return [
            Row(label or unknown, n, {param: code} if code is not None else None)
            for (code, label), n in ordered
        ]


def ranked(since: datetime.date, on: datetime.date, area: Area) -> Ranked:
    places = [column for pair in PLACES.values() for column in pair]
    rows = (
        ranked_dossiers(since, on, area)
        .annotate(year=Year("decided_on"))
        .values("year", "star_class", CATEGORY, *places)
        .annotate(n=Count("pk"))
    )
    return Ranked(list(rows))


def ranked_by_stars(since: datetime.date, on: datetime.date, area: Area) -> list[Row]:
    return ranked(since, on, area).by_stars()


def ranked_by_group(since: datetime.date, on: datetime.date, area: Area) -> list[Row]:
    return ranked(since, on, area).by_group()


def ranked_by_place(level: str, since: datetime.date, on: datetime.date, area: Area) -> list[Row]:
    return ranked(since, on, area).by_place(level)


def ranked_by_year(years: list[int], yearly: dict[int, int | None]) -> list[Row]:
    return [Row(str(y), int(yearly.get(y) or 0), {"year": y}) for y in years if y in yearly]


def valid_by_stars(on: datetime.date, area: Area) -> list[Row]:
    rows = valid_certificates(on, area).values("stars", "potential_five").annotate(n=Count("pk"))
    counts: dict[str, int] = {}
    for r in rows:
        label = _("potential 5★") if r["potential_five"] else _stars_label(r["stars"])
        counts[label] = counts.get(label, 0) + r["n"]
    order = ["5★", _("potential 5★"), "4★", "3★"]
    filters: dict[str, dict[str, object]] = {
        f"{s}★": {"stars": s, "potential": 0} for s in (5, 4, 3)
    }
    filters[_("potential 5★")] = {"potential": 1}
    return [Row(label, counts.get(label, 0), filters[label]) for label in order]


def producers_by_kind(on: datetime.date, area: Area) -> list[Row]:
    rows = ocop_producers(on, area).values("kind").annotate(n=Count("pk"))
    found = {r["kind"]: r["n"] for r in rows}
    return [
        Row(str(label), found.get(kind, 0), {"kind": kind}) for kind, label in ProducerKind.choices
    ]
