"""Listings: what a showroom displays, one at a time or many at once (all or nothing)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.audit.actions import record, snapshot
from ocop.market.actions.common import create, delete, update
from ocop.market.models import Listing, Showroom
from ocop.registry.models import Product


@dataclass(frozen=True)
class ListingRow:
    """One listing to add: what a search selection or a spreadsheet row resolves to."""

    product: Product
    since: datetime.date
    shelf_price: int | None = None
    in_stock: bool = True
    craft_village: bool = False


def _check_price(price: int | None) -> None:
    if price is not None and price < 0:
        raise ValidationError({"shelf_price": _("The shelf price cannot be negative.")})


def _check_not_listed(showroom: Showroom, product: Product, exclude_pk: int | None = None) -> None:
    existing = Listing.objects.filter(showroom=showroom, product=product)
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    if existing.exists():
        raise ValidationError(
            {
                "product": _("%(product)s is already listed at this showroom.")
                % {"product": product.name}
            },
            code="duplicate",
        )


@transaction.atomic
def listing_add(
    *,
    actor: Any,
    showroom: Showroom,
    product: Product,
    since: datetime.date,
    shelf_price: int | None = None,
    in_stock: bool = True,
    craft_village: bool = False,
) -> Listing:
    _check_price(shelf_price)
    _check_not_listed(showroom, product)
    listing = Listing(
        showroom=showroom,
        product=product,
        since=since,
        shelf_price=shelf_price,
        in_stock=in_stock,
        craft_village=craft_village,
    )
    create(actor, listing, "listing.add")
    return listing


@transaction.atomic
def listing_update(*, actor: Any, listing: Listing) -> Listing:
    _check_price(listing.shelf_price)
    _check_not_listed(listing.showroom, listing.product, exclude_pk=listing.pk)
    update(actor, listing, "listing.update")
    return listing


@transaction.atomic
def listing_remove(*, actor: Any, listing: Listing) -> None:
    delete(actor, listing, "listing.remove")


def row_errors(showroom: Showroom, rows: Sequence[ListingRow]) -> dict[int, list[str]]:
    """Problems per row (numbered from 1) that would stop `listings_add_many`."""
    listed = set(showroom.listings.values_list("product_id", flat=True))
    seen: dict[int, int] = {}
    errors: dict[int, list[str]] = {}
    for number, row in enumerate(rows, start=1):
        problems = []
        if row.shelf_price is not None and row.shelf_price < 0:
            problems.append(_("The shelf price cannot be negative."))
        if row.product.pk in listed:
            problems.append(_("Already listed at this showroom."))
        elif row.product.pk in seen:
            problems.append(
                _("The same product is already in row %(row)s.") % {"row": seen[row.product.pk]}
            )
        seen.setdefault(row.product.pk, number)
        if problems:
            errors[number] = problems
    return errors


@transaction.atomic
def listings_add_many(*, actor: Any, showroom: Showroom, rows: Sequence[ListingRow]) -> int:
    """Add every row or none: any problem in any row refuses the whole batch."""
    if not rows:
        raise ValidationError(_("Choose at least one product to list."), code="empty")
    # Lock the showroom so two batches for it cannot both pass the duplicate check.
    Showroom.objects.select_for_update().get(pk=showroom.pk)
    errors = row_errors(showroom, rows)
    if errors:
        raise ValidationError(
            [
                _("Row %(row)s (%(product)s): %(problems)s")
                % {
                    "row": number,
                    "product": rows[number - 1].product.name,
                    "problems": " ".join(problems),
                }
                for number, problems in sorted(errors.items())
            ],
            code="rows",
        )
    listings = [
        Listing(
            showroom=showroom,
            product=row.product,
            since=row.since,
            shelf_price=row.shelf_price,
            in_stock=row.in_stock,
            craft_village=row.craft_village,
        )
        for row in rows
    ]
    for listing in listings:
        listing.full_clean(validate_unique=False)
    Listing.objects.bulk_create(listings)
    for listing in Listing.objects.filter(showroom=showroom, product__in=[r.product for r in rows]):
        record(actor=actor, action="listing.add", obj=listing, after=snapshot(listing))
    return len(listings)
