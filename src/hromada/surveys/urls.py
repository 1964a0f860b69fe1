"""Web addresses of Surveys and polls (mounted at /surveys/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<int:survey_id>/", views.survey_detail, name="detail"),
]
