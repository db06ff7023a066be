"""Trade fairs and promotion events (hội chợ xúc tiến thương mại) and who exhibits at them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.lib.text import fold
from ocop.lib.validators import validate_no_html


class RegionTheme(models.TextChoices):
    NONE = "", _("No regional theme")
    NORTHERN_MOUNTAINS = "northern_mountains", _("Northern mountains")
    RED_RIVER_DELTA = "red_river_delta", _("Red River delta")
    CENTRAL = "central", _("Central coast")
    CENTRAL_HIGHLANDS = "central_highlands", _("Central Highlands")
    SOUTH = "south", _("South")
    NATIONWIDE = "nationwide", _("Nationwide")


class FairQuerySet(models.QuerySet["Fair"]):
    def search(self, text: str) -> "FairQuerySet":
        """Fairs whose venue matches `text` without accents, or whose name contains it."""
        folded = fold(text)
        if not folded:
            return self
        return self.filter(Q(venue_folded__contains=folded) | Q(name__icontains=text.strip()))

    def upcoming(self, day: datetime.date) -> "FairQuerySet":
        """Fairs not yet over on `day` (running ones included), soonest first."""
        return self.filter(ends_on__gte=day).order_by("starts_on", "name")

    def past(self, day: datetime.date) -> "FairQuerySet":
        return self.filter(ends_on__lt=day).order_by("-starts_on", "name")

    def overlapping(self, fair: "Fair") -> "FairQuerySet":
        """Other fairs at the same venue (or address) whose dates overlap `fair`'s."""
        same_place = Q(venue_folded=fold(fair.venue))
        if fair.address.strip():
            same_place |= Q(address__iexact=fair.address.strip())
        return (
            self.filter(same_place, starts_on__lte=fair.ends_on, ends_on__gte=fair.starts_on)
            .exclude(pk=fair.pk)
            .order_by("starts_on")
        )


class Fair(models.Model):
    name = models.CharField(_("name"), max_length=255, validators=[validate_no_html])
    venue = models.CharField(_("venue"), max_length=200, validators=[validate_no_html])
    address = models.CharField(
        _("address"), max_length=255, blank=True, validators=[validate_no_html]
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fairs",
    )
    legacy_district = models.ForeignKey(
        "places.LegacyDistrict",
        verbose_name=_("district (before July 2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fairs",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    organiser = models.CharField(_("organiser"), max_length=255, validators=[validate_no_html])
    region_theme = models.CharField(
        _("regional theme"), max_length=30, choices=RegionTheme.choices, blank=True
    )
    provinces = models.ManyToManyField(
        "places.Province",
        verbose_name=_("provinces taking part"),
        blank=True,
        related_name="fairs",
    )
    booths = models.PositiveIntegerField(_("number of booths"), default=0)
    description = models.TextField(_("description"), blank=True, validators=[validate_no_html])
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    # Results, reported after the event.
    reported_sales = models.PositiveBigIntegerField(
        _("reported sales (VND)"), null=True, blank=True
    )
    visitors = models.PositiveIntegerField(_("visitors"), null=True, blank=True)
    deals = models.PositiveIntegerField(
        _("deals signed"),
        null=True,
        blank=True,
        help_text=_("Contracts and memoranda of understanding signed at the fair."),
    )
    results_note = models.TextField(
        _("notes on results"), blank=True, validators=[validate_no_html]
    )
    venue_folded = models.CharField(max_length=200, editable=False, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FairQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("trade fair")
        verbose_name_plural = _("trade fairs")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="fair_dates_in_order",
                violation_error_message=_("The last day is before the first day."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.venue_folded = fold(self.venue)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("market:fair", args=[self.pk])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day is before the first day.")})

    def is_over(self, day: datetime.date) -> bool:
        return self.ends_on < day

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def has_results(self) -> bool:
        return any(v is not None for v in (self.reported_sales, self.visitors, self.deals))


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


REGISTRATION_TRANSITIONS: dict[str, frozenset[str]] = {
    RegistrationStatus.SUBMITTED: frozenset(
        {RegistrationStatus.ACCEPTED, RegistrationStatus.REJECTED, RegistrationStatus.WITHDRAWN}
    ),
    RegistrationStatus.ACCEPTED: frozenset({RegistrationStatus.WITHDRAWN}),
    RegistrationStatus.REJECTED: frozenset(),
    RegistrationStatus.WITHDRAWN: frozenset(),
}


class FairRegistration(models.Model):
    """A producer asks to exhibit products at a fair; the organiser accepts and assigns a booth."""

    fair = models.ForeignKey(
        Fair, verbose_name=_("fair"), on_delete=models.CASCADE, related_name="registrations"
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        related_name="fair_registrations",
    )
    products = models.ManyToManyField(
        "registry.Product", verbose_name=_("products"), related_name="fair_registrations"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.SUBMITTED,
        editable=False,
    )
    booth = models.CharField(_("booth"), max_length=20, blank=True, validators=[validate_no_html])
    note = models.CharField(_("note"), max_length=255, blank=True, validators=[validate_no_html])
    sales = models.PositiveBigIntegerField(_("sales at the fair (VND)"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    class Meta:
        ordering = ["fair", "booth", "producer__name"]
        verbose_name = _("fair registration")
        verbose_name_plural = _("fair registrations")
        constraints = [
            models.UniqueConstraint(fields=["fair", "producer"], name="one_registration_per_fair"),
            models.UniqueConstraint(
                fields=["fair", "booth"], condition=~Q(booth=""), name="one_producer_per_booth"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.producer} @ {self.fair}"

    def get_absolute_url(self) -> str:
        return reverse("market:fair", args=[self.fair_id])
