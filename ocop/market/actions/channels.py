"""Retailers and platforms, the goods they carry, and producers' sales channels."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.audit.actions import record, snapshot
from ocop.market.actions.common import check_in_province, create, delete, update
from ocop.market.models import Carriage, ProducerChannel, Retailer
from ocop.registry.models import Producer, Product


@transaction.atomic
def retailer_create(*, actor: Any, retailer: Retailer) -> Retailer:
    check_in_province(retailer, "commune")
    create(actor, retailer, "retailer.create")
    return retailer


@transaction.atomic
def retailer_update(*, actor: Any, retailer: Retailer) -> Retailer:
    check_in_province(retailer, "commune")
    update(actor, retailer, "retailer.update")
    return retailer


@transaction.atomic
def carriage_add(
    *,
    actor: Any,
    retailer: Retailer,
    producer: Producer,
    product: Product | None,
    since: datetime.date,
    until: datetime.date | None = None,
) -> Carriage:
    """Record that `retailer` carries `producer`'s goods (or one product of it) from `since`."""
    current = Carriage.objects.filter(
        retailer=retailer, producer=producer, product=product, until__isnull=True
    )
    if until is None and current.exists():
        raise ValidationError(
            {"product": _("This retailer already carries these goods; end that record first.")},
            code="duplicate",
        )
    carriage = Carriage(
        retailer=retailer, producer=producer, product=product, since=since, until=until
    )
    create(actor, carriage, "carriage.add")
    return carriage


@transaction.atomic
def carriage_end(*, actor: Any, carriage: Carriage, until: datetime.date) -> Carriage:
    """The retailer stopped carrying these goods on `until`."""
    carriage.until = until
    update(actor, carriage, "carriage.end")
    return carriage


@transaction.atomic
def carriage_remove(*, actor: Any, carriage: Carriage) -> None:
    delete(actor, carriage, "carriage.remove")


@transaction.atomic
def producer_channel_add(
    *,
    actor: Any,
    producer: Producer,
    channel: str,
    since: datetime.date,
    until: datetime.date | None = None,
    note: str = "",
) -> ProducerChannel:
    ongoing = ProducerChannel.objects.filter(producer=producer, channel=channel, until__isnull=True)
    if until is None and ongoing.exists():
        raise ValidationError(
            {"channel": _("This channel is already recorded as in use; end it first.")},
            code="duplicate",
        )
    row = ProducerChannel(producer=producer, channel=channel, since=since, until=until, note=note)
    create(actor, row, "producer_channel.add")
    return row


@transaction.atomic
def producer_channel_end(
    *, actor: Any, row: ProducerChannel, until: datetime.date
) -> ProducerChannel:
    row.until = until
    update(actor, row, "producer_channel.end")
    return row


@transaction.atomic
def producer_channel_remove(*, actor: Any, row: ProducerChannel) -> None:
    record(actor=actor, action="producer_channel.remove", obj=row, before=snapshot(row))
    row.delete()
