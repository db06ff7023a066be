from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ocop.accounts.access import can
from ocop.accounts.actions import notice_mark_read, notices_mark_all_read
from ocop.accounts.models import Role
from ocop.lib.http import AuthedRequest
from ocop.lib.pagination import paginate

# The home page shows this many unread notices; the notices page has them all.
HOME_NOTICES = 5


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
        "notices": user.notices.unread().newest_first()[:HOME_NOTICES],
        "unread_count": user.notices.unread().count(),
    }
    return render(request, "accounts/home.html", context)


@require_safe
def notices(request: AuthedRequest) -> HttpResponse:
    """Every notice the platform has sent this person, newest first."""
    context = {
        "role": request.user.effective_role,
        "page": paginate(request, request.user.notices.newest_first()),
        "unread_count": request.user.notices.unread().count(),
    }
    return render(request, "accounts/notices.html", context)


@require_POST
def notice_read(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mark one notice read; with HTMX, answer with the notice as it now reads."""
    notice = get_object_or_404(request.user.notices, pk=pk)  # someone else's: not found
    notice_mark_read(actor=request.user, notice=notice)
    if request.htmx:
        return render(request, "accounts/notices.html#notice", {"notice": notice})
    return redirect(_back(request))


@require_POST
def notices_read(request: AuthedRequest) -> HttpResponse:
    """Mark all of this person's unread notices read."""
    count = notices_mark_all_read(actor=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(n)s notice marked as read.", "%(n)s notices marked as read.", count)
            % {"n": count},
        )
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    """The page the form was on (given as `next`), or the notices page."""
    return _on_this_site(request, request.POST.get("next", ""), reverse("accounts:notices"))


def _on_this_site(request: HttpRequest, target: str, fallback: str) -> str:
    """`target` when it is an address on this site (never another site's), else `fallback`."""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_not_required
@never_cache
@require_safe
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Show the site in another language: a plain link (no form), so public pages carry no
    per-visitor token and can be kept whole in the page cache. Remembered in a cookie."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    response = HttpResponseRedirect(_on_this_site(request, request.GET.get("next", "/"), "/"))
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
