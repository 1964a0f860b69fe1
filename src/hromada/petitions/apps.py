"""E-petitions to the local council (Law "On Citizens' Appeals", art. 23-1).

Filing, moderation, signature collection, the council's answer, QR posters, feeds and open data."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    """The capability itself is declared in manifest.py, which the kernel discovers."""

    name = "hromada.petitions"
    label = "petitions"
    verbose_name = _("E-petitions")
