"""The public catalogue's own tables: a denormalised search index, verification counts and
dated open-data snapshots. Everything here is derived from the registry and certification
apps and can be rebuilt from them (`ocop rebuild-catalogue`, `ocop snapshot-open-data`)."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ocop.lib.text import fold


class CatalogueEntry(models.Model):
    """One row per product that has ever been certified, with its best valid certificate.

    `is_listed` marks the products the public catalogue shows (a valid certificate today);
    the others keep a row so their public page and history stay reachable. On SQLite the
    folded `search_text` is also held in the FTS5 table `catalogue_search` (rowid = product
    id), written by `ocop.catalogue.index`; on PostgreSQL a pg_trgm GIN index covers it.
    """

    product = models.OneToOneField(
        "registry.Product",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="catalogue_entry",
    )
    producer = models.ForeignKey(
        "registry.Producer", on_delete=models.CASCADE, related_name="catalogue_entries"
    )
    is_listed = models.BooleanField(default=False)
    certificate = models.ForeignKey(
        "certification.Certificate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate_code = models.CharField(max_length=30, blank=True)
    stars = models.PositiveSmallIntegerField(null=True, blank=True)
    potential_five = models.BooleanField(default=False)
    issued_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="catalogue_entries"
    )
    commune = models.ForeignKey(
        "places.Commune", on_delete=models.PROTECT, related_name="catalogue_entries"
    )
    legacy_district = models.ForeignKey(
        "places.LegacyDistrict",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogue_entries",
    )
    group = models.ForeignKey(
        "registry.ProductCategory", on_delete=models.PROTECT, related_name="+"
    )
    subgroup = models.ForeignKey(
        "registry.ProductCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    producer_kind = models.CharField(max_length=20)
    photo = models.ForeignKey(
        "registry.ProductPhoto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_text = models.TextField(blank=True)
    sort_name = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=40)
    # When any of the inputs last changed: the Last-Modified of the JSON API.
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        indexes = [
            models.Index(fields=["is_listed", "expires_on"]),
            models.Index(fields=["is_listed", "stars"]),
            models.Index(fields=["is_listed", "issued_on"]),
        ]

    def __str__(self) -> str:
        return self.sort_name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:product", args=[self.slug])

    @property
    def slug(self) -> str:
        return f"{self.product_id}-{slugify(fold(self.product.name))}"


class VerificationDay(models.Model):
    """How many times a certificate was checked on its public page on one day (no personal data)."""

    certificate = models.ForeignKey(
        "certification.Certificate", on_delete=models.CASCADE, related_name="verification_days"
    )
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("verifications per day")
        verbose_name_plural = _("verifications per day")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "day"], name="one_count_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.day}: {self.count}"


class OpenDataSnapshot(models.Model):
    """The certified-product list as published on one date, kept so past lists stay available."""

    date = models.DateField(unique=True)
    generated_at = models.DateTimeField()
    row_count = models.PositiveIntegerField()
    csv_gz = models.BinaryField()
    json_gz = models.BinaryField()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("open-data snapshot")
        verbose_name_plural = _("open-data snapshots")

    def __str__(self) -> str:
        return f"{self.date} ({self.row_count})"


class Revision(models.Model):
    """A single row counting changes to what the public pages show. Every refresh of the
    catalogue index adds one; cached public answers carry the number in their key, so a change
    reaches every server process at once (see `ocop.catalogue.pagecache`)."""

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue revision")
        verbose_name_plural = _("catalogue revisions")

    def __str__(self) -> str:
        return str(self.number)
