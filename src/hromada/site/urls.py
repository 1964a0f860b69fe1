"""Web addresses of Site and news (mounted at /site/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.page_list, name="list"),
    path("<int:page_id>/", views.page_detail, name="detail"),
]
