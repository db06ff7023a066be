from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Signing in: two-factor codes, password reset, lockouts and the sign-in audit trail."""

    name = "ocop.security"
    label = "security"
    verbose_name = _("Sign-in security")

    def ready(self) -> None:
        from ocop.security import (  # noqa: F401 (connects the audit receivers, the checks)
            checks,
            signals,
        )
