"""The API: the list and one survey with its questions, submitting (201, then 409 for the same person; 400 naming
the question; 401 signed out where a person is needed), results with filters, and pinned queries."""

from __future__ import annotations

from conftest import make_member

from hromada.core.identity.models import Role
from hromada.surveys import services
from hromada.surveys.models import Kind, Response

from . import factories as f


def test_list_and_detail(community, api_client_for, django_assert_max_num_queries):
    for n in range(12):
        f.published(community, title=f"Опитування {n}")
    f.survey(community, title="Чернетка")
    api = api_client_for(community)
    with django_assert_max_num_queries(8):
        listed = api.get("surveys/")
    assert listed.status_code == 200 and "Чернетка" not in listed.content.decode()
    survey, questions = f.published(community, kinds=(Kind.MATRIX, Kind.SCALE))
    detail = api.get(f"surveys/{survey.pk}").json()
    assert [q["field"] for q in detail["questions"]] == [f"q{q.pk}" for q in questions]
    assert len(detail["questions"][0]["rows"]) == 2
    assert api.get("surveys/999999").status_code == 404


def test_submit_refuse_and_conflict(community, api_client_for, resident):
    survey, (single, number) = f.published(community, kinds=(Kind.SINGLE, Kind.NUMBER))
    api = api_client_for(community, resident)
    bad = api.post(f"surveys/{survey.pk}/responses", {"answers": {f"q{single.pk}": 999999, f"q{number.pk}": 1}})
    assert bad.status_code == 400 and f"q{single.pk}" in bad.json()["error"]["fields"]
    assert api.post(f"surveys/{survey.pk}/responses", {"answers": {}, "extra": 1}).status_code in (400, 422)
    body = {"answers": {f"q{single.pk}": f.options(single)[0], f"q{number.pk}": 3}}
    assert api.post(f"surveys/{survey.pk}/responses", body).status_code == 201
    again = api.post(f"surveys/{survey.pk}/responses", body)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_responded"
    assert api_client_for(community).post(f"surveys/{survey.pk}/responses", body).status_code == 401
    assert Response.objects.count() == 1


def test_results_with_a_filter(community, api_client_for, django_assert_max_num_queries):
    survey, questions = f.published(community, kinds=(Kind.SINGLE, Kind.SCALE))
    for _n in range(3):
        services.response_submit(actor=make_member(community, Role.RESIDENT), community=community,
                                 survey_id=survey.pk, answers={f"q{q.pk}": f.valid_answer(q) for q in questions})
    api = api_client_for(community)
    with django_assert_max_num_queries(12):
        got = api.get(f"surveys/{survey.pk}/results")
    data = got.json()
    assert got.status_code == 200 and data["responses"] == 3
    assert data["results"][0]["bars"][0]["count"] == 3
    single = questions[0]
    other = api.get(f"surveys/{survey.pk}/results", question=single.pk, choice=f.options(single)[1]).json()
    assert other["results"][0]["answered"] == 0
    assert api.get(f"surveys/{survey.pk}/results", since="not a date").status_code in (400, 422)
    hidden, _ = f.published(community, results_public=False)
    assert api.get(f"surveys/{hidden.pk}/results").status_code == 404
