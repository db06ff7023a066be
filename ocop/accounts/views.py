from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ocop.accounts.access import can
from ocop.accounts.models import Role
from ocop.lib.http import AuthedRequest


def home(request: AuthedRequest) -> HttpResponse:
    """After login: where each role goes next."""
    user = request.user
    role = user.effective_role
    context = {
        "role": role,
        "role_label": Role(role).label if role in Role.values else "",
        "can_view_registry": can(user, "registry.view"),
        "can_view_audit": can(user, "audit.view"),
        "can_add_producer": can(user, "registry.add_producer"),
        "own_producer": getattr(user, "producer", None),
        "communes": user.communes.all() if role == Role.OFFICER else [],
    }
    return render(request, "accounts/home.html", context)


@login_not_required
@never_cache
@require_safe
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Show the site in another language: a plain link (no form), so public pages carry no
    per-visitor token and can be kept whole in the page cache. Remembered in a cookie."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
