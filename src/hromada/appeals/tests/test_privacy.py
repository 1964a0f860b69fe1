"""Privacy: confidential appeals and the author's personal data reach only the author and authorised staff,
on the web, in the JSON API, in Open311, in files and in open data."""

import pytest
from conftest import make_member
from django.test import Client

from hromada.appeals.selectors import opendata_rows
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, upload
from hromada.core.api.tokens import api_token_create
from hromada.core.identity.models import Department, Role

pytestmark = pytest.mark.django_db

NAME = "Приватна Особа"
EMAIL = "private.person@example.org"
PHONE = "+380 50 777 66 55"


@pytest.fixture
def author(community):
    user = make_member(community, Role.RESIDENT, email=EMAIL, name=NAME)
    user.phone = PHONE
    user.save()
    return user


@pytest.fixture
def appeals(community, author, category):
    public = make_appeal(community, author, category, description="Публічна проблема",
                         photos=[upload(jpeg_bytes())])
    secret = make_appeal(community, author, category, public=False, description="Конфіденційна скарга",
                         photos=[upload(jpeg_bytes())])
    return public, secret


@pytest.fixture
def people(community):
    other_dept = Department.objects.create(community=community, name="Other department")
    return {
        "anonymous": None,
        "stranger": make_member(community, Role.RESIDENT),
        "other_official": make_member(community, Role.OFFICIAL, department=other_dept),
    }


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _leaks(text: str) -> bool:
    return any(item in text for item in (NAME, EMAIL, PHONE))


def test_web_hides_confidential_appeals_and_personal_data(community, appeals, people, author, official, moderator):
    public, secret = appeals
    base = f"/c/{community.slug}/appeals/"
    for label, user in people.items():
        client = _client(user)
        page = client.get(f"{base}{public.pk}/")
        assert page.status_code == 200 and not _leaks(page.content.decode()), label
        assert client.get(f"{base}{secret.pk}/").status_code == 404, label
        assert client.get(f"{base}{secret.pk}/photos/{secret.photos.get().pk}").status_code == 404, label
        assert client.get(f"{base}{public.pk}/photos/{public.photos.get().pk}").status_code == 200, label
        listing = client.get(base).content.decode()
        assert "Конфіденційна" not in listing and not _leaks(listing)
    for user in (author, official, moderator):
        client = _client(user)
        page = client.get(f"{base}{secret.pk}/")
        assert page.status_code == 200 and EMAIL in page.content.decode() and PHONE in page.content.decode()
        photo = client.get(f"{base}{secret.pk}/photos/{secret.photos.get().pk}")
        assert photo.status_code == 200 and photo["Cache-Control"] == "private, no-store"


def test_api_hides_confidential_appeals_and_personal_data(community, appeals, people, author, official,
                                                          api_client_for):
    public, secret = appeals
    for label, user in people.items():
        api = api_client_for(community, user)
        assert api.get(f"appeals/{secret.pk}").status_code == 404, label
        detail = api.get(f"appeals/{public.pk}")
        assert detail.status_code == 200 and detail.json()["contact"] is None and not _leaks(detail.content.decode())
        listing = api.get("appeals/")
        assert [i["id"] for i in listing.json()["items"]] == [public.pk] and not _leaks(listing.content.decode())
        geo = api.get("appeals/geojson").content.decode()
        assert "Конфіденційна" not in geo and not _leaks(geo)
    for user in (author, official):
        body = api_client_for(community, user).get(f"appeals/{secret.pk}").json()
        assert body["contact"] == {"name": NAME, "email": EMAIL, "phone": PHONE}


def test_open311_hides_confidential_appeals_and_never_shows_personal_data(community, appeals, people, official):
    public, secret = appeals
    client = Client()
    url = f"/c/{community.slug}/open311/v2/"
    for fmt in ("json", "xml"):
        listing = client.get(f"{url}requests.{fmt}", {"extensions": "true"}).content.decode()
        assert public.registration_index in listing and secret.registration_index not in listing
        assert not _leaks(listing)
        assert client.get(f"{url}requests/{secret.registration_index}.{fmt}").status_code == 404
    stranger_key = api_token_create(actor=people["stranger"], community=community, name="x")[1]
    assert client.get(f"{url}requests/{secret.registration_index}.json", {"api_key": stranger_key}).status_code == 404
    staff_key = api_token_create(actor=official, community=community, name="x")[1]
    staff_view = client.get(f"{url}requests/{secret.registration_index}.json", {"api_key": staff_key})
    assert staff_view.status_code == 200 and not _leaks(staff_view.content.decode())
    assert staff_view.json()[0]["media_url"] == ""  # a confidential photo never gets a shareable link


def test_open_data_has_public_appeals_without_personal_data(community, appeals):
    public, secret = appeals
    rows = list(opendata_rows(community))
    assert [r["registration_index"] for r in rows] == [public.registration_index]
    assert not _leaks(repr(rows)) and "description" not in rows[0]


def test_files_are_never_under_public_media(community, appeals):
    for appeal in appeals:
        for photo in appeal.photos.all():
            assert "public" not in photo.file.name and "/private/" in photo.file.path
    assert Client().get(f"/media/public/{appeals[0].photos.get().file.name}").status_code == 404
