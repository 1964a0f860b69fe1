"""Web addresses of the transparency self-check (mounted at /transparency-index/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "transparency_index"

urlpatterns = [
    path("", views.selfcheck_overview, name="overview"),
    path("<int:selfcheck_id>/", views.selfcheck_detail, name="detail"),
    path("staff/", views.staff_page, name="staff"),
    path("staff/compute/", views.selfcheck_compute, name="compute"),
    path("staff/<int:selfcheck_id>/delete/", views.selfcheck_delete, name="delete"),
    path("staff/assessments/", views.assessment_enter, name="assess"),
    path("staff/assessments/<int:assessment_id>/delete/", views.assessment_delete, name="assessment_delete"),
]
