"""Middleware for running behind nginx: the client's real address, body size limits, and a
clean 503 page when the database goes away."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

GetResponse = Callable[[HttpRequest], HttpResponse]


class ClientAddressMiddleware:
    """Behind our nginx, REMOTE_ADDR is nginx itself; it passes the client's address in
    X-Real-IP. Login throttling and the audit log both need the real one."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if settings.OCOP_BEHIND_PROXY and real:
            request.META["REMOTE_ADDR"] = real
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than OCOP_MAX_REQUEST_BYTES with 413, unread."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.OCOP_MAX_REQUEST_BYTES
        if length > limit:
            message = _("The upload is too large: the limit is %(limit)s MB.") % {
                "limit": round(limit / 1_048_576)
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer; rendered without the request's context processors, which would
    query the very database that is missing."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("The service is temporarily unavailable. Try again in a minute.")},
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("ops/503.html"), status=503)
    response["Retry-After"] = "60"
    return response


class DatabaseUnavailableMiddleware:
    """A lost database connection gives a clean 503 page instead of a 500 error.

    Every action runs in a transaction, so a request cut off this way has saved nothing.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("database unavailable: %s", exception, exc_info=exception)
            return unavailable_response(request)
        return None
