"""Services API: anyone reads the catalogue (searched, paged at pinned queries), staff write it, a resident applies
and reads only their own applications, staff move them on and ask for fees whose QR data is the standard's; errors
come in the envelope with the field and nothing written."""

from __future__ import annotations

from conftest import make_member

from hromada.core.identity.models import Role
from hromada.services.models import Application, Service

from .factories import edrpou, make_service, set_payee

FORM = [{"key": "reason", "label": "Для чого", "type": "text", "required": True}]


def test_the_catalogue_is_read_by_anyone_and_written_by_staff(community, community_admin, resident, api_client_for):
    staff = api_client_for(community, community_admin)
    created = staff.post("services/", {"title": "Довідка про склад сім'ї", "fee_kind": "free", "term_days": 1,
                                       "online": True, "form": FORM, "legal_basis": "Закон про адмінпослуги"})
    assert created.status_code == 201, created.content
    service_id = created.json()["id"]
    assert created.json()["form"][0]["key"] == "reason"
    hidden = staff.post("services/", {"title": "Прихована", "is_public": False}).json()["id"]
    public = api_client_for(community)
    body = public.get("services/", q="адмінпослуги").json()
    assert [item["id"] for item in body["items"]] == [service_id] and body["count"] == 1
    assert public.get(f"services/{hidden}").status_code == 404
    assert staff.patch(f"services/{service_id}", {"term_days": 3}).json()["term_days"] == 3
    refused = api_client_for(community, resident).post("services/", {"title": "Моя"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    bad = staff.post("services/", {"title": "Плата", "fee_kind": "fixed"})
    assert bad.status_code == 400 and "fee_amount" in bad.json()["error"]["fields"]
    assert staff.post("services/", {"title": "x", "colour": "red"}).status_code in (400, 422)
    assert Service.objects.count() == 2
    assert staff.delete(f"services/{hidden}").status_code == 204


def test_a_resident_applies_and_staff_handle_it(community, community_admin, official, resident, api_client_for):
    set_payee(community, community_admin)
    item = make_service(community, form=FORM, fee_kind="per_application")
    mine = api_client_for(community, resident)
    bad = mine.post(f"services/{item.pk}/applications", {"answers": {"reason": ""}})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["reason"] and not Application.objects.exists()
    created = mine.post(f"services/{item.pk}/applications", {"answers": {"reason": "Для банку"}})
    assert created.status_code == 201, created.content
    application_id = created.json()["id"]
    assert mine.get("services/applications/mine").json()["count"] == 1
    stranger = api_client_for(community, make_member(community, Role.RESIDENT, strong=True))
    assert stranger.get(f"services/applications/{application_id}").status_code == 404
    assert stranger.get("services/applications/mine").json()["count"] == 0
    assert mine.get("services/applications/queue").status_code == 403
    staff = api_client_for(community, official)
    assert staff.get("services/applications/queue").json()["count"] == 1
    moved = staff.post(f"services/applications/{application_id}/transition", {"action": "approve", "note": "Так"})
    assert moved.status_code == 200 and moved.json()["status"] == "approved"
    wrong = staff.post(f"services/applications/{application_id}/transition", {"action": "review"})
    assert wrong.status_code == 409
    fee = staff.post(f"services/applications/{application_id}/payments", {"amount": "42.10"})
    assert fee.status_code == 201, fee.content
    data = fee.json()
    assert data["qr_data"].split("\n")[7:9] == ["UAH42.10", edrpou()] and data["qr_link"].startswith(
        "https://bank.gov.ua/qr/")
    assert mine.get(f"services/applications/{application_id}/payments").json()[0]["reference"] == data["reference"]
    assert mine.post(f"services/payments/{data['id']}/received", {}).status_code == 403
    received = staff.post(f"services/payments/{data['id']}/received", {"note": "виписка"})
    assert received.json()["status"] == "received" and received.json()["qr_data"] == ""
    issued = staff.post(f"services/applications/{application_id}/transition", {"action": "issue"})
    assert issued.json()["status"] == "issued"


def test_lists_cost_the_same_queries_for_many_rows(community, official, resident, api_client_for,
                                                   django_assert_max_num_queries):
    item = make_service(community, form=FORM, fee_kind="free")
    public, staff = api_client_for(community), api_client_for(community, official)
    public.get("services/")
    staff.get("services/applications/queue")
    applicant = api_client_for(community, resident)
    for number in range(25):
        make_service(community, title=f"Послуга {number}", online=False, form=[])
        applicant.post(f"services/{item.pk}/applications", {"answers": {"reason": f"Причина {number}"}})
    with django_assert_max_num_queries(12):
        assert len(public.get("services/", page_size=30).json()["items"]) == 26
    with django_assert_max_num_queries(12):
        assert len(staff.get("services/applications/queue", page_size=30).json()["items"]) == 25
