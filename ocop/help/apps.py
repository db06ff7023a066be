from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "ocop.help"
    label = "help"
    verbose_name = _("Guides and help")
