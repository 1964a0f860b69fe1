"""Enrolment's pages through the real test client and database: the public institutions, groups and queues (codes,
never names; pinned queries), the parent's form (strong identity, what to fix, nothing written on bad input), the
parent's page (positions, offer, withdraw, the proof of inclusion), and the staff pages (documents, rounds, offers,
enrolment) with who may see them. No page offers a way to move an application."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.transparency.services import transparency_publish
from hromada.enrollment import services
from hromada.enrollment.models import Application, Claim, ClaimState, Offer, OfferState, Status
from hromada.enrollment.tests import factories as f

pytestmark = pytest.mark.django_db


_url, _client = f.page_url, f.web_client


@pytest.fixture
def kindergarten(community, department):
    return f.institution(community, department=department, groups=2, capacity=2)


# --- public pages -------------------------------------------------------------------------------------------------


def test_empty_list_says_nothing_is_published(community):
    page = _client().get(_url(community))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="uk"' in html and 'class="empty"' in html


def test_institutions_list_filters_by_kind_and_search_in_any_case(community, kindergarten):
    f.institution(community, kind="school", name="Ліцей № 7")
    html = _client().get(_url(community)).content.decode()
    assert "Садок «Сонечко»" in html and "Ліцей № 7" in html
    schools = _client().get(_url(community), {"kind": "school"}).content.decode()
    assert "Ліцей № 7" in schools and "Сонечко" not in schools
    found = _client().get(_url(community), {"q": "СОНЕЧКО"}).content.decode()
    assert "Садок «Сонечко»" in found and "Ліцей № 7" not in found
    assert _client().get(_url(community), {"kind": "castle"}).status_code == 200  # a bad filter shows all, no 500


def test_institution_page_shows_groups_and_free_places(community, kindergarten):
    institution, groups = kindergarten
    page = _client().get(_url(community, f"institutions/{institution.pk}/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert all(g.name in html for g in groups)
    assert f'href="/c/{community.slug}/enrollment/groups/{groups[0].pk}/"' in html


def test_queue_shows_codes_categories_and_positions_never_names(community, kindergarten, django_assert_max_num_queries):
    _institution, groups = kindergarten
    category = services.category_save(actor=SYSTEM, community=community, name="Діти військовослужбовців", rank=1)
    first = f.file(community, f.parent(community), groups[:1], name="Олена Перша")
    second = f.file(community, f.parent(community), groups[:1], name="Богдан Другий",
                    claims={category.pk: [f.pdf()]})
    claim = Claim.objects.get(application=second)
    services.claim_verify(actor=SYSTEM, community=community, claim_id=claim.pk)
    page = _client().get(_url(community, f"groups/{groups[0].pk}/"))
    html = page.content.decode()
    assert page.status_code == 200
    assert first.code in html and second.code in html and "Діти військовослужбовців" in html
    assert "Олена" not in html and "Богдан" not in html
    # The verified category comes first, whatever the filing order.
    assert html.index(second.code) < html.index(first.code)

    client = _client()
    client.get(_url(community, f"groups/{groups[0].pk}/"))
    with django_assert_max_num_queries(8) as few:
        client.get(_url(community, f"groups/{groups[0].pk}/"))
    for n in range(12):
        f.file(community, f.parent(community), groups[:1], name=f"Дитина {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(_url(community, f"groups/{groups[0].pk}/")).status_code == 200


def test_list_page_queries_do_not_grow_with_rows(community, django_assert_max_num_queries):
    f.institution(community, name="Садок 1")
    client = _client()
    client.get(_url(community))
    with django_assert_max_num_queries(8) as few:
        client.get(_url(community))
    for n in range(2, 25):
        f.institution(community, name=f"Садок {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(_url(community), {"page": "2"})
    assert page.status_code == 200


def test_another_communitys_institution_and_group_are_not_found(community, other_community):
    theirs, groups = f.institution(other_community)
    client = _client()
    assert client.get(_url(community, f"institutions/{theirs.pk}/")).status_code == 404
    assert client.get(_url(community, f"groups/{groups[0].pk}/")).status_code == 404
    assert client.get(_url(community, "groups/99999999/")).status_code == 404


# --- filing an application ----------------------------------------------------------------------------------------


def test_filing_needs_sign_in_and_a_strong_identity(community, kindergarten):
    anonymous = _client().get(_url(community, "apply/"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    weak = make_member(community, Role.RESIDENT)
    page = _client(weak).get(_url(community, "apply/"))
    assert page.status_code == 403 and "/profile/" in page.content.decode()
    assert _client(weak).post(_url(community, "apply/"), {"child_name": "x"}).status_code == 403
    assert not Application.objects.exists()


def _form(groups, **extra) -> dict:
    data = {"child_name": "Марко Петренко", "child_birth_date": f.birth_for().isoformat(),
            "birth_certificate": "І-ЖС 654321", "address": "вул. Шевченка, 5", "group_1": str(groups[0].pk),
            "group_2": "", "group_3": "", "start_date": date(f.start_year(), 9, 1).isoformat()}
    data.update(extra)
    return data


def test_filing_with_a_priority_and_its_proof(community, kindergarten):
    _institution, groups = kindergarten
    category = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=2)
    parent = f.parent(community)
    client = _client(parent)
    form = client.get(_url(community, "apply/"), {"group": groups[1].pk})
    assert form.status_code == 200
    assert f'<option value="{groups[1].pk}" selected>' in form.content.decode()
    data = _form(groups, group_2=str(groups[1].pk), **{f"category_{category.pk}": "on",
                                                       f"proof_{category.pk}": f.pdf("dovidka.pdf")})
    done = client.post(_url(community, "apply/"), data)
    application = Application.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/enrollment/mine/{application.pk}/")
    assert application.parent == parent
    assert list(application.choices.order_by("preference").values_list("group_id", flat=True)) == [g.pk for g in groups]
    claim = Claim.objects.get(application=application)
    assert claim.category == category and claim.documents.count() == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"child_name": ""}, "child_name"),
    ({"child_birth_date": "31.02.2020"}, "child_birth_date"),
    ({"birth_certificate": "123"}, "birth_certificate"),
    ({"group_1": "999999"}, "group_1"),
    ({"start_date": "2001-09-01"}, "start_date"),
])
def test_bad_input_says_what_to_fix_and_writes_nothing(community, kindergarten, change, field):
    _institution, groups = kindergarten
    client = _client(f.parent(community))
    page = client.post(_url(community, "apply/"), _form(groups, **change))
    assert page.status_code == 400
    html = page.content.decode()
    assert 'class="form-errors"' in html and f'href="#id_{field}"' in html
    assert not Application.objects.exists()


def test_a_repeated_group_and_a_category_without_proof_are_refused(community, kindergarten):
    _institution, groups = kindergarten
    category = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=2)
    client = _client(f.parent(community))
    same = client.post(_url(community, "apply/"), _form(groups, group_2=str(groups[0].pk)))
    assert same.status_code == 400 and 'href="#id_group_1"' in same.content.decode()
    unproven = client.post(_url(community, "apply/"), _form(groups, **{f"category_{category.pk}": "on"}))
    assert unproven.status_code == 400 and f'href="#id_proof_{category.pk}"' in unproven.content.decode()
    not_a_pdf = client.post(_url(community, "apply/"), _form(groups, **{
        f"category_{category.pk}": "on", f"proof_{category.pk}": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}))
    assert not_a_pdf.status_code == 400 and f'href="#id_proof_{category.pk}"' in not_a_pdf.content.decode()
    assert not Application.objects.exists()


def test_the_same_child_twice_is_a_conflict(community, kindergarten):
    _institution, groups = kindergarten
    client = _client(f.parent(community))
    assert client.post(_url(community, "apply/"), _form(groups)).status_code == 302
    again = client.post(_url(community, "apply/"), _form(groups, group_1=str(groups[1].pk)))
    assert again.status_code == 409 and 'class="form-errors"' in again.content.decode()
    assert Application.objects.count() == 1


# --- the parent's pages -------------------------------------------------------------------------------------------


def test_my_applications_position_history_and_proof_of_inclusion(community, kindergarten):
    _institution, groups = kindergarten
    parent = f.parent(community)
    f.file(community, f.parent(community), groups[:1])
    mine = f.file(community, parent, groups)
    transparency_publish(actor=SYSTEM, community=community)
    client = _client(parent)
    listing = client.get(_url(community, "mine/"))
    assert listing.status_code == 200 and mine.code in listing.content.decode()
    page = client.get(_url(community, f"mine/{mine.pk}/"))
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r"2\s+\S+\s+2", html), "second of two in the first group"
    event = mine.events.get(kind="filed")
    assert event.leaf_hash in html and "tools/hromada_log_verify.py" in html
    assert f"http://testserver/c/{community.slug}/api/v1/transparency --state log.json --leaf-hash" in html


def test_someone_elses_application_is_not_found(community, kindergarten, department):
    _institution, groups = kindergarten
    application = f.file(community, f.parent(community), groups[:1])
    official = make_member(community, Role.OFFICIAL, department=department)
    for person in (f.parent(community), official):
        assert _client(person).get(_url(community, f"mine/{application.pk}/")).status_code == 404
        assert _client(person).post(_url(community, f"mine/{application.pk}/withdraw/"),
                                    {"confirm": "on"}).status_code == 404
    assert Application.objects.get(pk=application.pk).status == Status.WAITING


def test_withdraw_needs_the_confirmation(community, kindergarten):
    _institution, groups = kindergarten
    parent = f.parent(community)
    application = f.file(community, parent, groups[:1])
    client = _client(parent)
    assert client.post(_url(community, f"mine/{application.pk}/withdraw/")).status_code == 400
    assert Application.objects.get(pk=application.pk).status == Status.WAITING
    done = client.post(_url(community, f"mine/{application.pk}/withdraw/"), {"confirm": "on"})
    assert done.status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.WITHDRAWN
    again = client.post(_url(community, f"mine/{application.pk}/withdraw/"), {"confirm": "on"})
    assert again.status_code == 409


def test_parent_accepts_or_declines_an_offer(community, kindergarten):
    _institution, groups = kindergarten
    first, second = f.parent(community), f.parent(community)
    a = f.file(community, first, groups[:1])
    b = f.file(community, second, groups[:1])
    services.round_open(actor=SYSTEM, community=community, group_id=groups[0].pk, accept_days=3)
    offer_a, offer_b = Offer.objects.get(application=a), Offer.objects.get(application=b)
    page = _client(first).get(_url(community, f"mine/{a.pk}/"))
    assert f"/offers/{offer_a.pk}/accept/" in page.content.decode()
    # Another parent's offer, through one's own application's address: not found, nothing changes.
    assert _client(first).post(_url(community, f"mine/{a.pk}/offers/{offer_b.pk}/accept/")).status_code == 404
    assert _client(first).post(_url(community, f"mine/{a.pk}/offers/{offer_a.pk}/accept/")).status_code == 302
    assert _client(second).post(_url(community, f"mine/{b.pk}/offers/{offer_b.pk}/decline/")).status_code == 302
    assert Offer.objects.get(pk=offer_a.pk).state == OfferState.ACCEPTED
    assert Offer.objects.get(pk=offer_b.pk).state == OfferState.DECLINED
    twice = _client(first).post(_url(community, f"mine/{a.pk}/offers/{offer_a.pk}/accept/"))
    assert twice.status_code == 409


# --- staff pages --------------------------------------------------------------------------------------------------


@pytest.fixture
def claimed(community, kindergarten):
    _institution, groups = kindergarten
    category = services.category_save(actor=SYSTEM, community=community, name="Діти військовослужбовців", rank=1)
    application = f.file(community, f.parent(community), groups[:1], claims={category.pk: [f.pdf()]})
    return Claim.objects.get(application=application)


def test_staff_pages_are_not_found_for_residents(community, claimed, resident):
    document = claimed.documents.get()
    for path in ("staff/", "staff/rounds/", f"documents/{document.pk}/"):
        assert _client(resident).get(_url(community, path)).status_code == 404
    assert _client(resident).post(_url(community, f"staff/claims/{claimed.pk}/verify/")).status_code == 404
    assert Claim.objects.get(pk=claimed.pk).state == ClaimState.CLAIMED


def test_officials_of_another_department_do_not_see_the_claim(community, claimed):
    from hromada.core.identity.models import Department

    other = Department.objects.create(community=community, name="Відділ транспорту")
    official = make_member(community, Role.OFFICIAL, department=other)
    page = _client(official).get(_url(community, "staff/"))
    assert page.status_code == 200 and claimed.application.code not in page.content.decode()
    assert _client(official).get(_url(community, f"documents/{claimed.documents.get().pk}/")).status_code == 404
    assert _client(official).post(_url(community, f"staff/claims/{claimed.pk}/verify/")).status_code == 404


def test_official_verifies_or_refuses_documents(community, claimed, department, kindergarten):
    official = make_member(community, Role.OFFICIAL, department=department)
    client = _client(official)
    page = client.get(_url(community, "staff/"))
    assert page.status_code == 200 and claimed.application.code in page.content.decode()
    document = claimed.documents.get()
    download = client.get(_url(community, f"documents/{document.pk}/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert client.post(_url(community, f"staff/claims/{claimed.pk}/refuse/"), {"reason": " "}).status_code == 400
    assert Claim.objects.get(pk=claimed.pk).state == ClaimState.CLAIMED
    assert client.post(_url(community, f"staff/claims/{claimed.pk}/verify/")).status_code == 302
    assert Claim.objects.get(pk=claimed.pk).state == ClaimState.VERIFIED
    _institution, groups = kindergarten
    category = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=2)
    other = f.file(community, f.parent(community), groups[1:], claims={category.pk: [f.pdf()]})
    second = Claim.objects.get(application=other)
    done = client.post(_url(community, f"staff/claims/{second.pk}/refuse/"), {"reason": "Довідка нечитабельна"})
    assert done.status_code == 302
    second.refresh_from_db()
    assert second.state == ClaimState.REFUSED and second.reason == "Довідка нечитабельна"


def test_staff_open_a_round_see_offers_and_confirm_enrolment(community, kindergarten, department):
    _institution, groups = kindergarten
    parent = f.parent(community)
    application = f.file(community, parent, groups[:1])
    admin = make_member(community, Role.ADMIN)
    client = _client(admin)
    assert client.post(_url(community, "staff/rounds/"), {"group": "", "accept_days": "0"}).status_code == 400
    opened = client.post(_url(community, "staff/rounds/"), {"group": str(groups[0].pk), "accept_days": "3"})
    assert opened.status_code == 302
    offer = Offer.objects.get(application=application)
    round_page = client.get(opened["Location"])
    assert round_page.status_code == 200 and application.code in round_page.content.decode()
    again = client.post(_url(community, "staff/rounds/"), {"group": str(groups[0].pk), "accept_days": "3"})
    assert again.status_code == 409  # one open round per group
    assert client.get(_url(community, "staff/rounds/")).status_code == 200
    services.offer_accept(actor=parent, community=community, offer_id=offer.pk)
    assert client.post(_url(community, f"staff/offers/{offer.pk}/enrol/")).status_code == 302
    assert Application.objects.get(pk=application.pk).status == Status.ENROLLED


def test_no_page_offers_to_move_an_application(community, claimed, department, kindergarten):
    _institution, groups = kindergarten
    services.round_open(actor=SYSTEM, community=community, group_id=groups[0].pk, accept_days=3)
    admin = make_member(community, Role.ADMIN)
    client = _client(admin)
    round_id = Offer.objects.values_list("round_id", flat=True).first()
    pages = ["", f"groups/{groups[0].pk}/", "staff/", "staff/rounds/", f"staff/rounds/{round_id}/"]
    for path in pages:
        html = client.get(_url(community, path)).content.decode()
        fields = set(re.findall(r'name="([^"]+)"', html))
        assert not fields & {"position", "order", "rank", "priority", "move", "filed_at"}, (path, fields)
        assert not re.search(r"/(move|reorder|up|down)/", html), path
