"""Pages of strong identity: start a provider's sign-in, its callback, unlinking, and declaring residence.

Every refusal of the callback is a page that says why (never a 500, never an identifier): the flow's own
refusals answer 400, the services' refusals their own status (409 for a person verified on another account)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.api.ratelimit import check_action_rate
from hromada.core.errors import DomainError, RateLimited

from .flow import flow_finish, flow_start
from .models import IdentityLevel, IdentityProvider
from .providers import ProviderError, protocol_for
from .services import identity_unlink, identity_verify_claims, residency_declare, residency_forget

logger = logging.getLogger("hromada.identity")

# (per person, per address): a person starts a few sign-ins an hour at most.
START_RATES = ("10/h", "60/h")
CALLBACK_RATES = ("20/h", "120/h")


def _provider(request, slug: str) -> IdentityProvider:
    if request.community is None:
        raise Http404()
    config = IdentityProvider.objects.filter(community=request.community, slug=slug, is_enabled=True).first()
    if config is None:
        raise Http404()
    return config


def _refused(request, config, message, *, status: int = 400, code: str = ""):
    logger.info("identity verification refused: provider=%s code=%s", getattr(config, "slug", "-"), code or status)
    response = render(request, "identity/refused.html", {"provider": config, "message": message, "code": code},
                      status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response


def _guarded(request, config, scope: str, rates: tuple[str, str], step):
    """Count the call against its rates, run the step, and turn any refusal into the refusal page."""
    try:
        check_action_rate(request, f"identity.{scope}:{config.community_id}", per_user=rates[0], per_ip=rates[1])
        return step()
    except RateLimited as exc:
        return _refused(request, config, exc.message, status=429, code=exc.code)
    except ProviderError as exc:
        return _refused(request, config, exc.message, code=exc.code)
    except DomainError as exc:
        return _refused(request, config, exc.message, status=exc.status, code=exc.code)


@login_required
@require_POST
def identity_start(request, slug: str):
    config = _provider(request, slug)

    def step():
        choices = [value for value, _label in protocol_for(config).methods()]
        method = (request.POST.get("method") or "").strip() or None if choices else None
        if method is not None and method not in choices:
            raise ProviderError("provider_error", _("Choose one of the offered ways to prove who you are."))
        return HttpResponseRedirect(flow_start(request, config, method=method))

    return _guarded(request, config, "start", START_RATES, step)


@login_required
@require_GET
def identity_callback(request, slug: str):
    config = _provider(request, slug)

    def step():
        claims = flow_finish(request, config)
        identity = identity_verify_claims(actor=request.user, community=request.community, user=request.user,
                                          provider_config=config, claims=claims)
        if identity.level >= IdentityLevel.STRONG:
            messages.success(request, _("Your identity is verified by %(provider)s.") % {"provider": config.label})
        else:
            messages.success(request, _("Your identity is recorded by %(provider)s, at a lower level than strong "
                                        "identity.") % {"provider": config.label})
        return redirect("web:profile")

    return _guarded(request, config, "callback", CALLBACK_RATES, step)


@login_required
@require_POST
def identity_unlink_view(request):
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to remove the verification."))
        return redirect("web:profile")
    try:
        identity_unlink(actor=request.user, user=request.user)
        messages.success(request, _("The verification was removed. Your signatures and votes stay valid."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("web:profile")


@login_required
@require_POST
def residency_view(request):
    if request.community is None:
        raise Http404()
    try:
        if request.POST.get("action") == "withdraw":
            residency_forget(actor=request.user, community=request.community)
            messages.success(request, _("Your declaration of residence was withdrawn."))
        elif request.POST.get("confirm") == "yes":
            residency_declare(actor=request.user, community=request.community)
            messages.success(request, _("Your declaration of residence is recorded."))
        else:
            messages.error(request, _("Tick the box to confirm that you live in this community."))
    except DomainError as exc:
        messages.error(request, " ".join([str(exc.message), *(m for ms in exc.fields.values() for m in ms)]))
    return redirect("web:profile")
