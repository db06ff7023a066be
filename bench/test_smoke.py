"""A smoke version of the benchmark harness, so it cannot rot: the generator at tiny scale (50
products) into the test database, and one short measurement loop per page with Django's
test client (no gunicorn, no wrk). The real benchmark is `./dev bench`."""

import argparse

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench import load, report
from bench.generate import certificate_states, fill, rebuild_catalogue
from bench.pages import SEARCH, SEARCH_JSON, codes, dashboard_path, median_ms, office_client

pytestmark = pytest.mark.django_db

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/bench/ceiling
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    3.02ms  40.11ms   80.00%
  Latency Distribution
     50%   11.80ms
     75%   13.00ms
     90%   15.20ms
     99%  950.00us
  26021 requests in 10.01s, 4.10MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   2600.52
"""


@pytest.fixture
def tiny() -> dict[str, object]:
    world, notes = fill(50, 2025, timezone.localdate())
    return {"counts": world.counts, "notes": notes, "catalogue": rebuild_catalogue()}


def test_it_generates_producers_products_and_certificates_in_proportion(tiny):
    counts = tiny["counts"]
    assert counts["products"] == 50
    assert counts["producers"] == 25
    assert counts["scoring sheets"] == 3 * counts["dossiers"]
    assert certificate_states(timezone.localdate())["valid"] > 0


def test_it_builds_the_catalogue_index_after_generating(tiny):
    assert tiny["catalogue"] == ""


@override_settings(ROOT_URLCONF="bench.urls")
def test_it_measures_every_page_with_the_test_client(tiny):
    public = Client(HTTP_HOST="127.0.0.1")
    code = codes(1)[0]
    pages = [
        (public, "/bench/ceiling"),
        (public, SEARCH),
        (public, SEARCH_JSON),
        (public, f"/verify/{code}"),
        (public, f"/api/v1/certificates/{code}"),
        (office_client(), dashboard_path()),
    ]
    for client, path in pages:
        with CaptureQueriesContext(connection) as queries:
            assert median_ms(lambda c=client, p=path: c.get(p), 2) > 0
        assert client.get(path).status_code == 200, path
        assert len(queries) < 200, path


def test_it_computes_the_dashboard_figures_with_raw_sql_alike(tiny):
    from bench.dashboard import agreement, raw_aggregates
    from ocop.reports import dashboard as dashboards
    from ocop.reports.indicators import Area
    from ocop.reports.models import Plan

    plan = Plan.objects.order_by("start_year").first()
    today = timezone.localdate()
    years = [y for y in plan.years if y <= today.year]
    board = dashboards.build(plan, today, Area(plan.province_id))
    assert agreement(board, raw_aggregates(plan.starts_on, today, years)) == []


def test_it_reads_wrk_output():
    result = load.parse_wrk(WRK_OUTPUT)
    assert (result.rps, result.p50_ms) == (2600.52, 11.8)
    assert result.p99_ms == pytest.approx(0.95)
    assert (result.requests, result.failures) == (26021, 3)


def test_it_writes_not_measured_rows_instead_of_failing():
    args = argparse.Namespace(scale=20_000, quick=True, seconds=2.0, skipped_levels=[200_000])
    meta = report.machine(args, None, "./dev bench --quick")
    results = {
        "meta": {**meta, "minutes": 0.1, "load_after": (0.0, 0.0, 0.0)},
        "databases": {
            "sqlite": {"http": {"not_measured": "catalogue search answers HTTP 404"}},
            "postgresql": {"not_measured": "PostgreSQL not reachable"},
        },
        "growth": {},
    }
    text = report.render(results)
    assert "not measured: catalogue search answers HTTP 404" in text
    assert "not measured: PostgreSQL not reachable" in text
