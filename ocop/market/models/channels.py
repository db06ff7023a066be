"""Retailers, e-commerce platforms and the sales channels producers use."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ocop.lib.text import fold
from ocop.lib.validators import validate_no_html


class RetailerKind(models.TextChoices):
    MALL = "mall", _("Shopping mall")
    SUPERMARKET = "supermarket", _("Supermarket")
    CONVENIENCE_CHAIN = "convenience_chain", _("Convenience-store chain")
    CONVENIENCE_STORE = "convenience_store", _("Convenience store")
    MARKET = "market", _("Market (chợ)")
    ECOMMERCE = "ecommerce", _("E-commerce platform")


class Channel(models.TextChoices):
    TRADITIONAL = "traditional", _("Traditional (markets, shops, agents)")
    SUPERMARKET = "supermarket", _("Supermarket or mall")
    CONVENIENCE = "convenience", _("Convenience store")
    ECOMMERCE = "ecommerce", _("E-commerce")
    EXPORT = "export", _("Export")


# Hanoi's target counts supermarkets, convenience stores and e-commerce as modern channels.
MODERN_CHANNELS = frozenset({Channel.SUPERMARKET, Channel.CONVENIENCE, Channel.ECOMMERCE})

# Which channel a producer uses when a retailer of each kind carries its goods.
CHANNEL_OF_RETAILER = {
    RetailerKind.MALL: Channel.SUPERMARKET,
    RetailerKind.SUPERMARKET: Channel.SUPERMARKET,
    RetailerKind.CONVENIENCE_CHAIN: Channel.CONVENIENCE,
    RetailerKind.CONVENIENCE_STORE: Channel.CONVENIENCE,
    RetailerKind.MARKET: Channel.TRADITIONAL,
    RetailerKind.ECOMMERCE: Channel.ECOMMERCE,
}
MODERN_RETAILER_KINDS = frozenset(k for k, c in CHANNEL_OF_RETAILER.items() if c in MODERN_CHANNELS)


def active_on(day: datetime.date, prefix: str = "") -> Q:
    """Rows whose `since` is on or before `day` and whose `until` is empty or after it."""
    return Q(**{f"{prefix}since__lte": day}) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gt": day})
    )


class RetailerQuerySet(models.QuerySet["Retailer"]):
    def search(self, text: str) -> "RetailerQuerySet":
        folded = fold(text)
        return self.filter(name_folded__contains=folded) if folded else self

    def operating_on(self, day: datetime.date) -> "RetailerQuerySet":
        return self.filter(Q(opened_on__isnull=True) | Q(opened_on__lte=day)).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gt=day)
        )


class Retailer(models.Model):
    """A retail outlet (mall, supermarket, convenience chain or store, market) or an
    e-commerce platform."""

    name = models.CharField(_("name"), max_length=200, validators=[validate_no_html])
    kind = models.CharField(_("type"), max_length=20, choices=RetailerKind.choices)
    chain = models.ForeignKey(
        "self",
        verbose_name=_("chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stores",
        limit_choices_to={"kind": RetailerKind.CONVENIENCE_CHAIN},
        help_text=_("For a store: the convenience-store chain it belongs to."),
    )
    address = models.CharField(
        _("address"), max_length=255, blank=True, validators=[validate_no_html]
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="retailers",
    )
    website = models.URLField(_("website"), blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RetailerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("retailer or platform")
        verbose_name_plural = _("retailers and platforms")
        constraints = [
            models.UniqueConstraint(fields=["name"], name="unique_retailer_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("market:retailer", args=[self.pk])

    def clean(self) -> None:
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("The closing date is before the opening date.")})
        if self.chain_id and self.kind != RetailerKind.CONVENIENCE_STORE:
            raise ValidationError({"chain": _("Only convenience stores belong to a chain.")})


class Carriage(models.Model):
    """A retailer or platform carries a producer's goods (all of them, or one product)."""

    retailer = models.ForeignKey(
        Retailer, verbose_name=_("retailer"), on_delete=models.CASCADE, related_name="carriages"
    )
    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("producer"),
        on_delete=models.PROTECT,
        related_name="carriages",
    )
    product = models.ForeignKey(
        "registry.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carriages",
        help_text=_("Leave empty when the retailer carries this producer's range."),
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["retailer", "producer", "product"]
        verbose_name = _("goods carried")
        verbose_name_plural = _("goods carried")
        constraints = [
            models.UniqueConstraint(
                fields=["retailer", "producer", "product", "since"], name="unique_carriage"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.retailer}: {self.product or self.producer}"

    def clean(self) -> None:
        if self.until and self.since and self.until <= self.since:
            raise ValidationError({"until": _("The end date must be after the start date.")})
        product = self.product if self.product_id else None
        if product is not None and product.producer_id != self.producer_id:
            raise ValidationError({"product": _("This product is not made by this producer.")})


class ProducerChannel(models.Model):
    """A sales channel a producer uses, and since when."""

    producer = models.ForeignKey(
        "registry.Producer",
        verbose_name=_("producer"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True, validators=[validate_no_html])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["producer", "channel", "since"]
        verbose_name = _("producer's sales channel")
        verbose_name_plural = _("producers' sales channels")
        constraints = [
            models.UniqueConstraint(
                fields=["producer", "channel", "since"], name="unique_producer_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.producer}: {self.get_channel_display()}"

    def clean(self) -> None:
        if self.until and self.since and self.until <= self.since:
            raise ValidationError({"until": _("The end date must be after the start date.")})
