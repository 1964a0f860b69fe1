"""Web addresses of Commitments (mounted at /commitments/ inside a community by its manifest)."""

from django.urls import path

from . import views, views_staff

app_name = "commitments"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("late/", views.late_reports, name="late"),
    path("new/", views_staff.plan_new, name="plan_new"),
    path("<int:plan_id>/edit/", views_staff.plan_edit, name="plan_edit"),
    path("<int:plan_id>/commitments/new/", views_staff.commitment_new, name="commitment_new"),
    path("c/<int:commitment_id>/edit/", views_staff.commitment_edit, name="commitment_edit"),
    path("c/<int:commitment_id>/milestones/new/", views_staff.milestone_new, name="milestone_new"),
    path("milestones/<int:milestone_id>/edit/", views_staff.milestone_edit, name="milestone_edit"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("c/<int:commitment_id>/", views.commitment_detail, name="commitment"),
    path("c/<int:commitment_id>/follow/", views.commitment_follow, name="follow"),
    path("c/<int:commitment_id>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("rounds/<int:round_id>/c/<int:commitment_id>/report/", views.report_file, name="report"),
    path("rounds/<int:round_id>/c/<int:commitment_id>/assess/", views.assessment_file, name="assess"),
]
