"""The transparency log's app: leaves, stored complete subtrees, pending events and signed tree heads."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "hromada.core.transparency"
    label = "transparency"
    verbose_name = _("Transparency log")
