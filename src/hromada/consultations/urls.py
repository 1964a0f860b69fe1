"""Web addresses of E-consultations (mounted at /consultations/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<int:consultation_id>/", views.consultation_detail, name="detail"),
]
