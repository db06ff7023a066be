"""Template helpers of the public pages: localised group names and the OCOP star label."""

from django import template

from ocop.catalogue.selectors import category_name as _category_name
from ocop.registry.models import ProductCategory

register = template.Library()

# The official wording of the OCOP label (Decision 148/QĐ-TTg); never translated.
LABEL_TEXT = "Sản phẩm OCOP Việt Nam"


@register.filter
def category_name(category: ProductCategory | None) -> str:
    return _category_name(category)


@register.inclusion_tag("catalogue/_stars.html")
def ocop_stars(stars: int | None, potential_five: bool = False, label: bool = False) -> dict:
    """Filled and empty stars out of five, optionally with the official label text."""
    count = stars or 0
    return {
        "stars": count,
        "filled": "★" * count,
        "empty": "☆" * (5 - count),
        "potential_five": potential_five,
        "label": LABEL_TEXT if label else "",
    }
