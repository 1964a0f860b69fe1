"""Web addresses of Procurement (mounted at /procurement/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("", views.tender_list, name="list"),
    path("tenders/<int:tender_id>/", views.tender_detail, name="detail"),
    path("tenders/<int:tender_id>/release.json", views.tender_release, name="release"),
    path("contracts/", views.contract_list, name="contracts"),
    path("totals/", views.totals, name="totals"),
    path("competition/", views.competition, name="competition"),
    path("suppliers/<int:supplier_id>/", views.supplier_detail, name="supplier"),
    path("ocds/releases.json", views.ocds_package, name="ocds"),
    path("registry/", views.registry_upload, name="registry"),
]
