"""Web addresses of Participatory budget (mounted at /budgets/ inside a community by its manifest)."""

from django.urls import path

from . import views, views_staff

app_name = "budgets"

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/propose/", views.propose, name="propose"),
    path("projects/", views.project_list, name="list"),
    path("projects/map.geojson", views.project_geojson, name="geojson"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
    path("projects/<int:project_id>/act/", views.project_act, name="project_act"),
    path("projects/<int:project_id>/photos/<int:photo_id>/", views.project_photo, name="photo"),
    path("projects/<int:project_id>/files/<int:file_id>/", views.project_file, name="file"),
    path("implementation/", views.implementation, name="implementation"),
    path("review/", views_staff.review_queue, name="review_queue"),
    path("review/<int:project_id>/", views_staff.review, name="review"),
    path("projects/<int:project_id>/progress/", views_staff.progress, name="progress"),
    path("cycles/<int:cycle_id>/codes/", views_staff.school_codes, name="school_codes"),
]

from .urls_voting import urlpatterns as voting_urlpatterns  # noqa: E402 - voting's pages (part 2), after budgets' own

urlpatterns += voting_urlpatterns
