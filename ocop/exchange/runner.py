"""Running an import: a dry run that reads every row and reports what would change, then the
real run, all in one transaction, which changes nothing unless every row is valid."""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ocop.audit.actions import record
from ocop.exchange import cells
from ocop.exchange.actions import job_move
from ocop.exchange.files import Refused, open_table
from ocop.exchange.importers import NEW, REGISTRY, UNCHANGED, UPDATED
from ocop.exchange.importers.base import Context, Item, Row
from ocop.exchange.importers.bulk import BATCH_SIZE
from ocop.exchange.models import MAX_STORED_ERRORS, ImportJob, JobStatus
from ocop.exchange.progress import clear_progress, note_progress

Progress = Callable[[int, int], None]


@dataclass
class Report:
    total: int = 0
    done: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {NEW: 0, UPDATED: 0, UNCHANGED: 0, "errors": 0}
    )
    errors: list[dict[str, Any]] = field(default_factory=list)
    error_count: int = 0

    def add_errors(self, number: int, errors: dict[str, list[str]], header: dict[str, str]) -> None:
        self.counts["errors"] += 1
        for key, messages in errors.items():
            for message in messages:
                self.error_count += 1
                if len(self.errors) < MAX_STORED_ERRORS:
                    column = header.get(key, "")
                    self.errors.append({"row": number, "column": column, "message": message})


def run(
    path: Path, fmt: str, kind: str, *, actor: Any, write: bool, progress: Progress | None = None
) -> Report:
    """Read the file and upsert its rows batch by batch (or, when not `write`, only check
    them). `progress(done, total)` is called after each batch."""
    importer = REGISTRY[kind]
    table = open_table(path, fmt)
    if table.merged_header:
        raise Refused(
            _("The header row has merged cells. Unmerge them so each column has one header.")
        )
    positions = importer.map_header(table.header)
    header = {key: table.header[index] for key, index in positions.items()}
    report, ctx = Report(total=table.total), Context(actor=actor, write=write)
    seen: dict[tuple, int] = {}
    batch: list[Item] = []
    for number, row_cells in table.rows:
        report.done += 1
        if not any(cells.text(c) for c in row_cells):
            continue
        row = Row(
            number, {k: row_cells[i] if i < len(row_cells) else None for k, i in positions.items()}
        )
        item = _parse(importer, row, ctx, seen)
        if item is None:
            report.add_errors(number, row.errors, header)
            ctx.failed = True
        else:
            batch.append(item)
        if len(batch) == BATCH_SIZE:
            _save(importer, batch, ctx, report, header)
            batch = []
            if progress:
                progress(report.done, report.total)
    _save(importer, batch, ctx, report, header)
    report.total = report.done
    report.errors.sort(key=lambda error: error["row"])
    if progress:
        progress(report.done, report.total)
    return report


def _parse(importer: Any, row: Row, ctx: Context, seen: dict[tuple, int]) -> Item | None:
    """The row's values and natural key, or None when it has errors (marked on the row)."""
    parsed = importer.parse_row(row, ctx)
    if row.errors:
        return None
    key = importer.natural_key(parsed)
    if key in seen:
        row.fail(
            importer.key_column,
            _("The same record as row %(row)s: keep only one of them.") % {"row": seen[key]},
        )
        return None
    seen[key] = row.number
    return Item(row, parsed, key)


def _save(
    importer: Any, batch: list[Item], ctx: Context, report: Report, header: dict[str, str]
) -> None:
    if not batch:
        return
    importer.save_batch(batch, ctx)
    for item in batch:
        if item.row.errors:
            report.add_errors(item.row.number, item.row.errors, header)
            ctx.failed = True
        else:
            report.counts[item.outcome] += 1


class _Failed(Exception):
    def __init__(self, report: Report) -> None:
        self.report = report


def check_job(job: ImportJob, on_progress: Progress | None = None) -> None:
    """The dry run: counts and errors, nothing written. Progress is saved as rows are read."""
    job_move(job, JobStatus.CHECKING, rows_done=0)
    last_save = [0.0]

    def progress(done: int, total: int) -> None:
        if on_progress:
            on_progress(done, total)
        if time.monotonic() - last_save[0] > 0.5:
            ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)
            last_save[0] = time.monotonic()

    with translation.override(job.language):
        try:
            report = run(
                job.file_path,
                job.file_format,
                job.kind,
                actor=job.created_by,
                write=False,
                progress=progress,
            )
        except Refused as refusal:
            job_move(job, JobStatus.REFUSED, refusal=str(refusal), checked_at=timezone.now())
            return
    job_move(
        job,
        JobStatus.INVALID if report.error_count else JobStatus.CHECKED,
        rows_total=report.total,
        rows_done=report.done,
        counts=report.counts,
        errors=report.errors,
        error_count=report.error_count,
        checked_at=timezone.now(),
    )


def apply_job(job: ImportJob, on_progress: Progress | None = None) -> None:
    """The real run, in one transaction: any error (even one the dry run could not foresee,
    such as a record changed meanwhile) rolls everything back. Progress goes to the cache
    after each batch (`note_progress`), where the job page reads it."""
    job_move(job, JobStatus.APPLYING, rows_done=0)
    actor = job.created_by or "ocop import"

    def report_progress(done: int, total: int) -> None:
        note_progress(job.pk, done, total)
        if on_progress:
            on_progress(done, total)

    with translation.override(job.language):
        try:
            with transaction.atomic():
                report = run(
                    job.file_path,
                    job.file_format,
                    job.kind,
                    actor=actor,
                    write=True,
                    progress=report_progress,
                )
                if report.error_count:
                    raise _Failed(report)
                record(actor=actor, action="exchange.import", obj=job, after=_summary(job, report))
        except _Failed as failed:
            r = failed.report
            job_move(
                job, JobStatus.FAILED, errors=r.errors, error_count=r.error_count, counts=r.counts
            )
            return
        except (Refused, DatabaseError) as error:
            job_move(job, JobStatus.FAILED, refusal=str(error))
            return
        finally:
            clear_progress(job.pk)
    job_move(
        job,
        JobStatus.APPLIED,
        counts=report.counts,
        rows_done=report.done,
        rows_total=report.total,
        applied_at=timezone.now(),
    )


def _summary(job: ImportJob, report: Report) -> dict[str, Any]:
    return {"kind": job.kind, "file": job.original_name, "rows": report.total, **report.counts}
