"""Web pages of the portal under /opendata/ (inside the community)."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("new/", views.dataset_new, name="dataset_new"),
    path("publishers/", views.publishers, name="publishers"),
    path("publishers/<slug:name>/", views.publisher_detail, name="publisher"),
    path("publishers/<slug:name>/follow", views.publisher_follow, name="publisher_follow"),
    path("timeliness/", views.timeliness, name="timeliness"),
    path("dataset/<slug:name>/", views.dataset_detail, name="dataset"),
    path("dataset/<slug:name>/edit", views.dataset_edit, name="dataset_edit"),
    path("dataset/<slug:name>/follow", views.dataset_follow, name="dataset_follow"),
    path("dataset/<slug:name>/upload", views.resource_upload, name="resource_upload"),
    path("dataset/<slug:name>/upload/<uuid:upload_id>", views.upload_status, name="upload_status"),
    path("dataset/<slug:name>/resource/<uuid:resource_id>/download", views.download, name="download"),
    path("dataset/<slug:name>/resource/<uuid:resource_id>/v<int:number>/download", views.download,
         name="download_version"),
    path("dataset/<slug:name>/resource/<uuid:resource_id>/preview", views.resource_preview, name="preview"),
    path("dataset/<slug:name>/resource/<uuid:resource_id>/progress", views.progress, name="progress"),
]
