"""Web addresses of the document workflow (mounted at /docflow/ inside a community by its manifest)."""

from django.urls import path

from . import print_views, views

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
]
