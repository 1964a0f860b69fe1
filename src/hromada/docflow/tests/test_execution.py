"""Resolutions, approval routes, signing, sending and control through the services: who may, what changes, what
is refused (4xx with the field, nothing changed) and what other communities see (nothing)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.notifications.models import Notification
from hromada.docflow import services
from hromada.docflow.models import (
    ControlEvent,
    Dispatch,
    DocumentLink,
    Resolution,
    RouteState,
    Signature,
    Status,
    StepState,
)

from . import execution_factories as x

pytestmark = pytest.mark.django_db


@pytest.fixture
def o(community):
    return x.office(community)


def test_a_resolution_puts_the_card_in_execution_under_control_and_tells_the_executors(o):
    card = x.incoming(o)
    res = x.resolve(o, card, co_executor_ids=[o.co_executor.pk])
    card.refresh_from_db()
    assert card.status == Status.IN_EXECUTION and card.under_control and card.control_deadline == res.deadline
    assert res.deadline > timezone.localdate() and res.department_id == o.dept.pk
    assert Notification.objects.filter(user=o.executor, event="docflow.resolution").count() == 1
    assert Notification.objects.filter(user=o.co_executor, event="docflow.resolution").count() == 1
    assert AuditEvent.objects.filter(action="docflow.resolution.created").count() == 1


def test_a_chain_head_to_department_head_to_executor(o):
    card = x.incoming(o)
    top = x.resolve(o, card, executor=o.dept_head, days=10)
    child = x.resolve(o, card, actor=o.dept_head, executor=o.executor, days=5)
    assert child.parent_id == top.pk
    with pytest.raises(ValidationFailed) as exc:  # not later than the resolution above it
        x.resolve(o, card, actor=o.dept_head, executor=o.co_executor, days=30)
    assert "deadline" in exc.value.fields


def test_who_may_resolve(o, community):
    card = x.incoming(o)
    with pytest.raises(PermissionDenied):
        x.resolve(o, card, actor=o.executor)  # neither a resolver, a department head nor an executor yet
    draft = x.f.draft(community, o.incoming_journal)
    with pytest.raises(PermissionDenied):
        x.resolve(o, draft)  # a draft is not resolved
    assert x.resolve(o, card, actor=o.dept_head)  # the head of the card's department


@pytest.mark.parametrize("fields, field", [
    ({"main_executor_id": None}, "main_executor_id"),
    ({"text": "  "}, "text"),
    ({"deadline_days": 0}, "deadline_days"),
    ({"deadline_days": None, "deadline": "2001-01-01"}, "deadline"),
    ({"deadline_days": None, "deadline": "завтра"}, "deadline"),
    ({"deadline": "2099-01-01"}, "deadline_days"),
    ({"co_executor_ids": [999999]}, "co_executor_ids"),
])
def test_bad_resolutions_name_the_field_and_change_nothing(o, fields, field):
    card = x.incoming(o)
    values = {"main_executor_id": o.executor.pk, "text": "Підготувати", "deadline_days": 5, **fields}
    with pytest.raises(ValidationFailed) as exc:
        services.resolution_create(actor=o.head, community=o.community, document_id=card.pk, **values)
    assert field in exc.value.fields
    card.refresh_from_db()
    assert not Resolution.objects.exists() and card.status == Status.REGISTERED and not card.under_control


def test_another_communitys_card_and_officials_are_not_found(o, other_community):
    stranger_office = x.office(other_community)
    card = x.incoming(stranger_office)
    with pytest.raises(NotFound):
        x.resolve(o, card)
    mine = x.incoming(o)
    with pytest.raises(ValidationFailed) as exc:
        x.resolve(o, mine, executor=stranger_office.executor)
    assert "main_executor_id" in exc.value.fields


def test_the_executor_drafts_the_answer_prefilled_and_linked(o):
    card = x.incoming(o)
    x.resolve(o, card)
    reply = services.reply_draft_create(actor=o.executor, community=o.community, document_id=card.pk)
    assert reply.journal_id == o.outgoing_journal.pk and reply.status == Status.DRAFT
    assert reply.correspondent_org == card.correspondent_org and card.reg_index in reply.summary
    assert DocumentLink.objects.filter(from_document=reply, to_document=card, kind="reply_to").exists()
    with pytest.raises(PermissionDenied):
        services.reply_draft_create(actor=o.approvers[0], community=o.community, document_id=card.pk)


def _decide(o, route, approver, decision="approve", **extra):
    step = route.steps.get(approver=approver, state=StepState.PENDING)
    return services.step_decide(actor=approver, community=o.community, step_id=step.pk, decision=decision, **extra)


def test_a_sequential_route_opens_one_approver_after_another_then_the_signer(o):
    card = x.incoming(o)
    x.resolve(o, card)
    route = x.route(o, x.answer(o, card))
    states = lambda: list(route.steps.order_by("stage").values_list("state", flat=True))  # noqa: E731
    assert states() == ["pending", "waiting", "waiting"]
    with pytest.raises(PermissionDenied):  # the second approver does not act before the first
        services.step_decide(actor=o.approvers[1], community=o.community,
                             step_id=route.steps.get(approver=o.approvers[1]).pk, decision="approve")
    _decide(o, route, o.approvers[0])
    assert states() == ["approved", "pending", "waiting"]
    _decide(o, route, o.approvers[1])
    _decide(o, route, o.approvers[2])
    route.refresh_from_db()
    assert route.state == RouteState.APPROVED
    assert Notification.objects.filter(user=o.signer, event="docflow.sign").count() == 1


def test_a_mixed_route_waits_for_every_parallel_approver_of_a_stage(o):
    card = x.incoming(o)
    x.resolve(o, card)
    a, b, c = o.approvers
    route = x.route(o, x.answer(o, card), stages=[[a.pk, b.pk], [c.pk]])
    _decide(o, route, b)
    assert route.steps.get(approver=c).state == StepState.WAITING
    _decide(o, route, a)
    assert route.steps.get(approver=c).state == StepState.PENDING


def test_returned_with_a_comment_goes_back_to_the_author_and_is_resubmitted(o):
    card = x.incoming(o)
    x.resolve(o, card)
    route = x.route(o, x.answer(o, card))
    with pytest.raises(ValidationFailed) as exc:
        _decide(o, route, o.approvers[0], "return")
    assert "comment" in exc.value.fields
    _decide(o, route, o.approvers[0], "return", comment="Уточніть суму")
    route.refresh_from_db()
    assert route.state == RouteState.RETURNED
    assert set(route.steps.exclude(state="returned").values_list("state", flat=True)) == {"cancelled"}
    assert Notification.objects.filter(user=o.executor, event="docflow.returned").exists()
    services.route_resubmit(actor=o.executor, community=o.community, route_id=route.pk)
    route.refresh_from_db()
    assert route.state == RouteState.IN_APPROVAL and route.round == 2
    assert route.steps.filter(round=2, state=StepState.PENDING).get().approver == o.approvers[0]


def test_delegation_is_recorded_and_the_delegate_decides(o):
    card = x.incoming(o)
    x.resolve(o, card)
    route = x.route(o, x.answer(o, card), stages=[[o.approvers[0].pk]])
    _decide(o, route, o.approvers[0], "delegate", delegate_to_id=o.dept_head.pk, comment="У відпустці")
    new = route.steps.get(approver=o.dept_head)
    assert new.delegated_from.approver == o.approvers[0] and new.state == StepState.PENDING
    _decide(o, route, o.dept_head)
    route.refresh_from_db()
    assert route.state == RouteState.APPROVED
    assert AuditEvent.objects.filter(action="docflow.step.delegate").exists()


def test_a_decided_step_does_not_move_again(o):
    card = x.incoming(o)
    x.resolve(o, card)
    route = x.route(o, x.answer(o, card), stages=[[o.approvers[0].pk]])
    step = route.steps.get()
    services.step_decide(actor=o.approvers[0], community=o.community, step_id=step.pk, decision="approve")
    with pytest.raises(Conflict):
        services.step_decide(actor=o.approvers[0], community=o.community, step_id=step.pk, decision="return",
                             comment="ні")
    with pytest.raises(NotFound):  # somebody else's step
        services.step_decide(actor=o.approvers[1], community=o.community, step_id=step.pk, decision="approve")


def test_route_needs_the_answer_file_and_officials(o):
    card = x.incoming(o)
    x.resolve(o, card)
    reply = services.reply_draft_create(actor=o.executor, community=o.community, document_id=card.pk)
    with pytest.raises(ValidationFailed) as exc:
        services.route_start(actor=o.executor, community=o.community, document_id=reply.pk, signer_id=999999,
                             stages=[[o.approvers[0].pk, o.approvers[0].pk]])
    assert {"attachments", "signer_id", "stages"} <= set(exc.value.fields)
    assert not reply.routes.exists()


def _signed(o):
    card = x.incoming(o)
    x.resolve(o, card)
    reply = x.answer(o, card)
    route = x.route(o, reply, stages=[])
    assert route.state == RouteState.APPROVED  # no approvers: straight to the signer
    services.route_sign(actor=o.signer, community=o.community, route_id=route.pk)
    return card, reply, route


def test_signing_records_a_simple_signature_of_each_current_version(o):
    card, reply, route = _signed(o)
    signature = Signature.objects.get(route=route)
    version = reply.attachments.get().versions.get()
    assert signature.sha256 == version.sha256 and signature.kind == "simple" and signature.signer == o.signer
    assert signature.certificate_subject == "" and signature.signature is None
    with pytest.raises(Conflict):
        services.route_sign(actor=o.signer, community=o.community, route_id=route.pk)


def test_a_qualified_signature_without_a_configured_verifier_is_refused(o):
    card = x.incoming(o)
    x.resolve(o, card)
    route = x.route(o, x.answer(o, card), stages=[])
    version = route.document.attachments.get().versions.get()
    with pytest.raises(ValidationFailed) as exc:
        services.route_sign(actor=o.signer, community=o.community, route_id=route.pk,
                            signatures={version.pk: b"0\x82 not checked"})
    assert "signatures" in exc.value.fields
    route.refresh_from_db()
    assert route.state == RouteState.APPROVED and not Signature.objects.exists()
    with pytest.raises(PermissionDenied):
        services.route_sign(actor=o.approvers[0], community=o.community, route_id=route.pk)


def test_the_office_registers_and_sends_by_email_and_the_resolution_is_done(o, django_capture_on_commit_callbacks):
    card, reply, route = _signed(o)
    with pytest.raises(PermissionDenied):
        services.letter_send(actor=o.executor, community=o.community, document_id=reply.pk, method="post")
    with pytest.raises(ValidationFailed) as exc:
        services.letter_send(actor=o.clerk, community=o.community, document_id=reply.pk, method="email",
                             address="not an address")
    assert "address" in exc.value.fields
    with django_capture_on_commit_callbacks(execute=True):
        dispatch = services.letter_send(actor=o.clerk, community=o.community, document_id=reply.pk, method="email",
                                        address="oda@example.org")
    reply.refresh_from_db()
    card.refresh_from_db()
    dispatch.refresh_from_db()
    assert reply.status == Status.SENT and reply.reg_index.endswith("-Х") and dispatch.state == "sent"
    assert mail.outbox[-1].to == ["oda@example.org"] and len(mail.outbox[-1].attachments) == 1
    assert card.status == Status.DONE and not card.under_control
    assert Resolution.objects.get().on_time is True


def test_paper_letters_are_marked_sent_by_post(o):
    _card, reply, _route = _signed(o)
    dispatch = services.letter_send(actor=o.clerk, community=o.community, document_id=reply.pk, method="post")
    assert dispatch.state == "sent" and Dispatch.objects.count() == 1


def test_control_reminders_once_each_and_one_escalation(o):
    card = x.incoming(o)
    res = x.resolve(o, card, days=2)
    today = timezone.localdate()
    first = services.control_sweep(actor=SYSTEM, community=o.community, today=today)
    again = services.control_sweep(actor=SYSTEM, community=o.community, today=today)
    assert first["reminders"] == 1 and again == {"reminders": 0, "escalations": 0}
    reminders = ControlEvent.objects.filter(kind="reminder").values_list("days_before", flat=True)
    assert sorted(reminders) == [3]  # 2 working days left: the 3-day reminder, not yet the 1-day one
    late = res.deadline + timedelta(days=1)
    assert services.control_sweep(actor=SYSTEM, community=o.community, today=late)["escalations"] == 1
    assert services.control_sweep(actor=SYSTEM, community=o.community, today=late)["escalations"] == 0
    assert Notification.objects.filter(event="docflow.overdue", user=o.dept_head).count() == 1
    assert Notification.objects.filter(event="docflow.overdue", user=o.clerk).count() == 1


def test_extension_with_a_reason_and_the_completion_mark(o):
    card = x.incoming(o)
    res = x.resolve(o, card, days=2)
    with pytest.raises(ValidationFailed) as exc:
        services.resolution_extend(actor=o.head, community=o.community, resolution_id=res.pk, reason="",
                                   deadline_days=10)
    assert "reason" in exc.value.fields
    with pytest.raises(PermissionDenied):
        services.resolution_extend(actor=o.executor, community=o.community, resolution_id=res.pk, reason="x",
                                   deadline_days=10)
    services.resolution_extend(actor=o.head, community=o.community, resolution_id=res.pk,
                               reason="Потрібні дані з області", deadline_days=10)
    res.refresh_from_db()
    card.refresh_from_db()
    assert card.control_deadline == res.deadline and ControlEvent.objects.filter(kind="extension").count() == 1
    services.control_complete(actor=o.clerk, community=o.community, document_id=card.pk, note="Виконано")
    card.refresh_from_db()
    res.refresh_from_db()
    assert not card.under_control and card.status == Status.DONE and res.state == "done" and res.on_time
