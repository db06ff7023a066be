from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ocop.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup made by `ocop backup`. "
        "The archive is checked first; a truncated or altered one is refused and nothing "
        "changes. Stop the web and worker services before restoring."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument(
            "--no-safety-copy",
            action="store_true",
            help="do not back up the current data first (it goes to OCOP_BACKUP_DIR)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        archive: Path = opts["archive"]
        if not archive.is_file():
            raise CommandError(f"{archive}: no such backup file.")
        if not opts["yes"]:
            answer = input(f"Replace ALL current data with {archive.name}? Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        safety = None if opts["no_safety_copy"] else settings.OCOP_BACKUP_DIR
        try:
            manifest = restore_backup(archive, safety_copy_dir=safety)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        files = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(
            f"Restored {archive.name} (made {manifest['created_at']}): "
            f"{len(manifest['tables'])} tables, {rows} rows, {files} uploaded files; "
            "every table matches its checksum."
        )
        if safety is not None:
            self.stdout.write(f"The data from before the restore was saved in {safety}.")
