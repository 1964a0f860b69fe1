"""The parent's web gaps of issue 17, through the real test client and database: the home's point on the form (the
school's service area applies from the web exactly as from the API), the address search that sets it, a priority
category claimed after filing with its documents, and the proof documents served only to the parent and to the
staff who handle the application (private files, never cached, another community's: not found)."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.audit.models import AuditEvent
from hromada.core.geo import geocoding
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.core.transparency.models import PendingEntry
from hromada.enrollment import services
from hromada.enrollment.models import Application, Choice, Claim, ClaimState, ProofDocument, Status
from hromada.enrollment.tests import factories as f

pytestmark = pytest.mark.django_db


_url, _client = f.page_url, f.web_client


@pytest.fixture
def school(community, department):
    return f.institution(community, kind="school", name="Ліцей № 3", department=department, area=f.AREA, groups=1)


def _school_form(groups, **extra) -> dict:
    data = {"child_name": "Марко Петренко", "child_birth_date": f.birth_for("school").isoformat(),
            "birth_certificate": f.certificate(), "address": "вул. Шевченка, 5", "group_1": str(groups[0].pk),
            "group_2": "", "group_3": "", "start_date": date(f.start_year(), 9, 1).isoformat()}
    data.update(extra)
    return data


# --- the home's point -----------------------------------------------------------------------------------------------


def test_the_form_offers_a_keyboard_map_an_address_search_and_plain_coordinates(community, school, resident):
    html = _client(resident).get(_url(community, "apply/")).content.decode()
    # Without JavaScript the coordinates and the address are plain fields; the map and the search are shown by the
    # script, with the keys to move the pin said beside the map.
    assert 'name="lat"' in html and 'name="lon"' in html and 'name="address"' in html
    assert 'id="point-map"' in html and 'tabindex="0"' in html and 'role="application"' in html
    assert 'id="point-q"' in html and f'data-places="/c/{community.slug}/enrollment/places/"' in html
    assert 'role="status"' in html and "leaflet/leaflet.js" in html


@pytest.mark.parametrize(("point", "inside"), [(f.INSIDE, True), (f.OUTSIDE, False), (None, False)])
def test_the_service_area_applies_from_the_web_form_as_from_the_service(community, school, resident, point, inside):
    _institution, groups = school
    extra = {"lat": str(point[0]), "lon": str(point[1])} if point else {}
    done = _client(resident).post(_url(community, "apply/"), _school_form(groups, **extra))
    assert done.status_code == 302
    application = Application.objects.get()
    assert Choice.objects.get(application=application).in_service_area is inside
    # The same point through the service gives the same answer (one function decides it).
    same = f.file(community, f.parent(community), groups, kind="school", point=point)
    assert Choice.objects.get(application=same).in_service_area is inside
    page = _client(resident).get(_url(community, f"mine/{application.pk}/")).content.decode()
    assert ("проживає на території обслуговування" in page) is inside


def test_a_point_inside_puts_the_child_before_one_filed_earlier_outside(community, school, resident):
    _institution, groups = school
    earlier = f.file(community, f.parent(community), groups, kind="school", point=f.OUTSIDE)
    _client(resident).post(_url(community, "apply/"), _school_form(groups, lat="49.6", lon="34.55"))
    later = Application.objects.exclude(pk=earlier.pk).get()
    html = _client().get(_url(community, f"groups/{groups[0].pk}/")).content.decode()
    assert html.index(later.code) < html.index(earlier.code)


@pytest.mark.parametrize("point", [
    {"lat": "91", "lon": "34.5"}, {"lat": "49.6", "lon": "сто"}, {"lat": "49.6", "lon": ""},
    {"lat": "", "lon": "34.55"}, {"lat": "nan", "lon": "34.55"}, {"lat": "1e999", "lon": "34.55"},
])
def test_a_bad_point_names_its_field_and_writes_nothing(community, school, resident, point):
    _institution, groups = school
    page = _client(resident).post(_url(community, "apply/"), _school_form(groups, **point))
    assert page.status_code == 400
    html = page.content.decode()
    assert 'class="form-errors"' in html and ('href="#id_lat"' in html or 'href="#id_lon"' in html)
    assert not Application.objects.exists()


@pytest.fixture
def places(settings, community):
    from hromada.maps.services import layer_create, layer_import

    settings.HROMADA_GEOCODER_CACHE_SECONDS = 0
    settings.HROMADA_GEOCODER_URL = ""
    layer = layer_create(actor=SYSTEM, community=community, slug="budynky", name_uk="Будинки", is_public=True)
    layer_import(actor=SYSTEM, community=community, layer_id=layer.pk, file_format="geojson", content={
        "type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {
            "type": "Point", "coordinates": [34.551, 49.601]}, "properties": {
                "name": "Бібліотека", "address": "вул. Шевченка, 12"}}]})
    yield
    geocoding.clear_cache()


def test_the_address_search_finds_the_communitys_places(community, places, resident, other_community):
    found = _client(resident).get(_url(community, "places/"), {"q": "шевченка 12"})
    assert found.status_code == 200
    results = found.json()["results"]
    assert results[0]["label"] == "вул. Шевченка, 12" and 49.6 < results[0]["lat"] < 49.61
    neighbour = make_member(other_community, Role.RESIDENT, strong=True)
    assert _client(neighbour).get(_url(other_community, "places/"), {"q": "шевченка"}).json()["results"] == []


@pytest.mark.parametrize("query", ["", "x", "%", "a" * 5000, "'"])
def test_odd_searches_answer_an_empty_list(community, places, resident, query):
    answer = _client(resident).get(_url(community, "places/"), {"q": query})
    assert answer.status_code == 200 and answer.json()["results"] == []


def test_the_search_is_for_parents_who_may_file(community, places):
    assert _client().get(_url(community, "places/"), {"q": "шевченка"}).status_code == 302
    weak = make_member(community, Role.RESIDENT)
    assert _client(weak).get(_url(community, "places/"), {"q": "шевченка"}).status_code == 404


def test_the_search_is_rate_limited_per_person(community, places, resident, frozen_clock, monkeypatch):
    from hromada.enrollment import views

    monkeypatch.setattr(views, "PLACES_RATE", ("2/m", "100/m"))
    client = _client(resident)
    assert [client.get(_url(community, "places/"), {"q": "вул"}).status_code for _ in range(2)] == [200, 200]
    refused = client.get(_url(community, "places/"), {"q": "вул"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


# --- a priority claimed after filing --------------------------------------------------------------------------------


@pytest.fixture
def filed(community, department):
    _institution, groups = f.institution(community, department=department, groups=1)
    category = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=1,
                                      proof="Довідка ВПО.")
    parent = f.parent(community)
    return f.file(community, parent, groups), category


def test_the_parent_claims_a_category_with_documents_after_filing(community, filed):
    application, category = filed
    client = _client(application.parent)
    page = client.get(_url(community, f"mine/{application.pk}/")).content.decode()
    assert f'action="/c/{community.slug}/enrollment/mine/{application.pk}/claims/"' in page
    assert f'<option value="{category.pk}">Діти ВПО</option>' in page
    logged = PendingEntry.objects.count()
    done = client.post(_url(community, f"mine/{application.pk}/claims/"), {
        "category": str(category.pk), "documents": [f.pdf("dovidka.pdf"), f.pdf("druga.pdf")]})
    assert done.status_code == 302 and done["Location"].endswith(f"/enrollment/mine/{application.pk}/")
    claim = Claim.objects.get(application=application)
    assert claim.category == category and claim.state == ClaimState.CLAIMED
    assert sorted(claim.documents.values_list("name", flat=True)) == ["dovidka.pdf", "druga.pdf"]
    assert AuditEvent.objects.filter(action="enrollment.claim.added").count() == 1
    assert PendingEntry.objects.count() == logged + 1  # the change is on its way into the transparency log
    assert application.events.filter(kind="claimed").count() == 1
    after = client.get(_url(community, f"mine/{application.pk}/")).content.decode()
    assert "dovidka.pdf" in after and f'<option value="{category.pk}">' not in after  # claimed once


@pytest.mark.parametrize(("data", "field"), [
    ({"category": ""}, "category"),
    ({"category": "99999"}, "category"),
    ({"category": "abc"}, "category"),
    ({}, "documents"),
    ({"documents": [SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")]}, "documents"),
    ({"documents": [SimpleUploadedFile("x.pdf", b"%PDF-1.4 cut short", content_type="application/pdf")]},
     "documents"),
    ({"documents": [f.pdf(f"{n}.pdf") for n in range(6)]}, "documents"),
])
def test_a_bad_claim_names_its_field_and_writes_nothing(community, filed, data, field):
    application, category = filed
    body = {"category": str(category.pk), **data}
    if field != "documents" or "documents" in data:
        body.setdefault("documents", [f.pdf()])
    page = _client(application.parent).post(_url(community, f"mine/{application.pk}/claims/"), body)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'class="form-errors"' in html and f'href="#id_{field}"' in html
    assert not Claim.objects.exists() and not ProofDocument.objects.exists()


def test_only_the_parent_claims_and_only_while_the_application_waits(community, filed, department):
    application, category = filed
    official = make_member(community, Role.OFFICIAL, department=department)
    admin = make_member(community, Role.ADMIN)
    for person in (f.parent(community), official, admin):
        answer = _client(person).post(_url(community, f"mine/{application.pk}/claims/"),
                                      {"category": str(category.pk), "documents": [f.pdf()]})
        assert answer.status_code == 404
    anonymous = _client().post(_url(community, f"mine/{application.pk}/claims/"), {"category": str(category.pk)})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    services.application_withdraw(actor=application.parent, community=community, application_id=application.pk)
    closed = _client(application.parent)
    page = closed.get(_url(community, f"mine/{application.pk}/")).content.decode()
    assert f"mine/{application.pk}/claims/" not in page
    late = closed.post(_url(community, f"mine/{application.pk}/claims/"),
                       {"category": str(category.pk), "documents": [f.pdf()]})
    assert late.status_code == 409
    assert not Claim.objects.exists()
    assert Application.objects.get(pk=application.pk).status == Status.WITHDRAWN


def test_a_category_of_another_community_is_not_offered_nor_taken(community, other_community, filed):
    application, _category = filed
    theirs = services.category_save(actor=SYSTEM, community=other_community, name="Чужа категорія", rank=1)
    page = _client(application.parent).get(_url(community, f"mine/{application.pk}/")).content.decode()
    assert "Чужа категорія" not in page
    answer = _client(application.parent).post(_url(community, f"mine/{application.pk}/claims/"),
                                              {"category": str(theirs.pk), "documents": [f.pdf()]})
    assert answer.status_code == 400 and not Claim.objects.exists()


def test_another_communitys_application_is_not_found(community, other_community):
    _institution, groups = f.institution(other_community)
    category = services.category_save(actor=SYSTEM, community=other_community, name="Діти ВПО", rank=1)
    theirs = f.file(other_community, f.parent(other_community), groups)
    answer = _client(theirs.parent).post(_url(community, f"mine/{theirs.pk}/claims/"),
                                         {"category": str(category.pk), "documents": [f.pdf()]})
    assert answer.status_code == 404 and not Claim.objects.exists()


# --- proof documents ------------------------------------------------------------------------------------------------


@pytest.fixture
def document(community, filed):
    application, category = filed
    claim = services.claim_add(actor=application.parent, community=community, application_id=application.pk,
                               category_id=category.pk, documents=[f.pdf("dovidka.pdf")])
    return claim.documents.get()


def test_the_parent_downloads_their_own_proof(community, document, settings):
    application = document.claim.application
    page = _client(application.parent).get(_url(community, f"mine/{application.pk}/")).content.decode()
    assert f'href="/c/{community.slug}/enrollment/documents/{document.pk}/"' in page
    answer = _client(application.parent).get(_url(community, f"documents/{document.pk}/"))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Cache-Control"] == "private, no-store" and answer["X-Content-Type-Options"] == "nosniff"
    assert b"".join(answer.streaming_content) == f.PDF
    assert "dovidka" not in answer["Content-Disposition"]  # the uploaded name is never echoed in a header
    # The stored file lives in private storage, never under the public media folder.
    assert not document.file.path.startswith(str(settings.MEDIA_ROOT))


def test_staff_who_handle_the_application_download_it_and_nobody_else(community, document, department):
    official = make_member(community, Role.OFFICIAL, department=department)
    admin = make_member(community, Role.ADMIN)
    for person in (official, admin):
        assert _client(person).get(_url(community, f"documents/{document.pk}/")).status_code == 200
    elsewhere = make_member(community, Role.OFFICIAL,
                            department=Department.objects.create(community=community, name="Відділ транспорту"))
    for person in (f.parent(community), elsewhere, make_member(community, Role.MODERATOR)):
        assert _client(person).get(_url(community, f"documents/{document.pk}/")).status_code == 404
    assert _client().get(_url(community, f"documents/{document.pk}/")).status_code == 302
    assert _client(document.claim.application.parent).get(_url(community, "documents/99999999/")).status_code == 404


def test_a_document_is_not_found_through_another_community(community, other_community, document):
    parent = document.claim.application.parent
    assert _client(parent).get(_url(other_community, f"documents/{document.pk}/")).status_code == 404
    admin = make_member(other_community, Role.ADMIN)
    assert _client(admin).get(_url(other_community, f"documents/{document.pk}/")).status_code == 404


def test_the_parents_page_keeps_its_queries_with_many_documents(community, filed, django_assert_max_num_queries):
    application, category = filed
    client = _client(application.parent)
    client.get(_url(community, f"mine/{application.pk}/"))
    with django_assert_max_num_queries(40) as few:
        client.get(_url(community, f"mine/{application.pk}/"))
    services.claim_add(actor=application.parent, community=community, application_id=application.pk,
                       category_id=category.pk, documents=[f.pdf(f"{n}.pdf") for n in range(5)])
    for n in range(3):
        services.category_save(actor=SYSTEM, community=community, name=f"Категорія {n}", rank=n + 2)
    # A claim with five documents and more categories to offer: a fixed number of queries more, not one per row.
    with django_assert_max_num_queries(len(few.captured_queries) + 4):
        assert client.get(_url(community, f"mine/{application.pk}/")).status_code == 200
