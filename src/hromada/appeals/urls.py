"""Web pages of appeals, mounted at /appeals/ inside a community."""

from django.urls import path

from . import office_views, views

app_name = "appeals"

urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("map.geojson", views.appeal_geojson, name="geojson"),
    path("new/", views.appeal_new, name="new"),
    path("nearby/", views.appeal_nearby, name="nearby"),
    path("places/", views.appeal_places, name="places"),
    path("mine/", views.appeal_mine, name="mine"),
    path("office/register/", office_views.appeal_register, name="register"),
    path("office/", views.appeal_queue, name="queue"),
    path("dashboard/", views.appeal_dashboard, name="dashboard"),
    path("<int:appeal_id>/", views.appeal_detail, name="detail"),
    path("<int:appeal_id>/follow", views.appeal_follow, name="follow"),
    path("<int:appeal_id>/print", office_views.appeal_print, name="print"),
    path("<int:appeal_id>/act/<slug:action>", views.appeal_act, name="act"),
    path("<int:appeal_id>/respond/<slug:action>", views.appeal_respond, name="respond"),
    path("<int:appeal_id>/photos/<int:photo_id>", views.appeal_photo, name="photo"),
    path("<int:appeal_id>/photos/<int:photo_id>/small", views.appeal_photo_small, name="photo_small"),
    path("new/photos/<uuid:token>", views.appeal_draft_photo, name="draft_photo"),
    path("<int:appeal_id>/documents/<int:document_id>", views.appeal_document, name="document"),
]
