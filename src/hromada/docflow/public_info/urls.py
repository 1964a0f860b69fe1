"""Web addresses of public information requests (mounted at /public-info/ inside a community by the manifest)."""

from django.urls import path

from . import views

app_name = "docflow_public_info"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.request_new, name="new"),
    path("mine/", views.mine, name="mine"),
    path("<int:info_request_id>/", views.own, name="own"),
    path("<int:info_request_id>/<str:token>/", views.track, name="track"),
    path("office/", views.office, name="office"),
    path("office/<int:info_request_id>/", views.office_detail, name="office_detail"),
    path("office/<int:info_request_id>/<str:action>/", views.office_act, name="office_act"),
]
