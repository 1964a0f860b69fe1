"""Appeals and petitions flow into the document workflow by themselves (core.records, docflow.flows): filing,
assignment and answer become a registered card, a resolution and an answer letter; docflow's resolution and answer
letter reach the appeal through appeals' services; with docflow disabled nothing is registered."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.test import Client

from hromada.appeals import services as appeals
from hromada.appeals.tests.factories import make_appeal, make_category
from hromada.core import records
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.docflow import flows, services
from hromada.docflow.models import Document, DocumentLink, JournalKind, LinkKind, Status
from hromada.docflow.models_execution import Resolution, ResolutionState

from . import execution_factories as x
from .factories import journal


@pytest.fixture
def journals(community):
    return {"appeals": journal(community, kind=JournalKind.APPEALS, title="Звернення", pattern="{kind}-{seq}"),
            "outgoing": journal(community, kind=JournalKind.OUTGOING, title="Вихідні", pattern="{seq}/{yy}")}


@pytest.fixture
def category(community, department):
    return make_category(community, "light", fallback=department)


@pytest.fixture
def file_appeal(community, resident, category, django_capture_on_commit_callbacks):
    def file(**extra):
        with django_capture_on_commit_callbacks(execute=True):
            return make_appeal(community, resident, category, contact_name="Петренко Марія", **extra)
    return file


def card_of(community, appeal) -> Document:
    return Document.objects.get(community=community, source_app="appeals", source_id=str(appeal.pk))


def test_a_filed_appeal_is_a_registered_card_with_the_next_index(community, journals, file_appeal, department):
    first, second = file_appeal(), file_appeal(description="Яма на дорозі")
    cards = [card_of(community, first), card_of(community, second)]
    assert [c.reg_index for c in cards] == ["З-1", "З-2"]
    assert all(c.journal_id == journals["appeals"].pk and c.status == Status.REGISTERED for c in cards)
    assert cards[0].kind == "appeal" and cards[0].access == "personal_data"
    assert cards[0].correspondent_name == "Петренко Марія" and cards[0].department_id == department.pk
    assert cards[1].summary.startswith(f"{second.registration_index}. ") and "Яма на дорозі" in cards[1].summary


def test_retries_and_replays_register_once(community, journals, file_appeal):
    appeal = file_appeal()
    event = records.RecordEvent(name="appeals.appeal.filed", community_id=community.pk, source_app="appeals",
                                source_id=str(appeal.pk))
    assert records.deliver(event) == 1 and records.deliver(event) == 1
    assert flows.catch_up(community, "appeals") == 1
    assert Document.objects.filter(community=community, source_app="appeals").count() == 1
    assert card_of(community, appeal).reg_number == 1


def test_assignment_becomes_a_resolution_and_the_answer_an_outgoing_letter(
        community, journals, file_appeal, official, django_capture_on_commit_callbacks):
    appeal = file_appeal()
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    card = card_of(community, appeal)
    resolution = Resolution.objects.get(document=card)
    assert resolution.main_executor_id == official.pk and resolution.state == ResolutionState.ACTIVE
    assert appeal.registration_index in resolution.text
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_answer(actor=official, community=community, appeal_id=appeal.pk,
                              text="Ліхтар замінено 12 числа, дякуємо за звернення.")
    letter = Document.objects.get(community=community, source_app="appeals", source_id=f"{appeal.pk}/answer")
    assert letter.journal_id == journals["outgoing"].pk and letter.status == Status.REGISTERED
    assert letter.reg_index.startswith("1/") and "Ліхтар замінено" in letter.summary
    assert DocumentLink.objects.filter(from_document=letter, to_document=card, kind=LinkKind.REPLY_TO).exists()
    resolution.refresh_from_db()
    assert resolution.state == ResolutionState.DONE


def test_docflow_disabled_for_the_community_appeals_work_and_nothing_is_registered(
        community, journals, file_appeal, official, django_capture_on_commit_callbacks):
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "docflow"]
    community.save(update_fields=["enabled_capabilities"])
    appeal = file_appeal()
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
        appeals.appeal_answer(actor=official, community=community, appeal_id=appeal.pk, text="Відповідь надано.")
    appeal.refresh_from_db()
    assert appeal.status == "answered" and appeal.registration_index
    assert not Document.objects.filter(community=community).exists()


def test_without_docflow_installed_no_task_is_even_enqueued(community, category, resident, monkeypatch,
                                                              django_capture_on_commit_callbacks):
    from hromada.core import capabilities

    registry = {slug: m for slug, m in capabilities._registry.items() if slug != "docflow"}
    monkeypatch.setattr(capabilities, "_registry", registry)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        appeal = make_appeal(community, resident, category)
    assert appeal.pk and records.handlers_for("appeals.appeal.filed") == []
    assert not any("records" in repr(getattr(cb, "__code__", cb)) for cb in callbacks)
    assert not Document.objects.exists()


def test_no_journal_yet_registers_nothing_and_catching_up_later_does(community, file_appeal):
    appeal = file_appeal()
    assert not Document.objects.filter(community=community).exists()
    journal(community, kind=JournalKind.APPEALS, title="Звернення", pattern="{kind}-{seq}")
    assert flows.catch_up(community, "appeals") == 1
    assert card_of(community, appeal).reg_index == "З-1"


def test_filing_costs_the_same_queries_with_docflow_on_or_off(community, journals, category, resident,
                                                              django_assert_num_queries):
    make_appeal(community, resident, category)  # the year's counter row exists from here on
    with django_assert_num_queries(FILING_QUERIES):
        make_appeal(community, resident, category)
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "docflow"]
    community.save(update_fields=["enabled_capabilities"])
    with django_assert_num_queries(FILING_QUERIES):
        make_appeal(community, resident, category)


FILING_QUERIES = 17  # 16, and since issue 21 one more: which recipients a chat channel reaches (assistant on)


def _appeal_of_the_office(community, resident, capture):
    """The execution office, the appeals journal, and an appeal filed to the office's department with its card."""
    o = x.office(community)
    journal(community, kind=JournalKind.APPEALS, title="Звернення", pattern="{kind}-{seq}")
    category = make_category(community, "roads", fallback=o.dept)
    with capture(execute=True):
        appeal = make_appeal(community, resident, category)
    return o, appeal, card_of(community, appeal)


def test_a_resolution_and_a_sent_answer_letter_in_docflow_reach_the_appeal_and_open311_follows(
        community, resident, community_admin, django_capture_on_commit_callbacks):
    o, appeal, card = _appeal_of_the_office(community, resident, django_capture_on_commit_callbacks)
    open311 = f"/c/{community.slug}/open311/v2/requests/{appeal.registration_index}.json"
    with django_capture_on_commit_callbacks(execute=True):
        # an admin resolves the card (it holds personal data) to an executor of the appeal's department
        x.resolve(o, card, actor=community_admin)
    appeal.refresh_from_db()
    assert appeal.owner_id == o.executor.pk and appeal.status == "assigned"
    assert Resolution.objects.filter(document=card).count() == 1  # the assignment's own event found it made
    reply = x.answer(o, card)
    # the card holds personal data: its department's head signs the answer
    route = services.route_start(actor=o.executor, community=community, document_id=reply.pk,
                                 signer_id=o.dept_head.pk, stages=[])
    services.route_sign(actor=o.dept_head, community=community, route_id=route.pk)
    assert Client().get(open311).json()[0]["status"] == "open"
    with django_capture_on_commit_callbacks(execute=True):
        # the office sends it; appeals records the answer as the executor, its process owner
        services.letter_send(actor=o.clerk, community=community, document_id=reply.pk, method="post")
    reply.refresh_from_db()
    appeal.refresh_from_db()
    assert appeal.status == "answered" and reply.reg_index in appeal.response_text
    assert card.reg_index in appeal.response_text  # the letter's summary names the card it answers
    assert Client().get(open311).json()[0]["status"] == "closed"
    # the appeal's own "answered" event found the letter there: no second letter
    assert DocumentLink.objects.filter(to_document=card, kind=LinkKind.REPLY_TO).count() == 1


def test_an_official_outside_the_appeal_cannot_answer_it_through_docflow(
        community, journals, file_appeal, django_capture_on_commit_callbacks):
    appeal = file_appeal()
    card = card_of(community, appeal)
    stranger = make_member(community, Role.OFFICIAL)
    event = records.RecordEvent(name="docflow.document.resolved", community_id=community.pk, source_app="appeals",
                                source_id=str(appeal.pk), actor_id=stranger.pk,
                                data={"document_id": card.pk, "executor_id": stranger.pk})
    records.deliver(event)
    appeal.refresh_from_db()
    assert appeal.owner_id is None and appeal.status == "registered"


def test_a_petition_under_consideration_is_registered_and_its_answer_is_a_letter(
        community, journals, community_admin, django_capture_on_commit_callbacks):
    from hromada.petitions import services as petitions
    from hromada.petitions.tests.factories import collecting, reach_threshold, set_settings, strong_resident

    set_settings(community, threshold=1)
    petition = collecting(community, strong_resident(community))
    with django_capture_on_commit_callbacks(execute=True):
        reach_threshold(community, petition)
    card = Document.objects.get(community=community, source_app="petitions", source_id=str(petition.pk))
    assert card.kind == "petition" and card.status == Status.REGISTERED and petition.title in card.summary
    petition.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        petitions.petition_answer(actor=community_admin, community=community, petition=petition,
                                  text="Рада підтримала петицію і виділила кошти.", decision="supported")
    letter = Document.objects.get(community=community, source_app="petitions", source_id=f"{petition.pk}/answer")
    assert DocumentLink.objects.filter(from_document=letter, to_document=card, kind=LinkKind.REPLY_TO).exists()


def test_a_source_shares_nothing_of_another_community(community, other_community, journals, file_appeal):
    appeal = file_appeal()
    assert records.read(other_community, "appeals", appeal.pk) is None
    assert records.read(community, "appeals", "not-a-number") is None
    assert records.read(community, "nowhere", appeal.pk) is None
    assert flows.catch_up(other_community, "appeals") == 0
    assert SYSTEM is not None


def test_the_demo_appeals_end_up_registered_through_the_same_path(db, django_capture_on_commit_callbacks):
    from hromada.appeals import demo as appeals_demo
    from hromada.demo.people import create_demo_community
    from hromada.docflow import demo

    community, _people = create_demo_community(slug="demo-flows", residents=3)
    with django_capture_on_commit_callbacks(execute=True):
        appeals_demo.load(community, size="small")
    source = records.source("appeals")
    assert source is not None
    filed = [source.read(community, pk) for pk in source.ids(community)]  # as appeals shares them
    assert filed and not Document.objects.filter(community=community).exists()  # no journal yet
    demo.load(community, size="small")
    cards = Document.objects.filter(community=community, source_app="appeals", journal__kind="appeals")
    assert set(cards.values_list("source_id", flat=True)) == {r.source_id for r in filed if r is not None}
    assert not cards.filter(reg_number__isnull=True).exists()  # registered (assigned ones are in execution since)
    assert Resolution.objects.filter(document__in=cards).count() == sum(1 for r in filed if r and r.owner_id)
    letters = Document.objects.filter(community=community, source_app="appeals", source_id__endswith="/answer")
    assert letters.count() == sum(1 for r in filed if r and r.answer)


@pytest.fixture
def petition_card(community, django_capture_on_commit_callbacks):
    """A petition that reached its threshold, assigned to the office's department, and its registered card."""
    from hromada.petitions import services as petitions
    from hromada.petitions.tests.factories import collecting, reach_threshold, set_settings, strong_resident

    def make(o):
        admin = make_member(community, Role.ADMIN)
        journal(community, kind=JournalKind.APPEALS, title="Звернення", pattern="{kind}-{seq}")
        set_settings(community, threshold=1)
        petition = collecting(community, strong_resident(community))
        with django_capture_on_commit_callbacks(execute=True):
            reach_threshold(community, petition)
            petitions.petition_assign_department(actor=admin, community=community, petition=petition,
                                                 department_id=o.dept.pk)
        petition.refresh_from_db()
        card = Document.objects.get(community=community, source_app="petitions", source_id=str(petition.pk))
        return petition, card
    return make


def _signed_answer(o, card, resolver):
    x.resolve(o, card, actor=resolver)  # the card holds personal data: an admin resolves it
    reply = x.answer(o, card)
    route = services.route_start(actor=o.executor, community=o.community, document_id=reply.pk,
                                 signer_id=o.dept_head.pk, stages=[])
    services.route_sign(actor=o.dept_head, community=o.community, route_id=route.pk)
    return reply


def test_an_answer_letter_sent_in_docflow_is_the_petitions_answer_with_the_decision(
        community, community_admin, petition_card, django_capture_on_commit_callbacks):
    from hromada.core.errors import ValidationFailed

    o = x.office(community)
    petition, card = petition_card(o)
    reply = _signed_answer(o, card, community_admin)
    with pytest.raises(ValidationFailed) as refused:  # the petition needs the council's decision
        services.letter_send(actor=o.clerk, community=community, document_id=reply.pk, method="post")
    assert "outcome" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        services.letter_send(actor=o.clerk, community=community, document_id=reply.pk, method="post",
                             outcome="maybe")
    assert "outcome" in refused.value.fields
    reply.refresh_from_db()
    assert reply.status == Status.DRAFT  # refused before anything was written
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_send(actor=o.clerk, community=community, document_id=reply.pk, method="post",
                             outcome="partly")
    petition.refresh_from_db()
    reply.refresh_from_db()
    assert petition.status == "answered" and petition.answer_decision == "partly"
    assert reply.reg_index in petition.answer_text
    # the clerk may not answer a petition: the executor who prepared the answer (its department) is recorded
    assert petition.answered_by_id == o.executor.pk
    # petitions' own "answered" event found the letter there: no second letter
    assert DocumentLink.objects.filter(to_document=card, kind=LinkKind.REPLY_TO).count() == 1
    assert not Resolution.objects.filter(document=card, state=ResolutionState.ACTIVE).exists()


def test_an_answer_letter_to_an_appeal_needs_no_outcome(community, file_appeal):
    from hromada.docflow.flows import needs_outcome

    o = x.office(community)
    journal(community, kind=JournalKind.APPEALS, title="Звернення", pattern="{kind}-{seq}")
    card = card_of(community, file_appeal())
    reply = services.reply_draft_create(actor=o.clerk, community=community, document_id=card.pk)
    assert not needs_outcome(reply) and not needs_outcome(card)


def test_a_petition_answer_event_without_a_decision_or_an_answerer_changes_nothing(
        community, petition_card):
    o = x.office(community)
    petition, card = petition_card(o)
    stranger = make_member(community, Role.OFFICIAL)
    base = {"name": "docflow.document.answered", "community_id": community.pk, "source_app": "petitions",
            "source_id": str(petition.pk)}
    letter = x.incoming(o)  # any registered card stands in as the letter the event names
    records.deliver(records.RecordEvent(**base, actor_id=o.executor.pk, data={"reply_id": letter.pk}))
    records.deliver(records.RecordEvent(**base, actor_id=stranger.pk,
                                        data={"reply_id": letter.pk, "outcome": "supported"}))
    petition.refresh_from_db()
    assert petition.status == "threshold_reached" and not petition.answer_text


def test_docflow_disabled_the_petition_is_answered_alone(community, journals, community_admin,
                                                          django_capture_on_commit_callbacks):
    from hromada.petitions import services as petitions
    from hromada.petitions.tests.factories import collecting, reach_threshold, set_settings, strong_resident

    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "docflow"]
    community.save(update_fields=["enabled_capabilities"])
    set_settings(community, threshold=1)
    petition = collecting(community, strong_resident(community))
    with django_capture_on_commit_callbacks(execute=True):
        reach_threshold(community, petition)
        petitions.petition_answer(actor=community_admin, community=community, petition=petition,
                                  text="Рада підтримала петицію і виділила кошти.", decision="supported")
    petition.refresh_from_db()
    assert petition.status == "answered" and petition.answer_decision == "supported"
    assert not Document.objects.filter(community=community).exists()


def test_reassigning_an_appeal_withdraws_the_old_executors_resolution(
        community, journals, file_appeal, department, django_capture_on_commit_callbacks):
    from hromada.core.audit.models import AuditEvent
    from hromada.docflow import selectors_execution

    first = make_member(community, Role.OFFICIAL, department=department)
    second = make_member(community, Role.OFFICIAL, department=department)
    appeal = file_appeal()
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_assign(actor=first, community=community, appeal_id=appeal.pk, owner_id=first.pk)
    card = card_of(community, appeal)
    old = Resolution.objects.get(document=card)
    assert [r.pk for r in selectors_execution.inbox_querysets(first, community)["todo"]] == [old.pk]
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_assign(actor=first, community=community, appeal_id=appeal.pk, owner_id=second.pk)
    old.refresh_from_db()
    new = Resolution.objects.get(document=card, main_executor=second)
    assert old.state == ResolutionState.CANCELLED and new.state == ResolutionState.ACTIVE
    assert old.completed_at is None and appeal.registration_index in old.completion_note
    assert list(selectors_execution.inbox_querysets(first, community)["todo"]) == []
    assert [r.pk for r in selectors_execution.inbox_querysets(second, community)["todo"]] == [new.pk]
    card.refresh_from_db()
    assert card.under_control and card.control_deadline == new.deadline
    withdrawn = AuditEvent.objects.get(community=community, action="docflow.resolution.withdrawn")
    assert withdrawn.data["resolutions"] == [old.pk] and withdrawn.data["superseded_by"] == new.pk
    # a replay of the reassignment changes nothing twice
    event = records.RecordEvent(name="appeals.appeal.assigned", community_id=community.pk, source_app="appeals",
                                source_id=str(appeal.pk), data={"previous_owner_id": first.pk})
    records.deliver(event)
    assert Resolution.objects.filter(document=card).count() == 2
    assert AuditEvent.objects.filter(action="docflow.resolution.withdrawn").count() == 1


def test_a_resolution_down_the_chain_keeps_the_one_it_is_given_under(
        community, resident, community_admin, django_capture_on_commit_callbacks):
    o, appeal, card = _appeal_of_the_office(community, resident, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        top = x.resolve(o, card, actor=community_admin, executor=o.dept_head)
    with django_capture_on_commit_callbacks(execute=True):
        child = x.resolve(o, card, actor=o.dept_head, executor=o.executor, days=3)
    appeal.refresh_from_db()
    top.refresh_from_db()
    child.refresh_from_db()
    assert appeal.owner_id == o.executor.pk and child.parent_id == top.pk
    assert top.state == ResolutionState.ACTIVE and child.state == ResolutionState.ACTIVE


def test_withdrawing_a_resolution_is_refused_to_its_executor_and_needs_a_reason(community):
    from hromada.core.errors import PermissionDenied, ValidationFailed

    o = x.office(community)
    card = x.incoming(o)
    resolution = x.resolve(o, card)
    with pytest.raises(PermissionDenied):
        services.resolution_withdraw(actor=o.executor, community=community, resolution_id=resolution.pk,
                                     reason="Не моє")
    with pytest.raises(ValidationFailed) as refused:
        services.resolution_withdraw(actor=o.head, community=community, resolution_id=resolution.pk, reason=" ")
    assert "reason" in refused.value.fields
    services.resolution_withdraw(actor=o.head, community=community, resolution_id=resolution.pk,
                                 reason="Передано іншому відділу")
    card.refresh_from_db()
    assert not card.under_control
