from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the platform: health check, backups and restores, graceful failure pages."""

    name = "ocop.ops"
    label = "ops"
    verbose_name = _("Operations")
