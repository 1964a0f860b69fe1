"""The JSON API of public information requests, under /c/<community>/api/v1/docflow/public-info/: the public
register and submitting (anyone), the caller's own requests, and the office's queue, extension, answer, refusal."""

from datetime import date, datetime

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn, signed_in
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.pagination import PageNumber
from hromada.core.api.ratelimit import RateKey
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema

from . import policies, selectors, services
from .links import link_token
from .models import RefusalGround, ReplyBy

router = Router(tags=["docflow: public information"])
_office = SignedIn(policies.can_process)


class RegisterRow(Schema):
    """What the public register shows: nothing that names or reaches the requester."""

    id: int
    index: str
    summary: str
    received_at: datetime
    status: str
    deadline: date
    answered_at: datetime | None
    refusal_ground: str


class RequestIn(StrictSchema):
    requester_name: str
    summary: str
    text: str
    reply_by: ReplyBy = ReplyBy.EMAIL
    email: str = ""
    postal_address: str = ""


class RequestOut(Schema):
    id: int
    index: str
    summary: str
    text: str
    requester_name: str
    email: str
    postal_address: str
    reply_by: str
    status: str
    received_at: datetime
    deadline: date
    extension_reason: str
    answer: str
    refusal_ground: str
    answered_at: datetime | None


class SubmittedOut(RequestOut):
    token: str  # with the id, the requester's private link (/public-info/<id>/<token>/)


class RegisterFilters(Schema):
    q: str = ""
    status: str = ""


class InfoRequestExtendIn(StrictSchema):
    reason: str


class InfoRequestAnswerIn(StrictSchema):
    answer: str


class RefuseIn(StrictSchema):
    ground: RefusalGround
    explanation: str


class _Mapped:
    """A queryset rendered row by row when the paginator slices it (the count stays one query)."""

    def __init__(self, rows, render):
        self.rows, self.render = rows, render

    def count(self) -> int:
        return self.rows.count()

    def __getitem__(self, item):
        return [self.render(row) for row in self.rows[item]]


def _row(r: dict) -> dict:
    return {"id": r["pk"], "index": r["document__reg_index"], "summary": r["summary"],
            "received_at": r["received_at"], "status": r["status"], "deadline": r["deadline"],
            "answered_at": r["answered_at"], "refusal_ground": r["refusal_ground"]}


def _out(item) -> dict:
    names = ("id", "summary", "text", "requester_name", "email", "postal_address", "reply_by", "status",
             "received_at", "deadline", "extension_reason", "answer", "refusal_ground", "answered_at")
    return {**{name: getattr(item, name) for name in names}, "index": item.document.reg_index}


@router.get("/", response={200: list[RegisterRow], **ERROR_RESPONSES}, summary="The public register of requests")
@paginate(PageNumber)
def register(request, filters: Query[RegisterFilters]):
    query = selectors.RegisterQuery.parse(filters.dict())
    return _Mapped(selectors.public_register(community=require_community(request), query=query), _row)


@router.post("/", response={201: SubmittedOut, **ERROR_RESPONSES}, summary="Request public information")
def submit(request, payload: RequestIn):
    item = services.info_request_submit(actor=request.user, community=require_community(request),
                                        caller=RateKey.from_request(request), **payload.dict())
    return Status(201, {**_out(item), "token": link_token(item)})


@router.get("/mine", response={200: list[RequestOut], **ERROR_RESPONSES}, summary="The caller's own requests",
            auth=signed_in)
@paginate(PageNumber)
def mine(request):
    return _Mapped(selectors.requester_requests(community=require_community(request), user=require_user(request)),
                   _out)


@router.get("/office", response={200: list[RequestOut], **ERROR_RESPONSES}, summary="The office's requests",
            auth=_office)
@paginate(PageNumber)
def office(request, status: str = "open"):
    return _Mapped(selectors.office_queue(actor=request.user, community=require_community(request), status=status),
                   _out)


@router.get("/{int:info_request_id}", response={200: RequestOut, **ERROR_RESPONSES},
            summary="One request: for the office, its signed-in requester, or with the link's token")
def detail(request, info_request_id: int, token: str = ""):
    community = require_community(request)
    if not token and policies.can_process(request.user, community):
        item = selectors.office_get(actor=request.user, community=community, info_request_id=info_request_id)
    else:
        item = selectors.requester_get(community=community, user=request.user, info_request_id=info_request_id,
                                       token=token)
    return _out(item)


@router.post("/{int:info_request_id}/extend", response={200: RequestOut, **ERROR_RESPONSES},
             summary="Extend the term to 20 working days (the requester is notified)", auth=_office)
def extend(request, info_request_id: int, payload: InfoRequestExtendIn):
    return _out(services.info_request_extend(actor=request.user, community=require_community(request),
                                             info_request_id=info_request_id, reason=payload.reason))


@router.post("/{int:info_request_id}/answer", response={200: RequestOut, **ERROR_RESPONSES},
             summary="Answer (emailed when the requester asked for email)", auth=_office)
def answer(request, info_request_id: int, payload: InfoRequestAnswerIn):
    return _out(services.info_request_answer(actor=request.user, community=require_community(request),
                                             info_request_id=info_request_id, answer=payload.answer))


@router.post("/{int:info_request_id}/refuse", response={200: RequestOut, **ERROR_RESPONSES},
             summary="Refuse on a ground of art. 22 of the Law", auth=_office)
def refuse(request, info_request_id: int, payload: RefuseIn):
    return _out(services.info_request_refuse(actor=request.user, community=require_community(request),
                                             info_request_id=info_request_id, ground=payload.ground,
                                             explanation=payload.explanation))
