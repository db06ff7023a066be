"""Every change to producers and products goes through these functions, which validate,
save and write the audit event in one transaction."""

from typing import Any

from django.db import transaction

from ocop.audit.actions import create_recorded, delete_recorded, update_recorded
from ocop.registry.images import validate_photo
from ocop.registry.models import Producer, Product, ProductPhoto


@transaction.atomic
def producer_create(*, actor: Any, producer: Producer) -> Producer:
    create_recorded(actor=actor, obj=producer, action="producer.create")
    return producer


@transaction.atomic
def producer_update(*, actor: Any, producer: Producer) -> Producer:
    update_recorded(actor=actor, obj=producer, action="producer.update")
    return producer


@transaction.atomic
def producer_delete(*, actor: Any, producer: Producer) -> None:
    """Delete a producer that has no products (products must be removed first)."""
    delete_recorded(actor=actor, obj=producer, action="producer.delete")


@transaction.atomic
def product_create(*, actor: Any, product: Product) -> Product:
    create_recorded(actor=actor, obj=product, action="product.create")
    return product


@transaction.atomic
def product_update(*, actor: Any, product: Product) -> Product:
    update_recorded(actor=actor, obj=product, action="product.update")
    return product


@transaction.atomic
def product_delete(*, actor: Any, product: Product) -> None:
    for photo in product.photos.all():
        photo_delete(actor=actor, photo=photo)
    delete_recorded(actor=actor, obj=product, action="product.delete")


@transaction.atomic
def photo_add(*, actor: Any, product: Product, upload: Any, caption: str = "") -> ProductPhoto:
    """Store an uploaded photo after checking its content, re-encoded to drop metadata."""
    clean = validate_photo(upload)
    photo = ProductPhoto(product=product, caption=caption, position=product.photos.count())
    photo.image.save(clean.name, clean, save=False)
    create_recorded(actor=actor, obj=photo, action="product.photo_add")
    return photo


@transaction.atomic
def photo_delete(*, actor: Any, photo: ProductPhoto) -> None:
    storage, name = photo.image.storage, photo.image.name
    delete_recorded(actor=actor, obj=photo, action="product.photo_delete")
    transaction.on_commit(lambda: storage.delete(name))
