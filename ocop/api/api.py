"""The JSON API under /api/v1/ (django-ninja). One router module per app, added here."""

from django.contrib.auth.decorators import login_not_required
from ninja import NinjaAPI

from ocop.api import errors

api = NinjaAPI(
    title="OCOP API",
    version="1",
    description="Public certificate checks and catalogue search; registry and market data.",
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=login_not_required,  # the docs and schema are public; the data is not
)

# Routers: api.add_router("/certificates", certificates_router), ... (one line per module)
api.add_router("/certificates", "ocop.api.catalogue.certificates_router")
api.add_router("/products", "ocop.api.catalogue.products_router")
api.add_router("/registry", "ocop.api.registry.router")
api.add_router("/evaluation", "ocop.api.results.results_router")
api.add_router("/certification/certificates", "ocop.api.results.certificates_router")
api.add_router("/market", "ocop.api.market.router")
errors.install(api)  # every error as {"error": {"code", "message", "fields"}}
