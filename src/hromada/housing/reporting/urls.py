"""The report and import pages, included by hromada.housing.urls in the "housing" namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("reports/works/", views.work_report, name="work_report"),
    path("reports/works.csv", views.work_report_csv, name="work_report_csv"),
    path("reports/works.pdf", views.work_report_pdf, name="work_report_pdf"),
    path("office/import/", views.building_import, name="import"),
    path("office/import/buildings-template.csv", views.building_import_template, name="import_template"),
    path("office/import/<str:token>/", views.building_import_run, name="import_run"),
    path("office/import/<str:token>/apply", views.building_import_apply, name="import_apply"),
]
