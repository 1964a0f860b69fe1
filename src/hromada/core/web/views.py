"""Pages of the shell: home (a community's services or the list of communities), profile, health."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.core import capabilities
from hromada.core.api.models import ApiToken
from hromada.core.api.tokens import api_token_create, api_token_revoke
from hromada.core.errors import DomainError
from hromada.core.identity.models import IdentityLevel
from hromada.core.identity.policies import DEMO_PROVIDER, identity_level, is_staff_of
from hromada.core.identity.selectors import identity_profile
from hromada.core.identity.services import identity_verify, user_update_profile
from hromada.core.notifications.models import Delivery
from hromada.core.notifications.selectors import notification_list, preference_rows
from hromada.core.notifications.services import notification_mark_read, preference_set
from hromada.core.tenancy.selectors import community_list, real_communities_exist

from .forms import ApiTokenForm, DemoIdentityForm, ProfileForm
from .page_cache import render_anonymous_cached


def health(request):
    """The cheapest possible response; also the baseline of the benchmarks."""
    return HttpResponse("ok", content_type="text/plain")


def security_txt(request):
    """RFC 9116's /.well-known/security.txt, from the operator's HROMADA_SECURITY_CONTACT; without one there
    is nobody to name, so the file does not exist (404) rather than pointing reporters at a made-up address."""
    contacts = settings.HROMADA_SECURITY_CONTACT
    if not contacts:
        raise Http404()
    # RFC 9116 requires Expires, at most a year ahead; a rolling date never goes stale on a forgotten install.
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0).isoformat()
    lines = [f"Contact: {contact}" for contact in contacts]
    lines += [f"Expires: {expires}", "Preferred-Languages: uk, en",
              f"Canonical: {request.build_absolute_uri('/.well-known/security.txt')}"]
    if settings.HROMADA_SECURITY_POLICY_URL:
        lines.append(f"Policy: {settings.HROMADA_SECURITY_POLICY_URL}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def theme_css(request):
    """The community's colours as CSS custom properties (hromada.core.web.look), contrast-safe; empty without one."""
    from .look import stylesheet

    colour = getattr(request.community, "brand_colour", "") if request.community else ""
    response = HttpResponse(stylesheet(colour) if colour else "", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def favicon(request):
    # Resolved per request: with the manifest storage the hashed name exists only after collectstatic.
    return HttpResponsePermanentRedirect(static("hromada/favicon.svg"))


# How stale the anonymous home page may be (docs/decisions/0033): its blocks are not invalidated on every write.
HOME_CACHE_SECONDS = 30


def home(request):
    """A community's services (or the list of communities); anonymous visitors get a cached page."""
    community = request.community
    if community is None:
        return render_anonymous_cached(request, "web/platform_home.html", lambda: {"communities": community_list()})
    return render_anonymous_cached(
        request,
        "web/home.html",
        lambda: {"services": [m for m in community.enabled_manifests if m.url_name],
                 "blocks": home_blocks(community, request.user),
                 "is_staff": is_staff_of(request.user, community)},
        timeout=HOME_CACHE_SECONDS,
    )


def home_blocks(community, user) -> list[dict]:
    """The live block of each enabled capability that offers one, in home_order then manifest order; a block
    whose callable returns None is left out (nothing to show, e.g. no budget cycle running)."""
    blocks = []
    offering = sorted((m for m in community.enabled_manifests if m.home_block), key=lambda m: m.home_order)
    for manifest in offering:
        block = capabilities.resolve(manifest.home_block)(community, user=user)
        if block is not None:
            blocks.append({"manifest": manifest, "block": block,
                           "template": capabilities.home_block_template(manifest)})
    return blocks


@login_required
def profile(request):
    user = request.user
    community = request.community
    new_token = request.session.pop("new_api_token", None)
    preferences, chat_offered = preference_rows(user=user, community=community)
    context = {
        "profile_form": ProfileForm(initial={"full_name": user.full_name, "phone": user.phone, "language": user.language}),
        "token_form": ApiTokenForm(),
        "identity_form": DemoIdentityForm(),
        "identity_level": identity_level(user),
        "levels": IdentityLevel,
        "verified_identity": getattr(user, "verified_identity", None),
        "notifications": notification_list(user=user, community=community)[:30],
        "preferences": preferences,
        "chat_offered": chat_offered,
        "delivery_choices": Delivery.choices,
        "chat_choices": [(Delivery.IMMEDIATE, Delivery.IMMEDIATE.label), (Delivery.NEVER, Delivery.NEVER.label)],
        "tokens": ApiToken.objects.filter(user=user, community=community, revoked_at__isnull=True) if community else [],
        "new_token": new_token,
        "demo_identity": bool(community and community.is_demo and not real_communities_exist()),
        "my_links": [link for m in community.enabled_manifests for link in m.profile_links] if community else [],
        **identity_profile(user=user, community=community),
    }
    return render(request, "web/profile.html", context)


@login_required
@require_POST
def profile_update(request):
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            user_update_profile(actor=request.user, user=request.user, **form.cleaned_data)
            messages.success(request, _("Profile saved."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Please correct the profile fields."))
    return redirect("web:profile")


@login_required
@require_POST
def preferences_update(request):
    rows, chat_offered = preference_rows(user=request.user, community=request.community)
    for row in rows:
        email = request.POST.get(f"email-{row['slug']}", Delivery.IMMEDIATE)
        in_app = request.POST.get(f"in_app-{row['slug']}") == "on"
        chat = request.POST.get(f"chat-{row['slug']}", row["chat"]) if chat_offered else None
        try:
            preference_set(actor=request.user, category=row["slug"], in_app=in_app, email=email, chat=chat)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("web:profile")
    messages.success(request, _("Notification settings saved."))
    return redirect("web:profile")


@login_required
@require_POST
def notifications_read(request):
    # Only what this page listed: this community's and platform-wide notifications.
    notification_mark_read(actor=request.user, community=request.community, platform_only=request.community is None)
    return redirect("web:profile")


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid() and request.community is not None:
        try:
            _token, raw = api_token_create(actor=request.user, community=request.community, name=form.cleaned_data["name"])
            request.session["new_api_token"] = raw
        except DomainError as exc:
            messages.error(request, str(exc.message))
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("web:profile")


@login_required
@require_POST
def token_revoke(request, token_id: int):
    try:
        api_token_revoke(actor=request.user, community=request.community, token_id=token_id)
        messages.success(request, _("Token revoked."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("web:profile")


@login_required
@require_POST
def demo_identity_verify(request):
    """Only in a demo community: stands in for BankID / ID.GOV.UA so the demo can show strong identity."""
    if request.community is None or not request.community.is_demo or real_communities_exist():
        return HttpResponse(status=404)
    form = DemoIdentityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a name and a 10-digit test identifier."))
        return redirect("web:profile")
    try:
        identity_verify(actor=request.user, user=request.user, provider=DEMO_PROVIDER,
                        subject=form.cleaned_data["tax_number"], verified_name=form.cleaned_data["full_name"])
        messages.success(request, _("Identity verified by the demo provider."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("web:profile")
