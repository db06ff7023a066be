"""Producers (chủ thể OCOP), matched on tax code (or household business registration number)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.exchange import cells
from ocop.exchange.importers.base import Column, Context, Row
from ocop.exchange.importers.bulk import BulkImportType
from ocop.registry.models import Producer, ProducerKind

KIND_VI: dict[str, str] = {
    ProducerKind.ENTERPRISE: "Doanh nghiệp",
    ProducerKind.COOPERATIVE: "Hợp tác xã",
    ProducerKind.COOPERATIVE_GROUP: "Tổ hợp tác",
    ProducerKind.HOUSEHOLD: "Hộ kinh doanh",
}
KIND_ALIASES: dict[str, str] = {
    "doanh nghiep": ProducerKind.ENTERPRISE,
    "cong ty": ProducerKind.ENTERPRISE,
    "dn": ProducerKind.ENTERPRISE,
    "hop tac xa": ProducerKind.COOPERATIVE,
    "htx": ProducerKind.COOPERATIVE,
    "to hop tac": ProducerKind.COOPERATIVE_GROUP,
    "tht": ProducerKind.COOPERATIVE_GROUP,
    "ho kinh doanh": ProducerKind.HOUSEHOLD,
    "hkd": ProducerKind.HOUSEHOLD,
    "ho san xuat": ProducerKind.HOUSEHOLD,
}

TAX_CODE = Column("tax_code", "Mã số thuế", "Tax code", "0101234567", True, ("MST",))
BUSINESS_NO = Column(
    "business_registration_no",
    "Số đăng ký kinh doanh",
    "Business registration number",
    "",
    False,
    ("Số ĐKKD", "Registration number"),
)
COMMUNE = Column(
    "commune", "Xã/phường", "Commune", "Bát Tràng", True, ("Xã", "Phường", "Commune/ward", "Ward")
)
LEGACY_DISTRICT = Column(
    "legacy_district",
    "Huyện (trước 7/2025)",
    "District (before July 2025)",
    "Gia Lâm",
    False,
    ("Quận/huyện", "Huyện", "District"),
)
PROVINCE = Column("province", "Tỉnh/thành phố", "Province", "Hà Nội", False, ("Tỉnh",))


def parse_kind(value: Any) -> str:
    return cells.choice(value, list(ProducerKind.choices), KIND_ALIASES) if value else ""


def producer_key(tax_code: str, business_no: str) -> tuple:
    return ("tax", tax_code) if tax_code else ("brn", business_no)


def producer_ids(ctx: Context, field: str) -> dict[str, int]:
    """Every stored producer's id by its tax code (or registration number), read in one
    query per import rather than one per row."""
    ids = ctx.cache.get(("producer_ids", field))
    if ids is None:
        ids = dict(Producer.objects.exclude(**{field: None}).values_list(field, "pk"))
        ctx.cache[("producer_ids", field)] = ids
    return ids


def key_field(key: tuple) -> str:
    return "tax_code" if key[0] == "tax" else "business_registration_no"


class ProducerImport(BulkImportType):
    key = "producers"
    key_column = "tax_code"
    label = gettext_lazy("Producers")
    columns = [
        TAX_CODE,
        BUSINESS_NO,
        Column("name", "Tên chủ thể", "Name", "Hợp tác xã gốm sứ Bát Tràng", True, ("Tên",)),
        Column("kind", "Loại hình", "Type", "Hợp tác xã", True, ("Kind",)),
        PROVINCE,
        COMMUNE,
        LEGACY_DISTRICT,
        Column("village", "Thôn/làng nghề", "Village", "Làng gốm Bát Tràng", False, ("Thôn",)),
        Column("address", "Địa chỉ", "Address", "Số 1 đường Bát Tràng"),
        Column("representative", "Người đại diện", "Representative", "Nguyễn Văn An"),
        Column("phone", "Điện thoại", "Phone", "0241234567", False, ("Số điện thoại",)),
        Column("email", "Thư điện tử", "Email", "htx@example.vn", False, ("E-mail",)),
        Column("women_led", "Phụ nữ làm chủ", "Led by women", "không"),
        Column(
            "ethnic_minority_led",
            "Người dân tộc thiểu số làm chủ",
            "Led by ethnic minority people",
            "không",
        ),
        Column("workers", "Số lao động", "Workers", 25, False, ("Number of workers",)),
        Column("founded_year", "Năm thành lập", "Year founded", 2005),
    ]
    field_columns = {"commune": "commune", "legacy_district": "legacy_district"}
    model = Producer
    audit_actions = ("producer.create", "producer.update")  # as ocop.registry.actions writes
    resolved = ("commune", "legacy_district")
    key_fields = ("tax_code",)
    catalogue_field = "producer_id"

    def parse_row(self, row: Row, ctx: Context) -> dict[str, Any]:
        tax_code = row.get("tax_code", cells.tax_code)
        business_no = row.get("business_registration_no")
        if not tax_code and not business_no:
            row.fail(
                "tax_code", _("Enter a tax code, or a business registration number for households.")
            )
        values: dict[str, Any] = {
            "tax_code": tax_code or None,
            "name": row.get("name", required=True),
            "kind": row.get("kind", parse_kind, required=True),
        }
        place = parse_place(row, ctx)
        values.update(place)
        for key in (
            "business_registration_no",
            "village",
            "address",
            "representative",
            "phone",
            "email",
        ):
            if row.has(key):
                values[key] = row.get(key)
        for key in ("women_led", "ethnic_minority_led"):
            if row.has(key):
                values[key] = row.get(key, cells.boolean)
        for key in ("workers", "founded_year"):
            if row.has(key):
                values[key] = row.get(key, cells.whole_number)
        return values

    def natural_key(self, parsed: dict[str, Any]) -> tuple:
        return producer_key(parsed["tax_code"] or "", parsed.get("business_registration_no", ""))

    def stored(self, keys: list[tuple], ctx: Context) -> dict[tuple, models.Model]:
        producers = Producer.objects.select_for_update() if ctx.write else Producer.objects
        found: dict[tuple, models.Model] = {}
        for kind, field in (("tax", "tax_code"), ("brn", "business_registration_no")):
            codes = [code for key_kind, code in keys if key_kind == kind]
            if codes:
                for producer in producers.filter(**{f"{field}__in": codes}):
                    found[(kind, getattr(producer, field))] = producer
        return found


def parse_place(row: Row, ctx: Context) -> dict[str, Any]:
    """The commune (and district before July 2025) named in the row, matched in its province."""
    try:
        province = ctx.places.province(row.get("province"))
    except ValidationError as error:
        row.fail("province", *error.messages)
        return {}
    values: dict[str, Any] = {}
    name = row.get("commune", required=True)
    if name:
        try:
            values["commune"] = ctx.places.commune(name, province)
        except ValidationError as error:
            row.fail("commune", *error.messages)
    if row.has("legacy_district"):
        try:
            values["legacy_district"] = ctx.places.legacy_district(
                row.get("legacy_district"), province
            )
        except ValidationError as error:
            row.fail("legacy_district", *error.messages)
    return values
