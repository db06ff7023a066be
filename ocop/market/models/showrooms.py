"""Showrooms and points of sale (điểm giới thiệu và bán sản phẩm OCOP) and what they list."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.lib.text import fold
from ocop.lib.validators import validate_no_html, validate_phone

# Hanoi Decision 6385/QĐ-UBND (14 Dec 2023): a creative design and sales centre has ≥500 m².
DESIGN_CENTRE_MIN_AREA_M2 = 500


class ShowroomKind(models.TextChoices):
    SHOWROOM = "showroom", _("OCOP showroom")
    POINT_OF_SALE = "point_of_sale", _("OCOP point of sale")
    DESIGN_CENTRE = "design_centre", _("Creative design and sales centre (Decision 6385/2023)")
    MALL_BOOTH = "mall_booth", _("Booth in a mall or supermarket")


class ShowroomStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open")
    TEMPORARILY_CLOSED = "temporarily_closed", _("Temporarily closed")
    CLOSED = "closed", _("Closed")


# Allowed status changes: from -> the statuses it may move to.
SHOWROOM_TRANSITIONS: dict[str, frozenset[str]] = {
    ShowroomStatus.PLANNED: frozenset({ShowroomStatus.OPEN, ShowroomStatus.CLOSED}),
    ShowroomStatus.OPEN: frozenset({ShowroomStatus.TEMPORARILY_CLOSED, ShowroomStatus.CLOSED}),
    ShowroomStatus.TEMPORARILY_CLOSED: frozenset({ShowroomStatus.OPEN, ShowroomStatus.CLOSED}),
    ShowroomStatus.CLOSED: frozenset({ShowroomStatus.OPEN}),
}


class ShowroomQuerySet(models.QuerySet["Showroom"]):
    def search(self, text: str) -> "ShowroomQuerySet":
        folded = fold(text)
        if not folded:
            return self
        return self.filter(
            Q(name_folded__contains=folded)
            | Q(address__icontains=text.strip())
            | Q(commune__name_folded__contains=folded)
        )

    def existing_on(self, day: datetime.date) -> "ShowroomQuerySet":
        """Showrooms that had opened by `day` and not closed for good (temporary closure counts)."""
        return (
            self.filter(opened_on__lte=day)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
            .exclude(status=ShowroomStatus.PLANNED)
        )

    def open_now(self) -> "ShowroomQuerySet":
        return self.filter(status=ShowroomStatus.OPEN)


class Showroom(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_html])
    kind = models.CharField(_("type"), max_length=20, choices=ShowroomKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ShowroomStatus.choices,
        default=ShowroomStatus.PLANNED,
        editable=False,
    )
    address = models.CharField(_("address"), max_length=255, validators=[validate_no_html])
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="showrooms",
    )
    legacy_district = models.ForeignKey(
        "places.LegacyDistrict",
        verbose_name=_("district (before July 2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="showrooms",
        help_text=_("For showrooms opened before July 2025, as written on their records."),
    )
    operator_name = models.CharField(
        _("operating organisation"),
        max_length=255,
        blank=True,
        validators=[validate_no_html],
        help_text=_("e.g. Hanoi Agricultural Development & Investment Co."),
    )
    operators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator users"),
        blank=True,
        related_name="showrooms",
        limit_choices_to={"role": "operator"},
        help_text=_("Showroom operator accounts that manage this showroom."),
    )
    host_retailer = models.ForeignKey(
        "market.Retailer",
        verbose_name=_("hosted by (mall or supermarket)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_showrooms",
        limit_choices_to={"kind__in": ["mall", "supermarket"]},
        help_text=_("For a booth in a mall or supermarket: the mall or supermarket."),
    )
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    opened_on = models.DateField(_("opening date"), null=True, blank=True)
    closed_on = models.DateField(_("closing date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        validators=[validate_no_html],
        help_text=_("e.g. 8:00–21:00 every day"),
    )
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
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShowroomQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("showroom")
        verbose_name_plural = _("showrooms")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="showroom_dates_in_order",
                violation_error_message=_("The closing date is before the opening date."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("market:showroom", args=[self.pk])

    def clean(self) -> None:
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("The closing date is before the opening date.")})

    @property
    def is_design_centre(self) -> bool:
        return self.kind == ShowroomKind.DESIGN_CENTRE

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def showroom_photo_path(instance: "ShowroomPhoto", filename: str) -> str:
    return f"showrooms/{instance.showroom_id}/{filename}"


class ShowroomPhoto(models.Model):
    showroom = models.ForeignKey(
        Showroom, verbose_name=_("showroom"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=showroom_photo_path)
    caption = models.CharField(
        _("caption"), max_length=200, blank=True, validators=[validate_no_html]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("showroom photo")
        verbose_name_plural = _("showroom photos")

    def __str__(self) -> str:
        return self.caption or self.image.name

    def get_absolute_url(self) -> str:
        return reverse("market:showroom_photo", args=[self.pk])


class Listing(models.Model):
    """A product a showroom displays or sells. Products may come from any province."""

    showroom = models.ForeignKey(
        Showroom, verbose_name=_("showroom"), on_delete=models.CASCADE, related_name="listings"
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="listings",
    )
    since = models.DateField(_("listed since"))
    shelf_price = models.PositiveBigIntegerField(_("shelf price (VND)"), null=True, blank=True)
    in_stock = models.BooleanField(_("in stock"), default=True)
    craft_village = models.BooleanField(
        _("craft-village goods"),
        default=False,
        help_text=_(
            "Typical craft-village goods (hàng làng nghề): count with OCOP goods towards the "
            "share required at design and sales centres."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["product__name"]
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        constraints = [
            models.UniqueConstraint(
                fields=["showroom", "product"], name="unique_listing_per_showroom"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} @ {self.showroom}"

    def get_absolute_url(self) -> str:
        return reverse("market:showroom", args=[self.showroom_id])


class ComplianceOutcome(models.TextChoices):
    OCOP = "ocop", _("OCOP product")
    CRAFT_VILLAGE = "craft_village", _("Accepted as craft-village goods")
    NON_COMPLIANT = "non_compliant", _("Not allowed")


class ListingCompliance(models.Model):
    """The last known compliance of a listing, so that notices go out only when it changes."""

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, related_name="compliance")
    outcome = models.CharField(_("outcome"), max_length=20, choices=ComplianceOutcome.choices)
    reasons = models.JSONField(_("reasons"), default=list)
    checked_on = models.DateField(_("checked on"))
    changed_on = models.DateField(_("outcome since"))

    class Meta:
        verbose_name = _("listing compliance")
        verbose_name_plural = _("listing compliance")

    def __str__(self) -> str:
        return f"{self.listing}: {self.outcome}"
