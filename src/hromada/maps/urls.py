"""Web addresses of the city map (mounted at /map/ inside a community)."""

from django.urls import path

from . import views

app_name = "maps"

urlpatterns = [
    path("", views.map_page, name="map"),
    path("features/<int:feature_id>/", views.feature_detail, name="feature"),
    path("layers/<slug:slug>.geojson", views.layer_geojson, name="layer_geojson"),
    path("editor/", views.editor, name="editor"),
    path("editor/<slug:slug>/", views.editor_layer, name="editor_layer"),
    path("editor/<slug:slug>/settings", views.editor_layer_update, name="editor_layer_update"),
    path("editor/<slug:slug>/delete", views.editor_layer_delete, name="editor_layer_delete"),
    path("editor/<slug:slug>/import", views.editor_import, name="editor_import"),
    path("editor/<slug:slug>/features/new", views.editor_feature_new, name="editor_feature_new"),
    path("editor/features/<int:feature_id>/", views.editor_feature, name="editor_feature"),
    path("editor/features/<int:feature_id>/delete", views.editor_feature_delete, name="editor_feature_delete"),
]
