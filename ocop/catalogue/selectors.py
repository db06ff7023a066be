"""Reads for the public pages: facet choices with labels, and where to buy a product.
(The certification history comes from ocop.certification.selectors.product_timeline.)"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ocop.catalogue.search import COLUMNS, FacetCounts, Filters
from ocop.places.models import Commune, LegacyDistrict, Province
from ocop.registry.models import ProducerKind, Product, ProductCategory


def category_name(category: ProductCategory | None) -> str:
    """A product group's name in the language of the page."""
    if category is None:
        return ""
    english = (get_language() or "vi").startswith("en")
    return (category.name_en if english else category.name_vi) or category.name_vi


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    choices: list[Choice]


def facet_choices(facets: FacetCounts, filters: Filters) -> list[Facet]:
    """The facets to show, each value labelled and counted (four label queries in all)."""
    counts = facets.counts
    categories = ProductCategory.objects.in_bulk(
        [int(v) for v in [*counts["group"], *counts["subgroup"]]]
    )
    labels: dict[str, dict[str, str]] = {
        "stars": {v: _("%(n)s stars") % {"n": v} for v in counts["stars"]},
        "potential": {"1": _("Potential 5★")},
        "group": {v: category_name(categories.get(int(v))) for v in counts["group"]},
        "subgroup": {v: category_name(categories.get(int(v))) for v in counts["subgroup"]},
        "province": _names(Province, counts["province"]),
        "commune": _names(Commune, counts["commune"]),
        "district": _names(LegacyDistrict, counts["district"]),
        "kind": {v: str(ProducerKind(v).label) for v in counts["kind"] if v in ProducerKind},
    }
    titles = {
        "stars": _("Star class"),
        "potential": _("Potential 5★"),
        "group": _("Product group"),
        "subgroup": _("Sub-group"),
        "province": _("Province"),
        "commune": _("Commune or ward"),
        "district": _("District (before July 2025)"),
        "kind": _("Producer type"),
    }
    chosen = {k: str(v if not isinstance(v, bool) else int(v)) for k, v in filters.active().items()}
    result = []
    for name in COLUMNS:
        options = [
            Choice(value, labels[name].get(value, value), count, chosen.get(name) == value)
            for value, count in counts[name].items()
            if value in labels[name]
        ]
        key = (lambda c: -int(c.value)) if name == "stars" else (lambda c: c.label)
        result.append(Facet(name, titles[name], sorted(options, key=key)))
    return result


def _names(model: Any, values: dict[str, int]) -> dict[str, str]:
    return {
        str(pk): name for pk, name in model.objects.filter(pk__in=values).values_list("pk", "name")
    }


def where_to_buy(product: Product) -> list[Any]:
    """HOOK for the market app: the showrooms, channels and fairs where `product` is sold.

    Each item has `name`, `address` and `url` (see ocop.market.selectors.PlaceToBuy).
    """
    from ocop.market.selectors import where_to_buy as market_where_to_buy

    return list(market_where_to_buy(product))
