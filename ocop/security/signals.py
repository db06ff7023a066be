"""Sign-ins, sign-outs, failed sign-ins and lockouts go to the audit log. Never a password:
Django hands these receivers credentials with the password already masked, and only the
username is kept."""

from datetime import timedelta
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from ocop.accounts.models import User
from ocop.audit.actions import record
from ocop.audit.models import Event


def _made_by_someone(request: HttpRequest | None) -> bool:
    # Client.force_login()/logout() in tests pass a bare HttpRequest with no method:
    # nobody signed in, so there is nothing to record.
    return request is not None and request.method is not None


@receiver(user_logged_in)
def sign_in_recorded(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if _made_by_someone(request):
        two_factor = getattr(user, "otp_device", None) is not None
        record(actor=user, action="auth.login", obj=user, after={"two_factor": two_factor})


@receiver(user_logged_out)
def sign_out_recorded(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    if user is not None and _made_by_someone(request):
        record(actor=user, action="auth.logout", obj=user)


@receiver(user_login_failed)
def failure_recorded(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Every failure is logged, also those refused during a lockout: the log shows how hard
    # someone kept trying. nginx rate-limits the login page (deploy/nginx).
    username = str(credentials.get("username") or "")[:150]
    user = User.objects.filter(username=username).first()
    record(
        actor="anonymous",
        action="auth.login_failed",
        object_type="accounts.user",
        object_id=str(user.pk) if user else "",
        object_repr=username,
        after={"step": "two_factor" if credentials.get("two_factor") else "password"},
    )


@receiver(user_locked_out)
def lockout_recorded(sender: Any, request: HttpRequest, username: str, **kwargs: Any) -> None:
    # django-axes sends this again for every refused attempt during the lockout: log it once.
    since = timezone.now() - timedelta(seconds=settings.AXES_COOLOFF_TIME.total_seconds())
    username = (username or "")[:150]
    logged = Event.objects.filter(
        action="auth.locked_out", object_repr=username, created_at__gte=since
    )
    if not logged.exists():
        user = User.objects.filter(username=username).first()
        record(
            actor="anonymous",
            action="auth.locked_out",
            object_type="accounts.user",
            object_id=str(user.pk) if user else "",
            object_repr=username,
            after={"minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)},
        )
