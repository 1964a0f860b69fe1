"""Web addresses of Transparency self-check (mounted at /transparency_index/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "transparency_index"

urlpatterns = [
    path("", views.self_check_list, name="list"),
    path("<int:self_check_id>/", views.self_check_detail, name="detail"),
]
