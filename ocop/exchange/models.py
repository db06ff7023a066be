"""Import jobs: an uploaded spreadsheet checked (dry run), then applied in one transaction."""

from pathlib import Path

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be checked")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked: ready to apply")
    INVALID = "invalid", _("Checked: has errors")
    REFUSED = "refused", _("Refused")
    APPLY_QUEUED = "apply_queued", _("Waiting to be applied")
    APPLYING = "applying", _("Applying")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed: nothing was changed")


JOB_TRANSITIONS: dict[str, set[str]] = {
    JobStatus.QUEUED: {JobStatus.CHECKING, JobStatus.REFUSED},
    JobStatus.CHECKING: {JobStatus.CHECKED, JobStatus.INVALID, JobStatus.REFUSED},
    JobStatus.CHECKED: {JobStatus.APPLY_QUEUED},
    JobStatus.INVALID: set(),
    JobStatus.REFUSED: set(),
    JobStatus.APPLY_QUEUED: {JobStatus.APPLYING},
    JobStatus.APPLYING: {JobStatus.APPLIED, JobStatus.FAILED},
    JobStatus.APPLIED: set(),
    JobStatus.FAILED: set(),
}
RUNNING = {JobStatus.QUEUED, JobStatus.CHECKING, JobStatus.APPLY_QUEUED, JobStatus.APPLYING}

# At most this many row errors are kept; the count says how many there were in all.
MAX_STORED_ERRORS = 1000


def upload_path(instance: "ImportJob", filename: str) -> str:
    return f"imports/{instance.kind}/{filename}"


class ImportJob(models.Model):
    kind = models.CharField(_("import type"), max_length=30)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    language = models.CharField(max_length=10, default="vi")
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    refusal = models.TextField(_("reason for refusal"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("exchange:job", args=[self.pk])

    @property
    def file_path(self) -> Path:
        return Path(self.file.path)

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
