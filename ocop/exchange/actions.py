"""State changes of import jobs. The records an import writes are saved a batch at a time by the
import types (`ocop.exchange.importers`), with the audit events the apps' actions write, and
historical decisions and certificates as `decision.import` and `certificate.import`."""

import uuid
from pathlib import Path
from typing import Any

from ocop.exchange.files import check_upload
from ocop.exchange.models import JOB_TRANSITIONS, ImportJob


def job_move(job: ImportJob, status: str, **fields: Any) -> None:
    """Move a job to `status` (allowed moves are JOB_TRANSITIONS) and save the given fields."""
    if status not in JOB_TRANSITIONS[job.status]:
        raise ValueError(f"import job {job.pk}: {job.status} -> {status} is not allowed")
    job.status = status
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["status", *fields])


def job_create(*, user: Any, kind: str, upload: Any, language: str) -> ImportJob:
    """Store an uploaded file as a new import job, refusing it first if it is not a safe
    spreadsheet (Refused). The dry run is then queued by the caller."""
    fmt = check_upload(upload, upload.name, upload.size)
    job = ImportJob(
        kind=kind,
        original_name=Path(upload.name).name[:255],
        file_format=fmt,
        language=language,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    job.file.save(f"{uuid.uuid4().hex}.{fmt}", upload, save=False)
    job.save()
    return job
