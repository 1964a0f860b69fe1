"""Root-level URLs the open-data standards fix: CKAN's /api/3/action/, /datastore/dump/, DCAT's
/catalog.<fmt> and /dataset/<id>.<fmt>, the datapackage descriptor and CKAN's Atom feeds."""

from django.urls import path, re_path

from . import dcat, feeds
from .ckan import views as ckan

app_name = "opendata_std"

urlpatterns = [
    path("api/3/action/<str:name>", ckan.action, name="ckan_action"),
    path("api/action/<str:name>", ckan.action, name="ckan_action_unversioned"),
    path("datastore/dump/<uuid:resource_id>", ckan.dump, name="datastore_dump"),
    re_path(r"^catalog\.(?P<fmt>jsonld|ttl|rdf|xml|n3)$", dcat.catalog, name="catalog"),
    re_path(r"^dataset/(?P<ident>[\w-]+)\.(?P<fmt>jsonld|ttl|rdf|xml|n3)$", dcat.dataset_rdf, name="dataset_rdf"),
    re_path(r"^dataset/(?P<ident>[\w-]+)/datapackage(?:\.json)?$", dcat.datapackage, name="datapackage"),
    path("feeds/dataset.atom", feeds.DatasetFeed(), name="feed_datasets"),
    path("feeds/organization/<str:ident>.atom", feeds.PublisherFeed(), name="feed_publisher"),
]
