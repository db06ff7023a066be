"""The indicators the reports compute, one documented function each, registered by key.

Import `INDICATORS` (key -> Indicator) and `Area`; the modules below register themselves.
"""

from ocop.reports.indicators import certificates, evaluation, market, producers
from ocop.reports.indicators.base import INDICATORS, Area, Indicator, Number, choices, percent

# The order pages list them in.
ORDER = [
    "products_ranked",
    "new_certified",
    "certificates_valid",
    "certificates_expiring",
    "certificates_expired",
    "ocop_producers",
    "jobs_created",
    "workers_reported",
    "revenue_reported",
    "malls_supermarkets_selling_ocop",
    "producers_in_modern_channels",
    "localities_with_design_centre",
    "showrooms",
    "showroom_listings_ocop",
    "fair_participations",
    "fair_sales",
]
for _key in [*ORDER, *(k for k in list(INDICATORS) if k not in ORDER)]:
    INDICATORS[_key] = INDICATORS.pop(_key)

__all__ = [
    "INDICATORS",
    "Area",
    "Indicator",
    "Number",
    "certificates",
    "choices",
    "evaluation",
    "market",
    "percent",
    "producers",
]
