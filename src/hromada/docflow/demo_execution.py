"""Demo data of execution: resolution chains, approval routes in progress and returned, signed letters sent by
email and by post, and overdue documents escalated. Written through the services by the demo's people (the
admin resolves as the head; the department heads resolve down the chain); only the passage of time is simulated,
by moving dates of a few rows back."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.demo.people import demo_people

from . import services
from .models import Document, FilePlanCase, JournalKind, Resolution, Status

PER_SIZE = {"small": 12, "medium": 24, "large": 48}


def _answer(community, card, executor):
    reply = services.reply_draft_create(actor=executor, community=community, document_id=card.pk)
    case = FilePlanCase.objects.filter(community=community, index="01-12").first()  # outgoing correspondence
    if case is not None:
        services.document_update(actor=SYSTEM, community=community, document_id=reply.pk, case_id=case.pk)
    services.attachment_add(actor=executor, community=community, document_id=reply.pk, title="Відповідь",
                            upload=ContentFile(f"Щодо {card.reg_index}: відповідь виконавчого комітету.\n".encode(),
                                               name="vidpovid.txt"))
    return reply


def _age(resolution: Resolution, *, days_ago: int, deadline_days_ago: int) -> None:
    """Move a resolution back in time (the demo's only shortcut: time cannot pass while it loads)."""
    now = timezone.now()
    Resolution.objects.filter(pk=resolution.pk).update(
        created_at=now - timedelta(days=days_ago), deadline=timezone.localdate() - timedelta(days=deadline_days_ago))
    Document.objects.filter(pk=resolution.document_id).update(
        control_deadline=timezone.localdate() - timedelta(days=deadline_days_ago))


def load(community, *, size: str = "small") -> None:
    people = demo_people(community)
    head, staff = people.admin, people.officials
    if len(staff) < 4:
        return
    cards = list(Document.objects.filter(community=community, journal__kind=JournalKind.INCOMING,
                                         status=Status.REGISTERED).order_by("pk")[:PER_SIZE.get(size, 12)])
    signer = staff[-1]
    for n, card in enumerate(cards):
        executor, helper = staff[n % (len(staff) - 1)], staff[(n + 1) % (len(staff) - 1)]
        scenario = n % 6
        resolution = services.resolution_create(
            actor=head, community=community, document_id=card.pk, main_executor_id=executor.pk,
            co_executor_ids=[helper.pk] if scenario in (0, 1) else [], deadline_days=10 + n % 5,
            text="Підготувати відповідь та погодити з профільними відділами")
        if scenario == 0:  # a chain: the head to a department head, who resolves to an executor
            services.resolution_create(actor=executor, community=community, document_id=card.pk,
                                       main_executor_id=helper.pk, deadline_days=5,
                                       text="Опрацювати та підготувати проєкт відповіді")
        elif scenario in (1, 2, 3, 4):
            reply = _answer(community, card, executor)
            approvers = [s for s in staff if s.pk not in (executor.pk, signer.pk)][:3]
            stages = [[approvers[0].pk, approvers[1].pk], [approvers[2].pk]] if scenario == 1 else \
                [[a.pk] for a in approvers[:2]] if scenario == 2 else []
            route = services.route_start(actor=executor, community=community, document_id=reply.pk,
                                         signer_id=signer.pk, stages=stages)
            if scenario == 1:  # in progress: the first stage half approved
                step = route.steps.get(approver=approvers[0])
                services.step_decide(actor=approvers[0], community=community, step_id=step.pk, decision="approve")
            elif scenario == 2:  # returned to the author with a comment
                step = route.steps.get(approver=approvers[0])
                services.step_decide(actor=approvers[0], community=community, step_id=step.pk, decision="return",
                                     comment="Додайте посилання на рішення виконкому та уточніть строки.")
            else:  # signed, registered and sent
                services.route_sign(actor=signer, community=community, route_id=route.pk)
                services.letter_send(actor=SYSTEM, community=community, document_id=reply.pk,
                                     method="post" if scenario == 3 else "email",
                                     address="" if scenario == 3 else "kancelyariya@oda.example.org")
        else:  # overdue, escalated by the control sweep
            _age(resolution, days_ago=30, deadline_days_ago=3 + n % 4)
    services.control_sweep(actor=SYSTEM, community=community)
