"""Surveys (issue 18): the public results page of a 20-question survey with 20,000 responses (bulk-generated as
bench/surveys_results.py does, then tallied by the staff's rebuild), and a wave of distinct residents answering a
survey over API tokens (every answer goes through response_submit and its tally upsert).

Integrity: the results page shows every response (its query count is pinned in the app's tests); after the wave, 201 answers = responses = the survey's
response_count = the tally's count of answers to the first question, and the tally equals a recount from the
answers (nothing lost or doubled under concurrent responses)."""

from __future__ import annotations

import json

from harness.loadgen import Request
from harness.people import residents_with_tokens
from harness.scenario import Scenario, Step, client_headers

RESPONSES = 20_000


class SurveysResults(Scenario):
    name = "surveys-results"
    target_p99_ms = 1000.0
    rates = (2, 5, 10, 20, 40)

    def prepare(self, community, budget: int) -> dict:
        from surveys_results import build_survey, generate

        from hromada.surveys.tally import tally_rebuild

        survey, questions = build_survey(community)
        generate(community, survey, questions, RESPONSES, seed=18)
        tally_rebuild(survey.pk)
        return {"survey": survey.pk}

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", f"/surveys/{state['survey']}/results/", client_headers(index, **{"Accept-Language": "uk"}))

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        """The page as the load left it: every response counted (the tally's total is on the page)."""
        status, body = get(f"/surveys/{state['survey']}/results/")
        if status != 200 or str(RESPONSES).encode() not in body:
            return [f"the results page answered {status} without the {RESPONSES} responses"]
        return []


class SurveysRespond(Scenario):
    name = "surveys-respond"
    rates = (10, 25, 50, 100, 150, 200)
    ok_statuses = (201,)

    def prepare(self, community, budget: int) -> dict:
        from surveys_results import build_survey

        from hromada.core.identity.actors import SYSTEM
        from hromada.surveys import services

        tokens = residents_with_tokens(community, budget, "surveyor")
        survey, questions = build_survey(community)
        services.survey_update(actor=SYSTEM, community=community, survey_id=survey.pk, one_per_person=True)
        answers = {}
        for question in questions:
            options = list(question.choices.filter(role="option").order_by("order").values_list("pk", flat=True))
            rows = list(question.choices.filter(role="row").order_by("order").values_list("pk", flat=True))
            answers[f"q{question.pk}"] = {
                "single": options[:1] and options[0], "multiple": options[:2], "ranking": options,
                "matrix": {str(row): options[0] for row in rows}, "scale": 4, "number": 300,
                "short_text": "Відповідь", "date": "2026-05-01"}[question.kind]
        return {"tokens": tokens, "survey": survey.pk, "body": json.dumps({"answers": answers})}

    def request(self, state: dict, index: int) -> Request:
        return Request("POST", f"/api/v1/surveys/{state['survey']}/responses",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}),
                       state["body"].encode())

    def counts(self, state: dict) -> dict:
        from hromada.surveys.models import Answer, Question, Response, Survey, Tally
        from hromada.surveys.selectors import survey_questions
        from hromada.surveys.tally import answers_aggregates, tally_rows

        survey = Survey.objects.get(pk=state["survey"])
        first = Question.objects.filter(survey=survey).order_by("order", "pk").first()
        kept = sorted((q, s, c) for q, s, c in Tally.objects.filter(survey=survey).values_list("question_id", "slot",
                                                                                                "count"))
        recount = sorted((q, s, c) for q, s, c, *_r in tally_rows(answers_aggregates(
            survey_questions(survey), Answer.objects.filter(survey=survey))))
        return {"responses": Response.objects.filter(survey=survey).count(), "counter": survey.response_count,
                "tally": Tally.objects.get(question=first, slot="").count if kept else 0,
                "tally_is_recount": kept == recount}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        answered = sum(step.result.statuses().get(201, 0) for step in steps)
        figures = {"201 answers": answered, "responses": counts["responses"], "response_count": counts["counter"],
                   "tally": counts["tally"]}
        problems = [] if len(set(figures.values())) == 1 else [
            "responses disagree: " + ", ".join(f"{k} {v}" for k, v in figures.items())]
        if not counts["tally_is_recount"]:
            problems.append("the tally differs from a recount from the answers")
        return problems
