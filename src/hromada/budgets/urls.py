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
    path("cycles/<int:cycle_id>/results/", views.results, name="results"),
    path("cycles/<int:cycle_id>/results/<str:scope>.pb", views.results_pabulib, name="results_pb"),
    path("manage/cycles/new/", views_staff.cycle_new, name="manage_cycle_new"),
    path("manage/cycles/<int:cycle_id>/", views_staff.cycle_edit, name="manage_cycle"),
    path("manage/cycles/<int:cycle_id>/<str:kind>/new/", views_staff.fund_edit, name="manage_fund_new"),
    path("manage/cycles/<int:cycle_id>/<str:kind>/<int:fund_id>/", views_staff.fund_edit, name="manage_fund"),
    path("manage/cycles/<int:cycle_id>/results/", views_staff.results_publish, name="manage_results"),
]

from .urls_voting import urlpatterns as voting_urlpatterns  # noqa: E402 - voting's pages (part 2), after budgets' own

urlpatterns += voting_urlpatterns
