"""Every change to market records goes through these functions, which validate, save and
write the audit event in one transaction. Views, commands and the demo call the same ones."""

from ocop.market.actions.channels import (
    carriage_add,
    carriage_end,
    carriage_remove,
    producer_channel_add,
    producer_channel_end,
    producer_channel_remove,
    retailer_create,
    retailer_update,
)
from ocop.market.actions.compliance import AuditSummary, audit_showrooms
from ocop.market.actions.fairs import (
    fair_create,
    fair_record_results,
    fair_register,
    fair_update,
    registration_decide,
)
from ocop.market.actions.listings import (
    ListingRow,
    listing_add,
    listing_remove,
    listing_update,
    listings_add_many,
    row_errors,
)
from ocop.market.actions.showrooms import (
    showroom_create,
    showroom_photo_add,
    showroom_photo_delete,
    showroom_set_status,
    showroom_update,
)

__all__ = [
    "AuditSummary",
    "ListingRow",
    "audit_showrooms",
    "carriage_add",
    "carriage_end",
    "carriage_remove",
    "fair_create",
    "fair_record_results",
    "fair_register",
    "fair_update",
    "listing_add",
    "listing_remove",
    "listing_update",
    "listings_add_many",
    "producer_channel_add",
    "producer_channel_end",
    "producer_channel_remove",
    "registration_decide",
    "retailer_create",
    "retailer_update",
    "row_errors",
    "showroom_create",
    "showroom_photo_add",
    "showroom_photo_delete",
    "showroom_set_status",
    "showroom_update",
]
