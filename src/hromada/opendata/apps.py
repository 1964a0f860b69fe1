"""The open-data portal: publishers, datasets with the Resolution 835 passport, resources, a datastore.

Speaks the CKAN Action API v3 and DCAT-AP so national harvesters and CKAN clients work as-is."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "hromada.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from django.db.models.signals import post_delete

        from hromada.core import capabilities

        from .datastore import drop_table_of_deleted_job
        from .models import DatastoreTable

        post_delete.connect(drop_table_of_deleted_job, sender=DatastoreTable, dispatch_uid="opendata.drop_table")

        from hromada.core.api import surfaces

        from .ckan.views import refusal, speaks_ckan

        surfaces.register(surfaces.Surface("ckan", ("/api/3/", "/api/action/", "/datastore/"), refusal, speaks_ckan))

        capabilities.register(
            capabilities.CapabilityManifest(
                slug="opendata",
                name=_("Open data"),
                description=_("Datasets of the council and its enterprises: browse, download, query through "
                              "the CKAN API and DCAT, follow for updates."),
                icon="📊",
                url_name="opendata:catalogue",
                url_prefix="opendata",
                urls="hromada.opendata.urls",
                extra_urls=(("", "hromada.opendata.standards_urls"),),
                permissions=(("opendata.publish", _("Publish datasets for a publisher")),),
                periodic_tasks=(
                    ("hromada.opendata.tasks.refresh_live_datasets", 3600),
                    ("hromada.opendata.tasks.flag_overdue_datasets", 6 * 3600),
                    ("hromada.opendata.tasks.render_missing_packages", 600),
                ),
                demo_loader="hromada.opendata.demo:load",
                backup_tables="hromada.opendata.backup:datastore_tables",
                demo_order=900,
            )
        )
