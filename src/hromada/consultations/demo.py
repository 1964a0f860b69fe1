"""Demo e-consultations (synthetic, in the community's language): one open draft decision with proposals, supports,
a hidden one and first answers, and a finished programme consultation with every answer and its published report.
Written through the services residents and staff use; the finished one is then moved into the past."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.policies import works_in_department
from hromada.demo.people import demo_people

from . import services
from .models import Consultation, Proposal

OPEN_TEXT = """Ці Правила визначають вимоги до утримання територій загального користування, прибудинкових територій, парків і скверів громади.

Власники та користувачі земельних ділянок зобов'язані утримувати їх у чистоті та прибирати прилеглу територію на відстані до 10 метрів.

Забороняється розміщувати рекламні конструкції на деревах, опорах освітлення та зупинках громадського транспорту.

Видалення зелених насаджень здійснюється лише на підставі акта обстеження та дозволу виконавчого комітету.

Контроль за дотриманням Правил здійснює відділ благоустрою та інспекція з питань благоустрою."""

FINISHED_TEXT = """Мета Програми — створити умови для занять спортом для всіх вікових груп мешканців громади.

Облаштувати не менше п'яти відкритих спортивних майданчиків у мікрорайонах до кінця 2027 року.

Забезпечити безкоштовний доступ школярів до басейну спорткомплексу двічі на тиждень.

Щороку проводити громадський спортивний фестиваль за участі шкіл і спортивних клубів."""

OPEN_PROPOSALS = [  # (author index, paragraph or None, after, kind, text)
    (0, 2, None, "wording", "Власники та користувачі земельних ділянок зобов'язані утримувати їх у чистоті та "
                            "прибирати прилеглу територію на відстані до 5 метрів, а взимку — очищати тротуари від снігу."),
    (1, 3, None, "comment", "Варто додати заборону на розклеювання оголошень на фасадах житлових будинків."),
    (2, 4, None, "comment", "Акти обстеження зелених насаджень слід оприлюднювати на сайті громади до видалення дерев."),
    (3, None, 5, "wording", "Мешканці можуть повідомити про порушення Правил через мапу звернень на сайті громади."),
    (1, 1, None, "comment", "Купуйте рекламу на нашому сайті — найкращі ціни!"),
]

FINISHED_PROPOSALS = [  # (author index, paragraph, kind, text, answer, reason)
    (0, 2, "wording", "Облаштувати не менше восьми відкритих спортивних майданчиків, зокрема з покриттям для "
                      "людей з інвалідністю.", "partly",
     "Кількість майданчиків залишено (бюджет), вимогу щодо доступності враховано."),
    (1, 3, "comment", "Додати безкоштовні години басейну і для людей похилого віку.", "accepted", ""),
    (2, 4, "comment", "Фестиваль краще проводити двічі на рік.", "rejected",
     "Бюджет Програми передбачає один фестиваль на рік; пропозицію розглянемо при перегляді Програми."),
]


def load(community, *, size: str = "small") -> None:
    people = demo_people(community)
    department = people.departments[0] if people.departments else None
    official = next((o for o in people.officials if department and works_in_department(o, community, department.pk)),
                    people.admin)
    residents = people.residents
    now = timezone.now()

    finished = services.consultation_create(
        actor=SYSTEM, community=community, title="Програма розвитку фізичної культури і спорту на 2026–2028 роки",
        kind="programme", summary="Громадське обговорення проєкту Програми розвитку спорту.", text=FINISHED_TEXT,
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1),
        department_id=department.pk if department else None, required_identity_level=1)
    services.consultation_publish(actor=SYSTEM, community=community, consultation_id=finished.pk)
    for index, (author, paragraph, kind, text, answer, reason) in enumerate(FINISHED_PROPOSALS):
        proposal = services.proposal_submit(actor=residents[author % len(residents)], community=community,
                                            consultation_id=finished.pk, kind=kind, text=text,
                                            paragraph_number=paragraph)
        for supporter in residents[author + 1:author + 2 + index]:
            services.proposal_support(actor=supporter, community=community, proposal_id=proposal.pk)
        services.proposal_answer(actor=official, community=community, proposal_id=proposal.pk, answer=answer,
                                 reason=reason)
    services.consultation_close(actor=SYSTEM, community=community, consultation_id=finished.pk)
    services.report_publish(actor=official, community=community, consultation_id=finished.pk,
                            summary="Надійшло три пропозиції; одну враховано повністю, одну частково, одну відхилено "
                                    "з поясненням. Програму подано на розгляд сесії ради.")
    Consultation.objects.filter(pk=finished.pk).update(
        opens_at=now - timedelta(days=45), closes_at=now - timedelta(days=15), report_published_at=now - timedelta(days=7))
    Proposal.objects.filter(consultation=finished).update(created_at=now - timedelta(days=30),
                                                          answered_at=now - timedelta(days=10))

    current = services.consultation_create(
        actor=SYSTEM, community=community, title="Правила благоустрою території громади", kind="rule",
        summary="Проєкт рішення ради: нові Правила благоустрою. Коментуйте кожен пункт або пропонуйте свою редакцію.",
        text=OPEN_TEXT, opens_at=now - timedelta(days=5), closes_at=now + timedelta(days=25),
        department_id=department.pk if department else None, required_identity_level=1)
    services.consultation_publish(actor=SYSTEM, community=community, consultation_id=current.pk)
    made = []
    for author, paragraph, after, kind, text in OPEN_PROPOSALS:
        made.append(services.proposal_submit(actor=residents[author % len(residents)], community=community,
                                             consultation_id=current.pk, kind=kind, text=text,
                                             paragraph_number=paragraph, after_number=after))
    for supporter in residents[1:4]:
        if supporter.pk != made[0].author_id:
            services.proposal_support(actor=supporter, community=community, proposal_id=made[0].pk)
    services.proposal_hide(actor=people.moderator, community=community, proposal_id=made[4].pk,
                           reason="Реклама, не стосується проєкту")
    services.proposal_answer(actor=official, community=community, proposal_id=made[2].pk, answer="accepted",
                             reason="Додамо вимогу оприлюднювати акти обстеження.")
