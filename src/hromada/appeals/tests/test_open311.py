"""Open311 GeoReport v2 conformance in JSON and XML, including the spec's error bodies."""

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from conftest import make_member
from django.test import Client
from django.utils import timezone

from hromada.appeals import services
from hromada.appeals.models import Appeal
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, upload
from hromada.core.api.tokens import api_token_create
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db


def o311(community, path, fmt="json", method="get", data=None, **extra):
    client = Client()
    url = f"/c/{community.slug}/open311/v2/{path}.{fmt}"
    return getattr(client, method)(url, data or {}, **extra)


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own server output in a test


@pytest.fixture
def api_key(community, resident):
    return api_token_create(actor=resident, community=community, name="open311 app")[1]


@pytest.fixture
def rich_category(category):
    category.attributes = [{"code": "state", "description": "What is wrong?", "datatype": "singlevaluelist",
                            "required": True, "values": [{"key": "off", "name": "Off"}, {"key": "blink", "name": "Blinks"}]},
                           {"code": "kinds", "datatype": "multivaluelist", "required": False,
                            "values": [{"key": "a", "name": "A"}, {"key": "b", "name": "B"}]}]
    category.save()
    return category


def test_discovery_in_both_formats(community):
    body = o311(community, "discovery").json()
    assert body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert body["endpoints"][0]["url"].endswith(f"/c/{community.slug}/open311/v2/")
    root = xml(o311(community, "discovery", "xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.find("endpoints/endpoint/formats")] == ["text/xml", "application/json"]


def test_services_and_definitions(community, rich_category):
    services_json = o311(community, "services").json()
    assert services_json[0] == {"service_code": "light", "service_name": rich_category.name, "description": "",
                                "metadata": True, "type": "realtime", "keywords": "", "group": ""}
    root = xml(o311(community, "services", "xml"))
    assert root.tag == "services" and root.find("service/service_code").text == "light"
    assert root.find("service/metadata").text == "true"
    definition = o311(community, "services/light").json()
    assert definition["attributes"][0]["values"][1] == {"key": "blink", "name": "Blinks"}
    assert definition["attributes"][0]["required"] is True and definition["attributes"][0]["order"] == 1
    droot = xml(o311(community, "services/light", "xml"))
    assert droot.tag == "service_definition"
    assert [v.find("key").text for v in droot.find("attributes/attribute/values")] == ["off", "blink"]


def test_unknown_service_is_a_404_error_body(community, category):
    response = o311(community, "services/nope")
    body = response.json()
    assert response.status_code == 404 and len(body) == 1 and body[0]["code"] == 404 and body[0]["description"]
    root = xml(o311(community, "services/nope", "xml"))
    assert root.tag == "errors" and root.find("error/code").text == "404" and root.find("error/description").text


def test_post_creates_an_appeal_in_both_formats(community, rich_category, api_key, resident, department):
    data = {"api_key": api_key, "service_code": "light", "lat": "49.595", "long": "34.555",
            "description": "Не світить", "first_name": "Олена", "last_name": "Петренко",
            "email": "olena@example.org", "phone": "+380501112233", "address_string": "вул. Садова, 1",
            "attribute[state]": "off", "attribute[kinds][]": ["a", "b"]}
    response = o311(community, "requests", method="post", data=data)
    assert response.status_code == 200, response.content
    body = response.json()[0]
    appeal = Appeal.objects.get(registration_index=body["service_request_id"])
    assert body["token"] == str(appeal.token) and body["account_id"] == str(resident.pk)
    assert appeal.contact_name == "Олена Петренко" and appeal.contact_email == "olena@example.org"
    assert appeal.attributes == {"state": "off", "kinds": ["a", "b"]} and appeal.source == "open311"
    assert appeal.department_id == department.pk
    root = xml(o311(community, "requests", "xml", method="post", data={**data, "attribute[kinds][]": "a"}))
    assert root.tag == "service_requests" and root.find("request/service_request_id").text.startswith("20")
    tokens = o311(community, f"tokens/{appeal.token}").json()
    assert tokens == [{"service_request_id": appeal.registration_index, "token": str(appeal.token)}]
    assert o311(community, "tokens/not-a-uuid").status_code == 404


def test_post_with_media_upload(community, category, api_key):
    response = Client().post(f"/c/{community.slug}/open311/v2/requests.json", {
        "api_key": api_key, "service_code": "light", "lat": "49.595", "long": "34.555", "description": "Фото",
        "media": upload(jpeg_bytes())})
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.photos.count() == 1
    listed = o311(community, "requests", data={"service_request_id": appeal.registration_index}).json()
    assert f"/appeals/{appeal.pk}/photos/" in listed[0]["media_url"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_post_errors(community, rich_category, api_key, fmt):
    base = {"service_code": "light", "lat": "49.595", "long": "34.555", "description": "x", "attribute[state]": "off"}
    cases = [
        ({**base}, 403),  # no api_key
        ({**base, "api_key": "hro_wrong"}, 403),
        ({**base, "api_key": api_key, "service_code": ""}, 400),
        ({**base, "api_key": api_key, "service_code": "nope"}, 400),
        ({**base, "api_key": api_key, "lat": ""}, 400),
        ({**base, "api_key": api_key, "lat": "north"}, 400),
        ({**base, "api_key": api_key, "description": "x" * 4001}, 400),
        ({**base, "api_key": api_key, "attribute[state]": "boom"}, 400),
    ]
    for data, status in cases:
        response = o311(community, "requests", fmt, method="post", data=data)
        assert response.status_code == status, (data, response.content)
        if fmt == "json":
            body = response.json()
            assert isinstance(body, list) and body[0]["code"] == status and body[0]["description"]
        else:
            root = xml(response)
            assert root.tag == "errors" and root.find("error/code").text == str(status)
    assert not Appeal.objects.exists()


def test_an_api_key_of_another_community_is_refused(community, other_community, category):
    foreign = make_member(other_community, Role.RESIDENT)
    key = api_token_create(actor=foreign, community=other_community, name="x")[1]
    response = o311(community, "requests", method="post", data={"api_key": key, "service_code": "light",
                                                                "lat": "49.6", "long": "34.5", "description": "x"})
    assert response.status_code == 403


def test_get_requests_filters_and_formats(community, resident, category, official, department):
    from hromada.appeals.tests.factories import make_category

    pothole = make_category(community, "pothole", fallback=department)
    a = make_appeal(community, resident, category)
    b = make_appeal(community, resident, pothole)
    old = make_appeal(community, resident, category, at=timezone.now() - timedelta(days=120))
    services.appeal_assign(actor=official, community=community, appeal_id=b.pk, owner_id=official.pk)
    services.appeal_answer(actor=official, community=community, appeal_id=b.pk, text="Засипали яму")
    listed = o311(community, "requests").json()
    assert {r["service_request_id"] for r in listed} == {a.registration_index, b.registration_index}  # 90 days
    answered = next(r for r in listed if r["service_request_id"] == b.registration_index)
    assert answered["status"] == "closed" and "Засипали яму" in answered["status_notes"]
    assert answered["agency_responsible"] == department.name and answered["expected_datetime"]
    assert set(answered) >= {"service_request_id", "status", "status_notes", "service_name", "service_code",
                             "description", "agency_responsible", "service_notice", "requested_datetime",
                             "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
                             "long", "media_url"}
    assert [r["service_request_id"] for r in o311(community, "requests", data={"status": "open"}).json()] == [
        a.registration_index]
    assert len(o311(community, "requests", data={"service_code": "pothole,light"}).json()) == 2
    by_id = o311(community, "requests", data={"service_request_id": old.registration_index, "status": "open"}).json()
    assert [r["service_request_id"] for r in by_id] == [old.registration_index]  # ids override other filters
    start = (timezone.now() - timedelta(days=150)).isoformat()
    end = (timezone.now() - timedelta(days=100)).isoformat()
    window = o311(community, "requests", data={"start_date": start, "end_date": end}).json()
    assert [r["service_request_id"] for r in window] == [old.registration_index]
    paged = o311(community, "requests", data={"page_size": 1, "page": 2}).json()
    assert len(paged) == 1
    root = xml(o311(community, "requests", "xml"))
    assert root.tag == "service_requests" and len(root.findall("request")) == 2
    assert root.find("request/lat").text and root.find("request/long").text


def test_get_request_errors(community, category):
    cases = [
        ("requests", {"start_date": "yesterday"}, 400),
        ("requests", {"start_date": "2026-01-01T00:00:00+02:00", "end_date": "2026-06-01T00:00:00+02:00"}, 400),
        ("requests", {"status": "pending"}, 400),
        ("requests", {"page_size": "5000"}, 400),
        ("requests", {"page": "x"}, 400),
        ("requests/2026-99999", {}, 404),
        ("nonsense", {}, 404),
    ]
    for fmt in ("json", "xml"):
        for path, params, status in cases:
            response = o311(community, path, fmt, data=params)
            assert response.status_code == status, (path, params, response.content)
            if fmt == "xml":
                assert xml(response).find("error/code").text == str(status)
            else:
                assert response.json()[0]["code"] == status


def test_extensions_add_notes(community, public_appeal, official):
    services.appeal_assign(actor=official, community=community, appeal_id=public_appeal.pk, owner_id=official.pk)
    plain = o311(community, f"requests/{public_appeal.registration_index}").json()[0]
    assert "notes" not in plain
    rich = o311(community, f"requests/{public_appeal.registration_index}", data={"extensions": "true"}).json()[0]
    assert [n["type"] for n in rich["notes"]] == ["registered", "assigned"]
    assert rich["extended_attributes"][0]["detailed_status"] == "assigned"
    root = xml(o311(community, f"requests/{public_appeal.registration_index}", "xml", data={"extensions": "true"}))
    assert [n.find("type").text for n in root.findall("request/notes/note")] == ["registered", "assigned"]


def test_jurisdiction_id_selects_the_community(community, other_community, public_appeal, settings):
    client = Client()
    # A bare install with two communities: jurisdiction_id is required and selects one.
    bare = client.get("/open311/v2/requests.json")
    assert bare.status_code == 400 and bare.json()[0]["code"] == 400
    chosen = client.get("/open311/v2/requests.json", {"jurisdiction_id": community.slug}).json()
    assert [r["service_request_id"] for r in chosen] == [public_appeal.registration_index]
    assert client.get("/open311/v2/requests.json", {"jurisdiction_id": other_community.slug}).json() == []
    assert client.get("/open311/v2/requests.json", {"jurisdiction_id": "nowhere"}).status_code == 404
    # Under a community's prefix another jurisdiction is not reachable.
    crossed = client.get(f"/c/{other_community.slug}/open311/v2/requests.json", {"jurisdiction_id": community.slug})
    assert crossed.status_code == 404


def test_xml_survives_control_characters(community, resident, category):
    make_appeal(community, resident, category, description="Погано\x01 видно\x0b")
    root = xml(o311(community, "requests", "xml"))
    assert root.find("request/description").text == "Погано видно"
