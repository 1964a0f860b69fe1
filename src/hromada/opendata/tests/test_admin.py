"""Back office of the portal: a community's admins add publishers and themes through the services, scoped to
their own community; refusals are form errors that write nothing; datasets stay read-only."""

from __future__ import annotations

import pytest
from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.models import Role
from hromada.opendata.models import Publisher, Theme

from .factories import make_publisher

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _publisher_form(community, **extra):
    form = {"community": community.pk, "title": "Відділ освіти", "name": "osvita", "description": "",
            "kind": "department", "department": "", "email": "", "edrpou": ""}
    form.update(extra)
    return form


def test_admin_adds_a_publisher_through_the_service(community, community_admin, department):
    client = _client(community_admin)
    page = client.get("/admin/opendata/publisher/add/")
    assert page.status_code == 200
    assert 'value="platform"' not in page.content.decode()  # platform publishers are made by the platform only
    response = client.post("/admin/opendata/publisher/add/", _publisher_form(community, department=department.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    publisher = Publisher.objects.get(name="osvita")
    assert publisher.community == community and publisher.department == department
    assert AuditEvent.objects.filter(action="opendata.publisher.created", target_id=str(publisher.pk)).count() == 1



def test_admin_changes_a_publisher_through_the_service(community, community_admin, other_community):
    from hromada.opendata.models import Dataset

    from .factories import make_dataset

    publisher = make_publisher(community, community_admin, name="osvita", title="Відділ освіти")
    dataset = make_dataset(community, community_admin, publisher, title="Школи")
    client = _client(community_admin)
    url = f"/admin/opendata/publisher/{publisher.pk}/change/"
    assert client.get(url).status_code == 200
    form = _publisher_form(community, title="Управління освіти", name="renamed", email="osvita@example.org")
    form.pop("community")
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    publisher.refresh_from_db()
    assert (publisher.title, publisher.name, publisher.email) == ("Управління освіти", "osvita", "osvita@example.org")
    assert "управління освіти" in Dataset.objects.get(pk=dataset.pk).search_text  # search follows the title
    assert AuditEvent.objects.filter(action="opendata.publisher.updated", target_id=str(publisher.pk)).count() == 1
    bad = client.post(url, {**form, "title": ""})
    assert bad.status_code == 200 and Publisher.objects.get(pk=publisher.pk).title == "Управління освіти"
    from conftest import make_member

    outsider = _client(make_member(other_community, Role.ADMIN))
    assert outsider.post(url, {**form, "title": "Чуже"}).status_code in (302, 403, 404)
    assert Publisher.objects.get(pk=publisher.pk).title == "Управління освіти"


def test_admin_adds_a_theme_with_a_generated_name(community, community_admin):
    client = _client(community_admin)
    assert "opendata/theme/" in client.get("/admin/").content.decode()  # Theme is registered
    response = client.post("/admin/opendata/theme/add/", {"community": community.pk, "title": "Transport",
                                                          "name": "", "description": "Routes"})
    assert response.status_code == 302, response.content.decode()[:3000]
    theme = Theme.objects.get(community=community)
    assert theme.name.startswith("transport-")
    assert AuditEvent.objects.filter(action="opendata.theme.created", target_id=str(theme.pk)).exists()
    assert theme.title in client.get("/admin/opendata/theme/").content.decode()


def test_bad_input_is_a_form_error_and_creates_nothing(community, community_admin):
    make_publisher(community, community_admin, name="osvita")
    client = _client(community_admin)
    before = (Publisher.objects.count(), AuditEvent.objects.filter(action="opendata.publisher.created").count())

    duplicate = client.post("/admin/opendata/publisher/add/", _publisher_form(community))
    assert duplicate.status_code == 200
    assert duplicate.context["adminform"].form.errors["name"] == ["Розпорядник із такою назвою вже є."]  # uk default
    assert "Розпорядник із такою назвою вже є." in duplicate.content.decode()

    empty_title = client.post("/admin/opendata/publisher/add/", _publisher_form(community, title="  ", name="new"))
    assert empty_title.status_code == 200 and "title" in empty_title.context["adminform"].form.errors

    bad_name = client.post("/admin/opendata/publisher/add/", _publisher_form(community, name="Не латиниця"))
    assert bad_name.status_code == 200 and "name" in bad_name.context["adminform"].form.errors

    platform = client.post("/admin/opendata/publisher/add/", _publisher_form(community, name="auto", kind="platform"))
    assert platform.status_code == 200 and "kind" in platform.context["adminform"].form.errors

    assert (Publisher.objects.count(),
            AuditEvent.objects.filter(action="opendata.publisher.created").count()) == before

    make_theme = client.post("/admin/opendata/theme/add/", {"community": community.pk, "title": "", "name": ""})
    assert make_theme.status_code == 200 and not Theme.objects.exists()


def test_resident_and_staff_without_admin_role_cannot_add(community, resident, moderator):
    response = _client(resident).post("/admin/opendata/publisher/add/", _publisher_form(community))
    assert response.status_code == 302 and "/login/" in response["Location"]  # not staff: sent to the login
    moderator_client = _client(moderator)
    assert moderator_client.get("/admin/opendata/publisher/").status_code == 200  # staff browse
    assert moderator_client.post("/admin/opendata/publisher/add/", _publisher_form(community)).status_code == 403
    assert moderator_client.post("/admin/opendata/theme/add/", {"community": community.pk, "title": "T"}
                                 ).status_code == 403
    assert not Publisher.objects.exists() and not Theme.objects.exists()


def test_admin_of_another_community_neither_sees_nor_adds(community, community_admin, other_community):
    from conftest import make_member

    mine = make_publisher(community, community_admin, name="finance", title="Фінансове управління")
    stranger = make_member(other_community, Role.ADMIN)
    client = _client(stranger)
    listing = client.get("/admin/opendata/publisher/").content.decode()
    assert mine.title not in listing
    assert client.get(f"/admin/opendata/publisher/{mine.pk}/change/").status_code == 302  # not visible
    form_page = client.get("/admin/opendata/publisher/add/")
    assert list(form_page.context["adminform"].form.fields["community"].queryset) == [other_community]
    assert form_page.context["adminform"].form.initial["community"] == other_community.pk

    response = client.post("/admin/opendata/publisher/add/", _publisher_form(community, name="intruder"))
    assert response.status_code == 200 and "community" in response.context["adminform"].form.errors
    theme = client.post("/admin/opendata/theme/add/", {"community": community.pk, "title": "Чужа тема"})
    assert theme.status_code == 200 and "community" in theme.context["adminform"].form.errors
    assert not Publisher.objects.filter(name="intruder").exists() and not Theme.objects.exists()


def test_datasets_stay_read_only(community, community_admin):
    client = _client(community_admin)
    assert client.get("/admin/opendata/dataset/add/").status_code == 403
    assert client.get("/admin/opendata/resource/add/").status_code == 403
