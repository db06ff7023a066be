from decimal import Decimal

from django import template
from django.utils.translation import get_language

register = template.Library()

# Vietnamese writes 1.234.567,5; English 1,234,567.5.
VIETNAMESE_SEPARATORS = str.maketrans(",.", ".,")


def grouped(value: int | Decimal, places: int = 0) -> str:
    """`value` with thousands separated the way the current language writes numbers."""
    text = f"{value:,.{places}f}"
    if (get_language() or "vi").startswith("vi"):
        text = text.translate(VIETNAMESE_SEPARATORS)
    return text


@register.filter
def figure(value: object, kind: str = "text") -> str:
    """A table cell as people read it: thousands separated, per cent with one decimal."""
    if value is None:
        return "—" if kind != "text" else ""
    if kind == "percent":
        return f"{grouped(Decimal(str(value)), 1)}\u00a0%"
    if kind == "vnd" and isinstance(value, int | Decimal):
        return f"{grouped(int(value))}\u00a0₫"
    if kind in {"int", "count"} and isinstance(value, int | Decimal):
        whole = value == int(value)
        return grouped(int(value)) if whole else grouped(Decimal(value), 2)
    if kind == "date" and hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value) if value != "" else "—"
