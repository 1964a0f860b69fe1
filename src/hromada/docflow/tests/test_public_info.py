"""Public information requests through the services and the pages: registration in the journal, the terms in
working days, extension with notice, answer and refusal by email, the register without personal data, the
requester's private link, the office's pages, bad input, the rate limit and another community."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import make_user
from django.core import mail
from django.test import Client, TestCase

from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.docflow.models import Document, InfoRequest, Journal
from hromada.docflow.public_info import services
from hromada.docflow.public_info.links import link_token

from . import factories as f

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=KYIV)
PERSON = {"requester_name": "Тарас Приватний", "email": "taras.pryvatnyi@example.org",
          "postal_address": "вул. Тиха, 7, кв. 3"}


def _submit(community, *, actor=SYSTEM, summary: str = "Кошторис ремонту школи № 3 на 2026 рік", **extra):
    values = {**PERSON, "summary": summary, "text": "Прошу надати копію кошторису. Мій телефон 0501234567.",
              "reply_by": "email", **extra}
    with after_commit():
        return services.info_request_submit(actor=actor, community=community, **values)


def after_commit():
    """Run what the service scheduled after its commit (the test's transaction never commits)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_a_request_registers_itself_and_is_due_in_five_working_days(community, monday):
    item = _submit(community)
    assert item.deadline == date(2026, 3, 9)  # Mon + 5 working days
    document = item.document
    assert document.is_registered and document.kind == "info_request" and document.access == "personal_data"
    assert document.journal.kind == "public_info" and document.reg_index.startswith("І-1/")
    assert document.correspondent_name == PERSON["requester_name"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [PERSON["email"]]
    assert document.reg_index in mail.outbox[0].subject
    assert f"/public-info/{item.pk}/{link_token(item)}/" in mail.outbox[0].body
    second = _submit(community)
    assert Journal.objects.filter(community=community, kind="public_info").count() == 1
    assert second.document.reg_number == document.reg_number + 1


def test_extension_to_twenty_working_days_once_within_the_term_with_a_notice(community, monday):
    item = _submit(community)
    clerk = f.clerk(community)
    mail.outbox.clear()
    with after_commit():
        extended = services.info_request_extend(actor=clerk, community=community, info_request_id=item.pk,
                                                reason="Потрібен пошук в архіві за 10 років.")
    assert extended.deadline == date(2026, 3, 30) and extended.status == "extended"
    assert "30.03.2026" in mail.outbox[0].body and "пошук в архіві" in mail.outbox[0].body
    with pytest.raises(Conflict):
        services.info_request_extend(actor=clerk, community=community, info_request_id=item.pk, reason="Ще раз")
    late = _submit(community)
    monday.move_to(datetime(2026, 3, 10, 9, 0, tzinfo=KYIV), tick=False)
    with pytest.raises(Conflict) as refused:
        services.info_request_extend(actor=clerk, community=community, info_request_id=late.pk, reason="Пізно")
    assert "reason" in refused.value.fields


def test_answer_and_refusal_go_to_the_requester_and_close_the_request(community, monday):
    clerk = f.clerk(community)
    first, second = _submit(community), _submit(community)
    mail.outbox.clear()
    with after_commit():
        services.info_request_answer(actor=clerk, community=community, info_request_id=first.pk,
                                     answer="Кошторис додано: 1 250 000 грн.")
    assert "1 250 000 грн" in mail.outbox[0].body
    with pytest.raises(Conflict):
        services.info_request_refuse(actor=clerk, community=community, info_request_id=first.pk,
                                     ground="not_holder", explanation="x")
    with pytest.raises(ValidationFailed) as bad:
        services.info_request_refuse(actor=clerk, community=community, info_request_id=second.pk,
                                     ground="because", explanation="")
    assert set(bad.value.fields) == {"ground", "explanation"}
    with after_commit():
        refused = services.info_request_refuse(actor=clerk, community=community, info_request_id=second.pk,
                                               ground="restricted", explanation="Інформація з обмеженим доступом.")
    assert refused.status == "refused" and refused.answered_at is not None
    assert "обмеженим доступом" in mail.outbox[-1].body


def test_bad_requests_are_refused_per_field_and_write_nothing(community):
    with pytest.raises(ValidationFailed) as bad:
        services.info_request_submit(actor=SYSTEM, community=community, requester_name=" ", summary="",
                                     text="x" * 10_001, email="not-an-email", reply_by="pigeon")
    assert set(bad.value.fields) == {"requester_name", "summary", "text", "email", "reply_by"}
    with pytest.raises(ValidationFailed) as no_address:
        services.info_request_submit(actor=SYSTEM, community=community, requester_name="Я", summary="Тема",
                                     text="Текст", reply_by="post")
    assert set(no_address.value.fields) == {"postal_address"}
    assert not InfoRequest.objects.exists() and not Document.objects.exists()


def test_only_the_office_processes_and_another_community_finds_nothing(community, other_community, resident):
    item = _submit(community)
    with pytest.raises(PermissionDenied):
        services.info_request_answer(actor=resident, community=community, info_request_id=item.pk, answer="x")
    foreign_clerk = f.clerk(other_community)


    with pytest.raises(NotFound):
        services.info_request_answer(actor=foreign_clerk, community=other_community, info_request_id=item.pk,
                                     answer="x")


def test_the_public_register_shows_no_personal_data_and_searches_cyrillic(community, monday,
                                                                          django_assert_num_queries):
    item = _submit(community)
    _submit(community, summary="Перелік земельних ділянок")
    services.info_request_refuse(actor=SYSTEM, community=community, info_request_id=item.pk,
                                 ground="not_holder", explanation="Не володіємо.")
    client = _client()
    page = client.get(f"/c/{community.slug}/public-info/").content.decode()
    assert "Кошторис ремонту школи" in page and "Перелік земельних ділянок" in page
    for private in (*PERSON.values(), "0501234567", "Не володіємо"):
        assert private not in page
    found = client.get(f"/c/{community.slug}/public-info/", {"q": "КОШТОРИС"}).content.decode()
    assert "Кошторис ремонту" in found and "земельних" not in found
    refused = client.get(f"/c/{community.slug}/public-info/", {"status": "refused"}).content.decode()
    assert "Кошторис ремонту" in refused and "земельних" not in refused
    for _ in range(30):
        _submit(community, summary="Ще один запит")
    with django_assert_num_queries(2):  # the count and the page; the community comes from the cache
        assert client.get(f"/c/{community.slug}/public-info/", {"page": 2}).status_code == 200


def test_the_web_form_for_anyone_then_the_private_link(community, monday):
    client = _client()
    response = client.post(f"/c/{community.slug}/public-info/new/", {
        **PERSON, "reply_by": "email", "summary": "Розклад автобусів", "text": "Прошу надати розклад."})
    item = InfoRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{item.pk}/{link_token(item)}/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Розклад автобусів" in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    assert client.get(f"/c/{community.slug}/public-info/{item.pk}/{'0' * 40}/").status_code == 404
    assert client.get(f"/c/{community.slug}/public-info/{item.pk}/").status_code == 302  # sign in first
    stranger = _client(make_user())
    assert stranger.get(f"/c/{community.slug}/public-info/{item.pk}/").status_code == 404


def test_the_web_form_answers_400_with_fields_and_429_past_the_limit(community, frozen_clock):
    client = _client()
    bad = client.post(f"/c/{community.slug}/public-info/new/", {"reply_by": "post", "summary": "Тема",
                                                                 "text": "Текст", "requester_name": "Я"})
    assert bad.status_code == 400 and "Вкажіть поштову адресу для відповіді" in bad.content.decode()
    assert not InfoRequest.objects.exists()
    good = {**PERSON, "reply_by": "email", "summary": "Тема", "text": "Текст"}
    codes = [client.post(f"/c/{community.slug}/public-info/new/", good).status_code for _ in range(10)]
    assert codes == [302] * 9 + [429]  # ten attempts an hour from one address; the refused one counted too
    assert InfoRequest.objects.count() == 9


def test_a_signed_in_requester_sees_their_own_requests(community):
    person = make_user()
    item = _submit(community, actor=person)
    client = _client(person)
    mine = client.get(f"/c/{community.slug}/public-info/mine/").content.decode()
    assert item.document.reg_index in mine
    own = client.get(f"/c/{community.slug}/public-info/{item.pk}/")
    assert own.status_code == 200 and "Мій телефон" in own.content.decode()


def test_the_office_pages_answer_extend_and_refuse(community, other_community, resident, monday):
    item = _submit(community)
    clerk = _client(f.clerk(community))
    base = f"/c/{community.slug}/public-info/office"
    queue = clerk.get(f"{base}/").content.decode()
    assert item.document.reg_index in queue and PERSON["requester_name"] in queue
    assert _client(resident).get(f"{base}/").status_code == 404
    assert _client(resident).get(f"{base}/{item.pk}/").status_code == 404
    foreign = _client(f.clerk(other_community))
    assert foreign.get(f"/c/{other_community.slug}/public-info/office/{item.pk}/").status_code == 404
    detail = clerk.get(f"{base}/{item.pk}/").content.decode()
    assert PERSON["email"] in detail and "Мій телефон" in detail
    bad = clerk.post(f"{base}/{item.pk}/refuse/", {"ground": "nope", "explanation": ""})
    assert bad.status_code == 400
    extended = clerk.post(f"{base}/{item.pk}/extend/", {"reason": "Великий обсяг даних"})
    assert extended.status_code == 302
    answered = clerk.post(f"{base}/{item.pk}/answer/", {"answer": "Відповідь додано."})
    assert answered.status_code == 302
    item.refresh_from_db()
    assert item.status == "answered" and item.answer == "Відповідь додано."
    assert clerk.post(f"{base}/{item.pk}/answer/", {"answer": "Ще раз"}).status_code == 400


def test_link_tokens_are_long_and_differ_between_requests(community):
    first, second = _submit(community), _submit(community)
    assert re.fullmatch(r"[0-9a-f]{40}", link_token(first)) and link_token(first) != link_token(second)


def test_the_demo_has_requests_in_every_state_and_a_mailbox(community):
    from hromada.docflow.models import IntakeMailbox
    from hromada.docflow.public_info.demo import load

    f.journal(community)
    load(community)
    states = set(InfoRequest.objects.filter(community=community).values_list("status", flat=True))
    assert states == {"pending", "extended", "answered", "refused"}
    overdue = InfoRequest.objects.filter(community=community, status="pending", deadline__lt=date.today())
    assert overdue.count() == 1 and IntakeMailbox.objects.filter(community=community).count() == 1
    assert not mail.outbox  # the demo answers by post: no emails to invented people


def test_the_office_takes_personal_data_out_of_the_public_subject(community, resident):
    item = _submit(community, summary="Тарас Приватний просить кошторис")
    clerk = _client(f.clerk(community))
    base = f"/c/{community.slug}/public-info/office/{item.pk}"
    assert clerk.post(f"{base}/retitle/", {"summary": " "}).status_code == 400
    assert clerk.post(f"{base}/retitle/", {"summary": "Кошторис ремонту"}).status_code == 302
    register = _client().get(f"/c/{community.slug}/public-info/", {"q": "кошторис"}).content.decode()
    assert "Кошторис ремонту" in register and "Тарас" not in register
    with pytest.raises(PermissionDenied):
        services.info_request_retitle(actor=resident, community=community, info_request_id=item.pk, summary="x")
