"""Market API: showrooms and points of sale with their listings, retailers and platforms with
the goods they carry, producers' sales channels, and trade fairs with their registrations.

Writes call the same action functions as the market forms (same validation, same audit
events); every request acts with the caller's role and scope (ocop/accounts/access.py):
operators reach only their own showrooms, officers see their communes' ones. Lists follow
the registry's conventions (ocop/api/registry.py). Fairs are public, as on the calendar page.
One module per noun, as in ocop/market/views/."""

from ocop.api.auth import ApiRouter
from ocop.api.market import channels, fairs, showrooms

router = ApiRouter()
router.add_router("", showrooms.router)
router.add_router("", channels.router)
router.add_router("", fairs.router)
