"""Root-level URLs the open-data standards fix: CKAN's /api/3/action/, /datastore/dump/, DCAT's
/catalog.<fmt> and /dataset/<id>.<fmt>, the datapackage descriptor and CKAN's Atom feeds."""

from django.urls import path, re_path

from hromada.core.api.ratelimit import limit_view

from . import dcat, feeds
from .ckan import views as ckan

app_name = "opendata_std"

# CKAN counts each action at its own cost (ckan.views.COST); DCAT and the feeds cost by how much they
# serialise: a catalogue page of 100 datasets against one dataset (HROMADA_RATE_DCAT, docs/api.md).
urlpatterns = [
    path("api/3/action/<str:name>", ckan.action, name="ckan_action"),
    path("api/action/<str:name>", ckan.action, name="ckan_action_unversioned"),
    path("datastore/dump/<uuid:resource_id>", ckan.dump, name="datastore_dump"),
    re_path(r"^catalog\.(?P<fmt>jsonld|ttl|rdf|xml|n3)$", limit_view("dcat", cost=10)(dcat.catalog), name="catalog"),
    re_path(r"^dataset/(?P<ident>[\w-]+)\.(?P<fmt>jsonld|ttl|rdf|xml|n3)$", limit_view("dcat")(dcat.dataset_rdf),
            name="dataset_rdf"),
    re_path(r"^dataset/(?P<ident>[\w-]+)/datapackage(?:\.json)?$", limit_view("dcat")(dcat.datapackage),
            name="datapackage"),
    path("feeds/dataset.atom", limit_view("dcat", cost=2)(feeds.DatasetFeed()), name="feed_datasets"),
    path("feeds/organization/<str:ident>.atom", limit_view("dcat", cost=2)(feeds.PublisherFeed()),
         name="feed_publisher"),
]
