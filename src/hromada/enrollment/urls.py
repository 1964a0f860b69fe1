"""Web addresses of Enrolment (mounted at /enrollment/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "enrollment"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("<int:application_id>/", views.application_detail, name="detail"),
]
