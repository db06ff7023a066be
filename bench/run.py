"""The benchmark, end to end (`./dev bench`, or `./dev bench --quick` for the smoke version).

For SQLite and PostgreSQL in turn: generate the national-scale data (reused while current),
serve the platform with gunicorn (2 workers) on 127.0.0.1, drive each page with wrk at 32
connections for a bounded time, and print every figure as a ratio to a baseline measured in
the same run on the same data: Datasette for the catalogue search, a bare Django view for
certificate verification, raw calamine + bulk insert for the XLSX import, raw SQL for the
office dashboard. Then the growth table (2,000 / 20,000 / 200,000 products) and the results
in bench/RESULTS.md (--quick writes bench/var/RESULTS-quick.md instead).

Anything that cannot be measured (an app not finished, PostgreSQL not running) is reported
as "not measured: <reason>" and the run goes on.
"""

import argparse
import datetime
import json
import os
import shlex
import socket
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from bench import load, report, servers
from bench.generate import default_url, local_today, read_manifest

ROOT = servers.ROOT
VAR = servers.VAR
PYTHON = sys.executable
PG_BASE = "postgres://postgres@127.0.0.1:5432/ocop_bench"
REDIS_URL = "redis://127.0.0.1:6379/13"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class NotMeasured(Exception):
    pass


def not_measured(reason: str) -> dict[str, str]:
    return {"not_measured": reason}


def guarded(what: str, call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one measurement; a failure becomes "not measured: <reason>" instead of stopping."""
    try:
        return call(*args, **kwargs)
    except NotMeasured as reason:
        log(f"  {what}: not measured: {reason}")
        return not_measured(str(reason))
    except Exception as error:
        with (VAR / "errors.log").open("a") as errors:
            errors.write(f"--- {what}\n{traceback.format_exc()}\n")
        log(f"  {what}: not measured: {type(error).__name__}: {error}")
        return not_measured(f"{type(error).__name__}: {str(error)[:200]}")


# -- subprocesses ----------------------------------------------------------------------------


def inproc(task: str, url: str, redis: str = "", *extra: str, timeout: float = 3600) -> Any:
    """Run `python -m bench.inproc <task>` against `url`; its last stdout line is JSON."""
    env = servers.app_env(url, redis)
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "bench.inproc", task, *extra],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["?"]
        raise NotMeasured(f"{task} failed: {tail[0][:300]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def generate(url: str, scale: int, today: datetime.date) -> dict[str, Any]:
    env = servers.app_env(url)
    command = [PYTHON, "-m", "bench.generate", "--scale", str(scale), "--database-url", url]
    command += ["--today", today.isoformat(), "--if-stale"]
    log(f"  data: {scale:,} products → {report.short_url(url)}")
    result = subprocess.run(command, cwd=ROOT, env=env, timeout=7200, check=False)  # noqa: S603
    manifest = read_manifest(url)
    if result.returncode != 0 or manifest is None:
        raise NotMeasured(f"data generation failed (exit {result.returncode})")
    return manifest


def database_url(vendor: str, scale: int, pg_base: str) -> str:
    return default_url(scale) if vendor == "sqlite" else f"{pg_base}_{scale}"


def postgres_problem(pg_base: str) -> str:
    try:
        import psycopg

        with psycopg.connect(pg_base.rsplit("/", 1)[0] + "/postgres", connect_timeout=5):
            return ""
    except Exception as error:
        return f"PostgreSQL not reachable at {report.short_url(pg_base)} ({error})"


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


# -- load tests --------------------------------------------------------------------------------


def probe(port: int, path: str, headers: dict[str, str]) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            status = answer.status
            if answer.url.rstrip("/").endswith("/login") or "/login/" in answer.url:
                raise NotMeasured(f"{path} redirects to the login page")
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise NotMeasured(f"{path} answers HTTP {status}")


def loaded(
    port: int,
    paths: list[str],
    args: argparse.Namespace,
    wrk: str | None,
    headers: dict[str, str] | None = None,
    connections: int = load.CONNECTIONS,
) -> dict:
    headers = headers or {}
    probe(port, paths[0], headers)
    load.run(port, paths, min(2.0, args.seconds), headers, wrk, connections)  # warm up
    result = load.run(port, paths, args.seconds, headers, wrk, connections).as_dict()
    result["connections"] = connections
    return result


def http_rows(
    url: str, redis: str, args: argparse.Namespace, wrk: str | None, which: tuple[str, ...]
) -> dict[str, Any]:
    """Every page under gunicorn: the ceiling and our pages (`which` of them)."""
    targets = inproc("targets", url, redis)
    cookie = {"Cookie": targets["cookie"]}
    rows: dict[str, Any] = {}
    with servers.gunicorn(url, redis) as port:
        for name, path in (("ceiling", "/bench/ceiling"), ("ceiling_db", "/bench/ceiling/db")):
            rows[name] = guarded(name, loaded, port, [path], args, wrk)
            log(f"  {name}: {report.brief(rows[name])}")
        for name in which:
            headers = cookie if name == "dashboard" else {}
            conns = 4 if name == "dashboard" else load.CONNECTIONS
            rows[name] = guarded(name, loaded, port, targets[name], args, wrk, headers, conns)
            log(f"  {name}: {report.brief(rows[name])}")
    return rows


def datasette_rows(url: str, scale: int, args: argparse.Namespace, wrk: str | None) -> dict:
    from bench.datasette_export import search_path

    folder = VAR / f"datasette-{scale}"
    exported = inproc("export-datasette", url, "", "--out", str(folder))
    rows: dict[str, Any] = {"rows_exported": exported["rows"], "version": ""}
    ours = inproc("targets", url).get("search_count")
    with servers.datasette(Path(exported["db"]), Path(exported["metadata"])) as port:
        rows["version"] = servers.datasette_version()
        path = search_path("bat trang", 4, 1, json_format=True)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as answer:
            theirs = json.loads(answer.read()).get("filtered_table_rows_count")
        rows["found"] = {"ours": ours, "datasette": theirs}
        log(f"  products found: ours {ours}, Datasette {theirs}")
        for name, json_format in (("search", False), ("search_json", True)):
            path = search_path("bat trang", 4, 1, json_format)
            rows[name] = guarded(f"datasette {name}", loaded, port, [path], args, wrk)
            log(f"  datasette {name}: {report.brief(rows[name])}")
    return rows


# -- one database ------------------------------------------------------------------------------


def spreadsheet(url: str, rows: int) -> Path:
    """The products spreadsheet for `rows` rows of this data set (made once)."""
    manifest = read_manifest(url) or {}
    sheet = VAR / f"import-{rows}-{manifest.get('scale')}-{manifest.get('code')}.xlsx"
    inproc("write-xlsx", url, "", "--rows", str(rows), "--out", str(sheet))
    return sheet


def import_ours(url: str, sheet: Path, *extra: str) -> dict[str, Any]:
    result = inproc("import-ours", url, "", "--file", str(sheet), *extra)
    if result["errors"]:
        raise NotMeasured(f"{result['errors']} import errors, e.g. {result['first_errors'][:1]}")
    return result


def measure_import(url: str, args: argparse.Namespace) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sheet = spreadsheet(url, args.import_rows)
    log(f"  import of {args.import_rows:,} rows: ours (apply) …")
    out["ours"] = import_ours(url, sheet)
    out["ours_dry_run"] = import_ours(url, sheet, "--dry-run")
    out["raw"] = inproc("import-raw", url, "", "--file", str(sheet))
    out["rows"] = args.import_rows
    log(f"  import: {report.brief_import(out)}")
    return out


def measure_rss(url: str, args: argparse.Namespace) -> dict[str, Any]:
    sheet = spreadsheet(url, args.rss_rows)
    log(f"  peak RSS of the import at {args.rss_rows:,} rows …")
    result = import_ours(url, sheet)
    result["rows_asked"] = args.rss_rows
    log(f"  peak RSS: {result['peak_rss_mb']} MB in {result['seconds']} s")
    return result


def measure_database(vendor: str, args: argparse.Namespace, wrk: str | None) -> dict[str, Any]:
    scale, today = args.scale, local_today()
    url = database_url(vendor, scale, args.pg_url)
    redis = REDIS_URL if vendor == "postgresql" and redis_available() else ""
    out: dict[str, Any] = {"url": report.short_url(url), "redis": bool(redis)}
    log(f"{vendor}: {scale:,} products{' with Redis cache and sessions' if redis else ''}")
    out["manifest"] = generate(url, scale, today)
    pages = ("search", "search_json", "verify", "verify_json", "dashboard")
    out["http"] = guarded("http", http_rows, url, redis, args, wrk, pages)
    if vendor == "sqlite" and not args.no_datasette:
        out["datasette"] = guarded("datasette", datasette_rows, url, scale, args, wrk)
    out["dashboard"] = guarded(
        "dashboard", inproc, "dashboard", url, redis, "--repeat", str(args.repeat)
    )
    log(f"  dashboard in-process: {report.brief_dashboard(out['dashboard'])}")
    out["kept"] = guarded("kept", inproc, "kept", url, redis, "--repeat", str(args.repeat))
    log(f"  public answers in-process: {report.brief_kept(out['kept'])}")
    out["import"] = guarded("import", measure_import, url, args)
    if vendor in args.rss_on:
        out["rss"] = guarded("rss", measure_rss, url, args)
    out["queries"] = {}
    for level in args.query_levels:
        out["queries"][level] = guarded(f"queries at {level}", queries_at, vendor, level, args)
        log(f"  queries per page at {level:,} products: {out['queries'][level]}")
    return out


def queries_at(vendor: str, level: int, args: argparse.Namespace) -> dict[str, Any]:
    url = database_url(vendor, level, args.pg_url)
    generate(url, level, local_today())
    return inproc("queries", url)


def measure_growth(vendor: str, args: argparse.Namespace, wrk: str | None) -> dict[int, Any]:
    rows: dict[int, Any] = {}
    for level in args.growth:
        url = database_url(vendor, level, args.pg_url)
        redis = REDIS_URL if vendor == "postgresql" and redis_available() else ""
        log(f"growth, {vendor}: {level:,} products")

        def one(url: str = url, level: int = level, redis: str = redis) -> dict[str, Any]:
            manifest = generate(url, level, local_today())
            row = http_rows(url, redis, args, wrk, ("search", "verify", "verify_json"))
            row["dashboard"] = guarded(
                "dashboard", inproc, "dashboard", url, redis, "--repeat", "3"
            )
            log(f"  dashboard in-process: {report.brief_dashboard(row['dashboard'])}")
            row["generation"] = manifest["seconds"]
            return row

        rows[level] = guarded(f"growth {level}", one)
    return rows


# -- main --------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="./dev bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="smoke version: small data, 2 s loads")
    parser.add_argument("--seconds", type=float, help="duration of each load test (default 10)")
    parser.add_argument("--scale", type=int, help="products in the main comparison (default 20000)")
    parser.add_argument("--max-scale", type=int, default=200_000, help="largest growth level")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("BENCH_PG_URL", PG_BASE),
        help="PostgreSQL URL prefix; _<scale> is appended to the database name",
    )
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--no-growth", action="store_true")
    args = parser.parse_args(argv)
    quick = args.quick
    args.seconds = args.seconds or (2.0 if quick else 10.0)
    args.scale = args.scale or (2_000 if quick else 20_000)
    args.repeat = 3 if quick else 10
    args.import_rows = 500 if quick else 20_000
    args.rss_rows = 2_000 if quick else 100_000
    args.rss_on = ("sqlite",)
    levels = [2_000, 20_000, 200_000]
    args.growth = [] if quick or args.no_growth else [n for n in levels if n <= args.max_scale]
    args.skipped_levels = [n for n in levels if n > args.max_scale]
    args.query_levels = [args.scale] if quick else [3_300, args.scale]
    args.databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    VAR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    command = "./dev bench" + (" " + shlex.join(argv if argv is not None else sys.argv[1:]))
    wrk = load.find_wrk()
    log(f"load tool: {wrk or 'Python load generator (wrk not available)'}")
    results: dict[str, Any] = {
        "meta": report.machine(args, wrk, command.strip()),
        "databases": {},
        "growth": {},
    }
    pg_problem = postgres_problem(args.pg_url) if "postgresql" in args.databases else ""
    for vendor in args.databases:
        if vendor == "postgresql" and pg_problem:
            results["databases"][vendor] = not_measured(pg_problem)
            continue
        results["databases"][vendor] = guarded(vendor, measure_database, vendor, args, wrk)
    for vendor in args.databases:
        if args.growth and not (vendor == "postgresql" and pg_problem):
            results["growth"][vendor] = measure_growth(vendor, args, wrk)
    results["meta"]["finished"] = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    results["meta"]["minutes"] = round((time.monotonic() - started) / 60, 1)
    results["meta"]["load_after"] = os.getloadavg()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (VAR / f"results-{stamp}.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False, default=str)
    )
    text = report.render(results)
    target = VAR / "RESULTS-quick.md" if args.quick else ROOT / "bench" / "RESULTS.md"
    target.write_text(text)
    print()
    print(report.summary(results))
    log(f"results written to {target.relative_to(ROOT)} in {results['meta']['minutes']} min")


if __name__ == "__main__":
    main()
