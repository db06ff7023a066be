"""Shared arrangements for exchange tests: files built in memory, imports run synchronously."""

import csv
import io
import shutil
import tempfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook

from ocop.exchange.actions import job_create, job_move
from ocop.exchange.importers import REGISTRY
from ocop.exchange.models import ImportJob, JobStatus
from ocop.exchange.runner import apply_job, check_job
from ocop.test import BaseTestCase

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def csv_bytes(rows: list[list[Any]], bom: bool = True, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def xlsx_bytes(rows: list[list[Any]], merge: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def header(kind: str, english: bool = False) -> list[str]:
    return [c.en if english else c.vi for c in REGISTRY[kind].columns]


class ExchangeTestCase(BaseTestCase):
    media: str
    _overrides: override_settings

    @classmethod
    def setUpClass(cls) -> None:
        cls.media = tempfile.mkdtemp(prefix="ocop-exchange-")
        cls._overrides = override_settings(TASKS=IMMEDIATE, MEDIA_ROOT=cls.media)
        cls._overrides.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls._overrides.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def upload(self, kind: str, data: bytes, name: str = "data.csv") -> ImportJob:
        file = SimpleUploadedFile(name, data)
        return job_create(user=self.office, kind=kind, upload=file, language="en")

    def check(self, kind: str, data: bytes, name: str = "data.csv") -> ImportJob:
        job = self.upload(kind, data, name)
        check_job(job)
        return job

    def import_file(self, kind: str, data: bytes, name: str = "data.csv") -> ImportJob:
        """Check, then apply when the check found no error."""
        job = self.check(kind, data, name)
        if job.status == JobStatus.CHECKED:
            job_move(job, JobStatus.APPLY_QUEUED)
            apply_job(job)
        return job

    def messages_of(self, job: ImportJob) -> list[str]:
        return [f"{e['row']}|{e['column']}|{e['message']}" for e in job.errors]
