"""The execution part of the docflow API (staff tokens): the inbox and the dashboard, a card's execution,
resolutions and control, the answer's draft, approval routes and decisions, signing and sending.

Mounted into the docflow router (api.py); handlers parse, call a selector or service and render."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema
from hromada.core.errors import NotFound, ValidationFailed

from . import policies, policies_execution, selectors, selectors_execution, services
from .models import DispatchMethod

router = Router()
_readers = SignedIn(policies.can_read)


class ResolutionOut(Schema):
    id: int
    document_id: int
    parent_id: int | None
    author_id: int | None
    main_executor_id: int
    co_executor_ids: list[int]
    department_id: int | None
    text: str
    deadline: date
    state: str
    completed_at: datetime | None
    on_time: bool | None
    days_taken: int | None
    created_at: datetime

    @staticmethod
    def resolve_co_executor_ids(obj) -> list[int]:
        return [u.pk for u in obj.co_executors.all()]


class StepOut(Schema):
    id: int
    round: int
    stage: int
    approver_id: int
    delegated_from_id: int | None
    state: str
    comment: str
    decided_at: datetime | None


class SignatureOut(Schema):
    version_id: int
    sha256: str
    signer_id: int
    kind: str
    certificate_subject: str
    signed_at: datetime


class RouteOut(Schema):
    id: int
    document_id: int
    resolution_id: int | None
    author_id: int | None
    signer_id: int
    stages: list[list[int]]
    round: int
    stage: int
    state: str
    steps: list[StepOut]
    signatures: list[SignatureOut]

    @staticmethod
    def resolve_steps(obj) -> list:
        return list(obj.steps.all())

    @staticmethod
    def resolve_signatures(obj) -> list:
        return list(obj.signatures.all())


class DispatchOut(Schema):
    id: int
    method: str
    address: str
    state: str
    sent_at: datetime | None


class ExecutionOut(Schema):
    resolutions: list[ResolutionOut]
    routes: list[RouteOut]
    dispatches: list[DispatchOut]


class InboxItem(Schema):
    document_id: int
    reg_index: str
    summary: str
    resolution_id: int | None = None
    step_id: int | None = None
    route_id: int | None = None
    deadline: date | None = None


class InboxOut(Schema):
    counts: dict[str, int]
    items: list[InboxItem]


class ResolutionIn(StrictSchema):
    main_executor_id: int
    co_executor_ids: list[int] = Field(default_factory=list, max_length=20)
    text: str = Field(..., max_length=4000)
    deadline: date | None = None
    deadline_days: int | None = Field(None, ge=1, le=365)
    parent_id: int | None = None


class ControlExtendIn(StrictSchema):
    reason: str = Field(..., max_length=4000)
    deadline: date | None = None
    deadline_days: int | None = Field(None, ge=1, le=365)


class NoteIn(StrictSchema):
    note: str = Field("", max_length=4000)


class WithdrawIn(StrictSchema):
    reason: str = Field(..., max_length=4000)


class AnswerDraftIn(StrictSchema):
    summary: str = Field("", max_length=4000)
    journal_id: int | None = None


class RouteIn(StrictSchema):
    signer_id: int
    stages: list[list[int]] = Field(default_factory=list, max_length=10,
                                    description="Approver ids stage by stage: one per stage is sequential, several "
                                                "in one stage decide in parallel.")
    resolution_id: int | None = None


class DecisionIn(StrictSchema):
    decision: str = Field(..., description="approve, return (comment required) or delegate (delegate_to_id).")
    comment: str = Field("", max_length=4000)
    delegate_to_id: int | None = None


class SignIn(StrictSchema):
    signatures: dict[str, str] | None = Field(
        None, description="Qualified only: each current version id -> its detached CAdES signature in base64. "
                          "Omit for a simple electronic signature of the signed-in official.")


class SendIn(StrictSchema):
    method: DispatchMethod
    address: str = Field("", max_length=254)
    outcome: str = Field("", max_length=20, description="supported, partly or not_supported: required when the "
                                                        "letter answers a petition (its answer records it)")


class PeriodIn(Schema):
    date_from: str = ""
    date_to: str = ""


def _execution(actor, community, document_id: int) -> dict:
    document = selectors.document_get(actor=actor, community=community, document_id=document_id)
    return {"resolutions": list(document.resolutions.prefetch_related("co_executors")),
            "routes": list(document.routes.prefetch_related("steps", "signatures")),
            "dispatches": list(document.dispatches.all())}


def _caller(request):
    return require_user(request), require_community(request)


@router.get("/inbox", response={200: InboxOut, **ERROR_RESPONSES}, auth=_readers,
            summary="My inbox: to do, to approve, to sign, to send (office), overdue")
def inbox(request, tab: str = Query("todo", description="todo, approve, sign, send or overdue")):
    user, community = _caller(request)
    tabs = selectors_execution.inbox_querysets(user, community)
    if tab not in tabs:
        raise ValidationFailed(fields={"tab": ["todo, approve, sign, send or overdue"]})
    items = []
    for row in tabs[tab][:500]:
        document = getattr(row, "document", None) or row.route.document
        items.append({"document_id": document.pk, "reg_index": document.reg_index, "summary": document.summary,
                      "resolution_id": row.pk if tab in ("todo", "overdue") else None,
                      "step_id": row.pk if tab == "approve" else None,
                      "route_id": row.pk if tab in ("sign", "send") else None,
                      "deadline": getattr(row, "deadline", None)})
    return {"counts": {name: qs.count() for name, qs in tabs.items()}, "items": items}


@router.get("/dashboard", response={200: dict, **ERROR_RESPONSES}, auth=SignedIn(policies_execution.can_see_dashboard),
            summary="Executive discipline per department and per official")
def dashboard(request, period: Query[PeriodIn]):
    return selectors_execution.dashboard(require_community(request),
                                         selectors_execution.parse_period(period.dict()))


@router.get("/documents/{int:document_id}/execution", response={200: ExecutionOut, **ERROR_RESPONSES},
            auth=_readers, summary="A card's resolutions, approval routes, signatures and sending")
def execution(request, document_id: int):
    user, community = _caller(request)
    return _execution(user, community, document_id)


@router.post("/documents/{int:document_id}/resolutions", response={201: ResolutionOut, **ERROR_RESPONSES},
             auth=_readers, summary="Resolve a registered card")
def resolution_create(request, document_id: int, payload: ResolutionIn):
    user, community = _caller(request)
    return Status(201, services.resolution_create(actor=user, community=community, document_id=document_id,
                                                  **payload.dict()))


@router.post("/resolutions/{int:resolution_id}/complete", response={200: ResolutionOut, **ERROR_RESPONSES},
             auth=_readers, summary="Mark a resolution done")
def resolution_complete(request, resolution_id: int, payload: NoteIn):
    user, community = _caller(request)
    return services.resolution_complete(actor=user, community=community, resolution_id=resolution_id,
                                        note=payload.note)


@router.post("/resolutions/{int:resolution_id}/extend", response={200: ResolutionOut, **ERROR_RESPONSES},
             auth=_readers, summary="A new deadline with its reason")
def resolution_extend(request, resolution_id: int, payload: ControlExtendIn):
    user, community = _caller(request)
    return services.resolution_extend(actor=user, community=community, resolution_id=resolution_id,
                                      **payload.dict())


@router.post("/resolutions/{int:resolution_id}/withdraw", response={200: ResolutionOut, **ERROR_RESPONSES},
             auth=_readers, summary="Withdraw a resolution (and the chain under it) with the reason")
def resolution_withdraw(request, resolution_id: int, payload: WithdrawIn):
    user, community = _caller(request)
    return services.resolution_withdraw(actor=user, community=community, resolution_id=resolution_id,
                                        reason=payload.reason)


@router.post("/documents/{int:document_id}/control/complete", response={200: ExecutionOut, **ERROR_RESPONSES},
             auth=_readers, summary="Take a card off control (the completion mark)")
def control_complete(request, document_id: int, payload: NoteIn):
    user, community = _caller(request)
    services.control_complete(actor=user, community=community, document_id=document_id, note=payload.note)
    return _execution(user, community, document_id)


@router.post("/documents/{int:document_id}/reply", response={201: dict, **ERROR_RESPONSES}, auth=_readers,
             summary="Draft the outgoing answer, prefilled and linked as a reply")
def reply(request, document_id: int, payload: AnswerDraftIn):
    user, community = _caller(request)
    draft = services.reply_draft_create(actor=user, community=community, document_id=document_id, **payload.dict())
    return Status(201, {"id": draft.pk, "journal_id": draft.journal_id, "summary": draft.summary})


@router.post("/documents/{int:document_id}/routes", response={201: RouteOut, **ERROR_RESPONSES}, auth=_readers,
             summary="Send the outgoing draft for approval")
def route_start(request, document_id: int, payload: RouteIn):
    user, community = _caller(request)
    return Status(201, services.route_start(actor=user, community=community, document_id=document_id,
                                            **payload.dict()))


@router.post("/steps/{int:step_id}/decision", response={200: StepOut, **ERROR_RESPONSES}, auth=_readers,
             summary="Approve, return with a comment, or delegate")
def step_decide(request, step_id: int, payload: DecisionIn):
    user, community = _caller(request)
    return services.step_decide(actor=user, community=community, step_id=step_id, **payload.dict())


def _signatures(raw: dict[str, str] | None) -> dict[int, bytes] | None:
    if not raw:
        return None
    try:
        return {int(k): base64.b64decode(v, validate=True) for k, v in raw.items()}
    except (ValueError, binascii.Error):
        raise ValidationFailed(fields={"signatures": ["version ids and base64 signatures"]}) from None


@router.post("/routes/{int:route_id}/sign", response={200: RouteOut, **ERROR_RESPONSES}, auth=_readers,
             summary="Sign the approved letter")
def route_sign(request, route_id: int, payload: SignIn):
    user, community = _caller(request)
    return services.route_sign(actor=user, community=community, route_id=route_id,
                               signatures=_signatures(payload.signatures))


@router.post("/routes/{int:route_id}/{action}", response={200: RouteOut, **ERROR_RESPONSES}, auth=_readers,
             summary="Resubmit a returned route, or withdraw one")
def route_change(request, route_id: int, action: str):
    user, community = _caller(request)
    call = {"resubmit": services.route_resubmit, "withdraw": services.route_withdraw}.get(action)
    if call is None:
        raise NotFound()
    return call(actor=user, community=community, route_id=route_id)


@router.post("/documents/{int:document_id}/send", response={200: DispatchOut, **ERROR_RESPONSES}, auth=_readers,
             summary="Register (if a draft) and send the signed letter: email or post")
def letter_send(request, document_id: int, payload: SendIn):
    user, community = _caller(request)
    return services.letter_send(actor=user, community=community, document_id=document_id, **payload.dict())
