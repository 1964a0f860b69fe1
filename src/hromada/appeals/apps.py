"""Citizen appeals on the city map, routed to the responsible department, with an Open311 server.

Statutory terms in working days, process owners, privacy of confidential appeals."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    """The capability is declared in manifest.py (discovered by the kernel); here only the Open311 surface."""

    name = "hromada.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from hromada.core.api import surfaces

        from .open311.render import refusal, speaks_open311

        surfaces.register(surfaces.Surface("open311", ("/open311/",), refusal, speaks_open311))
