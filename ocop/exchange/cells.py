"""Turning spreadsheet cells into values, forgiving what Excel does to data: dates stored as
serial numbers or typed as text, thousands separators, tax codes that lost their leading zero,
and the apostrophe our exports put before text that could be taken for a formula."""

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ocop.lib.text import fold

EXCEL_EPOCH = datetime.date(1899, 12, 30)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_THOUSANDS = re.compile(r"^\d{1,3}([.,\s]\d{3})+$")
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_TAX_CODE = re.compile(r"^\d{9,10}(-\d{3})?$")
_TRUE = {"1", "x", "co", "yes", "true", "dung", "v"}
_FALSE = {"0", "khong", "no", "false", "sai"}


def text(value: Any) -> str:
    """A cell as trimmed text; numbers without a spurious '.0'; the export apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    result = str(value).strip()
    if result.startswith("'") and result[1:2] in FORMULA_START:
        result = result[1:]
    return result


def whole_number(value: Any) -> int | None:
    """'1.250.000', '1,250,000', '1 250 000 đ' and 1250000.0 are all 1250000."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValidationError(_("Enter a whole number."))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValidationError(_("Enter a whole number."))
    raw = str(value).strip().lower()
    for suffix in ("vnd", "vnđ", "đồng", "đ", "d"):
        raw = raw.removesuffix(suffix).strip()
    if _THOUSANDS.match(raw):
        raw = re.sub(r"[.,\s]", "", raw)
    if raw.isdigit():
        return int(raw)
    raise ValidationError(_("“%(value)s” is not a whole number.") % {"value": value})


def decimal(value: Any, places: int = 2) -> Decimal | None:
    """A score such as 85.5 or '85,50' as a Decimal with two places."""
    if value in (None, ""):
        return None
    if isinstance(value, float):
        value = repr(value)
    raw = str(value).strip().replace(",", ".")
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value}) from None
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    return number.quantize(Decimal(1).scaleb(-places))


def date(value: Any) -> datetime.date | None:
    """A date cell, an Excel serial number, or text as dd/mm/yyyy or yyyy-mm-dd."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    raw = str(value).strip()
    if raw.isdigit() and 20000 <= int(raw) <= 80000:
        return EXCEL_EPOCH + datetime.timedelta(days=int(raw))
    try:
        if match := _DATE_TEXT.match(raw):
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if match := _ISO_DATE.match(raw):
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass
    raise ValidationError(
        _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 25/12/2020.") % {"value": value}
    )


def tax_code(value: Any) -> str:
    """A tax code with its leading zero restored (Excel drops it from numbers)."""
    raw = text(value).replace(" ", "").replace(".", "")
    if _TAX_CODE.match(raw) and len(raw.split("-")[0]) == 9:
        raw = "0" + raw
    return raw


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = fold(text(value))
    if raw in _TRUE:
        return True
    if raw in _FALSE or raw == "":
        return False
    raise ValidationError(_("Write “có” or “không” (yes or no)."))


def choice(value: Any, choices: list[tuple[str, Any]], extra: Mapping[str, str]) -> str:
    """A choice given by its code, its label in either language, or a common abbreviation."""
    raw = fold(text(value))
    for code, label in choices:
        if raw in {fold(code), fold(str(label))}:
            return code
    if raw in extra:
        return extra[raw]
    raise ValidationError(
        _("“%(value)s” is not one of: %(choices)s.")
        % {"value": text(value), "choices": ", ".join(str(label) for _code, label in choices)}
    )


def safe(value: Any) -> Any:
    """A value for an exported cell: text that a spreadsheet would run as a formula gets an
    apostrophe in front, which the importer removes again."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
