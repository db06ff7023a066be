"""Shapes and lookups shared by the market API modules."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from ninja import Field, Schema

from ocop.api.registry import MAX_ID
from ocop.registry.models import Product

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PlaceId = Annotated[int, Field(ge=1, le=2_000_000_000)]
Count = Annotated[int, Field(ge=0, le=2_000_000_000)]
Latitude = Annotated[Decimal, Field(ge=-90, le=90, max_digits=9, decimal_places=6)]
Longitude = Annotated[Decimal, Field(ge=-180, le=180, max_digits=9, decimal_places=6)]


class DayInput(Schema):
    until: datetime.date | None = Field(None, description="Default: today.")


def found(model: type[Model], ids: Iterable[int], field: str, message: str) -> list[Any]:
    """The records with these ids, in the order given; an unknown id is a 422 on `field`
    (as a form answers an unknown choice). `message` takes the unknown ids as %(value)s."""
    wanted = list(dict.fromkeys(ids))
    records = {r.pk: r for r in model._default_manager.filter(pk__in=wanted)}
    missing = [str(pk) for pk in wanted if pk not in records]
    if missing:
        raise ValidationError({field: [message % {"value": ", ".join(missing)}]})
    return [records[pk] for pk in wanted]


def products(ids: Iterable[int], field: str) -> list[Product]:
    """Products from any province, refused with the market forms' message when unknown."""
    message = _("No product has id %(value)s: it does not exist or was removed.")
    return found(Product, ids, field, message)


def fill(obj: Any, payload: Schema, exclude: set[str] | None = None) -> Any:
    """`obj` with the payload's values set on it (not saved: the action validates and saves)."""
    for name, value in payload.model_dump(exclude=exclude).items():
        setattr(obj, name, value)
    return obj
