"""In-process measurements, run by bench/run.py as `python -m bench.inproc <task>` with the
benchmark database in DATABASE_URL. Each task prints one JSON object on its last line.

Tasks: targets (the URLs and session the load tests use), export-datasette, dashboard,
kept, queries, write-xlsx, import-ours, import-raw.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.pages import (  # noqa: E402
    SEARCH,
    SEARCH_JSON,
    codes,
    dashboard_path,
    median_ms,
    office_client,
)


def task_targets(args: argparse.Namespace) -> dict[str, Any]:
    found = codes()
    client = office_client()
    answer = Client(HTTP_HOST="127.0.0.1").get(SEARCH_JSON)
    return {
        "search_count": answer.json().get("count") if answer.status_code == 200 else None,
        "search": [SEARCH],
        "search_json": [SEARCH_JSON],
        "verify": [f"/verify/{c}" for c in found],
        "verify_json": [f"/api/v1/certificates/{c}" for c in found],
        "dashboard": [dashboard_path()],
        "cookie": f"sessionid={client.cookies['sessionid'].value}",
    }


def task_dashboard(args: argparse.Namespace) -> dict[str, Any]:
    from bench.dashboard import agreement, raw_aggregates
    from ocop.reports import dashboard as dashboards
    from ocop.reports.indicators import Area
    from ocop.reports.models import Plan

    client, path = office_client(), dashboard_path()
    plan = Plan.objects.get(pk=int(path.rsplit("=", 1)[1])) if "plan=" in path else None
    if plan is None:
        return {"error": "no plan: the reports data was not generated"}
    on = timezone.localdate()
    years = [y for y in plan.years if y <= on.year]

    def page() -> None:
        response = client.get(path)
        assert response.status_code == 200, response.status_code

    page_ms = median_ms(page, args.repeat)
    raw_ms = median_ms(lambda: raw_aggregates(plan.starts_on, on, years), args.repeat)
    with CaptureQueriesContext(connection) as queries:
        page()
    board = dashboards.build(plan, on, Area(plan.province_id))
    problems = agreement(board, raw_aggregates(plan.starts_on, on, years))
    return {
        "page_ms": round(page_ms, 1),
        "raw_ms": round(raw_ms, 1),
        "queries": len(queries),
        "disagreements": problems,
        "path": path,
    }


def public_pages() -> dict[str, str]:
    code = codes(1)[0]
    return {
        "search": SEARCH,
        "search_json": SEARCH_JSON,
        "verify": f"/verify/{code}",
        "verify_json": f"/api/v1/certificates/{code}",
    }


def task_kept(args: argparse.Namespace) -> dict[str, Any]:
    """Single-request times of the public pages in process: the answer made afresh (the page
    cache off: what a first visitor or a new search costs) and kept (every later visitor)."""
    public = Client(HTTP_HOST="127.0.0.1")
    times = {}
    for name, path in public_pages().items():

        def get(path: str = path) -> None:
            assert public.get(path).status_code == 200

        with override_settings(OCOP_PAGE_CACHE_SECONDS=0):
            made = median_ms(get, args.repeat)
        kept = median_ms(get, args.repeat * 10)
        times[name] = {"made_ms": round(made, 2), "kept_ms": round(kept, 2)}
    return times


def task_queries(args: argparse.Namespace) -> dict[str, Any]:
    """Queries per page for search, verification (HTML, JSON) and the dashboard, with answers
    made afresh (the page cache would hide them)."""
    public = Client(HTTP_HOST="127.0.0.1")
    pages = {name: (public, path) for name, path in public_pages().items()}
    pages["dashboard"] = (office_client(), dashboard_path())
    counts = {}
    for name, (client, path) in pages.items():
        with override_settings(OCOP_PAGE_CACHE_SECONDS=0):
            client.get(path)  # warm the per-process caches first, like a running server
            with CaptureQueriesContext(connection) as queries:
                status = client.get(path).status_code
        counts[name] = len(queries) if status == 200 else f"HTTP {status}"
    return counts


def task_export_datasette(args: argparse.Namespace) -> dict[str, Any]:
    from bench.datasette_export import export

    return export(Path(args.out))


def task_write_xlsx(args: argparse.Namespace) -> dict[str, Any]:
    from bench.importing import write_xlsx

    started = time.perf_counter()
    path = write_xlsx(Path(args.out), args.rows)
    return {"path": str(path), "seconds": round(time.perf_counter() - started, 1)}


def task_import_ours(args: argparse.Namespace) -> dict[str, Any]:
    from bench.importing import ours

    return ours(Path(args.file), dry_run=args.dry_run)


def task_import_raw(args: argparse.Namespace) -> dict[str, Any]:
    from bench.importing import raw

    return raw(Path(args.file))


TASKS = {
    "targets": task_targets,
    "dashboard": task_dashboard,
    "queries": task_queries,
    "kept": task_kept,
    "export-datasette": task_export_datasette,
    "write-xlsx": task_write_xlsx,
    "import-ours": task_import_ours,
    "import-raw": task_import_raw,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--out")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--file")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    result = TASKS[args.task](args)
    sys.stdout.flush()
    print(json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
