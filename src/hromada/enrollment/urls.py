"""Web addresses of Enrolment (mounted at /enrollment/ inside a community by its manifest)."""

from django.urls import path

from . import views, views_staff

app_name = "enrollment"

urlpatterns = [
    path("", views.institution_list, name="list"),
    path("institutions/<int:institution_id>/", views.institution_detail, name="institution"),
    path("groups/<int:group_id>/", views.group_queue, name="queue"),
    path("apply/", views.application_file, name="apply"),
    path("mine/", views.application_mine, name="mine"),
    path("mine/<int:application_id>/", views.application_detail, name="application"),
    path("mine/<int:application_id>/claims/", views.claim_add, name="claim_add"),
    path("documents/<int:document_id>/", views.proof_document, name="document"),
    path("places/", views.place_search, name="places"),
    path("mine/<int:application_id>/withdraw/", views.application_withdraw, name="withdraw"),
    path("mine/<int:application_id>/offers/<int:offer_id>/accept/", views.offer_accept, name="offer_accept"),
    path("mine/<int:application_id>/offers/<int:offer_id>/decline/", views.offer_decline, name="offer_decline"),
    path("staff/", views_staff.claim_queue, name="staff_claims"),
    path("staff/claims/<int:claim_id>/verify/", views_staff.claim_verify, name="claim_verify"),
    path("staff/claims/<int:claim_id>/refuse/", views_staff.claim_refuse, name="claim_refuse"),
    path("staff/rounds/", views_staff.round_list, name="staff_rounds"),
    path("staff/rounds/<int:round_id>/", views_staff.round_detail, name="staff_round"),
    path("staff/rounds/<int:round_id>/run/", views_staff.round_run, name="staff_round_run"),
    path("staff/rounds/<int:round_id>/close/", views_staff.round_close, name="staff_round_close"),
    path("staff/offers/<int:offer_id>/enrol/", views_staff.offer_enrol, name="offer_enrol"),
]
