"""Web addresses of Grant competitions (mounted at /competitions/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "competitions"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("<int:call_id>/", views.call_detail, name="detail"),
]
