"""Web addresses of Assistant (mounted at /assistant/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.chat_bot_list, name="list"),
    path("<int:chat_bot_id>/", views.chat_bot_detail, name="detail"),
]
