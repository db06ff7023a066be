from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.ops.backup import BackupError, create_backup, prune


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one timestamped .tar.gz archive "
        "with a manifest of row counts and checksums. Safe while the site is running."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="where to write the archive (default: OCOP_BACKUP_DIR, var/backups)",
        )
        parser.add_argument(
            "--keep-days", type=int, help="then delete archives older than this many days..."
        )
        parser.add_argument(
            "--keep-months",
            type=int,
            default=0,
            help="...except the first archive of each of the last N months",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        directory: Path = opts["output_dir"] or settings.OCOP_BACKUP_DIR
        try:
            archive = create_backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = archive.stat().st_size / 1_048_576
        self.stdout.write(f"Backup written: {archive} ({size:.1f} MB)")
        if opts["keep_days"] is not None:
            removed = prune(directory, keep_days=opts["keep_days"], keep_months=opts["keep_months"])
            self.stdout.write(f"Old backups deleted: {len(removed)}")
