"""Web addresses of the assistant's own pages (included by urls.py, in the "assistant" namespace): the
resident's "Chat bots" page (linking), the FAQ on the site and its back office."""

from django.urls import path

from . import views_faq, views_link

urlpatterns = [
    path("link/", views_link.link_page, name="link"),
    path("link/code/", views_link.link_code, name="link_code"),
    path("link/<int:chat_id>/unlink/", views_link.unlink_chat, name="link_unlink"),
    path("faq/", views_faq.faq_page, name="faq"),
    path("staff/faq/", views_faq.faq_staff, name="faq_staff"),
    path("staff/faq/topics/new/", views_faq.faq_topic_edit, name="faq_topic_new"),
    path("staff/faq/topics/<int:topic_id>/", views_faq.faq_topic_edit, name="faq_topic"),
    path("staff/faq/topics/<int:topic_id>/delete/", views_faq.faq_topic_delete, name="faq_topic_delete"),
    path("staff/faq/entries/new/", views_faq.faq_entry_edit, name="faq_entry_new"),
    path("staff/faq/entries/<int:entry_id>/", views_faq.faq_entry_edit, name="faq_entry"),
    path("staff/faq/entries/<int:entry_id>/delete/", views_faq.faq_entry_delete, name="faq_entry_delete"),
]
