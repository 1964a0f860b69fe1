"""Web addresses of Participatory budget (mounted at /budgets/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:project_id>/", views.project_detail, name="detail"),
]
