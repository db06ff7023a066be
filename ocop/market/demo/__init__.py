"""Deterministic SAMPLE market data: ~100 showrooms across Hanoi (202 Hồ Tùng Mậu among them),
their listings with a realistic share of goods that should not be there, 30 retailers and the
main e-commerce platforms, producers' channels, and trade fairs from 2020 on.

Places, retailer and platform names are real (ocop/market/data/demo_market.toml); what they
list, carry and sell is invented. Certificates are read from the database (the certification
builder runs first); without any, every listing is simply non-OCOP and the builder still works.
"""

import random

from django.utils import timezone

from ocop.market.actions import audit_showrooms
from ocop.market.demo.showrooms import build_listings, build_showrooms, product_pools
from ocop.market.demo.trade import build_carriages, build_channels, build_fairs, build_retailers
from ocop.places.models import Commune, LegacyDistrict

HANOI = 1


def build(rng: random.Random) -> str:
    """Create the sample market records; returns a one-line summary."""
    today = timezone.localdate()
    communes = {c.name: c for c in Commune.objects.filter(province_id=HANOI)}
    districts = {d.name: d for d in LegacyDistrict.objects.filter(province_id=HANOI)}
    retailers = build_retailers(communes)
    showrooms = build_showrooms(rng, communes, districts, retailers)
    pools = product_pools(today)
    listings = build_listings(rng, showrooms, pools)
    carriages = build_carriages(rng, retailers, pools)
    channels = build_channels(rng)
    fairs, registrations = build_fairs(rng, communes, districts, pools, today)
    # In-app notices only: the demo's operators and office have no real mailboxes.
    summary = audit_showrooms(actor="demo-data", day=today, send_email=False)
    return (
        f"{len(showrooms)} showrooms, {listings} listings ({summary.non_compliant} not allowed "
        f"today), {len(retailers)} retailers and platforms, {carriages} carried, {channels} "
        f"producer channels, {fairs} fairs, {registrations} fair registrations"
    )
