"""The web chat: the community's assistant on its own site, usable without JavaScript (a form posted to the
engine, then a redirect to the conversation) and livelier with it (static/assistant/chat.js posts the same form
with fetch and swaps in the rendered conversation). A signed-in person's web chat is linked to their account."""

from __future__ import annotations

import secrets

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.core.errors import ValidationFailed
from hromada.core.web.form_errors import add_domain_error

from .channels import web
from .engine import menu
from .engine.dispatch import web_message
from .engine.types import Kind
from .forms import ChatMessageForm


def _keys(community) -> tuple[str, str]:
    return f"assistant:web:{community.pk}", f"assistant:log:{community.pk}"


def _labels() -> dict:
    return {Kind.BUTTON: _("(pressed a button)"), Kind.LOCATION: _("(sent a location)"),
            Kind.PHOTO: _("(sent a photo)")}


@require_http_methods(["GET", "POST"])
def chat(request):
    community = getattr(request, "community", None)
    if community is None:
        raise Http404()
    chat_key, log_key = _keys(community)
    # The greeting opens every conversation (kept once the visitor writes, so its menu stays on the page).
    transcript = request.session.get(log_key) or [
        web.bot_entry(menu.greeting(community, linked=request.user.is_authenticated))]
    form = ChatMessageForm(request.POST if request.method == "POST" else None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                photo = web.store_photo(community, form.cleaned_data["photo"]) if form.cleaned_data["photo"] else None
            except ValidationFailed as exc:
                add_domain_error(form, exc)
                photo = None
            if not form.errors:
                chat_id = request.session.get(chat_key) or secrets.token_urlsafe(24)
                request.session[chat_key] = chat_id
                message = web.incoming(chat_id, form.cleaned_data, language=get_language() or "uk", photo=photo)
                if message is not None:
                    replies = web_message(community, chat_id, message, user=request.user)
                    label = _labels().get(message.kind, message.text)
                    transcript = web.append(transcript, web.resident_entry(message, label, transcript),
                                            *(web.bot_entry(reply) for reply in replies))
                    request.session[log_key] = transcript
                if request.headers.get("X-Requested-With") != "fetch":
                    return redirect(f"{request.path}#latest")
                form = ChatMessageForm()
        if form.errors:
            status = 400
    last = transcript[-1] if transcript and transcript[-1]["from"] == "bot" else {}
    context = {"transcript": transcript, "form": form, "ask": last.get("ask", ""),
               "choices": last.get("choices", []),
               "center": (community.center_lat or 49.0, community.center_lon or 31.0)}  # where a pin starts
    template = "assistant/_conversation.html" if request.headers.get("X-Requested-With") == "fetch" else \
        "assistant/chat.html"
    return render(request, template, context, status=status)
