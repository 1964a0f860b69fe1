"""Web addresses of e-consultations (mounted at /consultations/ inside a community by its manifest)."""

from django.urls import path

from . import views, views_staff

app_name = "consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("answers/", views.answer_queue, name="queue"),
    path("new/", views_staff.consultation_new, name="new"),
    path("from-council/<int:draft_id>/", views_staff.consultation_from_council, name="from_council"),
    path("<int:consultation_id>/", views.consultation_detail, name="detail"),
    path("<int:consultation_id>/paragraphs/<int:number>/", views.paragraph_proposals, name="paragraph"),
    path("<int:consultation_id>/propose/", views.proposal_submit, name="propose"),
    path("<int:consultation_id>/proposals/<int:proposal_id>/support/", views.proposal_support, name="support"),
    path("<int:consultation_id>/proposals/<int:proposal_id>/hide/", views.proposal_hide, name="hide"),
    path("<int:consultation_id>/proposals/<int:proposal_id>/answer/", views.proposal_answer, name="answer"),
    path("<int:consultation_id>/edit/", views_staff.consultation_edit, name="edit"),
    path("<int:consultation_id>/report/", views.report_page, name="report"),
    path("<int:consultation_id>/report.pdf", views.report_download, name="report_pdf"),
    path("<int:consultation_id>/<slug:action>/", views.consultation_action, name="action"),
]
