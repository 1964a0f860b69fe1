"""The JSON API of Services at /c/<community>/api/v1/services/: the catalogue (read by anyone, written by staff),
a person's applications, the staff queue and transitions, payment requests with their NBU QR data.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope. Documents are
attached on the web form (the API applies to services whose form asks for no upload)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema
from hromada.core.errors import DomainError

from . import payment_qr, policies, selectors, services
from .fees import payment_details
from .services.catalogue import TERM_MAX, TEXT_MAX, TITLE_MAX

router = Router()
_writes = SignedIn(policies.can_write)
_staff = SignedIn(policies.can_handle)
_signed_in = SignedIn()


class ServicesCategoryOut(Schema):
    id: int
    title: str
    position: int


class ServicesFormFieldOut(Schema):
    key: str
    label: str
    type: str
    required: bool
    choices: list[str]


class ServicesServiceOut(Schema):
    id: int
    title: str
    category_id: int | None
    summary: str
    who_may_apply: str
    documents: str
    fee_kind: str
    fee_amount: Decimal | None
    term_days: int
    legal_basis: str
    where: str
    in_person: bool
    online: bool
    diia_url: str
    identity_level: int
    form: list[ServicesFormFieldOut]
    is_public: bool
    updated_at: datetime


class ServicesFormFieldIn(StrictSchema):
    key: str = Field("", max_length=30)
    label: str = Field(..., max_length=200)
    type: Literal["text", "number", "date", "choice", "checkbox", "document"]
    required: bool = False
    choices: list[str] = Field(default_factory=list, max_length=30)


class ServicesServiceIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX)
    category_id: int | None = None
    summary: str = Field("", max_length=TEXT_MAX)
    who_may_apply: str = Field("", max_length=TEXT_MAX)
    documents: str = Field("", max_length=TEXT_MAX)
    fee_kind: Literal["free", "fixed", "per_application"] = "free"
    fee_amount: Decimal | None = Field(None, ge=0, le=Decimal("999999999.99"))
    term_days: int = Field(10, ge=1, le=TERM_MAX)
    legal_basis: str = Field("", max_length=TEXT_MAX)
    where: str = Field("", max_length=TEXT_MAX)
    in_person: bool = True
    online: bool = False
    diia_url: str = Field("", max_length=300)
    identity_level: int = Field(2, ge=0, le=2)
    form: list[ServicesFormFieldIn] = Field(default_factory=list, max_length=30)
    is_public: bool = True


class ServicesServicePatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX)
    category_id: int | None = None
    summary: str | None = Field(None, max_length=TEXT_MAX)
    who_may_apply: str | None = Field(None, max_length=TEXT_MAX)
    documents: str | None = Field(None, max_length=TEXT_MAX)
    fee_kind: Literal["free", "fixed", "per_application"] | None = None
    fee_amount: Decimal | None = Field(None, ge=0, le=Decimal("999999999.99"))
    term_days: int | None = Field(None, ge=1, le=TERM_MAX)
    legal_basis: str | None = Field(None, max_length=TEXT_MAX)
    where: str | None = Field(None, max_length=TEXT_MAX)
    in_person: bool | None = None
    online: bool | None = None
    diia_url: str | None = Field(None, max_length=300)
    identity_level: int | None = Field(None, ge=0, le=2)
    form: list[ServicesFormFieldIn] | None = Field(None, max_length=30)
    is_public: bool | None = None


class ServicesApplicationOut(Schema):
    id: int
    number: str
    service_id: int
    service_title: str = Field(..., alias="service.title")
    status: str
    deadline: date
    is_overdue: bool
    note: str
    decision: str
    submitted_at: datetime
    decided_at: datetime | None


class ServicesApplicationDetailOut(ServicesApplicationOut):
    answers: dict


class ServicesApplicationIn(StrictSchema):
    answers: dict[str, str | bool | int | float | None] = Field(default_factory=dict, max_length=30)


class ServicesTransitionIn(StrictSchema):
    action: Literal["review", "request_info", "approve", "reject", "issue", "withdraw"]
    note: str = Field("", max_length=4000)


class ServicesPaymentIn(StrictSchema):
    amount: Decimal | None = Field(None, gt=0, le=Decimal("999999999.99"))


class ServicesReceivedIn(StrictSchema):
    note: str = Field("", max_length=150)


class ServicesPaymentOut(Schema):
    id: int
    application_id: int
    reference: str
    amount: Decimal
    purpose: str
    status: str
    received_at: datetime | None
    qr_data: str = ""
    qr_link: str = ""


@router.get("/categories", response={200: list[ServicesCategoryOut], **ERROR_RESPONSES}, summary="Categories")
def category_list(request):
    return list(selectors.category_list(community=require_community(request)))


@router.get("/", response={200: list[ServicesServiceOut], **ERROR_RESPONSES}, summary="The catalogue, searched")
@paginate(PageNumber)
def service_list(request, q: str = Query("", max_length=200), category: int | None = None, online: bool = False):
    return selectors.service_list(actor=request.user, community=require_community(request), q=q,
                                  category_id=category, online=online)


@router.get("/applications/mine", response={200: list[ServicesApplicationOut], **ERROR_RESPONSES},
            summary="My applications", auth=_signed_in)
@paginate(PageNumber)
def application_mine(request):
    return selectors.application_list_mine(actor=request.user, community=require_community(request))


@router.get("/applications/queue", response={200: list[ServicesApplicationOut], **ERROR_RESPONSES},
            summary="Staff: the queue (open, nearest deadline first)", auth=_staff)
@paginate(PageNumber)
def application_queue(request, status: str = Query("", max_length=20), overdue: bool = False):
    return selectors.application_queue(actor=request.user, community=require_community(request), status=status,
                                       overdue=overdue)


@router.get("/applications/{application_id}", response={200: ServicesApplicationDetailOut, **ERROR_RESPONSES},
            summary="One application (its applicant or staff)", auth=_signed_in)
def application_detail(request, application_id: int):
    return selectors.application_get(actor=request.user, community=require_community(request),
                                     application_id=application_id)


@router.post("/applications/{application_id}/transition",
             response={200: ServicesApplicationDetailOut, **ERROR_RESPONSES},
             summary="Move an application on (staff; withdraw: its applicant)", auth=_signed_in)
def application_transition(request, application_id: int, payload: ServicesTransitionIn):
    community = require_community(request)
    common = {"actor": request.user, "community": community, "application_id": application_id}
    calls = {
        "review": lambda: services.application_review(**common),
        "request_info": lambda: services.application_request_info(**common, note=payload.note),
        "approve": lambda: services.application_decide(**common, approve=True, decision=payload.note),
        "reject": lambda: services.application_decide(**common, approve=False, decision=payload.note),
        "issue": lambda: services.application_issue(**common, note=payload.note),
        "withdraw": lambda: services.application_withdraw(**common),
    }
    calls[payload.action]()
    return selectors.application_get(actor=request.user, community=community, application_id=application_id)


def _payment_out(community, payment) -> dict:
    out = {name: getattr(payment, name) for name in ("id", "application_id", "reference", "amount", "purpose",
                                                     "status", "received_at")}
    if payment.status == "pending":
        try:
            details = payment_details(community, payment)
        except DomainError:  # the settings are not valid yet: no QR data, the request itself stands
            return out
        out.update(qr_data=payment_qr.data_string(details), qr_link=payment_qr.link(details))
    return out


@router.get("/applications/{application_id}/payments", response={200: list[ServicesPaymentOut], **ERROR_RESPONSES},
            summary="An application's payment requests, with the NBU QR data", auth=_signed_in)
def payment_list(request, application_id: int):
    community = require_community(request)
    application = selectors.application_get(actor=request.user, community=community, application_id=application_id)
    return [_payment_out(community, p) for p in selectors.application_payments(application)]


@router.post("/applications/{application_id}/payments", response={201: ServicesPaymentOut, **ERROR_RESPONSES},
             summary="Staff: ask for a fee", auth=_staff)
def payment_request(request, application_id: int, payload: ServicesPaymentIn):
    community = require_community(request)
    payment = services.payment_request(actor=request.user, community=community, application_id=application_id,
                                       amount=payload.amount)
    return Status(201, _payment_out(community, payment))


@router.post("/payments/{payment_id}/received", response={200: ServicesPaymentOut, **ERROR_RESPONSES},
             summary="Staff: mark a payment received", auth=_staff)
def payment_received(request, payment_id: int, payload: ServicesReceivedIn):
    community = require_community(request)
    payment = services.payment_mark_received(actor=request.user, community=community, payment_id=payment_id,
                                             note=payload.note)
    return _payment_out(community, payment)


@router.get("/{service_id}", response={200: ServicesServiceOut, **ERROR_RESPONSES}, summary="One service")
def service_detail(request, service_id: int):
    return selectors.service_get(actor=request.user, community=require_community(request), service_id=service_id)


@router.post("/{service_id}/applications", response={201: ServicesApplicationDetailOut, **ERROR_RESPONSES},
             summary="Apply online (forms without uploads)", auth=_signed_in)
def application_submit(request, service_id: int, payload: ServicesApplicationIn):
    community = require_community(request)
    application = services.application_submit(actor=request.user, community=community, service_id=service_id,
                                              answers=payload.answers)
    return Status(201, selectors.application_get(actor=request.user, community=community,
                                                 application_id=application.pk))


def _service_fields(payload, *, exclude_none: bool) -> dict:
    data = payload.dict(exclude_none=exclude_none)
    if "form" in data and data["form"] is not None:
        data["form"] = [dict(item) for item in data["form"]]
    return data


@router.post("/", response={201: ServicesServiceOut, **ERROR_RESPONSES}, summary="Add a service (staff)",
             auth=_writes)
def service_create(request, payload: ServicesServiceIn):
    data = _service_fields(payload, exclude_none=False)
    created = services.service_create(actor=request.user, community=require_community(request), **data)
    return Status(201, created)


@router.patch("/{service_id}", response={200: ServicesServiceOut, **ERROR_RESPONSES}, summary="Change a service",
              auth=_writes)
def service_update(request, service_id: int, payload: ServicesServicePatch):
    data = _service_fields(payload, exclude_none=True)
    return services.service_update(actor=request.user, community=require_community(request), service_id=service_id,
                                   **data)


@router.delete("/{service_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a service (staff)",
               auth=_writes)
def service_delete(request, service_id: int):
    services.service_delete(actor=request.user, community=require_community(request), service_id=service_id)
    return Status(204, None)

