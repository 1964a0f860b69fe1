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
        import os

        from django.conf import settings

        from hromada.core import capabilities, capability_checks  # noqa: F401  (registers the system checks)

        capabilities.discover()
        # Settings only name folders (importing them writes nothing); the embedded install's SQLite file and the
        # collected static files need theirs before the first request.
        if not os.environ.get("DATABASE_URL"):
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not os.environ.get("HROMADA_STATIC_ROOT"):
            settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
