"""State changes made by imports that no other app's actions cover yet: recognition decisions
and certificates recorded from the office's historical spreadsheets, and the job summary."""

import uuid
from pathlib import Path
from typing import Any

from django.db import transaction

from ocop.audit.actions import diff, record, snapshot
from ocop.certification.models import Certificate, Decision
from ocop.exchange.files import check_upload
from ocop.exchange.models import JOB_TRANSITIONS, ImportJob


@transaction.atomic
def decision_import(*, actor: Any, decision: Decision) -> Decision:
    """Record a historical recognition decision (quyết định công nhận) from a spreadsheet."""
    decision.full_clean()
    decision.save()
    record(actor=actor, action="decision.import", obj=decision, after=snapshot(decision))
    return decision


@transaction.atomic
def certificate_import(*, actor: Any, certificate: Certificate) -> Certificate:
    """Record a certificate granted before the platform existed."""
    certificate.full_clean()
    certificate.save()
    record(actor=actor, action="certificate.import", obj=certificate, after=snapshot(certificate))
    return certificate


@transaction.atomic
def certificate_import_update(*, actor: Any, certificate: Certificate) -> Certificate:
    """Correct a historical certificate from a newer copy of the office's spreadsheet."""
    certificate.full_clean()
    stored = Certificate.objects.select_for_update().get(pk=certificate.pk)
    before, after = diff(snapshot(stored), snapshot(certificate))
    certificate.save()
    if after:
        record(
            actor=actor,
            action="certificate.import_update",
            obj=certificate,
            before=before,
            after=after,
        )
    return certificate


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
