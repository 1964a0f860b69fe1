"""Back office: the secretariat sees and corrects its community's council only, through the services; the
import page reports what it did or every rejected row; moderators read, residents see nothing."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role

from ..models import Convocation, Person, VoteEvent
from ..services import council_import
from .test_import import CONVOCATIONS, load_all

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_see_their_communitys_deputies_only(community, other_community, official):
    load_all(community)
    council_import(actor=SYSTEM, community=other_community, kind="convocations", content=CONVOCATIONS)
    council_import(actor=SYSTEM, community=other_community, kind="deputies",
                   content="id,familyName,name\nzz,Чужинець,Петро\n")
    body = logged_in(official).get("/admin/council/person/").content.decode()
    mine = Person.objects.get(community=community, source_id="d1")
    theirs = Person.objects.get(community=other_community)
    assert f"/admin/council/person/{mine.pk}/change/" in body
    assert f"/admin/council/person/{theirs.pk}/change/" not in body
    assert logged_in(official).get(f"/admin/council/person/{theirs.pk}/change/").status_code in (302, 403, 404)


def test_a_correction_goes_through_the_service(community, official):
    load_all(community)
    person = Person.objects.get(community=community, source_id="d1")
    page = logged_in(official).get(f"/admin/council/person/{person.pk}/change/")
    assert page.status_code == 200
    data = {k: ("" if v is None else v) for k, v in page.context["adminform"].form.initial.items()
            if k not in ("community", "photo")}
    data.update({"party": "Нова партія", "membership_set-TOTAL_FORMS": 0, "membership_set-INITIAL_FORMS": 0,
                 "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0})
    response = logged_in(official).post(f"/admin/council/person/{person.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.party == "Нова партія"
    assert AuditEvent.objects.filter(action="council.deputy.changed", actor=official).count() == 1


def test_the_free_vote_action(community, official):
    load_all(community)
    event = VoteEvent.objects.get(identifier="m1")
    logged_in(official).post("/admin/council/voteevent/", {"action": "mark_free", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.free_vote


def test_moderators_read_and_residents_see_nothing(community, moderator):
    load_all(community)
    assert logged_in(moderator).get("/admin/council/person/").status_code == 200
    assert logged_in(moderator).get("/admin/council/person/add/").status_code == 403
    resident = make_member(community, Role.RESIDENT)
    assert logged_in(resident).get("/admin/council/person/").status_code in (302, 403)


def test_the_import_page_reports_the_result_and_the_rejected_rows(community, other_community, official):
    client = logged_in(official)
    assert client.get("/admin/council/convocation/import/").status_code == 200
    ok = client.post("/admin/council/convocation/import/", {
        "community": community.pk, "kind": "convocations",
        "file": SimpleUploadedFile("convocations.csv", CONVOCATIONS.encode())})
    assert ok.status_code == 200 and ok.context["report"].created == {"convocations": 1}
    bad = client.post("/admin/council/convocation/import/", {
        "community": community.pk, "kind": "deputies",
        "file": SimpleUploadedFile("deputies.csv", "id,familyName,name,birthDate\nd1,А,Б,вчора\n".encode())})
    assert bad.status_code == 200 and bad.context["report"] is None
    assert "row 2" in bad.content.decode() and "birthDate" in bad.content.decode()
    assert not Person.objects.exists()
    # Another community is not offered to this official: the form refuses it.
    other = client.post("/admin/council/convocation/import/", {
        "community": other_community.pk, "kind": "convocations",
        "file": SimpleUploadedFile("c.csv", CONVOCATIONS.encode())})
    assert other.context["report"] is None and "community" in other.context["form"].errors
    assert Convocation.objects.filter(community=other_community).count() == 0
