"""Recognition decisions and the certificates they grant.

A certificate's status is computed from dates and recorded actions, never stored as a flag
that could go stale: see `Certificate.status_on` and `CertificateQuerySet.valid_on`.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

VALIDITY_MONTHS = 36


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole months; the 29–31st clamp to the month's last day (29 Feb → 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def expiry_for(decision_date: datetime.date) -> datetime.date:
    """The first day a certificate granted on `decision_date` is no longer valid."""
    return add_months(decision_date, VALIDITY_MONTHS)


class Decision(models.Model):
    """A recognition decision (quyết định công nhận)."""

    number = models.CharField(_("number"), max_length=80)
    date = models.DateField(_("date"))
    signer = models.CharField(_("signed by"), max_length=200, blank=True)
    round = models.ForeignKey(
        "evaluation.Round",
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    era = models.ForeignKey(
        "evaluation.Era",
        verbose_name=_("rules era"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    dossiers = models.ManyToManyField(
        "evaluation.Dossier",
        verbose_name=_("dossiers decided"),
        blank=True,
        related_name="decisions",
        help_text=_("Every dossier this decision settles, certified or not."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "number"]
        unique_together = [("number", "date")]
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("certification:decision", args=[self.pk])


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")


class CertificateAction(models.TextChoices):
    SUSPEND = "suspend", _("suspend")
    REINSTATE = "reinstate", _("reinstate")
    REVOKE = "revoke", _("revoke")
    CORRECT = "correct", _("correct")
    INSPECT = "inspect", _("record an inspection of")


# What may be done to a certificate, by its status on the day the action takes effect.
# Expired certificates can still be inspected (to document a product using the logo after
# expiry); revoked and superseded ones are history and take no further action.
CERTIFICATE_ACTIONS: dict[str, set[str]] = {
    CertificateStatus.VALID: {
        CertificateAction.SUSPEND,
        CertificateAction.REVOKE,
        CertificateAction.CORRECT,
        CertificateAction.INSPECT,
    },
    CertificateStatus.SUSPENDED: {
        CertificateAction.REINSTATE,
        CertificateAction.REVOKE,
        CertificateAction.CORRECT,
        CertificateAction.INSPECT,
    },
    CertificateStatus.NOT_YET_VALID: {CertificateAction.CORRECT},
    CertificateStatus.EXPIRED: {CertificateAction.INSPECT},
    CertificateStatus.REVOKED: set(),
    CertificateStatus.SUPERSEDED: set(),
}


def _suspended_on(day: datetime.date) -> Exists:
    return Exists(
        Suspension.objects.filter(certificate=OuterRef("pk"), starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=day)
        )
    )


def valid_condition(day: datetime.date) -> Q:
    """Valid on `day`: issued, unexpired, not revoked, superseded or suspended. A condition, so
    one query can count several days (`Count("pk", filter=valid_condition(day))`)."""
    return (
        Q(issued_on__lte=day, expires_on__gt=day)
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        & (Q(superseded_on__isnull=True) | Q(superseded_on__gt=day))
        & ~Q(_suspended_on(day))
    )


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def valid_on(self, day: datetime.date) -> "CertificateQuerySet":
        """Certificates valid on `day` (see `valid_condition`)."""
        return self.filter(valid_condition(day))

    def with_status_on(self, status: str, day: datetime.date) -> "CertificateQuerySet":
        """Certificates whose `status_on(day)` is `status`, in the same order of precedence."""
        revoked = Q(revoked_on__lte=day)
        superseded = Q(superseded_on__lte=day)
        if status == CertificateStatus.VALID:
            return self.valid_on(day)
        if status == CertificateStatus.REVOKED:
            return self.filter(revoked)
        live = self.exclude(revoked)
        if status == CertificateStatus.SUPERSEDED:
            return live.filter(superseded)
        live = live.exclude(superseded)
        if status == CertificateStatus.SUSPENDED:
            return live.filter(_suspended_on(day))
        live = live.exclude(_suspended_on(day))
        if status == CertificateStatus.NOT_YET_VALID:
            return live.filter(issued_on__gt=day)
        if status == CertificateStatus.EXPIRED:
            return live.filter(issued_on__lte=day, expires_on__lte=day)
        return self.none()

    def valid(self) -> "CertificateQuerySet":
        return self.valid_on(timezone.localdate())

    def expiring_between(self, start: datetime.date, end: datetime.date) -> "CertificateQuerySet":
        """Valid today and expiring in [start, end] (for notices and look-ahead checks)."""
        return self.valid().filter(expires_on__gte=start, expires_on__lte=end)


class Certificate(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    dossier = models.OneToOneField(
        "evaluation.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="certificates"
    )
    stars = models.PositiveSmallIntegerField(_("stars"))
    potential_five = models.BooleanField(
        _("potential 5★"),
        default=False,
        help_text=_("Scored 90+ at province level; sent to the national level."),
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    issued_on = models.DateField(_("valid from"))
    expires_on = models.DateField(
        _("valid until"), help_text=_("36 months after the decision date.")
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    revoke_decision_ref = models.CharField(_("revocation decision"), max_length=120, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
    )
    superseded_on = models.DateField(_("superseded on"), null=True, blank=True)
    correction_reason = models.TextField(
        _("reason for correction"),
        blank=True,
        help_text=_("Set when this certificate was issued to correct an earlier one."),
    )
    verification_count = models.PositiveIntegerField(_("times verified"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "code"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            models.Index(fields=["expires_on"]),
            models.Index(fields=["product", "issued_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=3, stars__lte=5), name="certificate_stars_3_to_5"
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")), name="certificate_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.product}"

    def get_absolute_url(self) -> str:
        return reverse("certification:certificate", args=[self.pk])

    def get_verify_url(self) -> str:
        return f"/verify/{self.code}"

    def public_verify_url(self) -> str:
        """The full address printed in the QR code: the public verification page."""
        return settings.OCOP_SITE_URL.rstrip("/") + self.get_verify_url()

    @property
    def stars_label(self) -> str:
        return "★" * self.stars

    def days_left_on(self, day: datetime.date) -> int:
        return (self.expires_on - day).days

    def status_on(self, day: datetime.date) -> str:
        """The status on `day`; revocation outranks supersession, then suspension, then expiry."""
        if self.revoked_on and self.revoked_on <= day:
            return CertificateStatus.REVOKED
        if self.superseded_on and self.superseded_on <= day:
            return CertificateStatus.SUPERSEDED
        if any(s.covers(day) for s in self.suspensions.all()):
            return CertificateStatus.SUSPENDED
        if day < self.issued_on:
            return CertificateStatus.NOT_YET_VALID
        if day >= self.expires_on:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def allows(self, action: str, day: datetime.date) -> bool:
        """Whether `action` may take effect on `day` (see CERTIFICATE_ACTIONS)."""
        return action in CERTIFICATE_ACTIONS[self.status_on(day)]


class Suspension(models.Model):
    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="suspensions",
    )
    starts_on = models.DateField(_("suspended from"))
    ends_on = models.DateField(_("reinstated on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    decision_ref = models.CharField(_("decision"), max_length=120, blank=True)
    reinstate_reason = models.TextField(_("reason for reinstatement"), blank=True)
    reinstate_decision_ref = models.CharField(_("reinstating decision"), max_length=120, blank=True)
    inspection = models.ForeignKey(
        "certification.Inspection",
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suspensions",
        help_text=_("The post-recognition inspection that found the violation, if any."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")

    def __str__(self) -> str:
        return f"{self.certificate.code} ({self.starts_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.ends_on is None

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day < self.ends_on)


class CodeSequence(models.Model):
    """The last certificate number used per province and year (locked while issuing)."""

    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("prefix", "year")]


class Inspection(models.Model):
    """A post-recognition inspection (hậu kiểm) of a certified product."""

    class Outcome(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        MINOR = "minor", _("Minor issues, to be fixed")
        VIOLATION = "violation", _("Violation (may lead to suspension)")

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    date = models.DateField(_("date"))
    inspector = models.CharField(_("inspector"), max_length=200)
    findings = models.TextField(_("findings"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return f"{self.certificate.code} ({self.date:%d/%m/%Y})"


class ExpiryNotice(models.Model):
    """One notice per certificate and threshold (30 or 7 days), so none is sent twice."""

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="expiry_notices",
    )
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("certificate", "days_before")]
