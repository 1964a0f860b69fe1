"""Demo data of Commitments: an Open Government Partnership action plan in its second year with two monitoring
rounds (the first closed with every report and assessment, the second open with late reports), evidence, followers,
and a programme of the winning participatory-budget projects when the budgets capability is there.

The platform writes it as SYSTEM through the same services people use; texts are community data (Ukrainian)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.demo.people import demo_people

from . import services
from .models import Assessment, BodyReport, CommitmentStatus, MilestoneStatus, PlanKind, Rating
from .selectors import add_months, today

SIZES = {"small": 5, "medium": 12, "large": 40}

COMMITMENTS = (
    ("Відкриті дані про закупівлі громади", "Публікувати всі договори та звіти про закупівлі у форматі відкритих "
     "даних щомісяця.", "заступник міського голови з питань діяльності виконавчих органів"),
    ("Електронні консультації щодо проєктів рішень", "Кожен проєкт регуляторного рішення виносити на електронні "
     "консультації щонайменше на 15 днів.", "секретар міської ради"),
    ("Карта звернень мешканців", "Оприлюднювати всі звернення щодо благоустрою на мапі з відповіддю та строком.",
     "начальник відділу благоустрою"),
    ("Звітність комунальних підприємств", "Щоквартальні фінансові звіти всіх комунальних підприємств на сайті.",
     "начальник фінансового управління"),
    ("Бюджет участі для шкіл", "Запровадити шкільний громадський бюджет у всіх закладах загальної середньої "
     "освіти.", "начальник управління освіти"),
)

REPORT_TEXTS = (
    "Заплановані заходи виконано відповідно до графіка; результати оприлюднено на сайті громади.",
    "Роботу розпочато, підготовлено проєкт порядку та проведено зустріч із громадськими організаціями.",
    "Виконання затримується через зміну підрядника; новий строк погоджено з виконавчим комітетом.",
)
ASSESSMENT_TEXTS = {
    Rating.ON_TRACK: "Звіт підтверджується оприлюдненими документами; виконання відповідає плану.",
    Rating.LIMITED: "Зроблено перші кроки, але результати для мешканців поки не відчутні.",
    Rating.OFF_TRACK: "Заявлені заходи не підтверджено доказами; рекомендуємо переглянути строки.",
    Rating.COMPLETED: "Зобов'язання виконано повністю; дані доступні у відкритому доступі.",
}


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def load(community, *, size: str = "small") -> None:
    people = demo_people(community)
    departments = people.departments
    if not departments:
        return
    count = SIZES.get(size, SIZES["small"])
    start = add_months(today().replace(day=1), -14)
    plan = services.plan_create(
        actor=SYSTEM, community=community, kind=PlanKind.ACTION_PLAN, period_start=start,
        period_end=add_months(start, 24) - timedelta(days=1), monitoring_months=6,
        title="План дій з впровадження ініціативи «Партнерство «Відкритий Уряд»»",
        body="Зобов'язання громади щодо прозорості, участі мешканців і підзвітності. Моніторинг — кожні шість "
             "місяців; оцінку дає незалежна моніторингова група громадських організацій.")
    monitor = people.residents[0]
    services.monitor_appoint(actor=SYSTEM, community=community, user_id=monitor.pk,
                             organisation="ГО «Прозора громада» (незалежна моніторингова група)")
    commitments = []
    for number in range(count):
        title, body, official = COMMITMENTS[number % len(COMMITMENTS)]
        department = departments[number % len(departments)]
        suffix = f" ({number // len(COMMITMENTS) + 1})" if number >= len(COMMITMENTS) else ""
        commitment = services.commitment_create(actor=SYSTEM, community=community, plan_id=plan.pk,
                                                title=title + suffix, body=body, officials=official,
                                                department_ids=[department.pk], order=number)
        for step, months in (("Підготовка порядку та відповідальних", 3), ("Запуск і перша публікація", 9),
                             ("Оцінка результатів разом із мешканцями", 20)):
            due = add_months(start, months)
            done = due < today() and number % 3 != 2
            services.milestone_create(actor=SYSTEM, community=community, commitment_id=commitment.pk, title=step,
                                      due_on=due, status=MilestoneStatus.DONE if done else MilestoneStatus.PLANNED,
                                      done_on=due if done else None)
        commitments.append(commitment)
    services.evidence_add(actor=SYSTEM, community=community, commitment_id=commitments[0].pk,
                          title="Набір даних про закупівлі на порталі відкритих даних",
                          url="https://data.gov.ua/")
    for follower in people.residents[1:4]:
        services.commitment_follow(actor=follower, community=community, commitment_id=commitments[0].pk)

    # Two rounds whose periods have ended: the first closed with every report and assessment; the second open,
    # with a third of the reports still missing (they show in the late-reports queue).
    for round_number in (1, 2):
        opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
        filed_on = opened.due_on - timedelta(days=3)
        for index, commitment in enumerate(commitments):
            if round_number == 2 and index % 3 == 2:
                continue
            progress = min(100, 35 * round_number + 10 * (index % 3))
            status = CommitmentStatus.COMPLETED if progress == 100 else (
                CommitmentStatus.DELAYED if index % 3 == 2 else CommitmentStatus.IN_PROGRESS)
            report = services.report_file(actor=SYSTEM, community=community, round_id=opened.pk,
                                          commitment_id=commitment.pk, text=REPORT_TEXTS[index % 3],
                                          progress=progress, status=status, now=_moment(filed_on))
            # Demo history: the report shows the day it would have been filed, not the day the demo was loaded.
            BodyReport.objects.filter(pk=report.pk).update(filed_at=_moment(filed_on))
            rating = (Rating.COMPLETED if status == CommitmentStatus.COMPLETED else
                      (Rating.ON_TRACK, Rating.LIMITED, Rating.OFF_TRACK)[index % 3])
            assessment = services.assessment_file(actor=SYSTEM, community=community, round_id=opened.pk,
                                                  commitment_id=commitment.pk, text=ASSESSMENT_TEXTS[rating],
                                                  rating=rating)
            Assessment.objects.filter(pk=assessment.pk).update(
                filed_at=_moment(min(opened.due_on + timedelta(days=7), today())))
        if round_number == 1:
            services.round_close(actor=SYSTEM, community=community, round_id=opened.pk)

    winners = services.plan_create(
        actor=SYSTEM, community=community, kind=PlanKind.BUDGET_PROJECTS, period_start=today().replace(month=1, day=1),
        period_end=today().replace(month=12, day=31), monitoring_months=6,
        title="Реалізація проєктів-переможців громадського бюджету",
        body="Проєкти, за які проголосували мешканці, з відповідальними підрозділами та ходом робіт.")
    services.plan_import_budget_winners(actor=SYSTEM, community=community, plan_id=winners.pk)
