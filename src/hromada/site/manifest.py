"""What the community's site offers the platform: its pages (news, pages, contacts, feeds), API, settings, the
news as open data, its sitemap entries and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand, OpenDataExport, setting


@dataclass(frozen=True)
class SiteSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(12, _("News per page"), min_value=5, max_value=50)
    feed_size: int = setting(20, _("News in the RSS and Atom feeds"), min_value=5, max_value=100)


def site_settings(community) -> SiteSettings:
    """This community's settings, typed: `site_settings(community).page_size`."""
    return capabilities.settings_for(community, "site")


MANIFEST = CapabilityManifest(
    slug="site",
    name=_("News"),
    description=_("The community's news, pages, contacts and officials, with RSS and Atom feeds."),
    icon="globe",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="site:news",
    url_prefix="site",
    urls="hromada.site.urls",
    api_router="hromada.site.api:router",
    settings_model=SiteSettings,
    opendata_exports=(
        OpenDataExport(
            slug="news",
            title=_("Community news"),
            description=_("Published news of the community: title, summary, category and dates. No personal data."),
            fields=(("id", "integer"), ("title", "string"), ("summary", "string"), ("category", "string"),
                    ("published_at", "datetime"), ("updated_at", "datetime")),
            rows="hromada.site.selectors:news_open_data_rows",
        ),
    ),
    demo_loader="hromada.site.demo:load",
    demo_order=500,
    home_block="hromada.site.home:news_block", home_order=0,  # the news lead the home page
    transparency_indicators=(
        capabilities.TransparencyIndicator(
            "site.news_every_week", _("News published every week"), "access_to_information", 2,
            "hromada.site.transparency.news_every_week", 20),
        capabilities.TransparencyIndicator(
            "site.officials_contacts", _("Officials listed with reception hours and contacts"),
            "council_work", 2,
            "hromada.site.transparency.officials_contacts", 40),
    ),
    chat_commands=(ChatCommand("news", _("News"), "hromada.site.chat.NewsDialog",
                               _("The community's latest news"), order=50, search="hromada.site.chat.search_news"),),
)
