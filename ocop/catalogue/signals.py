"""Keeps the catalogue index current whatever app changes its inputs.

Several apps' actions change what the catalogue shows (registry edits, certification issuing,
suspending, revoking), so the index listens for saves rather than asking each action to call
it. Products without a catalogue entry and without certificates cost one query here.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ocop.catalogue.index import refresh_products
from ocop.catalogue.models import CatalogueEntry
from ocop.certification.models import Certificate, Suspension
from ocop.registry.models import Producer, Product, ProductPhoto


@receiver([post_save, post_delete], sender=Certificate)
def certificate_changed(sender: Any, instance: Certificate, **kwargs: Any) -> None:
    refresh_products([instance.product_id])


@receiver([post_save, post_delete], sender=Suspension)
def suspension_changed(sender: Any, instance: Suspension, **kwargs: Any) -> None:
    product_id = (
        Certificate.objects.filter(pk=instance.certificate_id)
        .values_list("product_id", flat=True)
        .first()
    )
    if product_id is not None:
        refresh_products([product_id])


@receiver([post_save, post_delete], sender=Product)
def product_changed(sender: Any, instance: Product, **kwargs: Any) -> None:
    _refresh_indexed(product_id=instance.pk)


@receiver([post_save, post_delete], sender=ProductPhoto)
def photo_changed(sender: Any, instance: ProductPhoto, **kwargs: Any) -> None:
    _refresh_indexed(product_id=instance.product_id)


@receiver(post_save, sender=Producer)
def producer_changed(sender: Any, instance: Producer, **kwargs: Any) -> None:
    _refresh_indexed(producer_id=instance.pk)


def _refresh_indexed(**lookup: int) -> None:
    """Refresh the products matching `lookup` that are in the catalogue (only certificates
    bring a product in, so the others have nothing to update)."""
    ids = list(CatalogueEntry.objects.filter(**lookup).values_list("pk", flat=True))
    if ids:
        refresh_products(ids)
