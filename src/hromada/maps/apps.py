from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    name = "hromada.maps"
    label = "maps"
    verbose_name = _("City map")

    def ready(self):
        from hromada.core import capabilities

        capabilities.register(
            capabilities.CapabilityManifest(
                slug="maps",
                name=_("City map"),
                description="",
                icon="🗺",
            )
        )
