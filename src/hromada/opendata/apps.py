"""The open-data portal: publishers, datasets with the Resolution 835 passport, resources, a datastore.

Speaks the CKAN Action API v3 and DCAT-AP so national harvesters and CKAN clients work as-is."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The capability is declared in manifest.py (discovered by the kernel); here the datastore's clean-up
    and the CKAN surface."""

    name = "hromada.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from django.db.models.signals import post_delete

        from hromada.core.api import surfaces

        from .ckan.views import refusal, speaks_ckan
        from .datastore import drop_table_of_deleted_job
        from .models import DatastoreTable

        post_delete.connect(drop_table_of_deleted_job, sender=DatastoreTable, dispatch_uid="opendata.drop_table")
        surfaces.register(surfaces.Surface("ckan", ("/api/3/", "/api/action/", "/datastore/"), refusal, speaks_ckan))
