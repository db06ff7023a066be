"""Producers (chủ thể OCOP), their products, and the product-group taxonomy they are filed under."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.lib.text import fold
from ocop.lib.validators import validate_no_html, validate_phone, validate_tax_code


class Taxonomy(models.Model):
    """A versioned product-group classification (e.g. Decision 148/2023, Decision 1048/2019)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    decision = models.CharField(_("decision"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("product taxonomy")
        verbose_name_plural = _("product taxonomies")

    def __str__(self) -> str:
        return self.name


class ProductCategory(models.Model):
    """A product group (no parent) or sub-group (with a parent) within one taxonomy."""

    taxonomy = models.ForeignKey(
        Taxonomy, verbose_name=_("taxonomy"), on_delete=models.PROTECT, related_name="categories"
    )
    code = models.CharField(_("code"), max_length=20)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Uncertainties about this entry and its source.")
    )

    class Meta:
        ordering = ["taxonomy", "code"]
        unique_together = [("taxonomy", "code")]
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")

    def __str__(self) -> str:
        return f"{self.code}. {self.name_vi}"

    @property
    def group(self) -> "ProductCategory":
        """The top-level product group (walks up from a sub-group)."""
        node = self
        while node.parent_id is not None:
            node = node.parent  # type: ignore[assignment]
        return node


class ProducerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    COOPERATIVE_GROUP = "coop_group", _("Cooperative group")
    HOUSEHOLD = "household", _("Business household")


class ProducerQuerySet(models.QuerySet["Producer"]):
    def search(self, text: str) -> "ProducerQuerySet":
        folded = fold(text)
        if not folded:
            return self
        return self.filter(
            models.Q(name_folded__contains=folded) | models.Q(tax_code__startswith=text.strip())
        )


class Producer(models.Model):
    kind = models.CharField(_("type"), max_length=20, choices=ProducerKind.choices)
    name = models.CharField(_("name"), max_length=255, validators=[validate_no_html])
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_tax_code],
        help_text=_("10 digits, or 10 digits + '-' + 3 digits for a branch."),
    )
    business_registration_no = models.CharField(
        _("business registration number"),
        max_length=30,
        blank=True,
        validators=[validate_no_html],
        help_text=_("For business households without a tax code."),
    )
    address = models.CharField(
        _("address"), max_length=255, blank=True, validators=[validate_no_html]
    )
    village = models.CharField(
        _("village / craft village"), max_length=120, blank=True, validators=[validate_no_html]
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="producers",
    )
    legacy_district = models.ForeignKey(
        "places.LegacyDistrict",
        verbose_name=_("district (before July 2025)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="producers",
        help_text=_("As written on records made before July 2025."),
    )
    representative = models.CharField(
        _("representative"), max_length=120, blank=True, validators=[validate_no_html]
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    women_led = models.BooleanField(_("led by women"), default=False)
    ethnic_minority_led = models.BooleanField(_("led by ethnic minority people"), default=False)
    workers = models.PositiveIntegerField(_("number of workers"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProducerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            models.UniqueConstraint(
                fields=["business_registration_no"],
                condition=~models.Q(business_registration_no=""),
                name="unique_business_registration_no",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("registry:producer", args=[self.pk])


class ProductQuerySet(models.QuerySet["Product"]):
    def search(self, text: str) -> "ProductQuerySet":
        folded = fold(text)
        if not folded:
            return self
        return self.filter(
            models.Q(name_folded__contains=folded)
            | models.Q(producer__name_folded__contains=folded)
        )


class Product(models.Model):
    name = models.CharField(_("name (Vietnamese)"), max_length=255, validators=[validate_no_html])
    name_en = models.CharField(
        _("name (English)"), max_length=255, blank=True, validators=[validate_no_html]
    )
    producer = models.ForeignKey(
        Producer, verbose_name=_("producer"), on_delete=models.PROTECT, related_name="products"
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product group"),
        on_delete=models.PROTECT,
        related_name="products",
        help_text=_("The sub-group (or group) in the taxonomy in force."),
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_no_html])
    story = models.TextField(_("product story"), blank=True, validators=[validate_no_html])
    unit = models.CharField(
        _("unit"),
        max_length=40,
        blank=True,
        validators=[validate_no_html],
        help_text=_("e.g. kg, box"),
    )
    reference_price = models.PositiveBigIntegerField(
        _("reference price (VND)"), null=True, blank=True
    )
    raw_material_origin = models.CharField(
        _("raw-material origin"), max_length=255, blank=True, validators=[validate_no_html]
    )
    province_of_origin = models.ForeignKey(
        "places.Province",
        verbose_name=_("province of origin"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["producer", "name"], name="unique_product_per_producer")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("registry:product", args=[self.pk])


def photo_path(instance: "ProductPhoto", filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=photo_path)
    caption = models.CharField(
        _("caption"), max_length=200, blank=True, validators=[validate_no_html]
    )
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self) -> str:
        return self.caption or self.image.name

    def get_absolute_url(self) -> str:
        return reverse("registry:photo", args=[self.pk])
