"""Web addresses of Services (mounted at /services/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("", views.service_list, name="list"),
    path("<int:service_id>/", views.service_detail, name="detail"),
    path("<int:service_id>/fee.svg", views.service_fee_qr, name="fee_qr"),
    path("<int:service_id>/apply/", views.application_apply, name="apply"),
    path("applications/", views.application_mine, name="mine"),
    path("applications/queue/", views.application_queue, name="queue"),
    path("applications/<int:application_id>/", views.application_detail, name="application"),
    path("applications/<int:application_id>/review/", views.application_review, name="review"),
    path("applications/<int:application_id>/request-info/", views.application_request_info, name="request_info"),
    path("applications/<int:application_id>/decide/", views.application_decide, name="decide"),
    path("applications/<int:application_id>/issue/", views.application_issue, name="issue"),
    path("applications/<int:application_id>/supplement/", views.application_supplement, name="supplement"),
    path("applications/<int:application_id>/withdraw/", views.application_withdraw, name="withdraw"),
    path("applications/<int:application_id>/payments/", views.payment_request, name="payment_request"),
    path("applications/<int:application_id>/payments/<int:payment_id>/received/", views.payment_mark_received,
         name="payment_received"),
    path("applications/<int:application_id>/files/<int:file_id>/", views.application_file, name="file"),
    path("payments/<int:payment_id>/qr.svg", views.payment_qr_image, name="payment_qr"),
    path("payments/statement/", views.statement_import, name="statement"),
]
