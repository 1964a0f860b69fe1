"""The execution panel of a card (resolutions, approval routes, signatures, dispatches and the actions the viewer
may take) and the docflow navigation with the inbox counts."""

from __future__ import annotations

from django import template
from django.db.models import Prefetch

from hromada.docflow import policies, policies_execution, selectors_execution
from hromada.docflow.models import ApprovalStep, ResolutionState, RouteState, Status

register = template.Library()


@register.inclusion_tag("docflow/_execution.html", takes_context=True)
def execution_panel(context, document):
    request = context["request"]
    user, community = request.user, request.community
    resolutions = list(document.resolutions.select_related("author", "main_executor", "parent")
                       .prefetch_related("co_executors", "control_events"))
    routes = list(document.routes.select_related("signer", "author").prefetch_related(
        Prefetch("steps", queryset=ApprovalStep.objects.select_related("approver", "delegated_from__approver")),
        "signatures__signer", "signatures__version"))
    live = next((r for r in routes if r.state not in (RouteState.WITHDRAWN, RouteState.SENT)), None)
    uid = getattr(user, "pk", None)
    for resolution in resolutions:
        resolution.may_complete = policies_execution.can_complete(user, community, resolution)
        resolution.may_extend = policies_execution.can_extend(user, community, resolution)
    for route in routes:
        route.my_step = next((s for s in route.steps.all() if s.approver_id == uid and s.state == "pending"), None)
        route.may_sign = policies_execution.can_sign(user, route)
        route.may_change = (route.state in (RouteState.RETURNED, RouteState.IN_APPROVAL)
                            and policies_execution.can_change_route(user, community, route))
    return {
        "request": request, "document": document, "resolutions": resolutions, "routes": routes,
        "dispatches": list(document.dispatches.all()),
        "may_resolve": policies_execution.can_resolve(user, community, document),
        "may_reply": policies_execution.can_reply(user, community, document),
        "may_route": live is None and policies_execution.can_start_route(user, community, document),
        "may_send": live is not None and live.state == RouteState.SIGNED
        and policies_execution.can_send(user, community, document),
        "may_take_off": document.under_control and policies_execution.can_take_off_control(user, community,
                                                                                             document),
        "active": ResolutionState.ACTIVE, "draft": document.status == Status.DRAFT,
    }


@register.inclusion_tag("docflow/_subnav.html", takes_context=True)
def docflow_subnav(context):
    request = context["request"]
    user, community = request.user, request.community
    counts = selectors_execution.queue_counts(user, community)
    return {"request": request, "counts": counts, "total": sum(counts.get(k, 0) for k in ("todo", "approve", "sign",
                                                                                           "send")),
            "may_dashboard": policies_execution.can_see_dashboard(user, community),
            "current": request.resolver_match.url_name if request.resolver_match else "",
            "reader": policies.can_read(user, community)}


@register.filter
def get_count(counts: dict, name: str) -> int:
    return counts.get(name, 0)
