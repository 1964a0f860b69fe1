"""What the open-data portal offers the platform: its pages, the CKAN and DCAT endpoints, tasks, backups, demo.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.capabilities import CapabilityManifest, ChatCommand, TransparencyIndicator

MANIFEST = CapabilityManifest(
    slug="opendata",
    name=_("Open data"),
    description=_("Datasets of the council and its enterprises: browse, download, query through "
                  "the CKAN API and DCAT, follow for updates."),
    icon="📊",
    url_name="opendata:catalogue",
    url_prefix="opendata",
    urls="hromada.opendata.urls",
    extra_urls=(("", "hromada.opendata.standards_urls"),),
    periodic_tasks=(
        ("hromada.opendata.tasks.refresh_live_datasets", 3600),
        ("hromada.opendata.tasks.flag_overdue_datasets", 6 * 3600),
        ("hromada.opendata.tasks.render_missing_packages", 600),
    ),
    demo_loader="hromada.opendata.demo:load",
    backup_tables="hromada.opendata.backup:datastore_tables",
    demo_order=900,
    transparency_indicators=(TransparencyIndicator(
        "opendata.datasets_up_to_date", _("Open datasets updated as often as declared"),
        "access_to_information", 4,
        "hromada.opendata.transparency.datasets_up_to_date", 30),),
    chat_commands=(ChatCommand("opendata", _("Open data"), "hromada.opendata.chat.OpenDataDialog",
                               _("Find datasets and follow their updates"), order=60,
                               search="hromada.opendata.chat.search_datasets"),),
)
