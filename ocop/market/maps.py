"""Links to maps apps and the tile server the map pages use."""

from decimal import Decimal
from urllib.parse import quote, urlencode

from django.conf import settings

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap contributors"


def tile_url() -> str:
    """The tile server template (set OCOP_TILE_URL to use your own or an offline one)."""
    return getattr(settings, "OCOP_TILE_URL", DEFAULT_TILE_URL)


def tile_attribution() -> str:
    return getattr(settings, "OCOP_TILE_ATTRIBUTION", DEFAULT_TILE_ATTRIBUTION)


def geo_uri(latitude: Decimal | None, longitude: Decimal | None, label: str = "") -> str:
    """A geo: URI (RFC 5870) that phones open in their maps app; empty without coordinates."""
    if latitude is None or longitude is None:
        return ""
    point = f"{latitude},{longitude}"
    return f"geo:{point}?q={point}({quote(label)})" if label else f"geo:{point}"


def directions_url(latitude: Decimal | None, longitude: Decimal | None, address: str = "") -> str:
    """A maps URL that opens directions to the place (by coordinates, else by address)."""
    if latitude is not None and longitude is not None:
        destination = f"{latitude},{longitude}"
    elif address:
        destination = address
    else:
        return ""
    return "https://www.google.com/maps/dir/?" + urlencode({"api": "1", "destination": destination})
