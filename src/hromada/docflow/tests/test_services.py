"""Docflow services: journals and their index patterns, drafts, registration (numbers, indexes, refusals that
consume nothing), corrections after registration, links, registration from other capabilities, policies."""

from __future__ import annotations

import inspect

import pytest
from conftest import make_member
from django.utils import timezone
from django.utils.translation import override

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.docflow import services
from hromada.docflow.models import Document, DocumentLink, Journal, JournalSequence, Status

from . import factories as f

YY = timezone.localdate().year % 100


@pytest.mark.parametrize("pattern, field_problem", [
    ("{seq}/{foo}", "Unknown placeholder: {foo}"), ("{year}", "must contain {seq}"), ("{seq", "not closed"),
    ("", "Give an index pattern"), ("{seq}" + "x" * 100, "At most")])
def test_bad_index_patterns_are_refused_on_their_field(community, community_admin, pattern, field_problem):
    with pytest.raises(ValidationFailed) as exc, override("en"):
        services.journal_create(actor=community_admin, community=community, kind="incoming", title="В",
                                index_pattern=pattern)
    assert any(field_problem in str(m) for m in exc.value.fields["index_pattern"]), exc.value.fields
    assert not Journal.objects.exists()


def test_only_admins_set_up_journals_and_titles_are_unique(community, community_admin, official):
    with pytest.raises(PermissionDenied):
        services.journal_create(actor=official, community=community, kind="incoming", title="Вхідні")
    journal = services.journal_create(actor=community_admin, community=community, kind="incoming", title="Вхідні",
                                      index_pattern="{kind}-{seq}")
    with pytest.raises(Conflict) as exc:
        services.journal_create(actor=community_admin, community=community, kind="outgoing", title="Вхідні")
    assert "title" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.journal_update(actor=community_admin, community=community, journal_id=journal.pk, colour="red")
    assert "colour" in exc.value.fields
    changed = services.journal_update(actor=community_admin, community=community, journal_id=journal.pk,
                                      index_pattern="{seq}/{yy}")
    assert changed.index_pattern == "{seq}/{yy}"


def test_registration_numbers_each_journal_and_year_from_one(community):
    incoming = f.journal(community)
    outgoing = f.journal(community, kind="outgoing", title="Вихідні", pattern="{kind}-{seq}")
    first, second = f.registered(community, incoming), f.registered(community, incoming)
    letter = f.registered(community, outgoing)
    assert [first.reg_index, second.reg_index, letter.reg_index] == [f"1/{YY:02d}", f"2/{YY:02d}", "Х-1"]
    assert (first.status, first.reg_date, first.reg_number) == (Status.REGISTERED, timezone.localdate(), 1)
    assert JournalSequence.objects.get(journal=incoming).last_number == 2


def test_index_with_department_and_case(community, community_admin):
    journal = f.journal(community, pattern="{dept}-{case}/{seq}")
    dept = f.office(community)
    case = services.file_plan_case_create(actor=community_admin, community=community, year=timezone.localdate().year,
                                          index="01-12", title="Листування з ОДА", retention="5 р., ст. 22")
    document = f.draft(community, journal)
    with pytest.raises(ValidationFailed) as exc:
        services.document_register(actor=community_admin, community=community, document_id=document.pk)
    assert set(exc.value.fields) == {"department_id", "case_id"}
    assert not JournalSequence.objects.filter(journal=journal, last_number__gt=0).exists()  # no number consumed
    services.document_update(actor=community_admin, community=community, document_id=document.pk,
                             department_id=dept.pk, case_id=case.pk)
    registered = services.document_register(actor=community_admin, community=community, document_id=document.pk)
    assert registered.reg_index == "Канцелярія-01-12/1" and registered.registered_by == community_admin


def test_a_case_of_another_year_is_refused(community, community_admin):
    journal = f.journal(community)
    old = services.file_plan_case_create(actor=SYSTEM, community=community, year=2001, index="01-01", title="Накази")
    document = f.draft(community, journal, case_id=old.pk)
    with pytest.raises(ValidationFailed) as exc:
        services.document_register(actor=community_admin, community=community, document_id=document.pk)
    assert "case_id" in exc.value.fields
    assert Document.objects.get(pk=document.pk).status == Status.DRAFT


def test_registering_twice_is_a_conflict_and_changes_nothing(community, community_admin):
    document = f.registered(community, f.journal(community))
    with pytest.raises(Conflict):
        services.document_register(actor=community_admin, community=community, document_id=document.pk)
    assert Document.objects.get(pk=document.pk).reg_number == 1


@pytest.mark.parametrize("field, value", [
    ("summary", "   "), ("summary", "x" * 4001), ("kind", "poem"), ("access", "secret"), ("sheets", 0),
    ("sheets", "many"), ("attachment_sheets", -1), ("received_date", "31.12.2024"), ("received_date", "2999-01-01"),
    ("correspondent_org", "x" * 301), ("department_id", 987654), ("case_id", "abc")])
def test_bad_card_input_writes_nothing(community, community_admin, field, value):
    journal = f.journal(community)
    values = {"summary": "Лист", field: value}
    with pytest.raises(ValidationFailed) as exc:
        services.document_draft_create(actor=community_admin, community=community, journal_id=journal.pk, **values)
    assert field in exc.value.fields
    assert not Document.objects.exists()


def test_another_communitys_journal_department_and_card_are_not_found(community, other_community, community_admin):
    theirs = f.journal(other_community)
    with pytest.raises(ValidationFailed) as exc:
        f.draft(community, theirs, actor=community_admin)
    assert "journal_id" in exc.value.fields
    card = f.draft(other_community, theirs)
    for call in (lambda: services.document_register(actor=community_admin, community=community, document_id=card.pk),
                 lambda: services.document_update(actor=community_admin, community=community, document_id=card.pk,
                                                  summary="Моє"),
                 lambda: services.journal_update(actor=community_admin, community=community, journal_id=theirs.pk,
                                                 title="Моє")):
        with pytest.raises(NotFound):
            call()
    assert Document.objects.get(pk=card.pk).summary != "Моє"


def test_who_may_draft_and_register(community, official, resident, moderator):
    journal = f.journal(community)
    for outsider in (resident, moderator):
        with pytest.raises(PermissionDenied):
            f.draft(community, journal, actor=outsider)
    document = f.draft(community, journal, actor=official)  # any official drafts
    with pytest.raises(PermissionDenied):
        services.document_register(actor=official, community=community, document_id=document.pk)
    clerk = f.clerk(community)
    assert services.document_register(actor=clerk, community=community, document_id=document.pk).reg_number == 1


def test_restricted_cards_are_hidden_from_other_departments(community, official):
    journal = f.journal(community)
    secret = f.draft(community, journal, access="official_use")
    with pytest.raises(NotFound):
        services.document_update(actor=official, community=community, document_id=secret.pk, summary="x")
    own = f.draft(community, journal, access="personal_data", actor=official)
    assert services.document_update(actor=official, community=community, document_id=own.pk,
                                    summary="Виправлено").summary == "Виправлено"


def test_after_registration_only_correctable_requisites_change(community, official):
    clerk = f.clerk(community)
    journal = f.journal(community)
    other = f.journal(community, title="Інший")
    document = f.draft(community, journal, actor=official)
    services.document_register(actor=clerk, community=community, document_id=document.pk)
    with pytest.raises(PermissionDenied):  # the author no longer edits a registered card
        services.document_update(actor=official, community=community, document_id=document.pk, summary="x")
    with pytest.raises(ValidationFailed) as exc:
        services.document_update(actor=clerk, community=community, document_id=document.pk, journal_id=other.pk,
                                 kind="order")
    assert set(exc.value.fields) == {"journal_id", "kind"}
    services.document_update(actor=clerk, community=community, document_id=document.pk, summary="Уточнено",
                             sheets=3)
    event = AuditEvent.objects.filter(action="docflow.document.changed").latest("pk")
    assert event.data["fields"] == ["sheets", "summary"]


def test_links_between_cards(community, community_admin):
    journal = f.journal(community)
    incoming, answer = f.registered(community, journal), f.draft(community, journal)
    link = services.document_link(actor=community_admin, community=community, document_id=answer.pk,
                                  to_document_id=incoming.pk, kind="reply_to")
    assert (link.from_document, link.to_document) == (answer, incoming)
    with pytest.raises(Conflict):
        services.document_link(actor=community_admin, community=community, document_id=answer.pk,
                               to_document_id=incoming.pk, kind="reply_to")
    for to, kind, field in ((answer.pk, "related", "to_document_id"), (incoming.pk, "cites", "kind"),
                            (987654, "related", "to_document_id")):
        with pytest.raises(ValidationFailed) as exc:
            services.document_link(actor=community_admin, community=community, document_id=answer.pk,
                                   to_document_id=to, kind=kind)
        assert field in exc.value.fields
    assert DocumentLink.objects.count() == 1


def test_other_capabilities_register_through_one_idempotent_service(community, resident):
    f.journal(community, kind="appeals", title="Звернення громадян", pattern="{kind}-{seq}")
    first = services.document_register_from(actor=SYSTEM, community=community, source_app="appeals", source_id="42",
                                            journal_kind="appeals", summary="Яма на дорозі", kind="appeal",
                                            correspondent_name="Петренко П. П.")
    again = services.document_register_from(actor=SYSTEM, community=community, source_app="appeals",
                                            source_id="42", journal_kind="appeals", summary="Яма на дорозі")
    assert first.pk == again.pk and first.reg_index == "З-1" and first.access == "personal_data"
    with pytest.raises(Conflict) as exc:
        services.document_register_from(actor=SYSTEM, community=community, source_app="petitions", source_id="1",
                                        journal_kind="public_info", summary="Запит")
    assert "journal_kind" in exc.value.fields
    with pytest.raises(PermissionDenied):
        services.document_register_from(actor=resident, community=community, source_app="appeals", source_id="43",
                                        journal_kind="appeals", summary="x")
    assert Document.objects.count() == 1


def test_search_text_follows_the_card(community):
    document = f.registered(community, f.journal(community), correspondent_org="Київська ОДА")
    assert "київська ода" in document.search_text and document.reg_index in document.search_text


def test_an_official_of_another_community_is_refused(community, other_community):
    journal = f.journal(community)
    stranger = make_member(other_community, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        f.draft(community, journal, actor=stranger)


def test_every_public_function_of_the_services_package_is_a_service():
    public = [name for name in services.__all__ if inspect.isfunction(getattr(services, name))]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
