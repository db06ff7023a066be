"""The evidence a dossier needs, derived from the product group (DOMAIN.md, 'Dossier')."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Groups whose products are eaten or drunk: food, beverages, medicinal herbs. Group codes are
# the same in the 1048/2019 and 148/2023 taxonomies.
CONSUMED_GROUPS = frozenset({"1", "2", "3"})
SERVICE_GROUPS = frozenset({"6"})


@dataclass(frozen=True)
class Item:
    code: str
    label: str | Promise
    help: str | Promise
    required: bool


def checklist_for(group_code: str) -> list[Item]:
    """The checklist for a product of top-level group `group_code`, required items first."""
    consumed = group_code in CONSUMED_GROUPS
    service = group_code in SERVICE_GROUPS
    items = [
        Item(
            "business_registration",
            _("Business registration"),
            _("Certificate of business, cooperative or household registration."),
            True,
        ),
        Item(
            "food_safety",
            _("Food-safety certificate"),
            _("Certificate of a food-safety-compliant establishment, or an equivalent."),
            consumed,
        ),
        Item(
            "quality",
            _("Quality declaration and test results"),
            _("Product quality self-declaration and recent test reports."),
            consumed,
        ),
        Item(
            "raw_material",
            _("Raw-material origin"),
            _("Where the raw material comes from: contracts, supply chain, area."),
            not service,
        ),
        Item(
            "label",
            _("Packaging and label"),
            _("Photos or proofs of the packaging and the label."),
            not service,
        ),
        Item(
            "traceability",
            _("Traceability, barcode, trademark or other IP"),
            _("Barcode registration, traceability stamps, trademark or other IP papers."),
            False,
        ),
        Item(
            "story",
            _("Product story"),
            _("The story of the product and its place, as told to buyers."),
            False,
        ),
        Item("photos", _("Photos"), _("Photos of the product and of production."), True),
    ]
    if group_code not in CONSUMED_GROUPS:
        items = [i for i in items if i.code != "food_safety"]
    return sorted(items, key=lambda i: not i.required)


def item_codes() -> set[str]:
    return {i.code for i in checklist_for("1")}
