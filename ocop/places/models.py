"""Administrative units: the 34 provinces and their communes since 1 July 2025, and the
districts abolished then, kept so that older records show the name they were made with."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ocop.lib.text import fold


class Province(models.Model):
    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=40)
    codename = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        for prefix in ("Thành phố ", "Tỉnh "):
            if self.name.startswith(prefix):
                return self.name.removeprefix(prefix)
        return self.name


class CommuneQuerySet(models.QuerySet["Commune"]):
    def matching(self, text: str) -> "CommuneQuerySet":
        """Communes whose name matches `text` ignoring diacritics, case and the type word."""
        folded = fold(text)
        for prefix in ("phuong ", "xa ", "dac khu "):
            folded = folded.removeprefix(prefix)
        return self.filter(name_folded__endswith=folded) if folded else self.none()


class Commune(models.Model):
    """A commune, ward or special zone (xã, phường, đặc khu)."""

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="communes"
    )
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=40)
    codename = models.CharField(max_length=100)
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["province_id", "name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class LegacyDistrict(models.Model):
    """A district (quận, huyện, thị xã, thành phố thuộc tỉnh) as it was before 1 July 2025."""

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("type"), max_length=40)
    legacy_province_name = models.CharField(_("province (before 2025)"), max_length=100)
    province = models.ForeignKey(
        Province,
        verbose_name=_("province today"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legacy_districts",
    )
    successor_communes = models.ManyToManyField(
        Commune,
        verbose_name=_("communes today"),
        blank=True,
        related_name="legacy_districts",
        help_text=_("The communes and wards that took over this district's area."),
    )
    name_folded = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        ordering = ["legacy_province_name", "name"]
        verbose_name = _("district (before July 2025)")
        verbose_name_plural = _("districts (before July 2025)")

    def __str__(self) -> str:
        return f"{self.name} ({self.legacy_province_name})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
