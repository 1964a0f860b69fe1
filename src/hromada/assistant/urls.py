"""Web addresses of the assistant (mounted at /assistant/ inside a community by its manifest)."""

from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.chat, name="chat"),
]
