"""The web shell's app config; it also names the back office, so those titles are translated in core.

Its ready() discovers the capability manifests and registers their start-up checks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The same msgids config/urls.py uses: declared here so the core catalogue carries their translations.
BACK_OFFICE_TITLES = (_("Hromada back office"), _("Your community"))


class WebConfig(AppConfig):
    name = "hromada.core.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self):
        from hromada.core import capabilities, capability_checks  # noqa: F401  (registers the system checks)

        capabilities.discover()
