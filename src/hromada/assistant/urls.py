"""Web addresses of the assistant (mounted at /assistant/ inside a community by its manifest)."""

from django.urls import include, path

from . import staff, views, webhooks

app_name = "assistant"

urlpatterns = [
    path("", views.chat, name="chat"),
    path("telegram/webhook/", webhooks.telegram_webhook, name="telegram_webhook"),
    path("viber/webhook/", webhooks.viber_webhook, name="viber_webhook"),
    path("staff/channels/", staff.channel_list, name="channels"),
    path("staff/channels/<str:channel>/", staff.channel_edit, name="channel"),
    path("", include("hromada.assistant.urls_own")),  # A2: linking, the FAQ and its back office
]
