"""Test data of the document workflow: an office department and its clerk, journals, cases and cards, written
through the services."""

from __future__ import annotations

from conftest import make_member

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.docflow import services


def office(community) -> Department:
    """The community's office department; "Канцелярія" is the default of the office_departments setting."""
    return Department.objects.get_or_create(community=community, short_name="Канцелярія",
                                            defaults={"name": "Загальний відділ"})[0]


def clerk(community):
    return make_member(community, Role.OFFICIAL, department=office(community))


def journal(community, *, kind: str = "incoming", title: str = "Вхідні", pattern: str = "{seq}/{yy}"):
    return services.journal_create(actor=SYSTEM, community=community, kind=kind, title=title, index_pattern=pattern)


def draft(community, journal, *, actor=SYSTEM, summary: str = "Про ремонт даху школи № 3", **fields):
    return services.document_draft_create(actor=actor, community=community, journal_id=journal.pk, summary=summary,
                                          **fields)


def registered(community, journal, **fields):
    document = draft(community, journal, **fields)
    return services.document_register(actor=SYSTEM, community=community, document_id=document.pk)
