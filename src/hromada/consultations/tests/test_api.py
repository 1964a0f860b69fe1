"""E-consultation API: lists and a consultation with its paragraphs for anyone, proposals with hidden ones blanked,
propose and support with strict bodies, staff writes refused to residents, errors in the kernel's envelope, and
the list endpoints' query counts pinned."""

from __future__ import annotations

from conftest import make_user

from hromada.consultations import services
from hromada.consultations.models import Consultation, Proposal, Support

from . import factories as f


def test_list_detail_and_proposals(community, resident, moderator, api_client_for):
    made = f.consultation(community)
    f.consultation(community, title="Чернетка", publish=False)
    hidden = f.proposal(community, made, resident, paragraph=2, text="Прихований текст пропозиції.")
    f.proposal(community, made, resident, paragraph=1)
    services.proposal_hide(actor=moderator, community=community, proposal_id=hidden.pk, reason="Спам")
    api = api_client_for(community)
    body = api.get("consultations/").json()
    assert [item["id"] for item in body["items"]] == [made.pk]
    detail = api.get(f"consultations/{made.pk}").json()
    assert [p["number"] for p in detail["paragraphs"]] == [1, 2, 3] and detail["proposal_count"] == 2
    proposals = api.get(f"consultations/{made.pk}/proposals").json()["items"]
    assert [(p["paragraph"], p["hidden"], p["text"] == "", p["hidden_reason"]) for p in proposals] == [
        (2, True, True, "Спам"), (1, False, False, "")]
    assert "author" not in proposals[0]
    assert api.get("consultations/", state="later").status_code in (400, 422)


def test_propose_support_and_withdraw(community, resident, api_client_for):
    made = f.consultation(community)
    author = api_client_for(community, resident)
    created = author.post(f"consultations/{made.pk}/proposals",
                          {"kind": "wording", "text": "Новий абзац про звітування.", "new_paragraph_after": 0})
    assert created.status_code == 201, created.content
    proposal_id = created.json()["id"]
    assert created.json()["new_paragraph_after"] == 0
    bad = author.post(f"consultations/{made.pk}/proposals", {"kind": "comment", "text": "Коментар до пункту 9.",
                                                             "paragraph": 9})
    assert bad.status_code == 400 and bad.json()["error"]["fields"].keys() == {"paragraph"}
    extra = author.post(f"consultations/{made.pk}/proposals", {"kind": "comment", "text": "Досить довгий текст.",
                                                               "paragraph": 1, "author": "me"})
    assert extra.status_code in (400, 422) and Proposal.objects.count() == 1
    supporter = api_client_for(community, make_user())
    assert supporter.post(f"consultations/proposals/{proposal_id}/support").json()["supports"] == 1
    again = supporter.post(f"consultations/proposals/{proposal_id}/support")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_supported"
    assert supporter.delete(f"consultations/proposals/{proposal_id}/support").json()["supports"] == 0
    assert not Support.objects.exists()
    anonymous = api_client_for(community).post(f"consultations/proposals/{proposal_id}/support")
    assert anonymous.status_code == 401


def test_staff_writes_and_refusals(community, department, official, resident, api_client_for):
    staff = api_client_for(community, official)
    created = staff.post("consultations/", {"title": "Програма", "text": "Перший\n\nДругий",
                                            "department_id": department.pk, "opens_at": "2026-01-01T10:00:00+02:00",
                                            "closes_at": "2099-01-01T10:00:00+02:00"})
    assert created.status_code == 201, created.content
    consultation_id = created.json()["id"]
    naive = staff.post("consultations/", {"title": "П", "text": "Т", "opens_at": "2026-01-01T10:00:00",
                                          "closes_at": "2099-01-01T10:00:00"})
    assert naive.status_code in (400, 422)
    refused = api_client_for(community, resident).post(f"consultations/{consultation_id}/publish")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert staff.post(f"consultations/{consultation_id}/publish").json()["status"] == "open"
    proposal = f.proposal(community, Consultation.objects.get(pk=consultation_id), resident)
    answered = staff.post(f"consultations/proposals/{proposal.pk}/answer", {"answer": "partly", "reason": "Частково"})
    assert answered.status_code == 200 and answered.json()["answer"] == "partly"
    assert staff.post(f"consultations/{consultation_id}/report", {}).status_code == 409
    assert staff.post(f"consultations/{consultation_id}/close").json()["status"] == "closed"
    assert staff.post(f"consultations/{consultation_id}/report", {"summary": "Готово"}).json()["status"] == "reported"


def test_list_endpoints_cost_the_same_queries_for_many_rows(community, resident, api_client_for,
                                                            django_assert_max_num_queries):
    made = f.consultation(community)
    api = api_client_for(community, resident)
    api.get("consultations/")
    for number in range(20):
        f.consultation(community, title=f"Консультація {number}")
    people = [make_user() for _ in range(4)]
    for number in range(40):
        f.proposal(community, made, people[number % 4], paragraph=1 + number % 3)
    with django_assert_max_num_queries(12):
        assert len(api.get("consultations/", page_size=50).json()["items"]) == 21
    with django_assert_max_num_queries(12):
        assert len(api.get(f"consultations/{made.pk}/proposals", page_size=50).json()["items"]) == 40
