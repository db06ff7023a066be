"""Backups of the database and the uploaded files in one archive that can be verified.

`ocop-backup-<UTC time>.tar.gz` holds:
  manifest.json      format, time, engine, row count and checksum of every table, and the
                     SHA-256 of every other file in the archive
  database.sqlite3   SQLite: a consistent copy made with SQLite's online backup API, or
  database.dump      PostgreSQL: `pg_dump --format=custom` from the same snapshot as the counts
  media/...          every uploaded file (MEDIA_ROOT)
A restore checks the whole archive against its manifest before it changes anything.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterable
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
NAME = re.compile(r"^ocop-backup-(\d{8}T\d{6}Z)(-[\w-]+)?\.tar\.gz$")

Tables = dict[str, dict[str, Any]]  # table name -> {"rows": count, "sha256": checksum}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what was left as is."""


def create_backup(directory: Path, *, label: str = "") -> Path:
    """Write a new archive into `directory` and return its path.

    The archive is assembled under a temporary name and renamed at the end, so a backup
    that fails half-way never leaves a file that looks complete.
    """
    _refuse_inside_transaction()
    vendor = _vendor()
    directory.mkdir(parents=True, exist_ok=True)
    now = timezone.now().astimezone(UTC)
    final = _free_name(directory, now.strftime("%Y%m%dT%H%M%SZ"), label)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".partial-") as tmp:
        work = Path(tmp)
        database_file = work / DATABASE_FILES[vendor]
        tables = _dump_sqlite(database_file) if vendor == "sqlite" else _dump_pg(database_file)
        media = list(_media_files())
        files = {database_file.name: _sha256(database_file)}
        files.update({arcname: _sha256(path) for arcname, path in media})
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "engine": vendor,
            "tables": tables,
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = work / final.name
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, MANIFEST)
            tar.add(database_file, database_file.name)
            for arcname, path in media:
                tar.add(path, arcname, recursive=False)
        os.replace(partial, final)
    return final


def read_archive(archive: Path, into: Path) -> dict[str, Any]:
    """Unpack `archive` into the empty directory `into` and check every file against the
    manifest. Raises BackupError for a missing, truncated, corrupt or altered archive."""
    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file.")
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(into, filter="data")  # refuses absolute paths, "..", device files
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{archive.name} is truncated or corrupt ({error}). Nothing was restored."
        ) from None
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        expected: dict[str, str] = manifest["files"]
        engine, tables = manifest["engine"], manifest["tables"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(
            f"{archive.name} has no readable manifest. Nothing was restored."
        ) from None
    if manifest.get("format") != FORMAT or engine not in DATABASE_FILES or not tables:
        raise BackupError(f"{archive.name} is not an ocop backup this version can restore.")
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()}
    unexpected = present - set(expected) - {MANIFEST}
    for name, digest in expected.items():
        if name not in present or _sha256(into / name) != digest:
            raise BackupError(
                f"{archive.name}: {name} is missing or does not match its checksum. "
                "Nothing was restored."
            )
    if unexpected or DATABASE_FILES[engine] not in expected:
        raise BackupError(f"{archive.name} does not match its manifest. Nothing was restored.")
    return manifest


def restore_backup(archive: Path, *, safety_copy_dir: Path | None = None) -> dict[str, Any]:
    """Replace the database and the uploaded files with those in `archive`.

    Nothing is touched unless the whole archive checks out. With `safety_copy_dir`, the
    current data is backed up there first. Returns the archive's manifest.
    """
    _refuse_inside_transaction()
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked next to MEDIA_ROOT so that the new media directory is swapped in by a rename.
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=".ocop-restore-") as tmp:
        work = Path(tmp)
        manifest = read_archive(archive, work)
        if manifest["engine"] != vendor:
            raise BackupError(
                f"{archive.name} was made from a {manifest['engine']} database; this one is "
                f"{vendor}. Nothing was restored."
            )
        if safety_copy_dir is not None:
            create_backup(safety_copy_dir, label="before-restore")
        database_file = work / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            _restore_sqlite(database_file)
        else:
            _restore_pg(database_file)
        differences = compare_tables(manifest["tables"], database_checksums())
        if differences:
            raise BackupError("The restored database differs from the backup: " + differences)
        _swap_media(work / "media", media_root)
    return manifest


def database_checksums() -> Tables:
    """Row count and checksum of every table of the current database."""
    _refuse_inside_transaction()
    if _vendor() == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            return _dump_sqlite(Path(tmp) / "copy.sqlite3")
    with transaction.atomic(), connection.cursor() as cursor:
        return _pg_checksums(cursor)


def sqlite_checksums(database: sqlite3.Connection) -> Tables:
    """Row count and checksum of every table of an SQLite database opened with sqlite3."""
    tables: Tables = {}
    names = database.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "ORDER BY name"
    ).fetchall()
    for (name,) in names:
        columns = database.execute(f"PRAGMA table_info({_quote(name)})").fetchall()
        keys = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
        order = ", ".join(map(_quote, keys)) if keys else _positions(len(columns))
        # Names come from the database's own catalogue, not from anyone's input.
        rows = database.execute(f"SELECT * FROM {_quote(name)} ORDER BY {order}")  # noqa: S608
        tables[name] = _digest(rows)
    return tables


def compare_tables(expected: Tables, actual: Tables) -> str:
    """What differs between two sets of table checksums, or "" when they match."""
    problems = [
        f"{name}: expected {want['rows']} rows, found {actual.get(name, {}).get('rows', 'none')}"
        if actual.get(name, {}).get("rows") != want["rows"]
        else f"{name}: same row count, different content"
        for name, want in sorted(expected.items())
        if actual.get(name) != want
    ]
    return "; ".join(problems)


def prune(
    directory: Path, *, keep_days: int, keep_months: int, now: datetime | None = None
) -> list[Path]:
    """Delete old archives: keep every archive younger than `keep_days`, and the first
    archive of each of the last `keep_months` months. Returns the deleted paths."""
    now = now or timezone.now()
    dated = sorted(
        (stamp, path) for path in directory.glob("ocop-backup-*.tar.gz") if (stamp := _stamp(path))
    )
    keep = {path for stamp, path in dated if now - stamp < timedelta(days=keep_days)}
    first_of_month: dict[tuple[int, int], Path] = {}
    for stamp, path in dated:
        first_of_month.setdefault((stamp.year, stamp.month), path)
    months = sorted(first_of_month)[-keep_months:] if keep_months > 0 else []
    keep.update(first_of_month[month] for month in months)
    removed = [path for _, path in dated if path not in keep]
    for path in removed:
        path.unlink()
    return removed


# --- SQLite ---------------------------------------------------------------------------------


def _dump_sqlite(target: Path) -> Tables:
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        return sqlite_checksums(copy)


def _restore_sqlite(source: Path) -> None:
    connection.ensure_connection()
    with closing(sqlite3.connect(source)) as backup:
        # Page by page into the live database, under SQLite's own locks (WAL files included).
        backup.backup(connection.connection)


# --- PostgreSQL -----------------------------------------------------------------------------


def _dump_pg(target: Path) -> Tables:
    """pg_dump and the checksums see the same snapshot, so they describe the same data."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
        return _pg_checksums(cursor)


def _restore_pg(dump: Path) -> None:
    """One transaction: the schema is dropped and rebuilt from the dump, or nothing changes."""
    env = _pg_env() | {"PGOPTIONS": "-c client_min_messages=warning"}  # no NOTICE flood
    # The PostgreSQL client programs are looked up on PATH, like pg_dump in _run.
    psql = subprocess.Popen(
        ["psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1"],  # noqa: S607
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert psql.stdin is not None
    psql.stdin.write(b"DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n")
    psql.stdin.flush()
    restore = subprocess.run(  # noqa: S603
        ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(dump)],  # noqa: S607
        stdout=psql.stdin,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    psql.stdin.close()
    assert psql.stderr is not None
    psql_errors = psql.stderr.read()
    psql.wait()
    if restore.returncode or psql.returncode:
        errors = (restore.stderr + psql_errors).decode(errors="replace").strip()
        raise BackupError(f"PostgreSQL restore failed, the database was left as it was: {errors}")


def _pg_checksums(cursor: Any) -> Tables:
    tables: Tables = {}
    introspection = connection.introspection
    for name in sorted(introspection.table_names(cursor)):
        keys = introspection.get_primary_key_columns(cursor, name) or []
        quote = connection.ops.quote_name
        if keys:
            order = ", ".join(map(quote, keys))
        else:
            order = _positions(len(introspection.get_table_description(cursor, name)))
        # A server-side cursor streams big tables (the audit log) instead of loading them.
        with connection.connection.cursor(name=f"ocop_checksum_{len(tables)}") as rows:
            rows.execute(f"SELECT * FROM {quote(name)} ORDER BY {order}")  # noqa: S608
            tables[name] = _digest(rows)
    return tables


def _pg_env() -> dict[str, str]:
    """libpq environment for pg_dump / pg_restore / psql from Django's connection settings."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("NAME", "PGDATABASE"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, env=_pg_env(), check=True, capture_output=True)  # noqa: S603
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        ) from None
    except subprocess.CalledProcessError as error:
        raise BackupError(
            f"{command[0]} failed: {error.stderr.decode(errors='replace').strip()}"
        ) from None


# --- files and helpers ----------------------------------------------------------------------


def _media_files() -> Iterable[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield f"media/{path.relative_to(root).as_posix()}", path


def _swap_media(restored: Path, media_root: Path) -> None:
    restored.mkdir(exist_ok=True)
    previous = media_root.with_name(media_root.name + ".before-restore")
    shutil.rmtree(previous, ignore_errors=True)
    if media_root.exists():
        media_root.rename(previous)
    restored.rename(media_root)
    shutil.rmtree(previous, ignore_errors=True)


def _digest(rows: Iterable[Any]) -> dict[str, Any]:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        line = json.dumps(list(row), default=_plain, ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode() + b"\n")
        count += 1
    return {"rows": count, "sha256": digest.hexdigest()}


def _plain(value: Any) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)  # dates, decimals, UUIDs: their str() is stable


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _positions(count: int) -> str:
    return ", ".join(str(i) for i in range(1, count + 1))


def _stamp(path: Path) -> datetime | None:
    match = NAME.match(path.name)
    return datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) if match else None


def _free_name(directory: Path, stamp: str, label: str) -> Path:
    suffix = f"-{label}" if label else ""
    path = directory / f"ocop-backup-{stamp}{suffix}.tar.gz"
    number = 2
    while path.exists():
        path = directory / f"ocop-backup-{stamp}{suffix}-{number}.tar.gz"
        number += 1
    return path


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _refuse_inside_transaction() -> None:
    if connection.in_atomic_block:
        raise BackupError("Backups and restores cannot run inside a database transaction.")
