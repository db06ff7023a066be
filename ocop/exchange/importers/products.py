"""Products, matched on their producer (tax code) and their name."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.exchange import cells
from ocop.exchange.importers.base import Column, Context, Row
from ocop.exchange.importers.bulk import BulkImportType
from ocop.exchange.importers.producers import key_field, producer_ids
from ocop.lib.text import fold
from ocop.registry.models import Product, ProductCategory, Taxonomy

PRODUCER_TAX_CODE = Column(
    "producer_tax_code",
    "Mã số thuế chủ thể",
    "Producer tax code",
    "0101234567",
    True,
    ("Mã số thuế", "Tax code", "MST", "Số đăng ký kinh doanh", "Business registration number"),
)
PRODUCER_NAME = Column(
    "producer_name", "Tên chủ thể", "Producer", "Hợp tác xã gốm sứ Bát Tràng", False, ("Name",)
)
PRODUCT_NAME = Column(
    "name", "Tên sản phẩm", "Product name", "Bình gốm men rạn", True, ("Sản phẩm", "Product")
)
CATEGORY = Column(
    "category",
    "Mã nhóm sản phẩm",
    "Product group code",
    "4.2",
    True,
    ("Nhóm sản phẩm", "Product group", "Mã nhóm"),
)
TAXONOMY = Column(
    "taxonomy", "Bộ phân loại", "Taxonomy", "148/2023", False, ("Phân loại theo quyết định",)
)


def producer_key_from(value: str) -> tuple:
    """A producer cell holds a tax code, or a household's business registration number."""
    code = cells.tax_code(value)
    return ("tax", code) if code and code.replace("-", "").isdigit() else ("brn", value)


def find_producer_id(ctx: Context, value: str) -> int | None:
    """The id of the stored producer named by a producer cell (a number typed in the tax-code
    column may be a registration number)."""
    for key in (producer_key_from(value), ("brn", value)):
        pk = producer_ids(ctx, key_field(key)).get(key[1])
        if pk is not None:
            return pk
    return None


def parse_category(row: Row, ctx: Context, required: bool) -> ProductCategory | None:
    """The product group by code ("4.2", or "4.2. Đồ gốm…"), in the taxonomy named in the row
    or, without one, the taxonomy in force."""
    raw = row.get("category", required=required)
    taxonomy_code = row.get("taxonomy")
    if not raw:
        return None
    code = raw.split(" ", 1)[0].rstrip(".")
    key = ("category", taxonomy_code, code)
    if key not in ctx.cache:
        taxonomies = Taxonomy.objects.filter(
            Q(code=taxonomy_code) if taxonomy_code else Q(valid_until__isnull=True)
        )
        ctx.cache[key] = ProductCategory.objects.filter(taxonomy__in=taxonomies, code=code).first()
    category = ctx.cache[key]
    if category is None:
        if taxonomy_code and not Taxonomy.objects.filter(code=taxonomy_code).exists():
            row.fail(
                "taxonomy", _("No taxonomy has the code “%(code)s”.") % {"code": taxonomy_code}
            )
        else:
            row.fail("category", _("No product group has the code “%(code)s”.") % {"code": raw})
    return category


class ProductImport(BulkImportType):
    key = "products"
    key_column = "name"
    label = gettext_lazy("Products")
    columns = [
        PRODUCER_TAX_CODE,
        PRODUCER_NAME,
        PRODUCT_NAME,
        Column("name_en", "Tên tiếng Anh", "English name", "Crackle-glaze vase"),
        CATEGORY,
        TAXONOMY,
        Column("unit", "Đơn vị tính", "Unit", "chiếc"),
        Column(
            "reference_price",
            "Giá tham khảo (đồng)",
            "Reference price (VND)",
            1250000,
            False,
            ("Giá", "Price"),
        ),
        Column(
            "raw_material_origin", "Nguồn nguyên liệu", "Raw-material origin", "Đất sét địa phương"
        ),
        Column("province_of_origin", "Tỉnh xuất xứ", "Province of origin", "Hà Nội"),
        Column("description", "Mô tả", "Description", ""),
        Column("story", "Câu chuyện sản phẩm", "Product story", ""),
    ]
    field_columns = {
        "producer": "producer_tax_code",
        "category": "category",
        "province_of_origin": "province_of_origin",
    }
    model = Product
    audit_actions = ("product.create", "product.update")  # as ocop.registry.actions writes
    resolved = ("producer", "category", "province_of_origin")
    key_fields = ("producer", "name")
    catalogue_field = "product_id"

    def parse_row(self, row: Row, ctx: Context) -> dict[str, Any]:
        producer_code = row.get("producer_tax_code", required=True)
        producer_id = find_producer_id(ctx, producer_code) if producer_code else None
        if producer_code and producer_id is None:
            row.fail(
                "producer_tax_code",
                _("No producer has the tax code “%(code)s”: import the producers first.")
                % {"code": producer_code},
            )
        values: dict[str, Any] = {
            "producer_id": producer_id,
            "name": row.get("name", required=True),
        }
        # Ids rather than instances, like the producer's: cheaper to set on many new records.
        category = parse_category(row, ctx, required=True)
        values["category_id"] = category.pk if category else None
        try:
            values["province_of_origin_id"] = ctx.places.province(row.get("province_of_origin")).pk
        except ValidationError as error:
            row.fail("province_of_origin", *error.messages)
        for key in ("name_en", "unit", "raw_material_origin", "description", "story"):
            if row.has(key):
                values[key] = row.get(key)
        if row.has("reference_price"):
            values["reference_price"] = row.get("reference_price", cells.whole_number)
        return values

    def natural_key(self, parsed: dict[str, Any]) -> tuple:
        return ("product", parsed["producer_id"], parsed["name"])

    def stored(self, keys: list[tuple], ctx: Context) -> dict[tuple, models.Model]:
        return dict(stored_products(keys, lock=ctx.write))


def stored_products(keys: Iterable[tuple], *, lock: bool) -> dict[tuple, Product]:
    """The stored products with these keys ("product", producer id, name), in one query."""
    wanted = set(keys)
    if not wanted:
        return {}
    products = Product.objects.select_for_update() if lock else Product.objects
    # By the indexed folded name alone (a filter on the producers too can make SQLite walk
    # every product of every producer in the batch), then matched exactly here.
    found = products.filter(name_folded__in={fold(key[2]) for key in wanted})
    by_key = {("product", p.producer_id, p.name): p for p in found}
    return {key: product for key, product in by_key.items() if key in wanted}
