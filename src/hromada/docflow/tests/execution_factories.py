"""Test data of the execution part: a head who resolves, a department with its head and executors, approvers,
a signer and the office, an incoming card registered and an outgoing answer ready for its route."""

from __future__ import annotations

from dataclasses import dataclass

from conftest import make_member
from django.core.files.base import ContentFile

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Membership, Role
from hromada.docflow import services

from . import factories as f


@dataclass
class Office:
    community: object
    head: object
    dept: Department
    dept_head: object
    executor: object
    co_executor: object
    approvers: list
    signer: object
    clerk: object
    incoming_journal: object
    outgoing_journal: object


def official(community, department=None, *, position: str = ""):
    user = make_member(community, Role.OFFICIAL, department=department)
    if position:
        Membership.objects.filter(user=user).update(position=position)
    return user


def office(community) -> Office:
    dept = Department.objects.create(community=community, name="Відділ освіти", short_name="ОСВ")
    dept_head = official(community, dept, position="Начальник відділу")
    dept.head = dept_head
    dept.save()
    return Office(
        community=community, head=official(community, position="Міський голова"), dept=dept, dept_head=dept_head,
        executor=official(community, dept), co_executor=official(community, dept),
        approvers=[official(community, dept) for _ in range(3)], signer=official(community, position="Заступник"),
        clerk=f.clerk(community), incoming_journal=f.journal(community),
        outgoing_journal=f.journal(community, kind="outgoing", title="Вихідні", pattern="{seq}-Х"))


def incoming(o: Office, **fields):
    return f.registered(o.community, o.incoming_journal, correspondent_org="Обласна адміністрація",
                        department_id=o.dept.pk, **fields)


def resolve(o: Office, document, *, actor=None, executor=None, days: int = 5, **extra):
    return services.resolution_create(actor=actor or o.head, community=o.community, document_id=document.pk,
                                      main_executor_id=(executor or o.executor).pk, text="Підготувати відповідь",
                                      deadline_days=days, **extra)


def attach(community, document, actor=SYSTEM, text: bytes = b"Answer text\n"):
    return services.attachment_add(actor=actor, community=community, document_id=document.pk,
                                   upload=ContentFile(text, name="answer.txt"), title="Відповідь")


def answer(o: Office, document):
    """The executor's outgoing draft answering `document`, with its file."""
    reply = services.reply_draft_create(actor=o.executor, community=o.community, document_id=document.pk)
    attach(o.community, reply, actor=o.executor)
    return reply


def route(o: Office, reply, stages=None):
    stages = [[a.pk] for a in o.approvers] if stages is None else stages
    return services.route_start(actor=o.executor, community=o.community, document_id=reply.pk,
                                signer_id=o.signer.pk, stages=stages)
