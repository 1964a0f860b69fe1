"""Web addresses of the document workflow (mounted at /docflow/ inside a community by its manifest)."""

from django.urls import path

from . import print_views, views
from . import views_execution as ex

app_name = "docflow"

urlpatterns = [
    path("", views.journal_list, name="journals"),
    path("journals/<int:journal_id>/", views.journal_detail, name="journal"),
    path("journals/<int:journal_id>/export.csv", views.journal_export, name="export"),
    path("journals/<int:journal_id>/new/", views.document_new, name="new"),
    path("documents/<int:document_id>/", views.document_detail, name="document"),
    path("documents/<int:document_id>/edit/", views.document_edit, name="edit"),
    path("documents/<int:document_id>/register/", views.document_register, name="register"),
    path("documents/<int:document_id>/attachments/", views.attachment_add, name="attach"),
    path("files/<int:version_id>/", views.version_file, name="file"),
    path("documents/<int:document_id>/card.pdf", print_views.card_pdf, name="card_pdf"),
    path("documents/<int:document_id>/letter.pdf", print_views.letter, name="letter_pdf"),
    # Execution (docflow part 2): the inbox, the dashboard, resolutions, approval routes, signing and sending.
    path("inbox/", ex.inbox, name="inbox"),
    path("dashboard/", ex.dashboard, name="dashboard"),
    path("documents/<int:document_id>/resolve/", ex.resolve, name="resolve"),
    path("documents/<int:document_id>/reply/", ex.reply, name="reply"),
    path("documents/<int:document_id>/route/", ex.route_new, name="route"),
    path("documents/<int:document_id>/send/", ex.send, name="send"),
    path("documents/<int:document_id>/control/complete/", ex.control_complete, name="control_complete"),
    path("resolutions/<int:resolution_id>/complete/", ex.resolution_complete, name="resolution_complete"),
    path("resolutions/<int:resolution_id>/extend/", ex.resolution_extend, name="resolution_extend"),
    path("resolutions/<int:resolution_id>/withdraw/", ex.resolution_withdraw, name="resolution_withdraw"),
    path("steps/<int:step_id>/decide/", ex.decide, name="decide"),
    path("routes/<int:route_id>/sign/", ex.sign, name="sign"),
    path("routes/<int:route_id>/resubmit/", ex.route_change, {"action": "resubmit"}, name="route_resubmit"),
    path("routes/<int:route_id>/withdraw/", ex.route_change, {"action": "withdraw"}, name="route_withdraw"),
]
