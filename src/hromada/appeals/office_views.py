"""Staff pages for residents without a smartphone: writing down an appeal that came by phone, in person, by
email or letter, and the printable answer for a resident who wants it on paper."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import DomainError

from . import policies, selectors, services
from .models import Channel, Kind, ReplyBy
from .views import _community, _error_summary, _wants_json


@login_required
def appeal_register(request):
    """The hotline's or the centre's form: the resident's words, place, contacts, consent and way of answer."""
    community = _community(request)
    if not policies.can_register_for_residents(request.user, community):
        raise Http404()
    errors: dict = {}
    general: list = []
    data = request.POST if request.method == "POST" else {"channel": "phone", "reply_by": ReplyBy.PHONE}
    if request.method == "POST":
        post = request.POST
        visibility = post.get("visibility", "")
        try:
            appeal = services.appeal_register_for_resident(
                actor=request.user, community=community, channel=post.get("channel", ""),
                consent=post.get("consent") == "1", reply_by=post.get("reply_by", ""),
                contact_name=post.get("contact_name", ""), contact_phone=post.get("contact_phone", ""),
                contact_email=post.get("contact_email", ""), postal_address=post.get("postal_address", ""),
                category_code=post.get("category", ""), description=post.get("description", ""),
                lat=post.get("lat"), lon=post.get("lon"), address=post.get("address", ""),
                kind=post.get("kind", "statement"),
                is_public=None if visibility not in ("public", "confidential") else visibility == "public",
                caller=RateKey.from_request(request))
        except DomainError as exc:
            errors = dict(exc.fields)
            general = errors.pop("__all__", []) or ([] if errors else [str(exc.message)])
        else:
            messages.success(request, _("Registered: appeal %(index)s for %(name)s, answer by %(due)s (%(means)s).") % {
                "index": appeal.registration_index, "name": appeal.contact_name,
                "due": timezone.localtime(appeal.due_at).strftime("%d.%m.%Y"), "means": appeal.get_reply_by_display()})
            if _wants_json(request):
                return JsonResponse({"redirect": reverse("appeals:detail", args=[appeal.pk])})
            return redirect("appeals:detail", appeal.pk)
    return render(request, "appeals/register.html", {
        "categories": selectors.categories(community), "kinds": Kind.choices, "errors": errors,
        "channels": [c for c in Channel.choices if c[0] != Channel.WEB], "reply_choices": ReplyBy.choices,
        "summary": _error_summary(errors, general), "data": data,
        "center": (community.center_lat or 49.0, community.center_lon or 31.0),
    }, status=400 if errors or general else 200)


@require_GET
def appeal_print(request, appeal_id: int):
    """The answer as a letter to print: for the author and the staff who handle the appeal."""
    community = _community(request)
    try:
        appeal = selectors.appeal_get(community=community, user=request.user, appeal_id=appeal_id)
    except DomainError as exc:
        raise Http404() from exc
    if not policies.can_see_private(request.user, appeal):
        raise Http404()
    return render(request, "appeals/print.html", {"appeal": appeal, "documents": list(appeal.documents.all())})
