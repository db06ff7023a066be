"""`ocop backup` and `ocop restore`: a round trip gives back every row and every upload, and
a damaged archive is refused with the current data left as it was."""

import io
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from contextlib import closing
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from unittest import skipUnless

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings

from ocop.accounts.models import Role, User
from ocop.ops.backup import (
    BackupError,
    compare_tables,
    create_backup,
    database_checksums,
    prune,
    read_archive,
    sqlite_checksums,
)
from ocop.places.models import Commune
from ocop.registry.models import Producer, ProducerKind

ROOT = Path(__file__).resolve().parents[3]


class BackupRoundTripTestCase(TransactionTestCase):
    # The places loaded by migrations are put back after each test (the restore replaces them).
    serialized_rollback = True

    def setUp(self) -> None:
        self.tmp = Path(tempfile.mkdtemp())
        self.media = self.tmp / "media"
        (self.media / "products/1").mkdir(parents=True)
        (self.media / "products/1/photo.png").write_bytes(b"\x89PNG first photo")
        self.override = override_settings(MEDIA_ROOT=self.media, OCOP_BACKUP_DIR=self.tmp / "bk")
        self.override.enable()
        commune = Commune.objects.get(province_id=1, name="Xã Bát Tràng")
        Producer.objects.create(
            kind=ProducerKind.COOPERATIVE,
            name="HTX gốm Bát Tràng",
            tax_code="0101234567",
            commune=commune,
        )
        User.objects.create_user("an", password="correct-horse-battery", role=Role.OFFICE)

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.tmp)

    def backup(self) -> Path:
        out = StringIO()
        call_command("backup", "--output-dir", str(self.tmp / "bk"), stdout=out)
        self.assertIn("Backup written:", out.getvalue())
        (archive,) = (self.tmp / "bk").glob("ocop-backup-*.tar.gz")
        return archive

    def test_the_archive_holds_the_database_the_uploads_and_a_manifest(self) -> None:
        archive = self.backup()
        with tarfile.open(archive) as tar:
            names = set(tar.getnames())
        self.assertIn("manifest.json", names)
        self.assertIn("media/products/1/photo.png", names)
        manifest = read_archive(archive, self.tmp / "unpacked")
        self.assertEqual(manifest["tables"]["registry_producer"]["rows"], 1)
        self.assertEqual(manifest["tables"], database_checksums())

    @skipUnless(connection.vendor == "sqlite", "restores into a fresh SQLite file")
    def test_a_backup_restored_into_a_fresh_sqlite_database_has_the_same_rows(self) -> None:
        archive = self.backup()
        fresh = self.tmp / "fresh" / "ocop.sqlite3"
        env = {
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": f"sqlite:///{fresh}",
            "OCOP_VAR_DIR": str(self.tmp / "fresh"),
            "MEDIA_ROOT": str(self.tmp / "fresh" / "media"),
        }
        result = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", "restore", str(archive), "--yes", "--no-safety-copy"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("every table matches its checksum", result.stdout)
        with closing(sqlite3.connect(fresh)) as restored:
            restored_tables = sqlite_checksums(restored)
        self.assertEqual(compare_tables(database_checksums(), restored_tables), "")
        self.assertEqual(restored_tables["registry_producer"]["rows"], 1)
        photo = self.tmp / "fresh/media/products/1/photo.png"
        self.assertEqual(photo.read_bytes(), b"\x89PNG first photo")

    def test_restore_puts_back_the_rows_and_uploads_as_they_were(self) -> None:
        archive = self.backup()
        before = database_checksums()
        Producer.objects.all().delete()
        User.objects.create_user("binh", password="correct-horse-battery")
        (self.media / "products/1/photo.png").unlink()
        (self.media / "stray.txt").write_text("added after the backup")

        out = StringIO()
        call_command("restore", str(archive), "--yes", stdout=out)
        self.assertIn("every table matches its checksum", out.getvalue())
        self.assertEqual(database_checksums(), before)
        self.assertEqual(Producer.objects.get().name, "HTX gốm Bát Tràng")
        self.assertFalse(User.objects.filter(username="binh").exists())
        self.assertTrue((self.media / "products/1/photo.png").exists())
        self.assertFalse((self.media / "stray.txt").exists())
        # The data as it was just before the restore is kept, just in case.
        self.assertEqual(len(list((self.tmp / "bk").glob("*-before-restore.tar.gz"))), 1)

    def test_a_truncated_archive_is_refused_and_nothing_changes(self) -> None:
        archive = self.backup()
        truncated = self.tmp / "truncated.tar.gz"
        truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        Producer.objects.all().delete()
        before = database_checksums()
        with self.assertRaisesMessage(CommandError, "truncated or corrupt"):
            call_command("restore", str(truncated), "--yes", stdout=StringIO())
        self.assertEqual(database_checksums(), before)
        self.assertFalse(Producer.objects.exists())
        self.assertTrue((self.media / "products/1/photo.png").exists())

    def test_an_archive_whose_contents_were_altered_is_refused(self) -> None:
        archive = self.backup()
        altered = self.tmp / "altered.tar.gz"
        with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as target:
            for member in source.getmembers():
                data = source.extractfile(member).read()  # type: ignore[union-attr]
                if member.name.startswith("media/"):
                    data = b"swapped photo"
                    member.size = len(data)
                target.addfile(member, io.BytesIO(data))
        with self.assertRaisesMessage(CommandError, "does not match its checksum"):
            call_command("restore", str(altered), "--yes", stdout=StringIO())
        self.assertEqual(Producer.objects.count(), 1)


class BackupRulesTestCase(TestCase):
    def test_a_missing_file_is_a_clear_error(self) -> None:
        with self.assertRaisesMessage(CommandError, "no such backup file"):
            call_command("restore", "/nonexistent/ocop-backup.tar.gz", "--yes")

    def test_a_backup_refuses_to_run_inside_a_transaction(self) -> None:
        with self.assertRaisesMessage(BackupError, "inside a database transaction"):
            create_backup(Path(tempfile.gettempdir()))

    def test_pruning_keeps_two_weeks_of_archives_and_one_a_month_for_a_year(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            days = [f"2025{m:02d}{d:02d}" for m in range(1, 13) for d in (1, 15)] + [
                f"202512{d:02d}" for d in range(16, 32)
            ]
            for day in days:
                (directory / f"ocop-backup-{day}T020000Z.tar.gz").write_bytes(b"")
            (directory / "notes.txt").write_text("not an archive")
            now = datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
            prune(directory, keep_days=14, keep_months=6, now=now)
            kept = sorted(p.name[12:20] for p in directory.glob("ocop-backup-*"))
        monthly = ["20250701", "20250801", "20250901", "20251001", "20251101", "20251201"]
        daily = [f"202512{d:02d}" for d in range(18, 32)]
        self.assertEqual(kept, monthly + daily)
