import time
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from ocop.accounts.access import can
from ocop.accounts.models import User
from ocop.audit.actions import record
from ocop.lib.forms import run_action
from ocop.lib.http import AuthedRequest
from ocop.security import actions
from ocop.security.forms import TokenForm

# A password accepted for an account with two-factor sign-in waits here for the code.
PENDING = "ocop_pending_sign_in"
PENDING_SECONDS = 5 * 60


class LoginView(auth_views.LoginView):
    """Django's login; an account with two-factor sign-in goes on to the code step."""

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if actions.confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),  # already checked to stay on this site
            "since": time.time(),
        }
        return redirect("login_verify")


@login_not_required
@never_cache
def login_verify(request: HttpRequest) -> HttpResponse:
    """Second sign-in step: the code from the authenticator app."""
    pending = request.session.get(PENDING) or {}
    user = _pending_user(pending)
    if user is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Please sign in again."))
        return redirect("login")
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        request.session.pop(PENDING, None)
        return locked_out(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = actions.confirmed_device(user)
        if device is not None and device.verify_token(form.cleaned_data["token"]):
            del request.session[PENDING]
            user.otp_device = device  # type: ignore[attr-defined]  # django-otp keeps it
            auth_login(request, user, backend=pending["backend"])
            return HttpResponseRedirect(pending["next"])
        # Counted like a wrong password: logged, and locked out after repeated failures.
        credentials = {"username": user.get_username(), "two_factor": True}
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        form.add_error("token", _("That code is not right. Enter the code the app shows now."))
    return render(request, "registration/login_verify.html", {"form": form})


def locked_out(request: HttpRequest, *args: Any) -> HttpResponse:
    """The lockout page (django-axes' AXES_LOCKOUT_CALLABLE): 429, and for how long."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def _pending_user(pending: dict[str, Any]) -> User | None:
    if not pending or time.time() - pending.get("since", 0) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


@never_cache
def account(request: AuthedRequest) -> HttpResponse:
    """Sign-in security: change password, turn two-factor sign-in on or off."""
    user = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "start":
            actions.two_factor_start(user=user)
            return redirect("account_security")
        if step in {"confirm", "stop"} and form.is_valid():
            action = actions.two_factor_confirm if step == "confirm" else actions.two_factor_stop
            done = run_action(form, action, user=user, token=form.cleaned_data["token"])
            if done is not None:
                if step == "confirm":
                    otp_login(request, done)  # this session counts as verified from now
                    messages.success(request, _("Two-factor sign-in is on."))
                else:
                    messages.success(request, _("Two-factor sign-in is off."))
                return redirect("account_security")
    context: dict[str, object] = {"form": form, "may_use_two_factor": False}
    if can(user, "security.two_factor"):
        context["may_use_two_factor"] = True
        context["device"] = actions.confirmed_device(user)
        context["new_device"] = new = actions.unconfirmed_device(user)
        if new is not None:
            context["qr"] = segno.make(new.config_url, error="m").svg_data_uri(scale=5)
            context["secret"] = b32encode(new.bin_key).decode()
    return render(request, "security/account.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record(actor=self.request.user, action="auth.password_change", obj=form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record(actor=form.user, action="auth.password_reset", obj=form.user)
        # Whoever proved they own the mailbox may try again at once.
        axes_reset(username=form.user.get_username())
        return response


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin signs in through the same page (lockout, two-factor) as everyone else."""
    next_url = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('login')}?{urlencode({'next': next_url})}")
