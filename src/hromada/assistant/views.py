"""Web pages of the assistant: the web chat."""

from __future__ import annotations

from django.shortcuts import render


def chat(request):
    return render(request, "assistant/chat.html", {})
