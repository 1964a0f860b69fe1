from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "hromada.petitions"
    label = "petitions"
    verbose_name = _("E-petitions")

    def ready(self):
        from hromada.core import capabilities

        capabilities.register(
            capabilities.CapabilityManifest(
                slug="petitions",
                name=_("E-petitions"),
                description="",
                icon="📝",
            )
        )
