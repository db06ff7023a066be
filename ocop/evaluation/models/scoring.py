"""Scoring sheets: each council member scores each dossier independently."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Being scored")
    SUBMITTED = "submitted", _("Submitted (locked)")


class ScoreSheet(models.Model):
    dossier = models.ForeignKey(
        "evaluation.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="sheets",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="score_sheets",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    total = models.DecimalField(_("total"), default=0, max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reopened_reason = models.TextField(_("reason for reopening"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("dossier", "member")]
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")

    def __str__(self) -> str:
        return f"{self.dossier} – {self.member}"

    @property
    def is_locked(self) -> bool:
        return self.status == SheetStatus.SUBMITTED


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "evaluation.Criterion", on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey("evaluation.Level", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    evidence_note = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        unique_together = [("sheet", "criterion")]


class ConflictDeclaration(models.Model):
    """A member's declaration of interest in one dossier; with a conflict they cannot score it."""

    dossier = models.ForeignKey(
        "evaluation.Dossier", on_delete=models.CASCADE, related_name="conflicts"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    has_conflict = models.BooleanField(_("has a conflict of interest"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("dossier", "member")]


class KnockoutVerdict(models.TextChoices):
    PENDING = "pending", _("Waiting for the council")
    CONFIRMED = "confirmed", _("Confirmed: product not classified")
    DISMISSED = "dismissed", _("Dismissed: scoring continues")


class KnockoutReview(models.Model):
    """A knock-out flagged by a member, decided by the council through its secretary."""

    dossier = models.ForeignKey(
        "evaluation.Dossier", on_delete=models.CASCADE, related_name="knockouts"
    )
    criterion = models.ForeignKey(
        "evaluation.Criterion", on_delete=models.PROTECT, related_name="+"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(
        max_length=20, choices=KnockoutVerdict.choices, default=KnockoutVerdict.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
