"""Bad input never yields a 500 on any appeals endpoint (web, API, Open311) and writes nothing."""

import pytest
from django.test import Client

from hromada.appeals.models import Appeal, AppealEvent
from hromada.core.api.tokens import api_token_create

pytestmark = pytest.mark.django_db

JUNK = ["", " ", "x", "-1", "0", "99999999999999999999", "1e309", "nan", "NaN", "inf", "null", "[]", "{}",
        "\x00", "%", "ü" * 300, "1,2,3,4", "2026-13-45T99:99:99", "'; drop table x; --"]


def test_web_and_api_reads_never_fail(community, public_appeal, official):
    client = Client()
    client.force_login(official)
    base = f"/c/{community.slug}"
    for value in JUNK:
        for path, params in (
            ("/appeals/", {"category": value, "status": value, "area": value, "q": value, "page": value}),
            ("/appeals/map.geojson", {"bbox": value, "area": value, "status": value}),
            ("/appeals/nearby/", {"category": value, "lat": value, "lon": value}),
            ("/appeals/office/", {"department": value, "overdue": value, "due_soon": value, "page": value}),
            ("/api/v1/appeals/", {"bbox": value, "area": value, "page": value, "page_size": value}),
            ("/api/v1/appeals/queue", {"department": value, "overdue": value}),
            ("/api/v1/appeals/nearby", {"category": value, "lat": value, "lon": value}),
            ("/api/v1/appeals/geojson", {"bbox": value}),
        ):
            response = client.get(base + path, params)
            assert response.status_code < 500, (path, value, response.status_code)


def test_writes_with_junk_never_fail_and_change_nothing(community, public_appeal, official):
    client = Client()
    client.force_login(official)
    events = AppealEvent.objects.count()
    for value in JUNK:
        for action in ("assign", "answer", "reject", "redirect", "extend", "category", "note"):
            data = {"owner_id": value, "text": value, "reason": value, "to": value, "until": value,
                    "category": value}
            if value.strip() and action in ("answer", "reject", "redirect", "note"):
                continue  # a non-blank text is valid input for these
            response = client.post(f"/c/{community.slug}/appeals/{public_appeal.pk}/act/{action}", data)
            assert response.status_code < 500, (action, value)
    huge = "9" * 25
    for path in (f"appeals/{huge}/", f"appeals/{huge}/act/close", f"appeals/{public_appeal.pk}/photos/{huge}",
                 f"appeals/{huge}/follow", f"api/v1/appeals/{huge}", f"api/v1/appeals/{huge}/notes"):
        assert client.get(f"/c/{community.slug}/{path}").status_code in (404, 405), path
        assert client.post(f"/c/{community.slug}/{path}").status_code in (400, 404, 405), path
    assert AppealEvent.objects.count() == events
    assert Appeal.objects.get(pk=public_appeal.pk).status == public_appeal.status


def test_open311_never_fails(community, public_appeal, resident):
    key = api_token_create(actor=resident, community=community, name="x")[1]
    client = Client()
    base = f"/c/{community.slug}/open311/v2/"
    count = Appeal.objects.count()
    for value in JUNK:
        for fmt in ("json", "xml"):
            for path, params in (
                (f"requests.{fmt}", {"start_date": value, "end_date": value, "status": value, "page": value,
                                     "page_size": value, "service_request_id": value, "service_code": value,
                                     "updated_after": value, "jurisdiction_id": value.strip() or "alpha"}),
                (f"requests/{value or 'x'}.{fmt}", {}),
                (f"tokens/{value or 'x'}.{fmt}", {}),
                (f"services/{value or 'x'}.{fmt}", {}),
            ):
                response = client.get(base + path, params)
                assert response.status_code < 500, (path, value)
            response = client.post(base + f"requests.{fmt}", {
                "api_key": key, "service_code": value, "lat": value, "long": value, "description": value,
                "email": value, "attribute[state]": value, "attribute[x][]": [value, value]})
            assert response.status_code in (400, 403, 404, 429), (value, response.status_code)
    assert Appeal.objects.count() == count
