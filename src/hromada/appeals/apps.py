from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "hromada.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from hromada.core import capabilities

        capabilities.register(
            capabilities.CapabilityManifest(
                slug="appeals",
                name=_("Appeals"),
                description="",
                icon="📍",
            )
        )
