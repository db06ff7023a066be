"""The office dashboard (reports app) against the raw SQL aggregates it needs.

`raw_aggregates` computes the dashboard's figures for the province — products ranked by year,
star class, group, commune and old district; new 3★+ products by year; valid certificates at
each year's end and today, expiring and expired today, valid by stars; OCOP producers by
type; producers' yearly reports; on the day, showrooms, the OCOP share of their listings and
the share of OCOP producers in modern channels — with nine hand-written queries and a few
Python sums. `agreement` checks that the dashboard shows the same yearly series and market
figures, so the baseline is not computing something else.
"""

# ruff: noqa: S608 - the SQL is put together from this module's constants; values are parameters

import datetime
from collections import Counter
from typing import Any

from django.db import connection

HANOI = 1


def _year_ends(years: list[int], on: datetime.date) -> list[datetime.date]:
    return [min(datetime.date(y, 12, 31), on) for y in years]


PLACE = """
    JOIN registry_product p ON p.id = {alias}.product_id
    JOIN registry_producer pr ON pr.id = p.producer_id
    JOIN places_commune co ON co.code = pr.commune_id AND co.province_id = %s
"""

RANKED = """
WITH d AS (
  SELECT d.star_class, COALESCE(cat.parent_id, cat.id) AS grp, pr.commune_id,
         pr.legacy_district_id,
         COALESCE(
           (SELECT MIN(dec.date) FROM certification_decision_dossiers dd
              JOIN certification_decision dec ON dec.id = dd.decision_id
             WHERE dd.dossier_id = d.id),
           (SELECT dec.date FROM certification_certificate c
              JOIN certification_decision dec ON dec.id = c.decision_id
             WHERE c.dossier_id = d.id)) AS decided_on
  FROM evaluation_dossier d {place}
  JOIN registry_productcategory cat ON cat.id = p.category_id
  WHERE d.star_class IS NOT NULL AND d.outcome <> 'knocked_out'
)
SELECT SUBSTR(CAST(decided_on AS TEXT), 1, 4), star_class, grp, commune_id, legacy_district_id,
       COUNT(*)
FROM d WHERE decided_on >= %s AND decided_on <= %s GROUP BY 1, 2, 3, 4, 5
"""

NEW_CERTIFIED = """
SELECT SUBSTR(CAST(c.issued_on AS TEXT), 1, 4), COUNT(*)
FROM certification_certificate c {place}
WHERE c.issued_on >= %s AND c.issued_on <= %s
  AND NOT EXISTS (SELECT 1 FROM certification_certificate e WHERE e.product_id = c.product_id
                  AND (e.issued_on < c.issued_on OR (e.issued_on = c.issued_on AND e.id < c.id)))
GROUP BY 1
"""

LIVE = """(c.issued_on <= {d} AND c.expires_on > {d}
  AND (c.revoked_on IS NULL OR c.revoked_on > {d})
  AND (c.superseded_on IS NULL OR c.superseded_on > {d})
  AND NOT EXISTS (SELECT 1 FROM certification_suspension s WHERE s.certificate_id = c.id
                  AND s.starts_on <= {d} AND (s.ends_on IS NULL OR s.ends_on > {d})))"""

EXPIRED = """(c.issued_on <= {d} AND c.expires_on <= {d}
  AND (c.revoked_on IS NULL OR c.revoked_on > {d})
  AND (c.superseded_on IS NULL OR c.superseded_on > {d})
  AND NOT EXISTS (SELECT 1 FROM certification_suspension s WHERE s.certificate_id = c.id
                  AND s.starts_on <= {d} AND (s.ends_on IS NULL OR s.ends_on > {d})))"""

PRODUCERS = """
SELECT pr.kind, COUNT(*) FROM registry_producer pr
JOIN places_commune co ON co.code = pr.commune_id AND co.province_id = %s
WHERE EXISTS (SELECT 1 FROM certification_certificate c JOIN registry_product p
              ON p.id = c.product_id WHERE p.producer_id = pr.id AND {live})
GROUP BY pr.kind
"""

REPORTS = """
SELECT r.year, COUNT(*), SUM(r.workers), SUM(r.revenue), SUM(r.jobs_created)
FROM reports_producerreport r JOIN registry_producer pr ON pr.id = r.producer_id
JOIN places_commune co ON co.code = pr.commune_id AND co.province_id = %s
WHERE r.year >= %s AND r.year <= %s GROUP BY r.year
"""


def _on(template: str, day: datetime.date) -> tuple[str, list[Any]]:
    """`template` with every {d} a parameter set to `day`."""
    sql = template.format(d="%s")
    return sql, [day] * sql.count("%s")


def _certificates_sql(days: list[datetime.date], today: datetime.date) -> tuple[str, list[Any]]:
    columns, params = [], []
    for day in days:
        live, live_params = _on(LIVE, day)
        columns.append(f"SUM(CASE WHEN {live} THEN 1 ELSE 0 END)")
        params += live_params
    live, live_params = _on(LIVE, today)
    columns.append(f"SUM(CASE WHEN {live} AND c.expires_on <= %s THEN 1 ELSE 0 END)")
    params += [*live_params, today + datetime.timedelta(days=30)]
    expired, expired_params = _on(EXPIRED, today)
    columns.append(f"SUM(CASE WHEN {expired} THEN 1 ELSE 0 END)")
    params += expired_params
    for stars, potential in ((5, False), (4, True), (4, False), (3, False)):
        columns.append(
            f"SUM(CASE WHEN {live} AND c.stars = %s AND c.potential_five = %s THEN 1 ELSE 0 END)"
        )
        params += [*live_params, stars, potential]
    sql = f"SELECT {', '.join(columns)} FROM certification_certificate c {PLACE.format(alias='c')}"
    return sql, [*params, HANOI]


ROOM_LIVE = "(s.opened_on <= {d} AND (s.closed_on IS NULL OR s.closed_on > {d}))"
CHANNEL_LIVE = """(EXISTS (SELECT 1 FROM market_producerchannel pc
  WHERE pc.producer_id = vp.producer_id AND pc.channel IN ('supermarket', 'convenience',
  'ecommerce') AND pc.since <= {d} AND (pc.until IS NULL OR pc.until > {d}))
  OR EXISTS (SELECT 1 FROM market_carriage ca JOIN market_retailer r ON r.id = ca.retailer_id
  WHERE ca.producer_id = vp.producer_id AND r.kind IN ('mall', 'supermarket',
  'convenience_chain', 'convenience_store', 'ecommerce') AND ca.since <= {d}
  AND (ca.until IS NULL OR ca.until > {d}) AND (r.opened_on IS NULL OR r.opened_on <= {d})
  AND (r.closed_on IS NULL OR r.closed_on > {d})))"""


def _columns(template: str, days: list[datetime.date], pattern: str) -> tuple[str, list[Any]]:
    """One column per day: `pattern` with {live} the day's condition from `template`."""
    columns, params = [], []
    for i, day in enumerate(days):
        live, live_params = _on(template, day)
        columns.append(pattern.format(live=live, i=i))
        params += live_params * pattern.count("{live}")
    return ", ".join(columns), params


DATED = """(c.issued_on <= {d} AND c.expires_on > {d}
  AND (c.revoked_on IS NULL OR c.revoked_on > {d})
  AND (c.superseded_on IS NULL OR c.superseded_on > {d}))"""
SUSPENDED = "(su.starts_on <= {d} AND (su.ends_on IS NULL OR su.ends_on > {d}))"


def _valid_per(
    key: str, join: str, days: list[datetime.date], where: str = ""
) -> tuple[str, list[Any]]:
    """A CTE `vp` with, per `key`, columns v0.. = 1 when a 3★+ certificate was valid on each
    day. Suspensions (few) are folded per certificate first, so no per-row subquery runs."""
    susp, susp_p = _columns(SUSPENDED, days, "MAX(CASE WHEN {live} THEN 1 ELSE 0 END) AS s{i}")
    dated, dated_p = _columns(
        DATED, days, "MAX(CASE WHEN {live} AND COALESCE(sc.s{i}, 0) = 0 THEN 1 ELSE 0 END) AS v{i}"
    )
    sql = (
        f"sc AS MATERIALIZED (SELECT su.certificate_id, {susp} FROM certification_suspension su "
        "GROUP BY su.certificate_id), "
        f"vp AS MATERIALIZED (SELECT {key}, {dated} FROM certification_certificate c {join} "
        "LEFT JOIN sc ON sc.certificate_id = c.id "
        f"WHERE c.stars >= 3 {where} GROUP BY {key})"
    )
    return sql, [*susp_p, *dated_p]


def _market_queries(days: list[datetime.date]) -> list[tuple[str, list[Any]]]:
    """Showrooms and the OCOP share of their listings at each day, and the share of OCOP
    producers with a modern channel (their own, or a modern retailer carrying their goods),
    all in the province: listings counted per product and validity per product, each in one
    pass, then joined."""
    rooms, rooms_p = _columns(ROOM_LIVE, days, "SUM(CASE WHEN {live} THEN 1 ELSE 0 END)")
    listed, _unused = _columns(
        ROOM_LIVE, days, "SUM(CASE WHEN {live} AND l.since <= %s THEN 1 ELSE 0 END) AS n{i}"
    )
    listed_p = [p for day in days for p in [day, day, day]]  # opened, closed, since
    sums = ", ".join(f"SUM(lp.n{i}), SUM(lp.n{i} * COALESCE(vp.v{i}, 0))" for i in range(len(days)))
    place = "JOIN places_commune co ON co.code = s.commune_id AND co.province_id = %s"
    per_product, per_product_p = _valid_per("c.product_id", "", days)
    listings = (
        f"WITH lp AS MATERIALIZED (SELECT l.product_id, {listed} FROM market_listing l "
        f"JOIN market_showroom s ON s.id = l.showroom_id {place} "
        f"WHERE s.status <> 'planned' GROUP BY l.product_id), {per_product} "
        f"SELECT {sums} FROM lp LEFT JOIN vp ON vp.product_id = lp.product_id"
    )
    per_producer, per_producer_p = _valid_per(
        "p.producer_id",
        "JOIN registry_product p ON p.id = c.product_id "
        "JOIN registry_producer pr ON pr.id = p.producer_id "
        "JOIN places_commune co ON co.code = pr.commune_id",
        days,
        "AND co.province_id = %s",
    )
    modern, modern_p = _columns(
        CHANNEL_LIVE, days, "SUM(vp.v{i}), SUM(CASE WHEN vp.v{i} = 1 AND {live} THEN 1 ELSE 0 END)"
    )
    producers = f"WITH {per_producer} SELECT {modern} FROM vp"
    return [
        (
            f"SELECT {rooms} FROM market_showroom s {place} WHERE s.status <> 'planned'",
            [*rooms_p, HANOI],
        ),
        (listings, [*listed_p, HANOI, *per_product_p]),
        (producers, [*per_producer_p, HANOI, *modern_p]),
    ]


def raw_aggregates(since: datetime.date, on: datetime.date, years: list[int]) -> dict[str, Any]:
    """Every figure of the dashboard for the province, from hand-written SQL."""
    out: dict[str, Any] = {}
    days = _year_ends(years, on)
    with connection.cursor() as cursor:
        cursor.execute(RANKED.format(place=PLACE.format(alias="d")), [HANOI, since, on])
        cube = cursor.fetchall()
        by: dict[str, Counter] = {
            k: Counter() for k in ("year", "stars", "group", "commune", "district")
        }
        for year, stars, group, commune, district, n in cube:
            for key, value in zip(by, (int(year), stars, group, commune, district), strict=True):
                by[key][value] += n
        out["ranked"] = {k: dict(v) for k, v in by.items()}
        cursor.execute(NEW_CERTIFIED.format(place=PLACE.format(alias="c")), [HANOI, since, on])
        out["new_certified"] = {int(y): n for y, n in cursor.fetchall()}
        sql, params = _certificates_sql([*days, on], on)
        cursor.execute(sql, params)
        row = [int(v or 0) for v in cursor.fetchone()]
        out["valid_at_year_end"] = dict(zip(years, row[: len(days)], strict=True))
        out["valid_today"], out["expiring"], out["expired"] = row[len(days) : len(days) + 3]
        out["valid_by_stars"] = row[len(days) + 3 :]
        live, live_params = _on(LIVE, on)
        cursor.execute(PRODUCERS.format(live=live), [HANOI, *live_params])
        out["producers_by_kind"] = dict(cursor.fetchall())
        cursor.execute(REPORTS, [HANOI, years[0], on.year])
        out["reports"] = {r[0]: r[1:] for r in cursor.fetchall()}
        if _has_table("market_showroom"):
            out["market"] = []
            for sql, params in _market_queries([on]):  # the page shows them on the day only
                cursor.execute(sql, params)
                out["market"].append(cursor.fetchone())
        cursor.execute(
            "SELECT indicator, value FROM reports_target t JOIN reports_plan p ON p.id = t.plan_id "
            "WHERE p.province_id = %s",
            [HANOI],
        )
        out["targets"] = cursor.fetchall()
    return out


def _has_table(name: str) -> bool:
    return name in connection.introspection.table_names()


def agreement(board: Any, raw: dict[str, Any]) -> list[str]:
    """Where the dashboard and the raw aggregates disagree (empty when they agree)."""
    series = {s["label"]: s["values"] for s in board.charts["years"]["series"]}
    years = [int(y) for y in board.charts["years"]["labels"]]
    labels = list(series)
    problems = []
    ranked = [raw["ranked"]["year"].get(y, 0) for y in years]
    new = [raw["new_certified"].get(y, 0) for y in years]
    valid = [raw["valid_at_year_end"].get(y, 0) for y in years]
    for label, mine in zip(labels, (ranked, new, valid), strict=False):
        if list(series[label]) != mine:
            problems.append(f"{label}: dashboard {series[label]} vs raw {mine}")
    if "market" in raw:
        problems += _market_agreement(board, raw["market"])
    return problems


def _market_agreement(board: Any, market: list[tuple[Any, ...]]) -> list[str]:
    from ocop.reports.indicators import INDICATORS, percent
    from ocop.reports.templatetags.reports import figure

    (rooms,), (listed, ocop), (producers, modern) = market
    listings = percent(int(ocop or 0), int(listed or 0))  # None without listings: not compared
    mine = {
        "showrooms": figure(int(rooms or 0), "count"),
        "showroom_listings_ocop": figure(listings, "percent") if listings is not None else None,
        # The market app gives 0.0 % when there is no OCOP producer.
        "producers_in_modern_channels": figure(
            percent(int(modern or 0), int(producers or 0)) or 0, "percent"
        ),
    }
    shown = {str(row[0].value): row[1].value for row in board.tables["market"].rows}
    return [
        f"{key}: dashboard {shown.get(str(INDICATORS[key].label))} vs raw {value}"
        for key, value in mine.items()
        if value is not None and shown.get(str(INDICATORS[key].label)) != value
    ]
