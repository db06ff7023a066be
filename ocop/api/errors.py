"""Every API error has one shape: {"error": {"code", "message", "fields": {field: [messages]}}}.

`install(api)` registers the handlers; endpoints declare `ERRORS` in their responses so the
OpenAPI schema documents the shape."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ApiErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ApiError(Schema):
    error: ApiErrorBody


# The error responses every authenticated endpoint may give.
ERRORS: dict[int, Any] = {400: ApiError, 401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 409: ApiError}

CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid",
    429: "throttled",
}


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    body = {
        "error": {"code": CODES.get(status, "error"), "message": message, "fields": fields or {}}
    }
    return api.create_response(request, body, status=status)


def _field_name(loc: list[Any]) -> str:
    # ninja locations look like ["body", "payload", "name"] or ["query", "page"].
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "__all__"


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every error the stable shape."""

    def invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_name(list(error.get("loc", []))), []).append(error["msg"])
        return error_response(api, request, 422, _("The request is not valid."), fields)

    def invalid_data(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return error_response(api, request, 422, _("The data is not valid."), fields)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, str(exc))

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = _("Send a personal API token (Authorization: Bearer …) or log in.")
        return error_response(api, request, 401, message)

    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 403, _("You may not do this."))

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(api, request, 404, _("Not found."))

    def protected(request: HttpRequest, exc: ProtectedError) -> HttpResponse:
        message = _("Other records depend on this one: remove them first.")
        return error_response(api, request, 409, message)

    api.add_exception_handler(NinjaValidationError, invalid_request)  # type: ignore[arg-type]
    api.add_exception_handler(DjangoValidationError, invalid_data)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, unauthenticated)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, forbidden)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, not_found)  # type: ignore[arg-type]
    api.add_exception_handler(ObjectDoesNotExist, not_found)  # type: ignore[arg-type]
    api.add_exception_handler(ProtectedError, protected)  # type: ignore[arg-type]
