"""Web addresses of grant competitions (mounted at /competitions/ inside a community by its manifest)."""

from django.urls import path

from . import views, views_staff

app_name = "competitions"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("mine/", views.my_applications, name="mine"),
    path("jury/", views_staff.jury, name="jury"),
    path("new/", views_staff.call_new, name="call_new"),
    path("<int:call_id>/edit/", views_staff.call_edit, name="call_edit"),
    path("reports/<int:report_id>/review/", views_staff.report_review, name="report_review"),
    path("<int:call_id>/", views.call_detail, name="detail"),
    path("<int:call_id>/apply/", views.apply, name="apply"),
    path("<int:call_id>/results/", views.results, name="results"),
    path("<int:call_id>/staff/", views_staff.staff_queue, name="staff"),
    path("<int:call_id>/award/", views_staff.award, name="award"),
    path("<int:call_id>/publish/", views_staff.publish, name="publish"),
    path("applications/<int:application_id>/", views.application_detail, name="application"),
    path("applications/<int:application_id>/edit/", views.application_edit, name="edit"),
    path("applications/<int:application_id>/submit/", views.application_submit, name="submit"),
    path("applications/<int:application_id>/files/", views.attachment_add, name="attach"),
    path("applications/<int:application_id>/reports/", views.report_add, name="report"),
    path("applications/<int:application_id>/eligibility/", views_staff.eligibility, name="eligibility"),
    path("applications/<int:application_id>/score/", views_staff.score, name="score"),
    path("files/<int:attachment_id>/", views.attachment_file, name="file"),
]
