"""Web addresses of Housing (mounted at /housing/ inside a community by its manifest)."""

from django.urls import include, path

from . import views

app_name = "housing"

urlpatterns = [
    path("", views.building_list, name="list"),
    path("<int:building_id>/", views.building_detail, name="detail"),
    path("", include("hromada.housing.reporting.urls")),  # reports and imports
]
