"""Adding listings from a spreadsheet (XLSX, XLS, ODS or CSV): read, check, preview, apply.

Columns (header row, English or Vietnamese, any case, accents optional):
  product_id | san pham id          the product's number on this platform, or
  product | ten san pham            the product's name (exact, accents optional), with
  producer_tax_code | ma so thue    the producer's tax code when the name is not unique
  price | gia                       shelf price in VND (optional)
  in_stock | con hang               yes/no, có/không, 1/0 (optional, default yes)
  since | tu ngay                   date listed, DD/MM/YYYY or YYYY-MM-DD (optional)
  craft_village | lang nghe         yes/no (optional)

Nothing is written while checking. The preview carries the checked rows in a signed token;
applying re-checks them and adds all or none (`actions.listings_add_many`).
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.lib.text import fold
from ocop.market.actions.listings import ListingRow, row_errors
from ocop.market.models import Showroom
from ocop.registry.models import Product

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000
TOKEN_MAX_AGE = 60 * 60

HEADERS = {
    "product_id": {"product_id", "id", "san pham id", "ma san pham", "product id"},
    "product": {"product", "ten san pham", "san pham", "product name"},
    "producer_tax_code": {"producer_tax_code", "ma so thue", "tax code", "producer tax code"},
    "price": {"price", "shelf_price", "gia", "gia ban", "shelf price"},
    "in_stock": {"in_stock", "con hang", "in stock"},
    "since": {"since", "tu ngay", "listed since"},
    "craft_village": {"craft_village", "lang nghe", "hang lang nghe", "craft village"},
}
YES = {"1", "yes", "y", "true", "x", "co"}
NO = {"0", "no", "n", "false", "khong", ""}


@dataclass
class PreviewRow:
    number: int
    product: Product | None = None
    row: ListingRow | None = None
    errors: list[str] = field(default_factory=list)
    label: str = ""


@dataclass
class Preview:
    rows: list[PreviewRow]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and all(not r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if r.errors)


def read_table(upload: Any) -> list[dict[str, Any]]:
    """The rows of the first sheet as dicts keyed by canonical column names."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 2 MB."))
    data = upload.read()
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("Save the CSV file as UTF-8.")) from None
        table: list[list[Any]] = list(csv.reader(io.StringIO(text)))
    else:
        table = _read_workbook(data)
    if not table:
        raise ValidationError(_("The file is empty."))
    columns = [_canonical(str(h)) for h in table[0]]
    if "product_id" not in columns and "product" not in columns:
        raise ValidationError(_("The first row must name a product_id or product column."))
    rows = [dict(zip(columns, r, strict=False)) for r in table[1:] if any(_filled(c) for c in r)]
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
    return rows


def _read_workbook(data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return list(workbook.get_sheet_by_index(0).to_python(skip_empty_area=True))
    except (CalamineError, ValueError, OSError, IndexError):
        raise ValidationError(
            _("This file is not a readable spreadsheet (XLSX, XLS, ODS or CSV).")
        ) from None


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _canonical(header: str) -> str:
    folded = re.sub(r"[\s_]+", " ", fold(header)).strip()
    for name, aliases in HEADERS.items():
        if folded in {a.replace("_", " ") for a in aliases}:
            return name
    return folded


def check(showroom: Showroom, table: list[dict[str, Any]], default_since: datetime.date) -> Preview:
    """Resolve and check every row; nothing is written."""
    preview = Preview(rows=[])
    for number, raw in enumerate(table, start=2):  # row 1 is the header
        preview.rows.append(_check_row(number, raw, default_since))
    resolved = [r for r in preview.rows if r.row is not None]
    clashes = row_errors(showroom, [r.row for r in resolved if r.row])
    for index, problems in clashes.items():
        resolved[index - 1].errors.extend(problems)
    if not preview.rows:
        preview.problems.append(_("The file has no rows below the header."))
    return preview


def _check_row(number: int, raw: dict[str, Any], default_since: datetime.date) -> PreviewRow:
    result = PreviewRow(number=number, label=str(raw.get("product") or raw.get("product_id") or ""))
    try:
        result.product = _find_product(raw)
        price = _price(raw.get("price"))
        since = _date(raw.get("since")) or default_since
        in_stock = _flag(raw.get("in_stock"), default=True)
        craft = _flag(raw.get("craft_village"), default=False)
    except ValidationError as error:
        result.errors.extend(error.messages)
        return result
    result.row = ListingRow(result.product, since, price, in_stock, craft)
    return result


def _find_product(raw: dict[str, Any]) -> Product:
    products = Product.objects.select_related("producer")
    ident = str(raw.get("product_id") or "").strip().removesuffix(".0")
    if ident:
        if not ident.isdigit():
            raise ValidationError(_("Product id %(id)s is not a number.") % {"id": ident})
        found = products.filter(pk=int(ident)).first()
        if found is None:
            raise ValidationError(_("No product has id %(id)s.") % {"id": ident})
        return found
    name = str(raw.get("product") or "").strip()
    if not name:
        raise ValidationError(_("Give a product id or a product name."))
    matches = products.filter(name_folded=fold(name))
    tax_code = str(raw.get("producer_tax_code") or "").strip()
    if tax_code:
        matches = matches.filter(producer__tax_code=tax_code)
    found_list = list(matches[:2])
    if not found_list:
        raise ValidationError(_("No product is named %(name)s.") % {"name": name})
    if len(found_list) > 1:
        raise ValidationError(
            _("Several products are named %(name)s; add the producer's tax code.") % {"name": name}
        )
    return found_list[0]


def _price(value: Any) -> int | None:
    if not _filled(value):
        return None
    text = re.sub(r"[\s.,đ₫]|vnd", "", str(value).lower().removesuffix(".0"))
    try:
        price = int(text)
    except ValueError:
        raise ValidationError(
            _("The price %(value)s is not a whole number of dong.") % {"value": value}
        ) from None
    if price < 0:
        raise ValidationError(_("The shelf price cannot be negative."))
    return price


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not _filled(value):
        return None
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(_("The date %(value)s is not DD/MM/YYYY.") % {"value": text})


def _flag(value: Any, *, default: bool) -> bool:
    if value is None or str(value).strip() == "":
        return default
    text = fold(str(value)).removesuffix(".0")
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(_("Write yes or no, not %(value)s.") % {"value": value})


def sign(showroom: Showroom, preview: Preview) -> str:
    """A token holding the checked rows, valid for an hour, for this showroom only."""
    rows = [
        [
            r.row.product.pk,
            r.row.since.isoformat(),
            r.row.shelf_price,
            r.row.in_stock,
            r.row.craft_village,
        ]
        for r in preview.rows
        if r.row is not None
    ]
    return signing.dumps(rows, salt=f"market.listing-import.{showroom.pk}", compress=True)


def unsign(showroom: Showroom, token: str) -> list[ListingRow]:
    try:
        data = signing.loads(
            token, salt=f"market.listing-import.{showroom.pk}", max_age=TOKEN_MAX_AGE
        )
    except signing.BadSignature:
        raise ValidationError(
            _("This preview has expired or was altered; upload the file again.")
        ) from None
    products = Product.objects.in_bulk([row[0] for row in data])
    missing = [row[0] for row in data if row[0] not in products]
    if missing:
        raise ValidationError(
            _("Products removed since the preview: %(ids)s.")
            % {"ids": ", ".join(map(str, missing))}
        )
    return [
        ListingRow(products[pk], datetime.date.fromisoformat(since), price, in_stock, craft)
        for pk, since, price, in_stock, craft in data
    ]
