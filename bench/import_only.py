"""The XLSX import measurement alone, as `./dev bench` takes it, against existing data:

    .venv/bin/python -m bench.import_only --database-url sqlite:////tmp/ocop-20000.sqlite3
    .venv/bin/python -m bench.import_only --database-url postgres://postgres@127.0.0.1:5432/x

Make the data first with `python -m bench.generate --scale 20000 --database-url <url>`. Each
round runs our import (apply, then dry run) and the raw baseline in fresh processes, one after
the other, so both see the same machine load; the ratio is taken per round and the median of
the rounds is printed. Every run is rolled back, but on PostgreSQL each leaves 40,000 dead
rows in registry_product and audit_event, and autovacuum is off on the bench server: after
some 70 runs our import took 8.8 s instead of 4.9 s. VACUUM those two tables between series."""

import argparse
import statistics

from bench import report
from bench.run import import_ours, inproc, log, measure_import, spreadsheet


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rows", type=int, default=20_000, help="rows in the spreadsheet")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rss-rows", type=int, default=0, help="also measure peak RSS here")
    args = parser.parse_args(argv)
    url = args.database_url
    ratios = []
    for number in range(1, args.rounds + 1):
        log(f"round {number} of {args.rounds} on {report.short_url(url)}")
        row = measure_import(url, argparse.Namespace(import_rows=args.rows))
        ratios.append(row["ours"]["seconds"] / row["raw"]["seconds"])
    if ratios:
        listed = ", ".join(f"{r:.2f}" for r in ratios)
        log(f"ratios {listed}; median {statistics.median(ratios):.2f}×")
    if args.rss_rows:
        sheet = spreadsheet(url, args.rss_rows)
        result = import_ours(url, sheet)
        log(f"peak RSS at {args.rss_rows:,} rows: {result['peak_rss_mb']} MB")
        raw = inproc("import-raw", url, "", "--file", str(sheet))
        log(f"  (in {result['seconds']} s; raw baseline {raw['seconds']} s)")


if __name__ == "__main__":
    main()
