"""Breakdowns of the main figures by star class, product group, place and producer type.

Each function runs one grouped query in the database and returns rows with the filter that
leads to the records behind each figure (see views.records).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ocop.registry.models import ProducerKind
from ocop.reports.indicators.base import Area
from ocop.reports.indicators.certificates import ocop_producers, valid_certificates
from ocop.reports.indicators.evaluation import ranked_dossiers


@dataclass(frozen=True)
class Row:
    label: str
    value: int
    filters: dict[str, object] | None = field(default_factory=dict)  # None: no drill-down


def _stars_label(stars: int) -> str:
    return f"{stars}★"


def ranked_by_stars(since: datetime.date, on: datetime.date, area: Area) -> list[Row]:
    rows = ranked_dossiers(since, on, area).values("star_class").annotate(n=Count("pk"))
    found = {r["star_class"]: r["n"] for r in rows}
    return [Row(_stars_label(s), found.get(s, 0), {"stars": s}) for s in (5, 4, 3, 2, 1)]


def ranked_by_group(since: datetime.date, on: datetime.date, area: Area) -> list[Row]:
    """By top-level product group, within each taxonomy (1048/2019 and 148/2023 differ);
    a taxonomy is at most three levels deep (group, sub-group, product set)."""
    leaf = "product__category"
    middle, top = f"{leaf}__parent", f"{leaf}__parent__parent"
    rows = (
        ranked_dossiers(since, on, area)
        .annotate(
            group_id=Coalesce(f"{top}_id", f"{middle}_id", f"{leaf}_id"),
            group_code=Coalesce(f"{top}__code", f"{middle}__code", f"{leaf}__code"),
            group_name=Coalesce(f"{top}__name_vi", f"{middle}__name_vi", f"{leaf}__name_vi"),
            taxonomy=F("product__category__taxonomy__code"),
        )
        .values("group_id", "group_code", "group_name", "taxonomy")
        .annotate(n=Count("pk"))
        .order_by("taxonomy", "group_code")
    )
    return [
        Row(
            f"{r['group_code']}. {r['group_name']} ({r['taxonomy']})",
            r["n"],
            {"group": r["group_id"]},
        )
        for r in rows
    ]


def ranked_by_place(level: str, since: datetime.date, on: datetime.date, area: Area) -> list[Row]:
    """By the producer's commune today, or by the district written on older records."""
    key = f"product__producer__{level}_id"
    name = f"product__producer__{level}__name"
    rows = (
        ranked_dossiers(since, on, area)
        .values(key, name)
        .annotate(n=Count("pk"))
        .order_by("-n", name)
    )
    param = "commune" if level == "commune" else "district"
    unknown = _("Not recorded")
    return [
        Row(r[name] or unknown, r["n"], {param: r[key]} if r[key] is not None else None)
        for r in rows
    ]


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
