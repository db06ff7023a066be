"""Plans with their targets (kept as data, so a new plan needs no code), and the yearly reports
producers file about jobs and revenue. Indicator values are never stored: see indicators/."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.lib.validators import validate_no_html


class Plan(models.Model):
    """A programme plan with a period, e.g. "Hanoi OCOP 2021–2025"."""

    name = models.CharField(_("name"), max_length=200, unique=True, validators=[validate_no_html])
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    province = models.ForeignKey(
        "places.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="ocop_plans",
        default=settings.OCOP_PROVINCE,
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        validators=[validate_no_html],
        help_text=_("The decision or plan document the targets come from."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_year", "name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:plan", args=[self.pk])

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            message = _("The period cannot end before it starts (first year %(year)s).")
            raise ValidationError(
                {"end_year": ValidationError(message, params={"year": self.start_year})}
            )

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.end_year, 12, 31)

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))


class Scope(models.TextChoices):
    CITY = "city", _("The whole province / city")
    EACH_COMMUNE = "commune", _("Each commune or ward")
    EACH_LEGACY_DISTRICT = "legacy_district", _("Each district (before July 2025)")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("At least")
    AT_MOST = "at_most", _("At most")
    SHARE = "share", _("Share of at least (%)")


CHOOSE_INDICATOR = _("Choose the indicator that measures this target.")


class Target(models.Model):
    """One number a plan commits to, measured by an indicator from the registry."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.CharField(
        _("indicator"),
        max_length=60,
        error_messages={"blank": CHOOSE_INDICATOR, "null": CHOOSE_INDICATOR},
    )
    value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.CITY)
    comparison = models.CharField(
        _("comparison"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    label = models.CharField(
        _("wording"),
        max_length=300,
        blank=True,
        validators=[validate_no_html],
        help_text=_("The target as the plan words it; the indicator's name is used if empty."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self) -> str:
        return self.label or self.indicator

    def clean(self) -> None:
        from ocop.reports.indicators import INDICATORS

        if not self.indicator:
            return  # reported by the field itself
        indicator = INDICATORS.get(self.indicator)
        if indicator is None:
            raise ValidationError({"indicator": _("Unknown indicator: choose one from the list.")})
        if self.comparison == Comparison.SHARE:
            if indicator.unit != "percent":
                raise ValidationError(
                    {"comparison": _("A share target needs an indicator measured in per cent.")}
                )
            if self.value is not None and self.value > 100:
                raise ValidationError({"value": _("A share cannot be more than 100%.")})
        elif indicator.unit == "percent":
            raise ValidationError(
                {"comparison": _("This indicator is a percentage: use “Share of at least (%)”.")}
            )
        if self.scope != Scope.CITY and not indicator.by_place:
            raise ValidationError(
                {"scope": _("This indicator cannot be broken down by place; use the whole city.")}
            )


class ProducerReport(models.Model):
    """What a producer reports for one year: workers, revenue and new jobs."""

    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        related_name="yearly_reports",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2018), MaxValueValidator(2100)]
    )
    workers = models.PositiveIntegerField(_("workers"))
    revenue = models.PositiveBigIntegerField(_("revenue (VND)"))
    jobs_created = models.PositiveIntegerField(
        _("jobs created"), help_text=_("New jobs created during the year.")
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "producer__name"]
        verbose_name = _("producer's yearly report")
        verbose_name_plural = _("producers' yearly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["producer", "year"], name="one_report_per_producer_year"
            )
        ]
        indexes = [models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.producer} – {self.year}"

    def clean(self) -> None:
        from django.utils import timezone

        if self.year and self.year > timezone.localdate().year:
            raise ValidationError({"year": _("A report cannot be for a future year.")})
