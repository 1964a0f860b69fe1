from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "hromada.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from hromada.core import capabilities

        capabilities.register(
            capabilities.CapabilityManifest(
                slug="opendata",
                name=_("Open data"),
                description="",
                icon="📊",
            )
        )
