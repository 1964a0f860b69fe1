"""Residents without a smartphone: staff register an appeal for them (channel, consent, way of answer), the
resident gets the answer by email when they chose it, a printable answer, and the dashboard by channel."""

import pytest
from conftest import make_member
from django.core import mail

from hromada.appeals import services
from hromada.appeals.models import Appeal, Channel, ReplyBy, Source
from hromada.appeals.selectors import dashboard
from hromada.core.errors import PermissionDenied, ValidationFailed
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db

FORM = {"channel": "phone", "reply_by": "printed", "consent": "1", "contact_name": "Марія Коваленко",
        "contact_phone": "+380 50 123 45 67", "category": "light", "lat": "49.595", "lon": "34.555",
        "description": "Не світить ліхтар біля під'їзду", "address": "вул. Садова, 5"}


@pytest.fixture
def official(community, department):
    return make_member(community, Role.OFFICIAL, department=department)


def _register(community, actor, **extra):
    kwargs = {"channel": "in_person", "consent": True, "reply_by": "letter", "contact_name": "Іван Петренко",
              "postal_address": "вул. Миру, 3, кв. 4", "category_code": "light", "description": "Яма на дорозі",
              "lat": 49.595, "lon": 34.555, **extra}
    return services.appeal_register_for_resident(actor=actor, community=community, **kwargs)


def test_staff_register_an_appeal_with_channel_consent_and_way_of_answer(community, category, official):
    appeal = _register(community, official)
    assert (appeal.channel, appeal.reply_by, appeal.consent_noted) == (Channel.IN_PERSON, ReplyBy.LETTER, True)
    assert appeal.registered_by == official and appeal.source == Source.STAFF
    assert appeal.contact_name == "Іван Петренко" and appeal.postal_address == "вул. Миру, 3, кв. 4"


def test_consent_channel_and_the_contact_for_the_answer_are_required(community, category, official):
    with pytest.raises(ValidationFailed) as refused:
        _register(community, official, consent=False, channel="web", reply_by="email", contact_email="",
                  description="")
    assert {"consent", "channel", "email", "description"} <= set(refused.value.fields)
    with pytest.raises(ValidationFailed) as refused:
        _register(community, official, reply_by="phone", contact_phone=" ")
    assert set(refused.value.fields) == {"phone"}
    assert not Appeal.objects.exists()


def test_residents_cannot_register_for_others(community, category, resident):
    with pytest.raises(PermissionDenied):
        _register(community, resident)


def test_a_resident_who_chose_email_gets_each_change_by_email(community, category, official, department,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = _register(community, official, reply_by="email", contact_email="maria@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
        services.appeal_start(actor=official, community=community, appeal_id=appeal.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_answer(actor=official, community=community, appeal_id=appeal.pk, text="Яму засипано 3 грудня.")
    sent = [m for m in mail.outbox if m.to == ["maria@example.org"]]
    assert len(sent) == 3
    assert appeal.registration_index in sent[-1].subject and community.name in sent[-1].subject
    assert "Яму засипано 3 грудня." in sent[-1].body and "Іван Петренко" in sent[-1].body


def test_the_web_form_for_staff_and_the_printable_answer(community, category, official, web):
    browser = web(community, official)
    assert "Зареєструвати звернення за мешканця" in browser.get("appeals/office/").content.decode()
    response = browser.post("appeals/office/register/", {**FORM, "consent": ""})
    assert response.status_code == 400 and 'href="#id_consent"' in response.content.decode()
    response = browser.post("appeals/office/register/", FORM, follow=True)
    appeal = Appeal.objects.get()
    html = response.content.decode()
    assert f"Зареєстровано: звернення {appeal.registration_index} для Марія Коваленко" in html
    assert "/print" in html
    services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk, owner_id=official.pk)
    services.appeal_start(actor=official, community=community, appeal_id=appeal.pk)
    services.appeal_answer(actor=official, community=community, appeal_id=appeal.pk, text="Лампу замінено.")
    printed = browser.get(f"appeals/{appeal.pk}/print").content.decode()
    assert "Лампу замінено." in printed and "Марія Коваленко" in printed and 'id="print-page"' in printed
    assert web(community).get(f"appeals/{appeal.pk}/print").status_code == 404
    stranger = web(community, make_member(community, Role.RESIDENT, strong=True))
    assert stranger.get(f"appeals/{appeal.pk}/print").status_code == 404
    assert web(community, make_member(community, Role.RESIDENT, strong=True)).get(
        "appeals/office/register/").status_code == 404


def test_the_dashboard_counts_by_channel_area_and_month(community, category, official, resident, web):
    _register(community, official, channel="phone", reply_by="printed")
    _register(community, official, channel="phone", reply_by="printed")
    services.appeal_create(actor=resident, community=community, category_code="light", description="Ліхтар",
                           lat=49.595, lon=34.555)
    stats = dashboard(community=community)
    channels = {r.label: r.total for r in stats["by_channel"]}
    assert sorted(channels.values()) == [1, 2] and len(channels) == 2
    assert [r.total for r in stats["by_area"]] == [3] and len(stats["by_month"]) == 1
    html = web(community).get("appeals/dashboard/").content.decode()
    assert "телефон (гаряча лінія)" in html and 'id="by-channel"' in html and 'id="by-month"' in html and 'class="table cards-on-phone"' in html
