"""Housing: the Django app; the capability itself is declared in manifest.py, which the kernel discovers.

Connect signals or register surfaces in ready() only when the capability has to."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HousingConfig(AppConfig):
    name = "hromada.housing"
    label = "housing"
    verbose_name = _("Housing")
