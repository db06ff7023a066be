"""Everything the dashboard, its XLSX exports and the PDF report show for one plan, day and
area, computed with a fixed number of grouped queries whatever the amount of data."""

import datetime
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.reports import breakdowns
from ocop.reports.indicators import INDICATORS, Area
from ocop.reports.indicators.producers import reports_by_year, reports_series
from ocop.reports.models import Plan, Scope
from ocop.reports.progress import Progress, SeriesCache, plan_progress
from ocop.reports.tables import Cell, Column, Table
from ocop.reports.templatetags.reports import figure

TABLES = {
    "progress": gettext_lazy("Progress towards the targets"),
    "years": gettext_lazy("By year"),
    "stars": gettext_lazy("Products ranked by star class"),
    "groups": gettext_lazy("Products ranked by product group"),
    "communes": gettext_lazy("Products ranked by commune"),
    "districts": gettext_lazy("Products ranked by district (before July 2025)"),
    "certificates": gettext_lazy("Certificates on the day"),
    "producers": gettext_lazy("OCOP producers by type"),
    "reports": gettext_lazy("Producers' yearly reports"),
    "market": gettext_lazy("Market indicators"),
}
# Market figures drill down to the market app's own pages.
MARKET_PAGES = {
    "market_indicators": "market:indicators",
    "showrooms": "market:showrooms",
    "fairs": "market:fairs",
}
SERIES = ["products_ranked", "new_certified", "certificates_valid", "jobs_created"]


@dataclass
class Links:
    """Builds the address of the records behind a figure, keeping the page's day and area."""

    on: datetime.date
    since: datetime.date
    area_params: dict[str, object] = field(default_factory=dict)
    # Each list's address, looked up once per page (a page links to hundreds of records).
    paths: dict[str, str] = field(default_factory=dict, repr=False)

    def path(self, kind: str) -> str:
        if kind not in self.paths:
            self.paths[kind] = reverse("reports:records", args=[kind])
        return self.paths[kind]

    def records(
        self,
        kind: str,
        filters: dict[str, object] | None = None,
        since: datetime.date | None = None,
    ) -> str:
        if kind in MARKET_PAGES:
            try:
                return f"{reverse(MARKET_PAGES[kind])}?{urlencode({'on': self.on.isoformat()})}"
            except NoReverseMatch:
                return ""
        params: dict[str, object] = {"on": self.on.isoformat()}
        if kind in {"ranked", "new_certified", "reports"}:
            params["since"] = (since or self.since).isoformat()
        params.update(self.area_params)
        params.update({k: v for k, v in (filters or {}).items() if v is not None})
        return f"{self.path(kind)}?{urlencode(params)}"


@dataclass
class Dashboard:
    plan: Plan
    on: datetime.date
    area: Area
    progress: list[Progress]
    tables: dict[str, Table]
    charts: dict[str, Any]
    has_data: bool
    area_label: str = ""

    def table(self, key: str) -> Table:
        return self.tables[key]


def _progress_table(progress: list[Progress], links: Links) -> Table:
    table = Table(
        "progress",
        TABLES["progress"],
        [
            Column(gettext_lazy("Target")),
            Column(gettext_lazy("Scope")),
            Column(gettext_lazy("Value"), "int"),
            Column(gettext_lazy("Target value"), "int"),
            Column(gettext_lazy("Progress (%)"), "percent"),
            Column(gettext_lazy("Status")),
            Column(gettext_lazy("Forecast at the plan's end"), "int"),
            Column(gettext_lazy("Forecast range")),
        ],
    )
    for p in progress:
        p.href = links.records(p.indicator.records) if p.value is not None else ""
        href = p.href
        forecast = p.forecast
        table.add(
            p.label,
            Scope(p.target.scope).label,
            Cell(p.value, href),
            p.goal,
            p.percent,
            p.status_label,
            forecast.value if forecast else None,
            f"{forecast.low:,} – {forecast.high:,}" if forecast else "",
        )
    return table


def _years_table(cache: SeriesCache, links: Links) -> Table:
    columns = [Column(gettext_lazy("Year"))]
    columns += [Column(INDICATORS[k].label, "int") for k in SERIES]
    table = Table("years", TABLES["years"], columns)
    kinds = {k: INDICATORS[k].records for k in SERIES}
    for year in cache.years():
        start = datetime.date(year, 1, 1)
        end = min(datetime.date(year, 12, 31), cache.on)
        cells: list[object] = [str(year)]
        for key in SERIES:
            value = cache.yearly(key).get(year)
            kind = kinds[key]
            href = replace(links, on=end, since=start).records(kind, since=start)
            cells.append(Cell(value, href if value is not None else ""))
        table.add(*cells)
    table.note = _("Valid certificates are counted on 31 December (or on the day, this year).")
    return table


def _rows_table(
    key: str, header: object, rows: list[breakdowns.Row], kind: str, links: Links
) -> Table:
    table = Table(key, TABLES[key], [Column(header), Column(gettext_lazy("Count"), "int")])  # type: ignore[arg-type]
    for row in rows:
        href = links.records(kind, row.filters) if row.filters is not None else ""
        table.add(row.label, Cell(row.value, href))
    return table


def _certificates_table(cache: SeriesCache, links: Links) -> Table:
    table = Table(
        "certificates",
        TABLES["certificates"],
        [Column(gettext_lazy("Certificates")), Column(gettext_lazy("Count"), "int")],
    )
    for key in ("certificates_valid", "certificates_expiring", "certificates_expired"):
        indicator = INDICATORS[key]
        table.add(indicator.label, Cell(cache.value(key), links.records(indicator.records)))
    for row in breakdowns.valid_by_stars(cache.on, cache.area):
        table.add(f"— {row.label}", Cell(row.value, links.records("valid", row.filters)))
    return table


def _reports_table(found: dict[int, dict[str, int]], cache: SeriesCache, links: Links) -> Table:
    table = Table(
        "reports",
        TABLES["reports"],
        [
            Column(gettext_lazy("Year")),
            Column(gettext_lazy("Reports"), "int"),
            Column(gettext_lazy("Workers"), "int"),
            Column(gettext_lazy("Revenue (VND)"), "vnd"),
            Column(gettext_lazy("Jobs created"), "int"),
        ],
    )
    for year in cache.years():
        row = found.get(year, {})
        href = links.records("reports", {"year": year})
        table.add(
            str(year),
            Cell(row.get("reports", 0), href),
            row.get("workers") or 0,
            row.get("revenue") or 0,
            row.get("jobs") or 0,
        )
    return table


def _market_table(cache: SeriesCache, links: Links) -> Table:
    table = Table(
        "market",
        TABLES["market"],
        [Column(gettext_lazy("Indicator")), Column(gettext_lazy("Value"))],
    )
    for indicator in INDICATORS.values():
        if indicator.records not in MARKET_PAGES:
            continue
        if not indicator.available():
            table.add(indicator.label, _("Not available yet"))
            continue
        value = cache.value(indicator.key)
        if value is None:
            reason = _("No records yet") if cache.area.is_whole_province else ""
            table.add(indicator.label, reason or _("Not available for part of the province"))
            continue
        shown = figure(value, indicator.unit)
        table.add(indicator.label, Cell(shown, links.records(indicator.records)))
    return table


def build(
    plan: Plan,
    on: datetime.date,
    area: Area,
    area_params: dict[str, object] | None = None,
    area_label: str = "",
) -> Dashboard:
    """The dashboard of `plan` on `on` for `area` (the whole province or a commune officer's
    communes); `area_params` are kept in every drill-down link."""
    cache = SeriesCache(plan, on, area)
    since = plan.starts_on
    links = Links(on, since, area_params or {})
    # Counted once for the tables, the charts and the targets that read them.
    ranked = breakdowns.ranked(since, on, area)
    cache.keep("products_ranked", ranked.by_year(cache.years()))
    reports = reports_by_year(cache.years(), on, area)
    cache.keep("jobs_created", reports_series(reports, "jobs", cache.years(), on))
    progress = plan_progress(plan, on, area, cache)
    tables = {"progress": _progress_table(progress, links), "years": _years_table(cache, links)}
    stars = ranked.by_stars()
    tables["stars"] = _rows_table("stars", gettext_lazy("Star class"), stars, "ranked", links)
    groups = ranked.by_group()
    tables["groups"] = _rows_table("groups", gettext_lazy("Product group"), groups, "ranked", links)
    communes = ranked.by_place("commune")
    tables["communes"] = _rows_table("communes", gettext_lazy("Commune"), communes, "ranked", links)
    districts = ranked.by_place("legacy_district")
    tables["districts"] = _rows_table(
        "districts", gettext_lazy("District (before July 2025)"), districts, "ranked", links
    )
    tables["certificates"] = _certificates_table(cache, links)
    kinds = breakdowns.producers_by_kind(on, area)
    tables["producers"] = _rows_table(
        "producers", gettext_lazy("Type"), kinds, "ocop_producers", links
    )
    tables["reports"] = _reports_table(reports, cache, links)
    tables["market"] = _market_table(cache, links)
    has_data = any(row.value for row in stars) or any(
        cell.value for row in tables["certificates"].rows for cell in row[1:]
    )
    charts = _charts(cache, progress, stars, groups)
    return Dashboard(plan, on, area, progress, tables, charts, has_data, area_label)


def _short(label: str, limit: int = 42) -> str:
    """Chart labels stay readable: long target wordings are cut with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _charts(
    cache: SeriesCache,
    progress: list[Progress],
    stars: list[breakdowns.Row],
    groups: list[breakdowns.Row],
) -> dict[str, Any]:
    """Chart data for static/reports/dashboard.js (read from a JSON block, no inline script)."""
    years = cache.years()
    return {
        "years": {
            "labels": [str(y) for y in years],
            "series": [
                {
                    "label": str(INDICATORS[k].label),
                    "values": [cache.yearly(k).get(y) for y in years],
                }
                for k in ("products_ranked", "new_certified", "certificates_valid")
            ],
        },
        "stars": {"labels": [r.label for r in stars], "values": [r.value for r in stars]},
        "groups": {
            "labels": [_short(r.label) for r in groups],
            "values": [r.value for r in groups],
        },
        "progress": {
            "labels": [_short(p.label) for p in progress],
            "values": [float(p.percent) if p.percent is not None else None for p in progress],
        },
    }
