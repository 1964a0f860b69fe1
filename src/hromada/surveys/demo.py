"""Demo data of Surveys and polls: a finished survey with results, an open survey in sections with a conditional
question, and an open quick poll (run by `hromada load_demo` through the manifest).

The platform builds them as SYSTEM and the demo residents answer them, through the same services people use."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.core.errors import DomainError
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.identity.selectors import members_with_role

from .models import Audience, Kind
from .services import question_add, response_submit, section_add, survey_close, survey_create, survey_publish

SIZES = {"small": 24, "medium": 60, "large": 200}


def _finished(community, residents) -> None:
    # Community data, not interface text: the demo surveys are in the community's language.
    survey = survey_create(actor=SYSTEM, community=community, title="Громадський транспорт: оцінка 2026 року",
                           description="Опитування про якість міських автобусів і тролейбусів.",
                           audience=Audience.ANYONE, one_per_person=True, anonymous=True)
    how_often = question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.SINGLE,
                             text="Як часто ви користуєтеся громадським транспортом?", required=True,
                             choices=["Щодня", "Кілька разів на тиждень", "Рідко", "Ніколи"])
    rating = question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.SCALE,
                          text="Оцініть якість перевезень", required=True, max_value=5)
    problems = question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.MULTIPLE,
                            text="Що найбільше заважає?", choices=["Інтервали руху", "Переповненість",
                                                                   "Стан транспорту", "Оплата проїзду"])
    matrix = question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.MATRIX,
                          text="Оцініть маршрути", choices=["Добре", "Задовільно", "Погано"],
                          rows=["Маршрут 1", "Маршрут 5", "Тролейбус 3"])
    ranking = question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.RANKING,
                           text="Що покращити насамперед?", choices=["Нові автобуси", "Зупинки", "Розклад"])
    wait = question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.NUMBER,
                        text="Скільки хвилин ви зазвичай чекаєте?", min_value=0, max_value=120)
    comment = question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.LONG_TEXT,
                           text="Ваші пропозиції")
    survey_publish(actor=SYSTEM, community=community, survey_id=survey.pk)
    options = {q.pk: list(q.choices.order_by("order").values_list("pk", "role")) for q in
               (how_often, problems, matrix, ranking)}
    comments = ["Потрібно більше автобусів у години пік.", "Зупинка біля школи без навісу.",
                "Добре, що з'явилася оплата карткою."]
    for n, person in enumerate(residents):
        opts = [pk for pk, role in options[how_often.pk]]
        picks = [pk for pk, role in options[problems.pk]]
        columns = [pk for pk, role in options[matrix.pk] if role == "option"]
        rows = [pk for pk, role in options[matrix.pk] if role == "row"]
        ranked = [pk for pk, role in options[ranking.pk]]
        shift = n % len(ranked)
        answers = {f"q{how_often.pk}": opts[(n * 7) % 3], f"q{rating.pk}": 1 + (n * 3) % 5,
                   f"q{problems.pk}": [picks[n % 4], picks[(n + 1) % 4]] if n % 3 else [picks[n % 4]],
                   f"q{matrix.pk}": {str(row): columns[(n + k) % 3] for k, row in enumerate(rows)},
                   f"q{ranking.pk}": ranked[shift:] + ranked[:shift], f"q{wait.pk}": (n * 11) % 40 + 3}
        if n % 4 == 0:
            answers[f"q{comment.pk}"] = comments[n % len(comments)]
        try:
            response_submit(actor=person, community=community, survey_id=survey.pk, answers=answers)
        except DomainError:  # a demo person the survey does not admit: skipped
            continue
    survey_close(actor=SYSTEM, community=community, survey_id=survey.pk)


def _open(community) -> None:
    survey = survey_create(actor=SYSTEM, community=community, title="Благоустрій парку над річкою",
                           description="Допоможіть вирішити, яким буде оновлений парк.",
                           audience=Audience.EMAIL, one_per_person=True,
                           closes_at=timezone.now() + timedelta(days=30))
    about = section_add(actor=SYSTEM, community=community, survey_id=survey.pk, title="Про вас")
    park = section_add(actor=SYSTEM, community=community, survey_id=survey.pk, title="Парк")
    visits = question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.SINGLE,
                          section_id=about.pk, text="Чи відвідуєте ви парк?", required=True,
                          choices=["Так", "Ні"])
    no = visits.choices.order_by("order").last()
    question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.SHORT_TEXT,
                 section_id=about.pk, text="Чому ні?", condition_question_id=visits.pk, condition_choice_id=no.pk)
    question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.MULTIPLE, section_id=park.pk,
                 text="Що додати в парку?", max_value=2,
                 choices=["Дитячий майданчик", "Велодоріжки", "Лавки", "Освітлення"])
    question_add(actor=SYSTEM, community=community, survey_id=survey.pk, kind=Kind.DATE, section_id=park.pk,
                 text="Коли вам зручно прийти на толоку?")
    survey_publish(actor=SYSTEM, community=community, survey_id=survey.pk)


def _quick(community, residents) -> None:
    poll = survey_create(actor=SYSTEM, community=community, title="Швидке опитування: вуличне освітлення",
                         quick=True, audience=Audience.ANYONE, one_per_person=True)
    question = question_add(actor=SYSTEM, community=community, survey_id=poll.pk, kind=Kind.SINGLE,
                            text="Чи достатньо освітлена ваша вулиця ввечері?", required=True,
                            choices=["Так", "Частково", "Ні"])
    survey_publish(actor=SYSTEM, community=community, survey_id=poll.pk)
    options = list(question.choices.order_by("order").values_list("pk", flat=True))
    for n, person in enumerate(residents[: len(residents) // 2]):
        try:
            response_submit(actor=person, community=community, survey_id=poll.pk,
                            answers={f"q{question.pk}": options[(n * 5) % 3]})
        except DomainError:
            continue


def load(community, *, size: str = "small") -> None:
    count = SIZES.get(size, SIZES["small"])
    residents = list(members_with_role(community=community, roles=Role.RESIDENT).order_by("pk")[:count])
    _finished(community, residents)
    _open(community)
    _quick(community, residents)
