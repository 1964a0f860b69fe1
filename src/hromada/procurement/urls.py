"""Web addresses of Procurement (mounted at /procurement/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "procurement"

urlpatterns = [
    path("", views.tender_list, name="list"),
    path("<int:tender_id>/", views.tender_detail, name="detail"),
]
