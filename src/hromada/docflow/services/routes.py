"""Execution of a card: the executor drafts the outgoing answer from it (prefilled, linked as a reply), and the
answer goes through its approval route: stages of approvers in sequence (each stage's approvers in parallel);
an approver approves, returns it to the author with a comment, or delegates to another official.

Every decision locks the letter's card first, so decisions on one route are serialised; the step's own state is
saved with a conditional UPDATE (django-fsm-2's ConcurrentTransitionMixin): the same step never moves twice."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.notifications.services import notify

from .. import policies, policies_execution
from ..execution_rules import (
    as_pk,
    as_user,
    card_path,
    clean_text,
    locked_row,
    official,
    officials,
    transitions,
)
from ..models import (
    ApprovalRoute,
    ApprovalStep,
    Attachment,
    Document,
    Journal,
    JournalKind,
    LinkKind,
    Resolution,
    ResolutionState,
    RouteState,
    StepState,
)
from .cards import document_draft_create, document_link
from .fields import Problems, locked_document

STAGES_MAX = 10
APPROVERS_MAX = 20
LIVE_ROUTES = (RouteState.IN_APPROVAL, RouteState.RETURNED, RouteState.APPROVED, RouteState.SIGNED)
DECISIONS = ("approve", "return", "delegate")


@service
def reply_draft_create(*, actor, community, document_id: int, summary: str = "",
                       journal_id: int | None = None) -> Document:
    """A draft in the outgoing journal prefilled from the incoming card (correspondent, access, department,
    summary) and linked to it as its reply."""
    require(policies.can_read(actor, community), _("Only the community's officials draft answers."))
    with transaction.atomic():
        incoming = locked_document(community, document_id)
        if not policies.can_see(actor, community, incoming):
            raise NotFound()
        require(policies_execution.can_reply(actor, community, incoming), _("You may not answer this document."))
        journals = Journal.objects.filter(community=community, kind=JournalKind.OUTGOING, is_active=True)
        journal = (journals.filter(pk=as_pk(journal_id)) if journal_id not in (None, "") else journals).order_by(
            "pk").first()
        if journal is None:
            raise ValidationFailed(fields={"journal_id": [_("No active outgoing journal.")]})
        summary = " ".join(str(summary or "").split()) or _("Reply to %(index)s: %(summary)s") % {
            "index": incoming.reg_index, "summary": incoming.summary}
        resolution = incoming.resolutions.filter(state=ResolutionState.ACTIVE, main_executor_id=getattr(
            actor, "pk", None)).order_by("-pk").first()
        draft = document_draft_create(
            actor=actor, community=community, journal_id=journal.pk, summary=summary[:4000],
            correspondent_org=incoming.correspondent_org, correspondent_name=incoming.correspondent_name,
            access=incoming.access,
            department_id=resolution.department_id if resolution and resolution.department_id
            else incoming.department_id)
        document_link(actor=actor, community=community, document_id=draft.pk, to_document_id=incoming.pk,
                      kind=LinkKind.REPLY_TO)
    return draft


def _stages(community, raw, problems: Problems) -> list[list[int]]:
    if not isinstance(raw, list | tuple) or len(raw) > STAGES_MAX:
        problems.add("stages", _("Up to %(max)s stages, each a list of approvers.") % {"max": STAGES_MAX})
        return []
    stages: list[list[int]] = []
    seen: set[int] = set()
    for stage in raw:
        if not isinstance(stage, list | tuple) or not stage or len(stage) > APPROVERS_MAX:
            problems.add("stages", _("Each stage names from 1 to %(max)s approvers.") % {"max": APPROVERS_MAX})
            return []
        people = officials(community, stage, "stages", problems)
        ids = [u.pk for u in people]
        if seen & set(ids) or len(set(ids)) != len(ids):
            problems.add("stages", _("Each approver appears once in a route."))
            return []
        seen |= set(ids)
        stages.append(ids)
    return stages


def _open_stage(route: ApprovalRoute, community) -> None:
    """Open the route's current stage to its approvers, or hand the letter to the signer after the last stage."""
    steps = list(route.steps.filter(round=route.round, stage=route.stage, state=StepState.WAITING)
                 .select_related("approver"))
    if not steps:
        route.approve()
        route.save()
        notify(community=community, recipients=[route.signer], event="docflow.sign", url=card_path(route.document),
               title=gettext_lazy("Letter {summary} awaits your signature"),
               params={"summary": route.document.summary[:120]})
        return
    for step in steps:
        step.open()
        step.save()
    notify(community=community, recipients=[s.approver for s in steps], event="docflow.approve",
           url=card_path(route.document), title=gettext_lazy("Letter {summary} awaits your approval"),
           params={"summary": route.document.summary[:120]})


def _new_round(route: ApprovalRoute, community) -> None:
    ApprovalStep.objects.bulk_create([
        ApprovalStep(community=community, route=route, round=route.round, stage=n, approver_id=uid)
        for n, stage in enumerate(route.stages) for uid in stage])
    _open_stage(route, community)


@service
def route_start(*, actor, community, document_id: int, signer_id: int, stages: list[list[int]] | None = None,
                resolution_id: int | None = None) -> ApprovalRoute:
    """Send the outgoing draft for approval: `stages` of approver ids (a stage's approvers decide in parallel,
    stages follow one another; none at all goes straight to the signer)."""
    require(policies.can_read(actor, community), _("Only the community's officials route documents."))
    with transaction.atomic():
        document = locked_document(community, document_id)
        if not policies.can_see(actor, community, document):
            raise NotFound()
        require(policies_execution.can_start_route(actor, community, document),
                _("You may not send this document for approval."))
        if document.routes.filter(state__in=LIVE_ROUTES).exists():
            raise Conflict(_("The document already has an approval route."), fields={"stages": [_("Already routed.")]})
        problems = Problems()
        signer = official(community, signer_id, "signer_id", problems)
        plan = _stages(community, list(stages or []), problems)
        resolution = None
        if resolution_id not in (None, ""):
            resolution = Resolution.objects.filter(community=community, pk=as_pk(resolution_id),
                                                   state=ResolutionState.ACTIVE).first()
            if resolution is None:
                problems.add("resolution_id", _("No such active resolution."))
        else:
            replied = document.links_out.filter(kind=LinkKind.REPLY_TO).values_list("to_document_id", flat=True)
            resolution = Resolution.objects.filter(community=community, document_id__in=list(replied),
                                                   state=ResolutionState.ACTIVE,
                                                   main_executor_id=getattr(actor, "pk", None)).first()
        if not Attachment.objects.filter(document=document, versions__isnull=False).exists():
            problems.add("attachments", _("Attach the answer before sending it for approval."))
        problems.raise_if_any()
        assert signer is not None  # refused above otherwise
        route = ApprovalRoute.objects.create(community=community, document=document, resolution=resolution,
                                             author=as_user(actor), signer=signer, stages=plan)
        _new_round(route, community)
        audit_record(actor=actor, community=community, action="docflow.route.started", target=document,
                     data={"route": route.pk, "stages": plan, "signer": signer.pk})
    return route


def _locked_step(community, actor, step_id) -> ApprovalStep:
    return locked_row(ApprovalStep, community, actor, step_id, "route__document_id", "route__document",
                      "route__signer")[0]


def _after_approval(route: ApprovalRoute, community) -> None:
    if route.steps.filter(round=route.round, stage=route.stage).exclude(
            state__in=(StepState.APPROVED, StepState.DELEGATED)).exists():
        return  # another approver of this stage has still to decide
    route.stage += 1
    route.save(update_fields=["stage", "updated_at"])
    _open_stage(route, community)


@service
def step_decide(*, actor, community, step_id: int, decision: str, comment: str = "",
                delegate_to_id: int | None = None) -> ApprovalStep:
    """An approver's decision on their pending step: approve, return (with a comment) or delegate."""
    require(policies.can_read(actor, community), _("Only the community's officials approve documents."))
    with transaction.atomic():
        step = _locked_step(community, actor, step_id)
        if step.approver_id != getattr(actor, "pk", None):
            raise NotFound()  # somebody else's step is not shown to the actor at all
        if decision not in DECISIONS:  # after the lookup: another community's step is "not found", whatever the body
            raise ValidationFailed(fields={"decision": [_("Choose one from the list.")]})
        # A decided step falls through to the transition below, which refuses it as a Conflict.
        require(policies_execution.can_decide(actor, step) or step.state != StepState.WAITING,
                _("The previous stage has not decided yet."))
        route = step.route
        problems = Problems()
        comment = clean_text(comment, "comment", problems, required=decision == "return")
        delegate = None
        if decision == "delegate":
            delegate = official(community, delegate_to_id, "delegate_to_id", problems)
            if delegate is not None and (delegate.pk == step.approver_id or route.steps.filter(
                    round=route.round, approver=delegate, state__in=(StepState.PENDING, StepState.WAITING)).exists()):
                problems.add("delegate_to_id", _("Choose another official, not an approver of this round."))
        problems.raise_if_any()
        with transitions(_("This step has already been decided.")):
            {"approve": step.approve, "return": step.return_to_author, "delegate": step.delegate}[decision]()
            step.comment, step.decided_at = comment, timezone.now()
            step.save()
        if decision == "approve":
            _after_approval(route, community)
        elif decision == "return":
            for other in route.steps.filter(round=route.round, state__in=(StepState.PENDING, StepState.WAITING)):
                other.cancel()
                other.save()
            route.return_to_author()
            route.save()
            notify(community=community, recipients=[route.author], event="docflow.returned",
                   url=card_path(route.document), title=gettext_lazy("Your letter {summary} was returned: {comment}"),
                   params={"summary": route.document.summary[:120], "comment": comment[:200]})
        else:
            ApprovalStep.objects.create(community=community, route=route, round=step.round, stage=step.stage,
                                        approver=delegate, delegated_from=step, state=StepState.PENDING)
            notify(community=community, recipients=[delegate], event="docflow.approve",
                   url=card_path(route.document), title=gettext_lazy("Letter {summary} was delegated to you for "
                                                                     "approval"),
                   params={"summary": route.document.summary[:120]})
        audit_record(actor=actor, community=community, action=f"docflow.step.{decision}", target=route.document,
                     data={"route": route.pk, "step": step.pk, "round": step.round, "stage": step.stage,
                           **({"delegate": delegate.pk} if delegate else {})})
    return step


def _locked_route(community, actor, route_id) -> ApprovalRoute:
    return locked_row(ApprovalRoute, community, actor, route_id, "document_id", "document", "signer", "author")[0]


@service
def route_resubmit(*, actor, community, route_id: int) -> ApprovalRoute:
    """The author sends the corrected letter again: a new round over the same stages, from the first."""
    require(policies.can_read(actor, community), _("Only the community's officials route documents."))
    with transaction.atomic():
        route = _locked_route(community, actor, route_id)
        require(policies_execution.can_change_route(actor, community, route), _("You may not change this route."))
        with transitions(_("Only a returned route is resubmitted.")):
            route.resubmit()
            route.save()
        _new_round(route, community)
        audit_record(actor=actor, community=community, action="docflow.route.resubmitted", target=route.document,
                     data={"route": route.pk, "round": route.round})
    return route


@service
def route_withdraw(*, actor, community, route_id: int) -> ApprovalRoute:
    """The author withdraws the letter before it is signed; open steps are cancelled."""
    require(policies.can_read(actor, community), _("Only the community's officials route documents."))
    with transaction.atomic():
        route = _locked_route(community, actor, route_id)
        require(policies_execution.can_change_route(actor, community, route), _("You may not change this route."))
        with transitions(_("A signed or sent letter is not withdrawn.")):
            route.withdraw()
            route.save()
        for step in route.steps.filter(state__in=(StepState.PENDING, StepState.WAITING)):
            step.cancel()
            step.save()
        audit_record(actor=actor, community=community, action="docflow.route.withdrawn", target=route.document,
                     data={"route": route.pk})
    return route
