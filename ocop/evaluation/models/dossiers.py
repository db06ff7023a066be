"""Dossiers (hồ sơ) producers submit for a product in a round, and their evidence."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DossierKind(models.TextChoices):
    NEW = "new", _("First evaluation")
    RENEWAL = "renewal", _("Renewal (re-recognition)")
    UPGRADE = "upgrade", _("Upgrade to a higher class")


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted for scoring")
    SCORED = "scored", _("Scored")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DOSSIER_TRANSITIONS: dict[str, set[str]] = {
    DossierStatus.DRAFT: {DossierStatus.SUBMITTED, DossierStatus.WITHDRAWN},
    DossierStatus.SUBMITTED: {
        DossierStatus.RETURNED,
        DossierStatus.ACCEPTED,
        DossierStatus.WITHDRAWN,
    },
    DossierStatus.RETURNED: {DossierStatus.RESUBMITTED, DossierStatus.WITHDRAWN},
    DossierStatus.RESUBMITTED: {
        DossierStatus.RETURNED,
        DossierStatus.ACCEPTED,
        DossierStatus.WITHDRAWN,
    },
    DossierStatus.ACCEPTED: {DossierStatus.SCORED, DossierStatus.WITHDRAWN},
    DossierStatus.SCORED: {DossierStatus.DECIDED},
    DossierStatus.DECIDED: set(),
    DossierStatus.WITHDRAWN: set(),
}


class Outcome(models.TextChoices):
    CERTIFIED = "certified", _("Certified")
    POTENTIAL_FIVE = "potential_five", _("Potential 5★ (sent to the national level)")
    FORWARDED = "forwarded", _("Sent to the higher-level council")
    NOT_CERTIFIED = "not_certified", _("Not certified")
    KNOCKED_OUT = "knocked_out", _("Not ranked (knock-out criterion)")


class Dossier(models.Model):
    round = models.ForeignKey(
        "evaluation.Round",
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DossierKind.choices, default=DossierKind.NEW
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followers",
        help_text=_("For renewals and upgrades: the dossier this one was copied from."),
    )
    criteria_set = models.ForeignKey(
        "evaluation.CriteriaSet",
        verbose_name=_("scoring sheet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    council = models.ForeignKey(
        "evaluation.Council",
        verbose_name=_("council"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    # The registration form (phiếu đăng ký), in the producer's words.
    applicant_name = models.CharField(_("applicant"), max_length=200, blank=True)
    producer_description = models.TextField(_("about the producer"), blank=True)
    business_plan = models.TextField(_("business / product development plan"), blank=True)
    description = models.TextField(_("product description"), blank=True)
    samples_count = models.PositiveSmallIntegerField(_("samples handed in"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Results, set by the scoring and decision workflows.
    final_score = models.DecimalField(
        _("final score"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    star_class = models.PositiveSmallIntegerField(_("star class"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "product"],
                condition=~models.Q(status="withdrawn"),
                name="one_live_dossier_per_product_and_round",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} – {self.round}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:dossier", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in DOSSIER_TRANSITIONS[self.status]

    @property
    def producer_may_edit(self) -> bool:
        """The producer edits the form and evidence only before submitting or after a return."""
        return self.status in (DossierStatus.DRAFT, DossierStatus.RETURNED)


def evidence_path(instance: "EvidenceFile", filename: str) -> str:
    return f"dossiers/{instance.dossier_id}/{instance.sha256[:16]}-{filename}"


class EvidenceFile(models.Model):
    """An uploaded piece of evidence, fingerprinted so it cannot be swapped silently."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="evidence")
    item = models.CharField(_("checklist item"), max_length=40)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    content_type = models.CharField(_("file type"), max_length=40, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text=_("Renewals and upgrades reuse the previous dossier's file (same fingerprint)."),
    )

    class Meta:
        ordering = ["item", "uploaded_at"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("evaluation:evidence", args=[self.pk])


class DossierComment(models.Model):
    """A comment on a dossier, e.g. the commune officer's reasons for returning it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
