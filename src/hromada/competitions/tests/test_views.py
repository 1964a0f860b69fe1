"""Grant competition pages: the call list and page, the application form with its budget table, files kept private,
the staff queue, the jury's pages (independent scores, conflicts), results; foreign ids 404; query counts pinned."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.competitions import services
from hromada.competitions.models import Application, Attachment, Status
from hromada.core.identity.actors import SYSTEM

from .factories import PDF, edrpou, make_call, score, submitted
from .factories import client_for as _client


def test_list_and_call_pages(community, community_admin):
    call = make_call(community, community_admin, body="Фонд для ГО")
    page = _client().get(f"/c/{community.slug}/competitions/")
    assert page.status_code == 200 and call.title in page.content.decode()
    detail = _client().get(f"/c/{community.slug}/competitions/{call.pk}/").content.decode()
    assert "Фонд для ГО" in detail and "2\u00a0000\u00a0000,00" in detail and f"/{call.pk}/apply/" in detail


def test_apply_with_a_budget_table_attach_a_file_and_submit(community, community_admin, applicant, resident,
                                                            settings, tmp_path):
    settings.HROMADA_PRIVATE_ROOT = tmp_path
    call = make_call(community, community_admin)
    client = _client(applicant)
    base = f"/c/{community.slug}/competitions"
    form = {"applicant_type": "ngo", "organisation": "ГО Зелень", "tax_id": edrpou(1), "title": "Сквер",
            "summary": "Озеленення", "cofinancing": "10000.00", "lines-TOTAL_FORMS": "3", "lines-INITIAL_FORMS": "0",
            "lines-0-item": "Саджанці", "lines-0-quantity": "20", "lines-0-unit_cost": "2500.50"}
    refused = client.post(f"{base}/{call.pk}/apply/", {**form, "tax_id": "123"})
    assert refused.status_code == 400 and "контрольна цифра" in refused.content.decode()
    saved = client.post(f"{base}/{call.pk}/apply/", form)
    assert saved.status_code == 302
    application = Application.objects.get()
    assert (application.total_cost, application.cofinancing) == (5_001_000, 1_000_000)
    attached = client.post(f"{base}/applications/{application.pk}/files/",
                           {"file": SimpleUploadedFile("статут Іваненка.pdf", PDF, "application/pdf")})
    assert attached.status_code == 302
    attachment = Attachment.objects.get()
    assert str(tmp_path) in attachment.file.path
    download = client.get(f"{base}/files/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "Іваненка" not in download["Content-Disposition"]
    assert _client(resident).get(f"{base}/files/{attachment.pk}/").status_code == 404
    assert _client(resident).get(f"{base}/applications/{application.pk}/").status_code == 404
    assert client.post(f"{base}/applications/{application.pk}/submit/").status_code == 302
    assert Application.objects.get().status == Status.SUBMITTED
    mine = client.get(f"{base}/mine/").content.decode()
    assert "Сквер" in mine


def test_staff_queue_and_eligibility(community, community_admin, applicant, resident):
    call = make_call(community, community_admin)
    application = submitted(call, applicant, 1)
    base = f"/c/{community.slug}/competitions"
    assert _client(resident).get(f"{base}/{call.pk}/staff/").status_code == 404
    queue = _client(community_admin).get(f"{base}/{call.pk}/staff/")
    assert queue.status_code == 200 and application.title in queue.content.decode()
    _client(resident).post(f"{base}/applications/{application.pk}/eligibility/", {"eligible": "yes"})
    assert Application.objects.get().status == Status.SUBMITTED
    _client(community_admin).post(f"{base}/applications/{application.pk}/eligibility/", {"eligible": "yes"})
    assert Application.objects.get().status == Status.ELIGIBLE


def test_a_juror_sees_the_others_scores_only_after_sending_theirs(community, community_admin, jurors, applicant,
                                                                  to_phase):
    call = make_call(community, community_admin, jurors=jurors)
    application = submitted(call, applicant, 1)
    services.application_review(actor=community_admin, community=community, application_id=application.pk,
                                eligible=True)
    to_phase("scoring")
    score(application, jurors[0], [9, 4])
    base = f"/c/{community.slug}/competitions"
    second = _client(jurors[1])
    assignments = second.get(f"{base}/jury/").content.decode()
    assert application.title in assignments
    page = second.get(f"{base}/applications/{application.pk}/score/").content.decode()
    assert "conflict" in page and "86,00" not in page and "86.00" not in page
    declared = second.post(f"{base}/applications/{application.pk}/score/", {"conflict": "no"})
    assert declared.status_code == 302
    criteria = list(call.criteria.order_by("pk"))
    sent = second.post(f"{base}/applications/{application.pk}/score/",
                       {f"c{criteria[0].pk}": "5", f"c{criteria[1].pk}": "5"})
    assert sent.status_code == 302
    after = second.get(f"{base}/applications/{application.pk}/score/").content.decode()
    assert "86,00" in after  # the first juror's weighted score: 60 * 0.9 + 40 * 0.8
    third = _client(jurors[2])
    third.post(f"{base}/applications/{application.pk}/score/", {"conflict": "yes", "note": "Родич"})
    conflicted = third.get(f"{base}/applications/{application.pk}/score/").content.decode()
    assert "86,00" not in conflicted
    refused = third.post(f"{base}/applications/{application.pk}/score/",
                         {f"c{criteria[0].pk}": "5", f"c{criteria[1].pk}": "5"})
    assert refused.status_code in (200, 400) and application.reviews.filter(juror=jurors[2],
                                                                           submitted_at__isnull=True).exists()
    assert _client(applicant).get(f"{base}/applications/{application.pk}/score/").status_code == 404


def test_results_are_published_with_scores_and_no_sole_proprietor_name(community, community_admin, jurors, to_phase):
    call = make_call(community, community_admin, jurors=jurors[:1])
    person = make_user(name="Петро Іваненко")
    from .factories import draft, rnokpp

    application = draft(call, person, 1, applicant_type="sole_proprietor", organisation="ФОП Іваненко Петро",
                         tax_id=rnokpp(1), cost=4_000_000, own=2_000_000)
    services.application_submit(actor=person, community=community, application_id=application.pk)
    services.application_review(actor=community_admin, community=community, application_id=application.pk,
                                eligible=True)
    to_phase("scoring")
    score(application, jurors[0], [8, 4])
    to_phase("results")
    services.call_award(actor=community_admin, community=community, call_id=call.pk)
    base = f"/c/{community.slug}/competitions/{call.pk}/results/"
    assert _client().get(base).status_code == 404
    assert _client(community_admin).get(base).status_code == 200
    services.call_publish_results(actor=community_admin, community=community, call_id=call.pk)
    page = _client().get(base).content.decode()
    assert application.title in page and "80,00" in page and "Іваненко" not in page
    detail = _client().get(f"/c/{community.slug}/competitions/applications/{application.pk}/").content.decode()
    assert "Іваненко" not in detail
    from hromada.competitions.selectors import result_open_data_rows

    rows = list(result_open_data_rows(community))
    assert rows[0]["organisation"] == "" and rows[0]["grant_uah"] == 20_000.0
    assert "Іваненко" not in str(rows)


def test_another_communitys_pages_are_not_found(community, other_community, community_admin, applicant):
    theirs = make_call(other_community, SYSTEM)
    application = submitted(theirs, applicant, 1)
    client = _client(community_admin)
    base = f"/c/{community.slug}/competitions"
    for path in (f"{theirs.pk}/", f"{theirs.pk}/staff/", f"{theirs.pk}/results/", f"applications/{application.pk}/",
                 f"applications/{application.pk}/score/"):
        assert client.get(f"{base}/{path}").status_code == 404, path


@pytest.mark.parametrize("path", ["", "mine/", "jury/"])
def test_list_pages_cost_the_same_queries_for_many_rows(community, community_admin, applicant, jurors, path,
                                                        django_assert_max_num_queries):
    client = _client(applicant)
    client.get(f"/c/{community.slug}/competitions/{path}")
    for n in range(12):
        call = make_call(community, community_admin, title=f"Конкурс {n}", jurors=[applicant])
        submitted(call, jurors[0], n)
        Application.objects.filter(call=call).update(status=Status.ELIGIBLE)
        submitted(call, applicant, 100 + n)
    with django_assert_max_num_queries(14):
        assert client.get(f"/c/{community.slug}/competitions/{path}").status_code == 200


def test_the_staff_queue_and_the_results_are_paged_with_queries_pinned(community, community_admin, jurors, applicant,
                                                                      to_phase, django_assert_max_num_queries):
    call = make_call(community, community_admin, jurors=jurors[:1])
    rows = [submitted(call, applicant, n) for n in range(1, 36)]
    Application.objects.filter(call=call).update(status=Status.ELIGIBLE)
    to_phase("scoring")
    for n, application in enumerate(rows):
        score(application, jurors[0], [n % 11, n % 6])
    to_phase("results")
    services.call_award(actor=community_admin, community=community, call_id=call.pk)
    services.call_publish_results(actor=community_admin, community=community, call_id=call.pk)
    base = f"/c/{community.slug}/competitions/{call.pk}"
    staff, anyone = _client(community_admin), _client()
    staff.get(f"{base}/staff/")
    anyone.get(f"{base}/results/")
    with django_assert_max_num_queries(16):
        first = staff.get(f"{base}/staff/?status=awarded")
    with django_assert_max_num_queries(14):
        ranking = anyone.get(f"{base}/results/")
    assert first.status_code == ranking.status_code == 200
    assert len(first.context["rows"]) == len(ranking.context["table"]) == 30
    assert "status=awarded&amp;page=2" in first.content.decode() or "status=awarded&page=2" in first.content.decode()
    second = anyone.get(f"{base}/results/?page=2")
    assert [row.rank for row, *_ in second.context["table"]] == list(range(31, 36))
