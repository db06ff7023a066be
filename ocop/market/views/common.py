import datetime

from django.http import HttpRequest

from ocop.registry.models import Product, ProductQuerySet

SEARCH_LIMIT = 30


def parse_day(value: str | None) -> datetime.date | None:
    """A YYYY-MM-DD date from the query string, or None when absent or malformed."""
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def product_search(request: HttpRequest) -> tuple[str, ProductQuerySet]:
    """Products (from any province) matching ?q=, for the HTMX pickers; none without a query."""
    q = (request.GET.get("q") or request.POST.get("q") or "")[:200].strip()
    if len(q) < 2:
        return q, Product.objects.none()
    products = (
        Product.objects.search(q)
        .select_related("producer", "province_of_origin")
        .order_by("name", "pk")[:SEARCH_LIMIT]
    )
    return q, products
