import logging
import secrets
import sys

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ocop.ops.middleware import unavailable_response

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database and the cache answer."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("health check: database unavailable")
        return False


def _cache_ok() -> bool:
    token = secrets.token_hex(8)
    try:
        cache.set("ocop:healthz", token, 10)
        return cache.get("ocop:healthz") == token
    except Exception:  # any backend error (Redis down, refused, timeout) means unhealthy
        logger.exception("health check: cache unavailable")
        return False


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that went away while middleware used it still gets the 503
    page (view errors are caught earlier by DatabaseUnavailableMiddleware)."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return unavailable_response(request)
    return HttpResponseServerError(render_to_string("ops/500.html"))
