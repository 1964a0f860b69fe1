"""Demo petitions in every state (draft, moderation, collecting, rejected, duplicate, under consideration,
overdue, answered, closed), made through the same services residents and staff use; all synthetic."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.core.errors import DomainError
from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.services import community_update_settings
from hromada.demo.people import demo_people

from . import selectors, services
from .models import Category, Decision, Petition, Status

CATEGORIES = ["Благоустрій", "Транспорт", "Освіта", "Екологія", "Житлово-комунальне господарство", "Інше"]

# (title, text, category index) — synthetic petitions, clearly demo content.
PETITIONS = [
    ("Облаштувати велодоріжку вздовж вулиці Соборності",
     "Просимо облаштувати захищену велодоріжку вздовж вулиці Соборності від центру до парку. Щодня тут їздять "
     "сотні школярів і працівників, а рух автомобілів небезпечний.", 1),
    ("Встановити нові лавки та освітлення в парку Перемоги",
     "Парк Перемоги став улюбленим місцем відпочинку, але лавки зламані, а ввечері темно. Просимо встановити "
     "сучасні лавки та енергоощадне освітлення алей парку.", 0),
    ("Відкрити безкоштовний басейн для школярів громади",
     "Пропонуємо відкрити у спорткомплексі безкоштовні години басейну для учнів шкіл громади двічі на тиждень, "
     "щоб діти вчилися плавати безпечно.", 2),
    ("Посадити 1000 дерев уздовж набережної річки",
     "Набережна потерпає від спеки влітку. Просимо організувати висадку тисячі дерев місцевих порід уздовж "
     "набережної разом із волонтерами та школами громади.", 3),
    ("Запустити нічний автобусний маршрут у вихідні",
     "Після 23:00 у громаді немає громадського транспорту. Просимо запустити нічний автобусний маршрут у п'ятницю "
     "та суботу, що з'єднає центр із мікрорайонами.", 1),
    ("Встановити контейнери для роздільного збору сміття в кожному дворі",
     "Просимо встановити контейнери для роздільного збору пластику, скла та паперу в кожному дворі "
     "багатоквартирних будинків і налагодити їх регулярний вивіз.", 4),
    ("Облаштувати укриття в усіх школах громади",
     "Просимо перевірити та облаштувати повноцінні укриття в усіх школах громади, щоб навчання могло тривати "
     "офлайн навіть під час повітряних тривог.", 2),
    ("Відремонтувати тротуар на вулиці Шкільній",
     "Тротуар на вулиці Шкільній зруйнований, батьки з візочками та люди з інвалідністю змушені йти проїжджою "
     "частиною. Просимо провести капітальний ремонт тротуару.", 0),
    ("Створити собачий майданчик у мікрорайоні Сонячний",
     "У мікрорайоні Сонячний немає місця для вигулу собак. Просимо облаштувати огороджений майданчик із "
     "тренажерами та урнами для власників тварин.", 0),
    ("Перейменувати громаду на честь мене особисто",
     "Прошу перейменувати громаду на мою честь, бо я найкраще знаю, як тут усе влаштувати, і готовий "
     "керувати всім самостійно без ради.", 5),
]


def _backdate(petition: Petition, days: int, **fields) -> None:
    """Shift a demo petition's dates into the past so the demo shows expired and overdue states."""
    shift = timedelta(days=days)
    values = {name: getattr(petition, name) - shift for name in
              ("created_at", "submitted_at", "moderation_deadline", "published_at", "collection_ends_at",
               "threshold_reached_at", "consideration_deadline") if getattr(petition, name)}
    values.update(fields)
    Petition.objects.filter(pk=petition.pk).update(**values)
    petition.refresh_from_db()


def load(community, *, size: str = "small") -> None:
    people = demo_people(community)
    full = size == "full"
    community_update_settings(actor=people.admin, community=community, capability="petitions",
                              values={"threshold": 20 if full else 5})
    community.refresh_from_db()
    categories = [Category.objects.get_or_create(community=community, name=name)[0] for name in CATEGORIES]
    signers = [people.admin, people.moderator, *people.officials, *people.residents]
    authors = people.residents
    mod = people.moderator

    def make(i: int, *, submit=True, publish=True):
        title, text, cat = PETITIONS[i % len(PETITIONS)]
        petition = services.petition_create(actor=authors[i % len(authors)], community=community, title=title,
                                            text=text, category_id=categories[cat].pk)
        if submit:
            services.petition_submit(actor=petition.author, community=community, petition=petition)
        if submit and publish:
            services.petition_publish(actor=mod, community=community, petition=petition)
        return petition

    def sign(petition, how_many: int) -> int:
        done = 0
        for user in signers:
            if done >= how_many:
                break
            try:
                services.petition_sign(actor=user, community=community, petition=petition)
                done += 1
            except DomainError:  # residents without a strong identity are refused; skip them
                continue
        return done

    threshold = community.setting("petitions", "threshold")
    # Collecting, with some signatures.
    for i, share in ((0, 0.6), (1, 0.3), (7, 0.1)):
        sign(make(i), max(1, int(threshold * share)))
    # Answered, with a department and an answer.
    answered = make(2)
    services.petition_assign_department(actor=mod, community=community, petition=answered,
                                        department_id=people.departments[1].pk)
    sign(answered, threshold)
    answered.refresh_from_db()
    services.petition_answer(actor=people.officials[1], community=community, petition=answered,
                             decision=Decision.PARTLY,
                             text="Рада підтримує ідею частково: з вересня басейн працюватиме безкоштовно для "
                                  "школярів щосуботи. Кошти передбачено в бюджеті громади (демо-відповідь).")
    # Under consideration, in time.
    considering = make(3)
    services.petition_assign_department(actor=mod, community=community, petition=considering,
                                        department_id=people.departments[4].pk)
    sign(considering, threshold)
    # Under consideration, overdue.
    overdue = make(6)
    services.petition_assign_department(actor=mod, community=community, petition=overdue,
                                        department_id=people.departments[1].pk)
    sign(overdue, threshold)
    overdue.refresh_from_db()
    _backdate(overdue, 30)
    services.petition_flag_overdue(actor=SYSTEM, community=community, petition=overdue)
    # Closed without enough signatures.
    closed = make(4)
    sign(closed, max(1, threshold // 4))
    closed.refresh_from_db()
    _backdate(closed, 120)
    services.petition_close_if_expired(actor=SYSTEM, community=community, petition=closed)
    # Rejected with a reason, and a duplicate.
    rejected = make(9, publish=False)
    services.petition_reject(actor=mod, community=community, petition=rejected,
                             reason=selectors.rejection_reasons(community)[0],
                             comment="Перейменування громади вирішується законом, а не рішенням ради (демо).")
    duplicate = make(0, publish=False)
    services.petition_mark_duplicate(actor=mod, community=community, petition=duplicate,
                                     original_id=Petition.objects.filter(community=community, title=PETITIONS[0][0])
                                     .order_by("pk").first().pk)
    # Awaiting moderation (one overdue), and a draft.
    make(5, publish=False)
    late = make(8, publish=False)
    _backdate(late, 7)
    make(1, submit=False)
    if full:
        for i in range(10, 16):
            petition = make(i)
            sign(petition, threshold // 3 + i % 4)
    # Nudge "newest" ordering so the list does not show every demo petition with the same minute.
    now = timezone.now()
    for n, petition in enumerate(Petition.objects.filter(community=community, status=Status.COLLECTING).order_by("pk")):
        Petition.objects.filter(pk=petition.pk).update(published_at=now - timedelta(hours=5 * n))
