"""The pages through the real test client: the list, answering without JavaScript (refusals shown on the form
with 400, nothing stored), the thank-you page, results with filters, text answers, exports and files for staff only,
the staff builder (every type), and pinned query counts on the list and the results."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.test import Client
from django.urls import reverse

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.surveys import services
from hromada.surveys.models import Kind, Question, Response, Status, Survey

from . import factories as f


@pytest.fixture
def web(community):
    def client_for(user=None):
        client = Client(HTTP_HOST="testserver")
        if user is not None:
            client.force_login(user)
        return client
    return client_for


def url(community, name, **kwargs):
    return f"/c/{community.slug}" + reverse(f"surveys:{name}", kwargs=kwargs or None)


def test_the_list_shows_published_surveys_and_hides_drafts(community, web, community_admin,
                                                          django_assert_max_num_queries):
    for n in range(25):
        f.published(community, title=f"Опитування {n}")
    f.survey(community, title="Чернетка")
    with django_assert_max_num_queries(12):
        page = web().get(url(community, "list"))
    assert page.status_code == 200 and "Опитування 24" in page.content.decode()
    assert "Чернетка" not in page.content.decode() and 'rel="next"' in page.content.decode()
    assert "Чернетка" in web(community_admin).get(url(community, "list") + "?status=draft").content.decode()
    empty = web().get(url(community, "list") + "?status=closed")
    assert 'class="empty"' in empty.content.decode()


def test_answering_on_the_web_without_javascript(community, web, resident):
    survey = f.survey(community)
    single = f.question(community, survey, Kind.SINGLE, required=True)
    matrix = f.question(community, survey, Kind.MATRIX, required=True)
    ranking = f.question(community, survey, Kind.RANKING)
    why = f.question(community, survey, Kind.SHORT_TEXT, required=True, condition_question_id=single.pk,
                     condition_choice_id=f.options(single)[1])
    services.survey_publish(actor=SYSTEM, community=community, survey_id=survey.pk)
    client = web(resident)
    form = client.get(url(community, "detail", survey_id=survey.pk))
    assert form.status_code == 200
    html = form.content.decode()
    assert f'data-condition-field="q{single.pk}"' in html and 'class="hint condition-note"' in html
    # The conditional question is shown (option 2) and required: 400 with the reason, nothing stored.
    refused = client.post(url(community, "detail", survey_id=survey.pk), {
        f"q{single.pk}": f.options(single)[1],
        **{f"q{matrix.pk}_r{r}": f.options(matrix)[0] for r in f.rows(matrix)}})
    assert refused.status_code == 400 and 'class="form-errors"' in refused.content.decode()
    assert f'value="{f.options(single)[1]}" id="q{single.pk}-{f.options(single)[1]}" checked' in \
        refused.content.decode()
    assert not Response.objects.exists()
    done = client.post(url(community, "detail", survey_id=survey.pk), {
        f"q{single.pk}": f.options(single)[1], f"q{why.pk}": "Бо так",
        **{f"q{matrix.pk}_r{r}": f.options(matrix)[1] for r in f.rows(matrix)},
        **{f"q{ranking.pk}_o{o}": str(3 - n) for n, o in enumerate(f.options(ranking))}})
    assert done.status_code == 302 and done["Location"].endswith(f"/surveys/{survey.pk}/thanks/")
    assert Response.objects.get().answers.count() == 1 + 2 + 3 + 1
    assert client.get(done["Location"]).status_code == 200
    again = client.get(url(community, "detail", survey_id=survey.pk)).content.decode()
    assert "<form method=\"post\" enctype" not in again


def test_a_ranking_with_a_repeated_place_is_refused(community, web, resident):
    survey, (ranking,) = f.published(community, kinds=(Kind.RANKING,))
    response = web(resident).post(url(community, "detail", survey_id=survey.pk),
                                  {f"q{ranking.pk}_o{o}": "1" for o in f.options(ranking)})
    assert response.status_code == 400 and not Response.objects.exists()


def test_signed_out_visitors_are_asked_to_sign_in(community, web):
    survey, (question,) = f.published(community)
    page = web().get(url(community, "detail", survey_id=survey.pk))
    assert page.status_code == 200 and "/accounts/login/" in page.content.decode()
    posted = web().post(url(community, "detail", survey_id=survey.pk), {f"q{question.pk}": f.options(question)[0]})
    assert posted.status_code in (400, 403) and not Response.objects.exists()


def test_drafts_and_other_communities_surveys_are_not_found(community, other_community, web, resident):
    draft = f.survey(community)
    theirs, _ = f.published(other_community)
    for survey in (draft, theirs):
        for name in ("detail", "results", "thanks"):
            assert web(resident).get(url(community, name, survey_id=survey.pk)).status_code == 404


def test_results_page_with_filters_and_pinned_queries(community, web, django_assert_max_num_queries):
    survey, questions = f.published(community, kinds=(Kind.SINGLE, Kind.SCALE, Kind.LONG_TEXT, Kind.NUMBER))
    for _n in range(6):
        services.response_submit(actor=make_member(community, Role.RESIDENT), community=community,
                                 survey_id=survey.pk, answers={f"q{q.pk}": f.valid_answer(q) for q in questions})
    with django_assert_max_num_queries(25):
        page = web().get(url(community, "results", survey_id=survey.pk))
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and 'class="table chart-table"' in html
    single = questions[0]
    filtered = web().get(url(community, "results", survey_id=survey.pk),
                         {"filter": f"{single.pk}:{f.options(single)[1]}"})
    assert filtered.status_code == 200 and 'class="msg"' in filtered.content.decode()
    assert web().get(url(community, "results", survey_id=survey.pk), {"since": "yesterday"}).status_code == 400
    texts = web().get(url(community, "texts", survey_id=survey.pk, question_id=questions[2].pk))
    assert texts.status_code == 200 and "Текст відповіді" in texts.content.decode()


def test_exports_and_files_are_for_staff(community, web, resident, community_admin):
    survey, questions = f.published(community, kinds=(Kind.SINGLE, Kind.SHORT_TEXT))
    services.response_submit(actor=resident, community=community, survey_id=survey.pk,
                             answers={f"q{q.pk}": f.valid_answer(q) for q in questions})
    assert web(resident).get(url(community, "export_csv", survey_id=survey.pk)).status_code == 404
    response = web(community_admin).get(url(community, "export_csv", survey_id=survey.pk))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    # The XLSX is a background job (test_exports.py).
    body = b"".join(web(community_admin).get(url(community, "export_csv", survey_id=survey.pk)).streaming_content)
    assert "Текст відповіді".encode() in body and resident.email.encode() not in body


def test_staff_build_a_survey_of_every_type_on_the_pages(community, web, community_admin, resident):
    client = web(community_admin)
    assert web(resident).get(url(community, "new")).status_code == 404
    bad = client.post(url(community, "new"), {"title": "", "audience": "anyone"})
    assert bad.status_code == 400 and not Survey.objects.exists()
    made = client.post(url(community, "new"), {"title": "Нове", "audience": "anyone", "one_per_person": "on",
                                               "results_public": "on"})
    survey = Survey.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"/surveys/{survey.pk}/build/")
    for kind in Kind.values:
        data = {"kind": kind, "text": f"Питання {kind}", "choices": "А\nБ\nВ", "rows": "Р1\nР2",
                "max_value": "5" if kind in ("scale", "number") else ""}
        added = client.post(url(community, "question_add", survey_id=survey.pk), data)
        assert added.status_code == 302, (kind, added.content.decode()[:3000])
    assert survey.questions.count() == len(Kind.values)
    refused = client.post(url(community, "question_add", survey_id=survey.pk), {"kind": "single", "text": "Q",
                                                                               "choices": "одна"})
    assert refused.status_code == 400
    first, second = survey.questions.order_by("order")[:2]
    assert client.post(url(community, "question_move", survey_id=survey.pk, question_id=second.pk),
                       {"direction": "up"}).status_code == 302
    assert Question.objects.get(pk=second.pk).order == 1
    assert client.get(url(community, "build", survey_id=survey.pk)).status_code == 200
    assert client.get(url(community, "question_edit", survey_id=survey.pk, question_id=first.pk)).status_code == 200
    assert client.post(url(community, "publish", survey_id=survey.pk)).status_code == 302
    assert Survey.objects.get().status == Status.OPEN
    again = client.post(url(community, "publish", survey_id=survey.pk))
    assert again.status_code == 409


def test_the_quick_poll_tag_renders_the_open_poll(community, rf, resident):
    from django.template import Context, Template

    poll, (question,) = f.published(community, quick=True)
    request = rf.get("/")
    request.community, request.user = community, resident
    html = Template("{% load surveys_polls %}{% quick_poll %}").render(Context({"request": request}))
    assert question.text in html and f'name="q{question.pk}"' in html
