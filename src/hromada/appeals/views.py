"""Web pages of appeals: public map and list, submitting with a map pin, the appeal page, the resident's
appeals, the staff queue and office actions, the dashboard, and permission-checked files."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from hromada.core import capabilities
from hromada.core.api.ratelimit import RateKey, check_action_rate, json_refusal
from hromada.core.errors import DomainError, PermissionDenied, RateLimited, ValidationFailed
from hromada.core.geo import geocoding
from hromada.core.geo.distance import parse_bbox
from hromada.core.identity.policies import department_ids_of
from hromada.core.storage import private_file_response

from . import policies, selectors, services
from .models import AppealDocument, AppealPhoto, Kind, Source, Status


def _community(request):
    community = getattr(request, "community", None)
    if community is None:  # a disabled capability never gets here: the mount's gate answers 404
        raise Http404()
    return community


_int_or_none = selectors.valid_id


def _filters(request, **extra) -> selectors.AppealFilters:
    get = request.GET
    return selectors.AppealFilters(
        category=get.get("category", "")[:60], status=get.get("status", "")[:20], area=_int_or_none(get.get("area")),
        q=get.get("q", "")[:100], **extra,
    )


def _maps_url(community) -> str:
    """The city map of facilities, when the maps capability is on (we link to it, never import it)."""
    if not community.capability_enabled("maps"):
        return ""
    try:
        name = capabilities.manifest("maps").url_name
        return reverse(name) if name else ""
    except (KeyError, NoReverseMatch):
        return ""


def _page(request, qs, size: int = 20):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _filter_context(community, filters) -> dict:
    return {"categories": selectors.categories(community), "areas": selectors.areas(community), "filters": filters,
            "statuses": Status.choices}


@require_GET
def appeal_list(request):
    community = _community(request)
    filters = _filters(request)
    page = _page(request, selectors.appeal_list(community=community, user=request.user, filters=filters))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "appeals/list.html", {
        "page": page, "query": query.urlencode(), "maps_url": _maps_url(community),
        "is_staff": policies.can_use_staff_queue(request.user, community), **_filter_context(community, filters),
    })


@require_GET
def appeal_geojson(request):
    community = _community(request)
    try:
        filters = _filters(request)
        if request.GET.get("bbox"):
            filters.bbox = parse_bbox(request.GET["bbox"])
        return HttpResponse(selectors.public_geojson_bytes(community=community, filters=filters),
                            content_type="application/geo+json")
    except DomainError as exc:
        return JsonResponse({"error": exc.as_dict()}, status=exc.status)


def _category_questions(community) -> list:
    return [c for c in selectors.categories(community) if c.attributes]


def _error_summary(errors: dict, general: list) -> list[tuple[str, str]]:
    """(field id or "", message) for the summary at the top of a form that came back: each links to its field."""
    ids = {"category": "id_category", "description": "id_description", "lat": "id_lat", "long": "id_lon",
           "address": "id_address", "kind": "id_kind", "photos": "id_photos", "name": "id_contact_name",
           "phone": "id_contact_phone", "email": "id_contact_email", "postal_address": "id_postal_address",
           "consent": "id_consent", "channel": "id_channel", "reply_by": "id_reply_by_0"}
    summary = [("", str(message)) for message in general]
    for key, messages_ in errors.items():
        summary += [(ids.get(key, ""), str(message)) for message in messages_]
    return summary


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


@login_required
def appeal_new(request):
    community = _community(request)
    errors: dict = {}
    general: list = []
    drafts: list = []
    data = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        code = request.POST.get("category", "")
        # Extra questions are named attribute[<category>:<question>] so each category keeps its own.
        prefix, attributes = f"attribute[{code}:", {}
        for key in request.POST:
            if key.startswith(prefix) and "]" in key:
                name = key[len(prefix): key.index("]")]
                attributes[name] = request.POST.getlist(key) if key.endswith("[]") else request.POST.get(key)
        try:
            # Photos are kept first, each on its own: whatever else the form lacks, they are not sent again.
            drafts = selectors.draft_photos(community=community, owner=request.user,
                                            tokens=request.POST.getlist("draft_photo"))
            saved = services.appeal_photo_drafts_save(actor=request.user, community=community,
                                                      photos=request.FILES.getlist("photos"), kept=len(drafts))
            drafts += saved.drafts
            if saved.errors:
                raise ValidationFailed(fields={"photos": saved.errors})
            visibility = request.POST.get("visibility", "")
            appeal = services.appeal_create(
                actor=request.user, community=community, category_code=code,
                description=request.POST.get("description", ""), lat=request.POST.get("lat"),
                lon=request.POST.get("lon"), address=request.POST.get("address", ""),
                is_public=None if visibility not in ("public", "confidential") else visibility == "public",
                draft_tokens=[str(d.token) for d in drafts], attributes=attributes,
                kind=request.POST.get("kind", "statement"), source=Source.WEB, caller=RateKey.from_request(request),
            )
        except DomainError as exc:
            errors = dict(exc.fields)
            general = errors.pop("__all__", []) or ([] if errors else [str(exc.message)])
        else:
            messages.success(request, _("Your appeal is registered as %(index)s.") % {"index": appeal.registration_index})
            if _wants_json(request):  # the form's script sent it (with upload progress) and goes there itself
                return JsonResponse({"redirect": reverse("appeals:detail", args=[appeal.pk])})
            return redirect("appeals:detail", appeal.pk)
    return render(request, "appeals/new.html", {
        "categories": selectors.categories(community), "questions": _category_questions(community),
        "kinds": Kind.choices, "drafts": drafts, "summary": _error_summary(errors, general),
        "errors": errors, "general_errors": general, "data": data, "max_photos": community.setting("appeals", "max_photos"),
        "center": (community.center_lat or 49.0, community.center_lon or 31.0),
    }, status=400 if errors or general else 200)


@require_GET
@login_required
def appeal_draft_photo(request, token: str):
    """A small rendition of one's own photo draft, shown on the form that came back."""
    community = _community(request)
    found = selectors.draft_photos(community=community, owner=request.user, tokens=[token])
    if not found:
        raise Http404()
    return private_file_response(found[0].thumbnail, content_type="image/jpeg", attachment=False,
                                 download_name="photo.jpg", cache_control="private, no-store")


@require_GET
def appeal_nearby(request):
    """The htmx partial offering open appeals of the same category near the pin."""
    community = _community(request)
    found = []
    try:
        lat, lon = float(request.GET.get("lat", "")), float(request.GET.get("lon", ""))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            found = selectors.nearby_open(community=community, category_code=request.GET.get("category", ""),
                                          lat=lat, lon=lon)
    except ValueError:
        found = []
    return render(request, "appeals/_nearby.html", {"found": [{"appeal": a, "distance": round(d)} for a, d in found]})


PLACES_RATE = ("60/m", "300/m")  # per person, per address


@require_GET
def appeal_places(request):
    """Places matching typed words (an address, a facility, a street or an area), for placing the pin without a
    map: the community's own data first, then the external geocoder if the operator set one."""
    community = _community(request)
    query = request.GET.get("q", "")[:geocoding.MAX_QUERY]
    try:  # a search may reach the operator's external geocoder: people type, they do not flood it
        check_action_rate(request, f"appeals.places:{community.pk}", per_user=PLACES_RATE[0], per_ip=PLACES_RATE[1])
    except RateLimited as exc:
        return json_refusal(request, exc)
    found = geocoding.geocode(community, query, extra=selectors.area_places(community))
    return JsonResponse({"query": query, "results": [place.as_dict() for place in found]})


RATING_CHOICES = [(5, _lazy("5 — solved")), (4, _lazy("4 — mostly solved")), (3, _lazy("3 — partly")),
                  (2, _lazy("2 — hardly helped")), (1, _lazy("1 — did not help"))]


@require_GET
def appeal_detail(request, appeal_id: int):
    community = _community(request)
    try:
        appeal = selectors.appeal_get(community=community, user=request.user, appeal_id=appeal_id)
    except DomainError as exc:
        raise Http404() from exc
    user = request.user
    handle = policies.can_handle(user, appeal)
    context = {
        "appeal": appeal, "history": selectors.history(appeal), "answers": selectors.answers(appeal), "photos": list(appeal.photos.all()),
        "documents": list(appeal.documents.all()), "private": policies.can_see_private(user, appeal),
        "following": selectors.is_following(appeal, user), "is_author": policies.is_author(user, appeal),
        "handle": handle, "can_reply": policies.can_reply(user, appeal), "can_reopen": policies.can_reopen(user, appeal),
        "can_rate": policies.can_rate(user, appeal), "reopen_days": policies.REOPEN_DAYS,
        "rating_choices": RATING_CHOICES,
    }
    if handle:
        context.update(
            notes=list(appeal.notes.select_related("author")),
            officials=selectors.department_officials(community=community, department_id=appeal.department_id),
            templates=selectors.response_templates(community=community, category_id=appeal.category_id),
            categories=selectors.categories(community), open_statuses=(Status.REGISTERED, Status.ASSIGNED,
                                                                       Status.IN_PROGRESS),
        )
    return render(request, "appeals/detail.html", context)


@require_POST
@login_required
def appeal_follow(request, appeal_id: int):
    community = _community(request)
    try:
        if request.POST.get("follow") == "0":
            services.appeal_unfollow(actor=request.user, community=community, appeal_id=appeal_id)
            messages.success(request, _("You no longer follow this appeal."))
        else:
            services.appeal_follow(actor=request.user, community=community, appeal_id=appeal_id)
            messages.success(request, _("You will hear about every change of this appeal."))
    except DomainError as exc:
        raise Http404() from exc
    return redirect("appeals:detail", appeal_id)


def _until(raw: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationFailed(fields={"until": [_("Enter a date.")]}) from exc


ACTIONS = {
    "assign": lambda p, f: (services.appeal_assign, {"owner_id": _int_or_none(p.get("owner_id")) or 0}),
    "start": lambda p, f: (services.appeal_start, {}),
    "answer": lambda p, f: (services.appeal_answer, {"text": p.get("text", ""), "documents": f.getlist("documents")}),
    "reject": lambda p, f: (services.appeal_reject, {"reason": p.get("reason", "")}),
    "redirect": lambda p, f: (services.appeal_redirect, {"to": p.get("to", ""), "reason": p.get("reason", "")}),
    "extend": lambda p, f: (services.appeal_extend, {"reason": p.get("reason", ""), "until": _until(p.get("until", ""))}),
    "category": lambda p, f: (services.appeal_change_category, {"category_code": p.get("category", "")}),
    "note": lambda p, f: (services.appeal_note_add, {"text": p.get("text", "")}),
    "close": lambda p, f: (services.appeal_close, {}),
}


@require_POST
@login_required
def appeal_act(request, appeal_id: int, action: str):
    """One office action on an appeal; refusals are shown on the appeal page, nothing is written."""
    community = _community(request)
    if action not in ACTIONS:
        raise Http404()
    try:
        service, kwargs = ACTIONS[action](request.POST, request.FILES)
        service(actor=request.user, community=community, appeal_id=appeal_id, **kwargs)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied() from exc
    except DomainError as exc:
        if exc.status == 404:
            raise Http404() from exc
        details = " ".join(" ".join(m) for m in exc.fields.values())
        messages.error(request, f"{exc.message} {details}".strip())
    else:
        messages.success(request, _confirmation(community, appeal_id, action))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) and back.startswith("/"):
        return redirect(back)
    return redirect("appeals:detail", appeal_id)


def _confirmation(community, appeal_id: int, action: str) -> str:
    """What the office action did, in words: "Assigned: <owner>, <department>, due 14.12.2026"."""
    appeal = selectors.appeal_for_confirmation(community=community, appeal_id=appeal_id)
    if appeal is None:
        return _("Done.")
    values = {"index": appeal.registration_index, "due": timezone.localtime(appeal.due_at).strftime("%d.%m.%Y"),
              "department": appeal.department.name if appeal.department else "—",
              "owner": (appeal.owner.full_name or appeal.owner.email) if appeal.owner else "—",
              "category": appeal.category.name, "to": appeal.redirected_to}
    texts = {
        "assign": _("Assigned %(index)s: %(owner)s, %(department)s, due %(due)s."),
        "start": _("Work on %(index)s started; the answer is due %(due)s."),
        "answer": _("Answered %(index)s; the author and followers are told."),
        "reject": _("Rejected %(index)s; the author is told the reason."),
        "redirect": _("Redirected %(index)s to %(to)s; the author is told."),
        "extend": _("The term of %(index)s is extended to %(due)s."),
        "category": _("%(index)s is now “%(category)s”; responsible: %(department)s."),
        "note": _("Internal note added to %(index)s (staff only)."),
        "close": _("Closed %(index)s."),
    }
    return texts.get(action, _("Done.")) % values


@require_POST
@login_required
def appeal_respond(request, appeal_id: int, action: str):
    """The author's word on their appeal: reply, reopen the answer, rate it; the confirmation says what happened."""
    community = _community(request)
    post = request.POST
    try:
        if action == "reply":
            services.appeal_reply(actor=request.user, community=community, appeal_id=appeal_id, text=post.get("text", ""))
            messages.success(request, _("Your reply is added to the appeal and sent to the responsible department."))
        elif action == "reopen":
            appeal = services.appeal_reopen(actor=request.user, community=community, appeal_id=appeal_id,
                                            reason=post.get("reason", ""))
            messages.success(request, _("The appeal is open again; the new answer is due by %(due)s.")
                             % {"due": timezone.localtime(appeal.due_at).strftime("%d.%m.%Y")})
        elif action == "rate":
            appeal = services.appeal_rate(actor=request.user, community=community, appeal_id=appeal_id,
                                          rating=post.get("rating"), comment=post.get("comment", ""))
            messages.success(request, _("Thank you: your rating (%(n)s of 5) is saved and the department sees it.")
                             % {"n": appeal.rating})
        else:
            raise Http404()
    except PermissionDenied as exc:
        messages.error(request, str(exc.message))
    except DomainError as exc:
        if exc.status == 404:
            raise Http404() from exc
        details = " ".join(" ".join(str(m) for m in ms) for ms in exc.fields.values())
        messages.error(request, f"{exc.message} {details}".strip())
    return redirect("appeals:detail", appeal_id)


@login_required
def appeal_mine(request):
    community = _community(request)
    return render(request, "appeals/mine.html", {
        "page": _page(request, selectors.my_appeals(community=community, user=request.user)),
        "followed": selectors.followed_appeals(community=community, user=request.user)[:50],
    })


@login_required
def appeal_queue(request):
    community = _community(request)
    if not policies.can_use_staff_queue(request.user, community):
        raise Http404()
    filters = _filters(request, overdue=request.GET.get("overdue") == "1", due_soon=request.GET.get("due_soon") == "1",
                       department=_int_or_none(request.GET.get("department")))
    if not filters.status:
        filters.status = "open"
    qs = selectors.staff_queue(community=community, user=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "appeals/queue.html", {
        "page": _page(request, qs, 50), "query": query.urlencode(), "departments": selectors.departments(community),
        "manage_all": policies.can_manage_all(request.user, community), **_filter_context(community, filters),
        "my_departments": set(department_ids_of(request.user, community)),
    })


@require_GET
def appeal_dashboard(request):
    community = _community(request)
    return render(request, "appeals/dashboard.html", {"stats": selectors.dashboard(community=community)})


def _file(request, model, appeal_id: int, file_id: int, content_type: str | None = None, small: bool = False):
    community = _community(request)
    try:
        appeal = selectors.appeal_get(community=community, user=request.user, appeal_id=appeal_id)
    except DomainError as exc:
        raise Http404() from exc
    item = model.objects.filter(community=community, appeal=appeal, pk=selectors.valid_id(file_id) or 0).first()
    if item is None:
        raise Http404()
    # The name people save it under comes from the appeal, never from the stored or the uploaded file name.
    document = model is AppealDocument
    kind, extension = ("document", item.extension) if document else ("photo", ".jpg")
    return private_file_response(
        item.thumbnail if small and getattr(item, "thumbnail", None) else item.file, content_type=content_type or item.content_type, attachment=document,
        download_name=f"{appeal.registration_index}-{kind}-{item.pk}{extension}",
        cache_control="public, max-age=3600" if appeal.is_public else "private, no-store")


@require_GET
def appeal_photo(request, appeal_id: int, photo_id: int):
    return _file(request, AppealPhoto, appeal_id, photo_id, "image/jpeg")


@require_GET
def appeal_photo_small(request, appeal_id: int, photo_id: int):
    """The small rendition made at upload time (the full photo for photos stored before renditions)."""
    return _file(request, AppealPhoto, appeal_id, photo_id, "image/jpeg", small=True)


@require_GET
def appeal_document(request, appeal_id: int, document_id: int):
    return _file(request, AppealDocument, appeal_id, document_id)
