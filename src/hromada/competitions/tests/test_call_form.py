"""Staff announce and change a call on its page and through the API (weights adding up to 100, dates in order, the
jury by email, the terms frozen once someone applies: 409 naming them), the call's form parts checked on submit,
and grantees' reports accepted (then public on the results page) or returned by staff."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.competitions import services
from hromada.competitions.models import Call, Report, ReportStatus
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, ValidationFailed

from .factories import PDF, awarded, draft, make_call, schedule, submitted
from .factories import client_for as _client


def _form(people, **overrides) -> dict:
    """The call form as a browser posts it: vouchers for sole proprietors and legal entities (seed 001)."""
    windows = {w["key"]: w for w in schedule()}
    data = {"title": "Ваучери для малого бізнесу", "body": "Ваучер покриває 50% витрат.", "fund": "1000000.00",
            "tie_break": "smaller_grant", "is_public": "on", "attachments_required": "1",
            "checks": "Зареєстровано в громаді\n\nНемає податкового боргу",
            "jurors": "\n".join(j.email.upper() for j in people),
            "sole_proprietor_offered": "on", "sole_proprietor_percent": "50", "sole_proprietor_cap": "25000",
            "legal_entity_offered": "on", "legal_entity_percent": "50", "legal_entity_cap": "50000",
            "criteria-TOTAL_FORMS": "3", "criteria-INITIAL_FORMS": "0",
            "criteria-0-name": "Вплив на зайнятість", "criteria-0-weight": "60", "criteria-0-max_score": "10",
            "criteria-1-name": "Сталість бізнесу", "criteria-1-weight": "40", "criteria-1-max_score": "5"}
    for key in ("applications", "scoring"):
        for end in ("starts", "ends"):
            data[f"{key}_{end}"] = windows[key][f"{end}_at"][:16]  # datetime-local, minutes
    data.update(overrides)
    return data


def test_staff_announce_a_call_on_its_page(community, community_admin, jurors, resident):
    base = f"/c/{community.slug}/competitions"
    assert _client(resident).get(f"{base}/new/").status_code == 404
    assert _client(resident).post(f"{base}/new/", _form(jurors)).status_code == 404
    staff = _client(community_admin)
    assert "Оголосити конкурс" in staff.get(f"{base}/").content.decode()
    page = staff.get(f"{base}/new/")
    assert page.status_code == 200 and 'name="sole_proprietor_cap"' in page.content.decode()
    saved = staff.post(f"{base}/new/", _form(jurors))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    call = Call.objects.get()
    assert (call.fund, call.tie_break, call.attachments_required) == (100_000_000, "smaller_grant", 1)
    assert call.checks == ["Зареєстровано в громаді", "Немає податкового боргу"]
    assert sorted(call.rules.values_list("applicant_type", "cofinancing_percent", "cap")) == [
        ("legal_entity", 50, 5_000_000), ("sole_proprietor", 50, 2_500_000)]
    assert list(call.criteria.values_list("name", "weight", "max_score")) == [
        ("Вплив на зайнятість", 60, 10), ("Сталість бізнесу", 40, 5)]
    assert set(call.jurors.values_list("user_id", flat=True)) == {j.pk for j in jurors}
    assert [w["key"] for w in call.schedule] == ["applications", "scoring"]
    assert AuditEvent.objects.filter(action="competitions.call.created").count() == 1
    detail = _client().get(f"{base}/{call.pk}/").content.decode()
    assert "Немає податкового боргу" in detail and "Змінити конкурс" not in detail


@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"criteria-1-weight": "50"}, None, "110"),
    ({"fund": "0"}, "fund", ""),
    ({"legal_entity_cap": ""}, "legal_entity_cap", ""),
    ({"jurors": "nobody@example.org"}, "jurors", "nobody@example.org"),
    ({"scoring_starts": "2020-01-01T10:00", "scoring_ends": "2020-01-02T10:00"}, None, ""),
    ({"scoring_ends": ""}, "scoring_ends", ""),
])
def test_a_wrong_call_form_says_what_is_wrong_and_stores_nothing(community, community_admin, jurors, change, field,
                                                                 reason):
    page = _client(community_admin).post(f"/c/{community.slug}/competitions/new/", _form(jurors, **change))
    assert page.status_code == 400 and not Call.objects.exists()
    form = page.context["form"]
    assert form.errors if field is None else field in form.errors
    assert reason in str(form.errors)


def test_a_call_changes_freely_until_someone_applies_then_only_safe_parts(community, community_admin, jurors,
                                                                          applicant):
    call = make_call(community, community_admin, jurors=jurors[:1])
    base = f"/c/{community.slug}/competitions"
    staff = _client(community_admin)
    page = staff.get(f"{base}/{call.pk}/edit/")
    assert page.status_code == 200 and page.context["form"].initial["fund"] == 2_000_000
    assert _client(applicant).get(f"{base}/{call.pk}/edit/").status_code == 404
    services.call_update(actor=community_admin, community=community, call_id=call.pk, fund=300_000_000,
                         checks=["Статут"])
    draft(call, applicant, 1)  # a draft does not freeze anything
    services.call_update(actor=community_admin, community=community, call_id=call.pk, attachments_required=0)
    submitted(call, applicant, 2)
    with pytest.raises(Conflict) as refused:
        services.call_update(actor=community_admin, community=community, call_id=call.pk, fund=1,
                             checks=["Інше"])
    assert set(refused.value.fields) == {"fund", "checks"}
    # resending the current terms, with the jury in another order, is not a change
    terms = call.rules.values("applicant_type", "cofinancing_percent", "cap")
    services.call_update(actor=community_admin, community=community, call_id=call.pk, rules=list(terms)[::-1],
                         fund=300_000_000, title="Нова назва", juror_ids=[j.pk for j in jurors][::-1])
    call.refresh_from_db()
    assert (call.title, call.fund, call.jurors.count()) == ("Нова назва", 300_000_000, 3)
    # the page shows the terms but ignores what is posted to them
    form = _form(jurors, fund="5.00", title="Ще нова назва", **{"criteria-TOTAL_FORMS": "4",
                                                                "criteria-INITIAL_FORMS": "2"})
    saved = staff.post(f"{base}/{call.pk}/edit/", form)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    call.refresh_from_db()
    assert (call.title, call.fund, call.tie_break) == ("Ще нова назва", 300_000_000, "earlier_submission")
    assert list(call.criteria.values_list("weight", flat=True)) == [60, 40]


def test_the_api_changes_a_call_and_answers_409_with_the_frozen_fields(community, other_community, community_admin,
                                                                       applicant, api_client_for):
    call = make_call(community, community_admin)
    staff = api_client_for(community, community_admin)
    assert api_client_for(community, applicant).patch(f"competitions/{call.pk}", {"title": "x"}).status_code == 403
    assert api_client_for(other_community, community_admin).patch(f"competitions/{call.pk}", {"title": "x"}) \
        .status_code in (403, 404)
    bad = staff.patch(f"competitions/{call.pk}", {"criteria": [{"name": "Один", "weight": 30}]})
    assert bad.status_code == 400 and "criteria" in bad.json()["error"]["fields"]
    for ids in ([2**62], [-1], [10**6]):
        nobody = staff.patch(f"competitions/{call.pk}", {"juror_ids": ids})
        assert nobody.status_code == 400 and "juror_ids" in nobody.json()["error"]["fields"], ids
    changed = staff.patch(f"competitions/{call.pk}", {"description_required": True, "checks": ["Статут"]})
    assert changed.status_code == 200 and changed.json()["checks"] == ["Статут"]
    assert changed.json()["description_required"] is True
    draft(call, applicant, 1, description="Повний опис.")
    services.application_submit(actor=applicant, community=community,
                                application_id=call.applications.get().pk)
    frozen = staff.patch(f"competitions/{call.pk}", {"fund": 5, "title": "Інша"})
    assert frozen.status_code == 409 and list(frozen.json()["error"]["fields"]) == ["fund"]
    assert staff.patch(f"competitions/{call.pk}", {"title": "Інша"}).json()["title"] == "Інша"
    assert Call.objects.get().fund == 200_000_000


def test_submission_needs_the_parts_of_the_form_the_call_asks_for(community, community_admin, applicant, settings,
                                                                 tmp_path):
    settings.HROMADA_PRIVATE_ROOT = tmp_path
    call = make_call(community, community_admin, description_required=True, attachments_required=1)
    application = draft(call, applicant, 1)
    with pytest.raises(ValidationFailed) as refused:
        services.application_submit(actor=applicant, community=community, application_id=application.pk)
    assert set(refused.value.fields) == {"description", "file"}
    services.application_update(actor=applicant, community=community, application_id=application.pk,
                                description="Що зробимо і як.")
    services.attachment_add(actor=applicant, community=community, application_id=application.pk,
                            upload=SimpleUploadedFile("статут.pdf", PDF, "application/pdf"))
    assert services.application_submit(actor=applicant, community=community,
                                       application_id=application.pk).status == "submitted"


def test_staff_accept_or_return_a_grantees_report(community, community_admin, jurors, applicant, resident,
                                                  api_client_for, to_phase):
    call = make_call(community, community_admin, jurors=jurors[:1])
    application = awarded(call, applicant, jurors[0], community_admin, to_phase)
    services.call_publish_results(actor=community_admin, community=community, call_id=call.pk)
    first = services.report_add(actor=applicant, community=community, application_id=application.pk,
                                progress="Закуплено саджанці.", spent=1_000_000)
    second = services.report_add(actor=applicant, community=community, application_id=application.pk,
                                 progress="Чернетка звіту без чеків.", spent=2_000_000)
    base = f"/c/{community.slug}/competitions"
    assert "Закуплено саджанці" not in _client(resident).get(f"{base}/{call.pk}/results/").content.decode()
    api = api_client_for(community, community_admin)
    assert api_client_for(community, applicant).post(f"competitions/reports/{first.pk}/review",
                                                     {"accept": True}).status_code == 403
    no_reason = api.post(f"competitions/reports/{second.pk}/review", {"accept": False})
    assert no_reason.status_code == 400 and "note" in no_reason.json()["error"]["fields"]
    assert api.post(f"competitions/reports/{first.pk}/review", {"accept": True}).json()["status"] == "accepted"
    again = api.post(f"competitions/reports/{first.pk}/review", {"accept": False, "note": "Ні"})
    assert again.status_code == 409
    returned = _client(community_admin).post(f"{base}/reports/{second.pk}/review/",
                                             {"accept": "no", "note": "Додайте чеки."})
    assert returned.status_code == 302
    assert dict(Report.objects.values_list("pk", "status")) == {first.pk: ReportStatus.ACCEPTED,
                                                                 second.pk: ReportStatus.RETURNED}
    results = _client(resident).get(f"{base}/{call.pk}/results/").content.decode()
    assert "Закуплено саджанці" in results and "без чеків" not in results
    public = _client(resident).get(f"{base}/applications/{application.pk}/").content.decode()
    assert "Закуплено саджанці" in public and "без чеків" not in public
    own = _client(applicant).get(f"{base}/applications/{application.pk}/").content.decode()
    assert "Додайте чеки." in own
    assert _client(resident).post(f"{base}/reports/{second.pk}/review/", {"accept": "yes"}).status_code == 404
