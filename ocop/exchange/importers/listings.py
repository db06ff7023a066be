"""Listings: which products a showroom displays, matched on the showroom (name and commune)
and the product (producer's tax code and product name). Saved a batch at a time; the rules
are the market's: one listing per showroom and product, a shelf price of at least 0 dong."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.exchange import cells
from ocop.exchange.importers.base import Column, Context, Item, Row
from ocop.exchange.importers.bulk import BulkImportType
from ocop.exchange.importers.products import (
    PRODUCER_NAME,
    PRODUCER_TAX_CODE,
    PRODUCT_NAME,
    find_producer_id,
)
from ocop.exchange.importers.showrooms import find_showroom
from ocop.market.models import Listing, Showroom
from ocop.registry.models import Product

SHOWROOM = Column(
    "showroom",
    "Tên điểm bán",
    "Showroom",
    "Điểm giới thiệu sản phẩm OCOP Hồ Tùng Mậu",
    True,
    ("Điểm bán", "Tên điểm giới thiệu", "Showroom name"),
)
SHOWROOM_COMMUNE = Column(
    "showroom_commune",
    "Xã/phường của điểm bán",
    "Showroom commune",
    "Phú Diễn",
    True,
    ("Showroom ward",),
)


def product_ids(ctx: Context) -> dict[tuple[int, str], int]:
    """Every product's id by (producer id, name), read in one query per import."""
    ids = ctx.cache.get(("product_ids",))
    if ids is None:
        rows = Product.objects.values_list("producer_id", "name", "pk")
        ids = {(producer_id, name): pk for producer_id, name, pk in rows}
        ctx.cache[("product_ids",)] = ids
    return ids


def _filled(row: Row, key: str) -> bool:
    return row.has(key) and cells.text(row.values[key]) != ""


class ListingImport(BulkImportType):
    key = "listings"
    key_column = "name"
    label = gettext_lazy("Showroom listings")
    columns = [
        SHOWROOM,
        SHOWROOM_COMMUNE,
        PRODUCER_TAX_CODE,
        PRODUCER_NAME,
        PRODUCT_NAME,
        Column("since", "Bày bán từ ngày", "Listed since", "01/01/2024", False, ("Từ ngày",)),
        Column("shelf_price", "Giá bán (đồng)", "Shelf price (VND)", 150000, False, ("Giá bán",)),
        Column("in_stock", "Còn hàng", "In stock", "có"),
        Column("craft_village", "Hàng làng nghề", "Craft-village goods", "không"),
    ]
    field_columns = {"showroom": "showroom", "product": "name", "__all__": "name"}
    model = Listing
    audit_actions = ("listing.add", "listing.update")  # as ocop.market.actions writes
    resolved = ("showroom", "product")
    key_fields = ("showroom", "product")

    def parse_row(self, row: Row, ctx: Context) -> dict[str, Any]:
        values: dict[str, Any] = {
            "showroom": self._showroom(row, ctx),
            "product_id": self._product(row, ctx),
        }
        if _filled(row, "since"):
            values["since"] = row.get("since", cells.date)
        if row.has("shelf_price"):
            values["shelf_price"] = row.get("shelf_price", cells.whole_number)
        for key in ("in_stock", "craft_village"):
            if _filled(row, key):
                values[key] = row.get(key, cells.boolean)
        return values

    def _showroom(self, row: Row, ctx: Context) -> Showroom | None:
        name = row.get("showroom", required=True)
        commune_name = row.get("showroom_commune", required=True)
        if not name or not commune_name:
            return None
        try:
            commune = ctx.places.commune(commune_name, ctx.places.province(""))
        except ValidationError as error:
            row.fail("showroom_commune", *error.messages)
            return None
        try:
            showroom = find_showroom(ctx, name, commune.pk)
        except ValidationError as error:
            row.fail("showroom", *error.messages)
            return None
        if showroom is None:
            row.fail(
                "showroom",
                _("No showroom in %(commune)s is named “%(name)s”: import the showrooms first.")
                % {"commune": commune.name, "name": name},
            )
            return None
        return showroom

    def _product(self, row: Row, ctx: Context) -> int | None:
        code = row.get("producer_tax_code", required=True)
        name = row.get("name", required=True)
        if not code or not name:
            return None
        producer_id = find_producer_id(ctx, code)
        if producer_id is None:
            row.fail(
                "producer_tax_code",
                _("No producer has the tax code “%(code)s”.") % {"code": code},
            )
            return None
        product_id = product_ids(ctx).get((producer_id, name))
        if product_id is None:
            row.fail(
                "name",
                _("This producer has no product named “%(name)s”: import the products first.")
                % {"name": name},
            )
        return product_id

    def natural_key(self, parsed: dict[str, Any]) -> tuple:
        return ("listing", parsed["showroom"].pk, parsed["product_id"])

    def describe(self, obj: models.Model, item: Item) -> str:
        # As str(listing) reads, without a query per row for the product and the showroom.
        return f"{cells.text(item.row.values['name'])} @ {item.values['showroom']}"

    def defaults(self) -> dict[str, Any]:
        return {"since": timezone.localdate()}

    def stored(self, keys: list[tuple], ctx: Context) -> dict[tuple, models.Model]:
        listings = Listing.objects.select_for_update() if ctx.write else Listing.objects
        found = listings.filter(
            showroom_id__in={key[1] for key in keys}, product_id__in={key[2] for key in keys}
        )
        wanted = set(keys)
        by_key = {("listing", x.showroom_id, x.product_id): x for x in found}
        return {key: listing for key, listing in by_key.items() if key in wanted}
