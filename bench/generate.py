"""National-scale benchmark data: deterministic (seeded), bulk-inserted, SQLite or PostgreSQL.

    .venv/bin/python -m bench.generate --scale 20000
    .venv/bin/python -m bench.generate --scale 2000 --database-url postgres://postgres@127.0.0.1:5432/ocop_bench

At --scale 20000 (products): 34 provinces, 10,000 producers, ~20,000 dossiers with 3 scoring
sheets each (~60,000) over the three rules eras, ~25,000 certificates in every state, 500
showrooms and 200,000 listings; everything else grows in proportion. The database is created
afresh (from a cached empty, migrated copy), and the catalogue index is rebuilt at the end.
A manifest (<database>.json) records what was generated, so the harness reuses the data
while the seed, scale, day and the generator's and migrations' code are unchanged.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "var"
GENERATOR_FILES = [
    "generate.py",
    "gen_registry.py",
    "gen_history.py",
    "gen_market.py",
    "names.py",
    "rows.py",
]


def local_today() -> datetime.date:
    """Today in the platform's time zone (certificate states are computed for this day)."""
    from zoneinfo import ZoneInfo

    return datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()


def default_url(scale: int) -> str:
    return f"sqlite:///{VAR / f'ocop-{scale}.sqlite3'}"


def code_fingerprint() -> str:
    """Changes when the generator changes (the data must then be made again). New migrations
    of the apps are applied to existing data instead (see `refresh`)."""
    digest = hashlib.sha256()
    for name in GENERATOR_FILES:
        digest.update(name.encode())
        digest.update((ROOT / "bench" / name).read_bytes())
    return digest.hexdigest()[:16]


def migrations_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("ocop/*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def manifest_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return Path(parts.path + ".json")
    return VAR / f"pg-{parts.path.strip('/')}.json"


def read_manifest(url: str) -> dict[str, Any] | None:
    path = manifest_path(url)
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def wanted(scale: int, seed: int, today: datetime.date) -> dict[str, Any]:
    return {"scale": scale, "seed": seed, "today": today.isoformat(), "code": code_fingerprint()}


STALE_AFTER_DAYS = 7  # certificate states are relative to the day the data was made for


def is_current(url: str, scale: int, seed: int, today: datetime.date) -> bool:
    found = read_manifest(url)
    if found is None:
        return False
    same = all(found.get(k) == v for k, v in wanted(scale, seed, today).items() if k != "today")
    made_for = datetime.date.fromisoformat(found["today"])
    return same and 0 <= (today - made_for).days <= STALE_AFTER_DAYS


def refresh(url: str) -> None:
    """Apply migrations added since the data was made (nothing when there are none), and
    refresh the planner's statistics as a maintained database would have them."""
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    analyze()


def analyze() -> None:
    """Planner statistics (PostgreSQL's autovacuum would gather them; SQLite needs asking)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# -- a fresh database -------------------------------------------------------------------------


def _pg_admin(url: str) -> Any:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin, autocommit=True)


def _pg_recreate(url: str, template: str | None) -> None:
    name = urlsplit(url).path.strip("/")
    with _pg_admin(url) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if template:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        else:
            conn.execute(f'CREATE DATABASE "{name}"')


def _pg_template(url: str) -> tuple[str, bool]:
    """The name of the empty migrated template database, and whether it is current."""
    name = urlsplit(url).path.strip("/") + "_empty"
    with _pg_admin(url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
    return name, bool(row and row[0] == migrations_fingerprint())


def _pg_save_template(url: str, template: str) -> None:
    name = urlsplit(url).path.strip("/")
    with _pg_admin(url) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(f'DROP DATABASE IF EXISTS "{template}"')
        conn.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
        conn.execute(f"COMMENT ON DATABASE \"{template}\" IS '{migrations_fingerprint()}'")


def prepare_empty(url: str) -> bool:
    """Make the database at `url` empty and migrated; True when it still needs `migrate`."""
    manifest_path(url).unlink(missing_ok=True)
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        path = Path(parts.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        template = VAR / f"empty-{migrations_fingerprint()}.sqlite3"
        if template.exists():
            shutil.copyfile(template, path)
            return False
        return True
    template, current = _pg_template(url)
    _pg_recreate(url, template if current else None)
    return not current


def save_empty(url: str) -> None:
    """Keep a copy of the freshly migrated database, so the next run skips `migrate`."""
    from django.db import connection

    connection.close()
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        for old in VAR.glob("empty-*.sqlite3"):
            old.unlink()
        shutil.copyfile(parts.path, VAR / f"empty-{migrations_fingerprint()}.sqlite3")
    else:
        _pg_save_template(url, urlsplit(url).path.strip("/") + "_empty")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# -- the data ---------------------------------------------------------------------------------


def generate(url: str, scale: int, seed: int, today: datetime.date, rebuild: bool = True) -> dict:
    """Create the database at `url` and fill it; returns the manifest (counts, timings)."""
    started = time.monotonic()
    needs_migrate = prepare_empty(url)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection, transaction

    if needs_migrate:
        call_command("migrate", verbosity=0, interactive=False)
        save_empty(url)
    migrated = time.monotonic()

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    with transaction.atomic():
        world, notes = fill(scale, seed, today)
    analyze()
    loaded = time.monotonic()
    notes["catalogue"] = rebuild_catalogue() if rebuild else "not rebuilt (--no-rebuild)"
    analyze()  # again: the catalogue's tables were empty the first time
    indexed = time.monotonic()
    manifest = {
        **wanted(scale, seed, today),
        "database": _safe(url),
        "vendor": connection.vendor,
        "counts": world.counts,
        "certificate_states": certificate_states(today),
        "notes": {k: v for k, v in notes.items() if v},
        "seconds": {
            "migrate": round(migrated - started, 1),
            "insert": round(loaded - migrated, 1),
            "catalogue": round(indexed - loaded, 1),
            "total": round(indexed - started, 1),
        },
    }
    connection.close()
    manifest_path(url).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def fill(scale: int, seed: int, today: datetime.date) -> tuple[Any, dict[str, str]]:
    """Insert the data into the (empty, migrated) current database; returns the World (what
    was made, with counts) and notes on what could not be generated."""
    from bench.gen_history import build_history
    from bench.gen_market import build_market, build_reports
    from bench.gen_registry import World, build_registry, build_users, load_places

    world = World(rng=random.Random(seed), today=today, products=scale)
    load_places(world)
    build_users(world)
    build_registry(world)
    build_history(world)
    notes = {"market": build_market(world), "reports": build_reports(world)}
    _reset_sequences()
    return world, notes


def _reset_sequences() -> None:
    from django.apps import apps

    from bench.rows import reset_sequences

    reset_sequences(
        [
            m
            for m in apps.get_models()
            if m._meta.app_label.startswith(
                ("registry", "evaluation", "certification", "market", "accounts", "reports")
            )
        ]
    )


def rebuild_catalogue() -> str:
    """Run the catalogue's own rebuild; "" when done, else why not."""
    try:
        from ocop.catalogue.index import rebuild
    except ImportError as error:
        return f"catalogue rebuild unavailable ({error})"
    result = rebuild()
    print(f"  catalogue: {result}", flush=True)
    return ""


def certificate_states(today: datetime.date) -> dict[str, int]:
    from ocop.certification.models import Certificate, CertificateStatus

    states = {
        s: Certificate.objects.with_status_on(s, today).count() for s in CertificateStatus.values
    }
    states["expiring within 30 days"] = (
        Certificate.objects.valid_on(today)
        .filter(expires_on__lte=today + datetime.timedelta(days=30))
        .count()
    )
    return states


def _safe(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.startswith("sqlite"):
        return url
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    return urlunsplit(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=int, default=20_000, help="number of products (default 20000)"
    )
    parser.add_argument("--database-url", help="default: SQLite in bench/var/ocop-<scale>.sqlite3")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=local_today())
    parser.add_argument("--no-rebuild", action="store_true", help="skip the catalogue rebuild")
    parser.add_argument("--if-stale", action="store_true", help="do nothing if the data is current")
    args = parser.parse_args(argv)
    url = args.database_url or default_url(args.scale)
    if args.if_stale and is_current(url, args.scale, args.seed, args.today):
        refresh(url)
        print(f"{_safe(url)}: data current, not generated again", flush=True)
        return
    print(f"Generating {args.scale} products into {_safe(url)} (seed {args.seed}) …", flush=True)
    manifest = generate(url, args.scale, args.seed, args.today, rebuild=not args.no_rebuild)
    print(
        json.dumps(
            {k: manifest[k] for k in ("counts", "certificate_states", "notes", "seconds")},
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
