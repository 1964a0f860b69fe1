"""Web addresses of Commitments (mounted at /commitments/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "commitments"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
]
