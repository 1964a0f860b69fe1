"""City map layers: facilities in typed layers that staff maintain, import and export as GeoJSON.

A public map with layer toggles and search, and a GeoJSON API per layer."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapsConfig(AppConfig):
    """The capability itself is declared in manifest.py, which the kernel discovers."""

    name = "hromada.maps"
    label = "maps"
    verbose_name = _("City map")
