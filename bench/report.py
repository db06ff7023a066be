"""Turning a benchmark run into text: one-line progress, the summary printed at the end, and
bench/RESULTS.md (tables, machine, date, command, and the notes kept in bench/NOTES.md)."""

import argparse
import datetime
import os
import platform
import re
import sqlite3
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "bench" / "NOTES.md"
VENDORS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def short_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return os.path.relpath(parts.path, ROOT)
    return f"{parts.scheme}://{parts.hostname}:{parts.port}{parts.path}"


def _missing(row: Any) -> str | None:
    if not isinstance(row, dict):
        return "no result"
    return row.get("not_measured")


def brief(row: Any) -> str:
    reason = _missing(row)
    if reason:
        return f"not measured: {reason}"
    failed = f", {row['failures']} failed" if row.get("failures") else ""
    return (
        f"{row['rps']:,.0f} req/s, p50 {row['p50_ms']:.1f} ms, p99 {row['p99_ms']:.1f} ms{failed}"
    )


def brief_import(row: Any) -> str:
    reason = _missing(row)
    if reason:
        return f"not measured: {reason}"
    ours, raw = row["ours"]["seconds"], row["raw"]["seconds"]
    dry = row["ours_dry_run"]["seconds"]
    return f"ours {ours} s (dry run {dry} s), raw {raw} s: {ours / raw:.1f}×"


def brief_dashboard(row: Any) -> str:
    reason = _missing(row)
    if reason or "page_ms" not in row:
        return f"not measured: {reason or row.get('error')}"
    page, raw = row["page_ms"], row["raw_ms"]
    return f"page {page} ms, raw SQL {raw} ms: {page / raw:.1f}×, {row['queries']} queries"


def brief_kept(row: Any) -> str:
    reason = _missing(row)
    if reason:
        return f"not measured: {reason}"
    return ", ".join(
        f"{name} {times['made_ms']} → {times['kept_ms']} ms" for name, times in row.items()
    )


# -- the machine -------------------------------------------------------------------------------


def _run(*command: str) -> str:
    try:
        return subprocess.run(  # noqa: S603 (fixed commands: free, psql, wrk)
            command, capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except OSError:
        return ""


def machine(args: argparse.Namespace, wrk: str | None, command: str) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    memory = _run("free", "-m").splitlines()
    total = next((line.split()[1] for line in memory if line.startswith("Mem:")), "?")
    import django

    found = re.search(r"\d+\.\d+\.\d+", _run(wrk, "-v")) if wrk else None
    wrk_version = f"wrk {found[0]}" if found else ("wrk" if wrk else "")
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": command,
        "cpu": f"{models[0] if models else platform.processor()} × {len(models) or os.cpu_count()}",
        "memory_mb": total,
        "load_before": os.getloadavg(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _run("psql", "--version").strip(),
        "load_tool": wrk_version or "Python load generator (wrk not available)",
        "seconds_per_test": args.seconds,
        "quick": args.quick,
        "scale": args.scale,
        "skipped_levels": args.skipped_levels,
    }


# -- ratios and verdicts ----------------------------------------------------------------------


def _ok(row: Any) -> bool:
    return isinstance(row, dict) and not row.get("not_measured") and "rps" in row


def _verdict(value: float, target: float, at_least: bool) -> str:
    """✓, or by how much the target is missed: "short by 88%" or "4.2× the limit"."""
    if value >= target if at_least else value <= target:
        return "✓"
    if at_least:
        return f"✗ short by {1 - value / target:.0%}"
    return f"✗ {value / target:.1f}× the limit"


def ratios(db: dict[str, Any], datasette: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """(what, measured, verdict) for one database."""
    out: list[tuple[str, str, str]] = []
    ceiling = _page(db, "ceiling")
    search = _page(db, "search")

    def add(what: str, value: float | None, text: str, target: float, at_least: bool) -> None:
        out.append((what, text, _verdict(value, target, at_least) if value is not None else ""))

    def missing(what: str, *rows: Any) -> bool:
        reasons = [
            r.get("not_measured") for r in rows if isinstance(r, dict) and r.get("not_measured")
        ]
        if reasons or any(not isinstance(r, dict) for r in rows):
            out.append((what, f"not measured: {reasons[0] if reasons else 'no result'}", ""))
            return True
        return False

    ds = (datasette or {}).get("search")
    if not missing("search: ours ÷ Datasette (≥ 10×)", search, ds):
        ratio = search["rps"] / ds["rps"]
        add("search: ours ÷ Datasette (≥ 10×)", ratio, f"{ratio:.1f}×", 10, True)
    if not missing("search: ours ÷ ceiling (≥ 25%)", search, ceiling):
        share = search["rps"] / ceiling["rps"]
        add("search: ours ÷ ceiling (≥ 25%)", share, f"{share:.0%}", 0.25, True)
        add("search: p99 (< 50 ms)", search["p99_ms"], f"{search['p99_ms']:.1f} ms", 50, False)
    for name, label in (("verify", "verify HTML"), ("verify_json", "verify JSON")):
        row = _page(db, name)
        if not missing(f"{label}: ours ÷ ceiling (≥ 60%)", row, ceiling):
            share = row["rps"] / ceiling["rps"]
            add(f"{label}: ours ÷ ceiling (≥ 60%)", share, f"{share:.0%}", 0.6, True)
            add(f"{label}: p99 (< 20 ms)", row["p99_ms"], f"{row['p99_ms']:.1f} ms", 20, False)
    imp = db.get("import")
    if not missing("import: ours ÷ raw (≤ 3×)", imp):
        ratio = imp["ours"]["seconds"] / imp["raw"]["seconds"]
        add(f"import of {imp['rows']:,} rows: ours ÷ raw (≤ 3×)", ratio, f"{ratio:.1f}×", 3, False)
    rss = db.get("rss")
    if rss is not None and not missing("import: peak RSS (< 300 MB)", rss):
        add(
            f"import of {rss['rows']:,} rows: peak RSS (< 300 MB)",
            rss["peak_rss_mb"],
            f"{rss['peak_rss_mb']:.0f} MB",
            300,
            False,
        )
    dash = db.get("dashboard")
    if not missing("dashboard: page ÷ raw SQL (≤ 2×)", dash) and "page_ms" in dash:
        ratio = dash["page_ms"] / dash["raw_ms"]
        add("dashboard: page ÷ raw SQL (≤ 2×)", ratio, f"{ratio:.1f}×", 2, False)
    queries = db.get("queries") or {}
    counts = {level: q.get("dashboard") for level, q in queries.items() if isinstance(q, dict)}
    if len(counts) >= 2:
        values = list(counts.values())
        same = len(set(map(str, values))) == 1
        text = ", ".join(f"{v} at {int(k):,}" for k, v in counts.items())
        out.append(
            ("dashboard: queries per page the same at each size", text, "✓" if same else "✗")
        )
    return out


# -- RESULTS.md --------------------------------------------------------------------------------


def _cell(row: Any, key: str = "rps") -> str:
    if not isinstance(row, dict):
        return "–"
    if row.get("not_measured"):
        return f"not measured: {row['not_measured']}"
    if key == "rps" and not row.get("requests"):
        return "no request completed within the test (each took longer)"
    if key == "rps":
        failed = f" ({row['failures']} failed)" if row.get("failures") else ""
        latency = f"p50 {row['p50_ms']:.1f} · p99 {row['p99_ms']:.1f} ms"
        return f"{row['rps']:,.0f} req/s · {latency}{failed}"
    return str(row.get(key, "–"))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return lines


def render(results: dict[str, Any]) -> str:
    meta, dbs = results["meta"], results["databases"]
    vendors = list(dbs)
    head = ["measurement", *(VENDORS.get(v, v) for v in vendors)]
    lines = [
        "# Benchmark results",
        "",
        f"Run {meta['date']} ({meta['minutes']} min) with `{meta['command']}`"
        + (" (smoke version)" if meta["quick"] else "")
        + ".",
        "",
        f"Machine: {meta['cpu']}, {meta['memory_mb']} MB RAM, Linux {meta['kernel']}; load "
        f"average {meta['load_before'][0]:.1f} at the start and {meta['load_after'][0]:.1f} at "
        "the end (the machine is shared: absolute numbers move with the load, the ratios less).",
        f"Python {meta['python']}, Django {meta['django']}, SQLite {meta['sqlite']}, "
        f"{meta['postgresql'] or 'PostgreSQL: not found'}. Load: {meta['load_tool']}, "
        f"32 connections (4 for the dashboard), {meta['seconds_per_test']:.0f} s per test after "
        "a 2 s warm-up, on 127.0.0.1; the platform under gunicorn with 2 sync workers.",
        "",
        "## Targets",
        "",
    ]
    table: dict[str, dict[str, tuple[str, str]]] = {}
    datasette = (
        dbs.get("sqlite", {}).get("datasette") if isinstance(dbs.get("sqlite"), dict) else None
    )
    for vendor in vendors:
        db = dbs[vendor]
        if db.get("not_measured"):
            table.setdefault("(all)", {})[vendor] = (f"not measured: {db['not_measured']}", "")
            continue
        for what, text, verdict in ratios(db, datasette):
            table.setdefault(what, {})[vendor] = (text, verdict)
    rows = [
        [what, *(" ".join(per.get(v, ("–", ""))).strip() for v in vendors)]
        for what, per in table.items()
    ]
    lines += _table(head, rows)
    lines += ["", f"## Side by side at {meta['scale']:,} products", ""]
    pages = [
        ("framework ceiling (bare view, same server)", "ceiling"),
        ("bare view with one database query (SELECT 1)", "ceiling_db"),
        ("catalogue search HTML: “bat trang”, 4★, Hà Nội", "search"),
        ("catalogue search JSON (/api/v1/products)", "search_json"),
        ("certificate verification HTML (/verify/<code>)", "verify"),
        ("certificate verification JSON (/api/v1/certificates/<code>)", "verify_json"),
        ("office dashboard over HTTP (4 connections)", "dashboard"),
    ]
    rows = []
    for label, key in pages:
        rows.append([label, *(_cell(_page(dbs[v], key)) for v in vendors)])
    if isinstance(datasette, dict) and not datasette.get("not_measured"):
        rows.append(
            [
                f"Datasette {datasette.get('version', '')}: same search, same 8 facets (HTML)",
                *(_cell(datasette.get("search")) for _ in vendors),
            ]
        )
        rows.append(
            [
                "Datasette: same search (JSON)",
                *(_cell(datasette.get("search_json")) for _ in vendors),
            ]
        )
        found = datasette.get("found") or {}
        text = f"ours {found.get('ours')}, Datasette {found.get('datasette')} (on SQLite)"
        rows.append(["products found by the search", *(text for _ in vendors)])
    elif datasette is not None:
        rows.append(["Datasette", *(_cell(datasette) for _ in vendors)])
    for label, get in (
        (
            "public answers in-process: made afresh → kept (page cache)",
            lambda db: brief_kept(db.get("kept")),
        ),
        ("dashboard in-process: page / raw SQL", lambda db: brief_dashboard(db.get("dashboard"))),
        ("XLSX import: ours (dry run) / raw", lambda db: brief_import(db.get("import"))),
        ("import peak RSS", _rss),
        ("queries per page", _queries),
    ):
        rows.append(
            [label, *(get(dbs[v]) if not dbs[v].get("not_measured") else "–" for v in vendors)]
        )
    lines += _table(head, rows)
    lines += [
        "",
        "Datasette serves SQLite only: the PostgreSQL column is compared with the same "
        "Datasette figure.",
        "",
    ]
    lines += _growth(results, meta)
    lines += _data(dbs)
    if NOTES.exists():
        lines += ["", NOTES.read_text().strip(), ""]
    return "\n".join(lines) + "\n"


def _page(db: Any, key: str) -> Any:
    """The load-test row of one page; the whole group's reason when the server never ran."""
    http = db.get("http") if isinstance(db, dict) else None
    if isinstance(http, dict) and http.get("not_measured"):
        return http
    return (http or {}).get(key)


def _rss(db: dict[str, Any]) -> str:
    rss = db.get("rss")
    if rss is None:
        return "not measured on this database (measured on SQLite)"
    if rss.get("not_measured"):
        return f"not measured: {rss['not_measured']}"
    return f"{rss['peak_rss_mb']:.0f} MB at {rss['rows']:,} rows (apply took {rss['seconds']} s)"


def _queries(db: dict[str, Any]) -> str:
    parts = []
    for level, counts in (db.get("queries") or {}).items():
        if isinstance(counts, dict) and not counts.get("not_measured"):
            parts.append(f"{int(level):,}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        else:
            parts.append(f"{int(level):,}: {_cell(counts)}")
    return "; ".join(parts) or "–"


def _growth(results: dict[str, Any], meta: dict[str, Any]) -> list[str]:
    lines = ["## Growth", ""]
    if not results["growth"]:
        return [*lines, "Not run (--quick or --no-growth).", ""]
    head = ["products", "database", "search", "verify HTML", "verify JSON"]
    head += ["dashboard (in-process)", "data made in (of which catalogue rebuild)"]
    rows = []
    for vendor, levels in results["growth"].items():
        for level, row in levels.items():
            first = [f"{int(level):,}", VENDORS[vendor]]
            if row.get("not_measured"):
                rows.append([*first, f"not measured: {row['not_measured']}", "", "", "", ""])
                continue
            pages = [_cell(row.get(k)) for k in ("search", "verify", "verify_json")]
            made = _made(row.get("generation"))
            rows.append([*first, *pages, brief_dashboard(row.get("dashboard")), made])
    lines += _table(head, rows)
    if meta.get("skipped_levels"):
        skipped = ", ".join(f"{n:,}" for n in meta["skipped_levels"])
        lines += ["", f"Skipped with --max-scale: {skipped} products."]
    return [*lines, ""]


def _made(seconds: Any) -> str:
    if not isinstance(seconds, dict):
        return "–"
    return f"{seconds['total']:,.0f} s ({seconds['catalogue']:,.0f} s)"


def _data(dbs: dict[str, Any]) -> list[str]:
    lines = ["## Data", ""]
    for vendor, db in dbs.items():
        manifest = db.get("manifest") if isinstance(db, dict) else None
        if not manifest:
            continue
        counts = ", ".join(f"{v:,} {k}" for k, v in manifest["counts"].items())
        states = ", ".join(f"{v:,} {k}" for k, v in manifest["certificate_states"].items())
        secs = manifest["seconds"]
        lines += [
            f"- {VENDORS[vendor]} (seed {manifest['seed']}, day {manifest['today']}): {counts}. "
            f"Certificates on the day: {states}. Generated in {secs['total']} s "
            f"(insert {secs['insert']} s, catalogue rebuild {secs['catalogue']} s)."
            + (f" Notes: {manifest['notes']}." if manifest.get("notes") else ""),
        ]
    return [*lines, ""]


def summary(results: dict[str, Any]) -> str:
    dbs = results["databases"]
    datasette = (
        dbs.get("sqlite", {}).get("datasette") if isinstance(dbs.get("sqlite"), dict) else None
    )
    lines = []
    for vendor, db in dbs.items():
        lines.append(f"== {VENDORS.get(vendor, vendor)}")
        if db.get("not_measured"):
            lines.append(f"   not measured: {db['not_measured']}")
            continue
        for what, text, verdict in ratios(db, datasette):
            lines.append(f"   {what:<58} {text:>14}  {verdict}")
    return "\n".join(lines)


def main() -> None:
    """Write RESULTS.md again from a saved run (e.g. after editing bench/NOTES.md):
    `python -m bench.report bench/var/results-<time>.json`."""
    import json
    import sys

    results = json.loads(Path(sys.argv[1]).read_text())
    target = ROOT / "bench" / ("var/RESULTS-quick.md" if results["meta"]["quick"] else "RESULTS.md")
    target.write_text(render(results))
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
