"""The community's site: the Django app; the capability itself is declared in manifest.py, which the kernel discovers.

ready() registers the site's pages and news with the kernel's sitemap.xml (asked only where the site is on)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "hromada.site"
    label = "site"
    verbose_name = _("Site and news")

    def ready(self):
        from hromada.core.web import sitemap

        sitemap.register("site", "hromada.site.selectors:sitemap_entries")
