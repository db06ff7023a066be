"""`ocop import producers file.xlsx [--dry-run]`: the web import, run here and now."""

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from ocop.accounts.models import User
from ocop.exchange.actions import job_create, job_move
from ocop.exchange.files import Refused
from ocop.exchange.importers import REGISTRY
from ocop.exchange.models import ImportJob, JobStatus
from ocop.exchange.runner import apply_job, check_job


class Command(BaseCommand):
    help = (
        "Import producers, products, certificates, showrooms or listings from an .xlsx or .csv "
        "file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(REGISTRY))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check only, change nothing")
        parser.add_argument("--user", help="the user the changes are recorded for")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = None
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']}.")
        language = translation.get_language() or "vi"
        with path.open("rb") as handle:
            try:
                job = job_create(
                    user=user,
                    kind=options["kind"],
                    upload=File(handle, path.name),
                    language=language,
                )
            except Refused as refusal:
                raise CommandError(str(refusal)) from None
        check_job(job, on_progress=self.progress)
        self.stdout.write("")
        self.report(job)
        if job.status != JobStatus.CHECKED:
            raise CommandError("Nothing was imported: fix the errors above and run again.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
            return
        job_move(job, JobStatus.APPLY_QUEUED)
        apply_job(job, on_progress=self.progress)
        self.stdout.write("")
        if job.status != JobStatus.APPLIED:
            self.report(job)
            raise CommandError("Nothing was imported: the import failed and was rolled back.")
        self.stdout.write(f"Applied: {self.counts(job)}.")

    def progress(self, done: int, total: int) -> None:
        percent = done * 100 // total if total else 100
        self.stdout.write(f"\r{done}/{total} rows ({percent}%)", ending="")
        self.stdout.flush()

    def counts(self, job: ImportJob) -> str:
        c = job.counts
        return (
            f"{c.get('new', 0)} new, {c.get('updated', 0)} updated, "
            f"{c.get('unchanged', 0)} unchanged, {c.get('errors', 0)} with errors"
        )

    def report(self, job: ImportJob) -> None:
        if job.refusal:
            self.stdout.write(f"Refused: {job.refusal}")
            return
        self.stdout.write(f"Checked {job.rows_total} rows: {self.counts(job)}.")
        for error in job.errors:
            self.stdout.write(f"  row {error['row']}, {error['column'] or '-'}: {error['message']}")
        if job.error_count > len(job.errors):
            self.stdout.write(f"  … and {job.error_count - len(job.errors)} more errors.")
