"""API authentication: a personal token (`Authorization: Bearer <token>`), stored as its
SHA-256 only, or the browser session (with its CSRF token for writes)."""

import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.operation import PathView
from ninja.security import HttpBearer, django_auth

from ocop.accounts.models import ApiToken, User
from ocop.audit.actions import record

TOKEN_PREFIX = "ocop_"  # noqa: S105 (a label, not a secret)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip()[:100], prefix=raw[:12], digest=digest(raw))
    token.full_clean()
    token.save()
    record(
        actor=user,
        action="api_token.create",
        obj=token,
        after={"name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor=actor, action="api_token.revoke", obj=token, after={"prefix": token.prefix})


def user_for_token(raw: str) -> User | None:
    token = ApiToken.objects.active().select_related("user").filter(digest=digest(raw)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    """Bearer token; the request then acts as the token's owner (same role and scope)."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


# The logged-in browser session; ninja checks the CSRF token on unsafe methods.
api_auth = [TokenAuth(), django_auth]


class _AuthedPathView(PathView):
    """Lets the API's own authentication answer (401 JSON) instead of Django's login redirect."""

    def clone(self) -> "_AuthedPathView":
        cloned = _AuthedPathView()
        cloned.is_async, cloned.url_name = self.is_async, self.url_name
        cloned.operations = [op.clone() for op in self.operations]
        return cloned

    def get_view(self) -> Callable:
        return login_not_required(super().get_view())


class ApiRouter(Router):
    """A router whose endpoints need a token or a session (checked by ninja, not Django)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("auth", api_auth)
        super().__init__(**kwargs)

    def add_api_operation(self, path: str, *args: Any, **kwargs: Any) -> None:
        self.path_operations.setdefault(path, _AuthedPathView())
        super().add_api_operation(path, *args, **kwargs)
