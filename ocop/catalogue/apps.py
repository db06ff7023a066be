from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "ocop.catalogue"
    label = "catalogue"
    verbose_name = _("Public catalogue")

    def ready(self) -> None:
        from ocop.catalogue import signals  # noqa: F401 (connects the index to its inputs)
