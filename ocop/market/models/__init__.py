"""Market access: showrooms and their listings, retailers and channels, trade fairs."""

from ocop.market.models.channels import (
    CHANNEL_OF_RETAILER,
    MODERN_CHANNELS,
    MODERN_RETAILER_KINDS,
    Carriage,
    Channel,
    ProducerChannel,
    Retailer,
    RetailerKind,
    active_on,
)
from ocop.market.models.fairs import (
    REGISTRATION_TRANSITIONS,
    Fair,
    FairRegistration,
    RegionTheme,
    RegistrationStatus,
)
from ocop.market.models.showrooms import (
    DESIGN_CENTRE_MIN_AREA_M2,
    SHOWROOM_TRANSITIONS,
    ComplianceOutcome,
    Listing,
    ListingCompliance,
    Showroom,
    ShowroomKind,
    ShowroomPhoto,
    ShowroomStatus,
)

__all__ = [
    "CHANNEL_OF_RETAILER",
    "DESIGN_CENTRE_MIN_AREA_M2",
    "MODERN_CHANNELS",
    "MODERN_RETAILER_KINDS",
    "REGISTRATION_TRANSITIONS",
    "SHOWROOM_TRANSITIONS",
    "Carriage",
    "Channel",
    "ComplianceOutcome",
    "Fair",
    "FairRegistration",
    "Listing",
    "ListingCompliance",
    "ProducerChannel",
    "RegionTheme",
    "RegistrationStatus",
    "Retailer",
    "RetailerKind",
    "Showroom",
    "ShowroomKind",
    "ShowroomPhoto",
    "ShowroomStatus",
    "active_on",
]
