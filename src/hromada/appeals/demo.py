"""Demo data of appeals: districts, categories routed to the demo departments, response templates and
appeals in every state spread over the community, all created through the services (synthetic, labelled).

The configuration is the platform's (SYSTEM); appeals are filed by demo residents and handled by demo staff."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from shapely.geometry import shape

from hromada.core.identity.actors import SYSTEM
from hromada.demo.people import demo_people

from . import services
from .models import Appeal, AppealEvent, Status, TermKind

DISTRICTS = ["Центральний", "Північний", "Заводський", "Південний", "Садовий", "Лівобережний"]
LIGHT_VALUES = [{"key": "off", "name": "Не світить"}, {"key": "blinking", "name": "Блимає"},
                {"key": "day", "name": "Світить удень"}]
# code, name, group, term, public by default, department short name, extra questions
CATEGORIES = [
    ("street-light", "Вуличне освітлення", "Благоустрій", TermKind.DAYS_15, True, "ЖКГ",
     [{"code": "pole", "description": "Номер опори (якщо видно)", "datatype": "string", "required": False},
      {"code": "state", "description": "Що з ліхтарем?", "datatype": "singlevaluelist", "required": True,
       "values": LIGHT_VALUES}]),
    ("pothole", "Ями на дорогах", "Дороги", TermKind.ONE_MONTH, True, "Транспорт", []),
    ("garbage", "Вивезення сміття", "Благоустрій", TermKind.DAYS_15, True, "Благоустрій", []),
    ("trees", "Аварійні дерева", "Довкілля", TermKind.DAYS_15, True, "Екологія", []),
    ("water", "Водопостачання і каналізація", "ЖКГ", TermKind.DAYS_15, True, "ЖКГ", []),
    ("transport", "Громадський транспорт", "Транспорт", TermKind.ONE_MONTH, True, "Транспорт", []),
    ("schools", "Заклади освіти", "Освіта", TermKind.ONE_MONTH, True, "Освіта", []),
    ("public-info", "Запит на публічну інформацію", "Інформація", TermKind.PUBLIC_INFO, False, "Канцелярія", []),
    ("other", "Інше", "Інше", TermKind.ONE_MONTH, False, "Канцелярія", []),
]
TEXTS = {
    "street-light": ["Не світить ліхтар біля під'їзду, ввечері дуже темно.", "Ліхтар блимає всю ніч."],
    "pothole": ["Глибока яма на проїжджій частині, машини об'їжджають по тротуару.", "Провалився асфальт біля зупинки."],
    "garbage": ["Контейнери переповнені третій день.", "Стихійне сміттєзвалище за гаражами."],
    "trees": ["Сухе дерево нахилилося над дитячим майданчиком.", "Гілка висить на проводах."],
    "water": ["Тече вода з люка на тротуар.", "Немає води в будинку з ранку."],
    "transport": ["Автобус №5 не ходить за розкладом після 19:00.", "Зламаний павільйон на зупинці."],
    "schools": ["Не працює освітлення на шкільному стадіоні.", "Потрібен пандус біля входу до школи."],
    "public-info": ["Прошу надати кошторис ремонту дороги по вул. Садовій (демо-запит).",
                    "Прошу надати графік вивезення сміття на наступний місяць."],
    "other": ["Бродячі собаки біля школи.", "Шум від кафе після 23:00."],
}
STREETS = ["вул. Соборності", "вул. Садова", "вул. Шевченка", "просп. Миру", "вул. Лесі Українки", "вул. Заводська",
           "вул. Героїв України", "вул. Квіткова"]
# Target states and their share of the demo appeals.
STATES = [(Status.REGISTERED, 10), (Status.ASSIGNED, 12), (Status.IN_PROGRESS, 15), (Status.ANSWERED, 20),
          (Status.CLOSED, 30), (Status.REJECTED, 7), (Status.REDIRECTED, 6)]


def _bounds(community) -> tuple[float, float, float, float]:
    if community.boundary:
        return shape(community.boundary).bounds
    lat, lon = community.center_lat or 49.5883, community.center_lon or 34.5514
    return lon - 0.08, lat - 0.05, lon + 0.08, lat + 0.05


def _districts(community) -> list:
    min_lon, min_lat, max_lon, max_lat = _bounds(community)
    step_lon, step_lat = (max_lon - min_lon) / 3, (max_lat - min_lat) / 2
    areas = []
    for i, name in enumerate(DISTRICTS):
        col, row = i % 3, i // 3
        x0, y0 = min_lon + col * step_lon, min_lat + row * step_lat
        ring = [[x0, y0], [x0 + step_lon, y0], [x0 + step_lon, y0 + step_lat], [x0, y0 + step_lat], [x0, y0]]
        areas.append(services.area_save(actor=SYSTEM, community=community, name=f"{name} район",
                                        geometry={"type": "Polygon", "coordinates": [ring]}))
    return areas


def _photo(rnd: random.Random) -> SimpleUploadedFile:
    image = Image.new("RGB", (320, 240), (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg")


def load(community, *, size: str = "small") -> None:
    rnd = random.Random(f"appeals-{community.slug}")
    people = demo_people(community)
    by_short = {d.short_name: d for d in people.departments}
    officials = {}
    for official in people.officials:
        membership = official.memberships.filter(community=community).first()
        officials.setdefault(membership.department_id, official)
    areas = _districts(community)
    categories = []
    for order, (code, name, group, term, public, short, questions) in enumerate(CATEGORIES):
        department = by_short.get(short) or people.departments[0]
        category = services.category_save(
            actor=SYSTEM, community=community, code=code, name=name, group=group, term_kind=term,
            public_by_default=public, attributes=questions, fallback_department=department, order=order,
            description=f"{name} (демо-категорія)", keywords=group.lower(),
        )
        categories.append(category)
    # FixMyStreet-style split: the eastern districts' street lights belong to the improvement service.
    light = categories[0]
    for area in areas[3:]:
        services.routing_rule_save(actor=SYSTEM, community=community, category=light, area=area,
                                   department=by_short.get("Благоустрій") or people.departments[0])
    services.routing_rule_save(actor=SYSTEM, community=community, category=light, area=None,
                               department=by_short.get("ЖКГ") or people.departments[0])
    for title, text in (("Виконано", "Роботи виконано. Дякуємо за звернення!"),
                        ("Включено до плану", "Роботи включено до плану поточного ремонту на наступний місяць."),
                        ("Не належить до повноважень", "Питання не належить до повноважень виконавчого комітету.")):
        services.response_template_save(actor=SYSTEM, community=community, title=title, text=text)

    count = 250 if size == "full" else 7
    states = [s for s, weight in STATES for _ in range(weight)]
    min_lon, min_lat, max_lon, max_lat = _bounds(community)
    now = timezone.now()
    residents = people.residents
    extra = random.Random(f"appeals-channels-{community.slug}")  # its own stream: the rest stays as it was
    for i in range(count):
        state = STATES[i][0] if i < len(STATES) else rnd.choice(states)
        category = rnd.choice(categories)
        open_state = state in (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS)
        age_days = rnd.uniform(0.2, 25) if open_state else rnd.uniform(10, 200)
        at = now - timedelta(days=age_days)
        attrs = {"state": rnd.choice(LIGHT_VALUES)["key"]} if category.attributes else {}
        appeal = services.appeal_create(
            actor=rnd.choice(residents), community=community, category_code=category.code,
            description=rnd.choice(TEXTS[category.code]) + " (демо)",
            lat=rnd.uniform(min_lat + 0.002, max_lat - 0.002), lon=rnd.uniform(min_lon + 0.002, max_lon - 0.002),
            address=f"{rnd.choice(STREETS)}, {rnd.randrange(1, 120)}", attributes=attrs,
            photos=[_photo(rnd)] if i % 40 == 0 else [], at=at,
        )
        if appeal.is_public and rnd.random() < 0.15:
            services.appeal_follow(actor=rnd.choice(residents), community=community, appeal_id=appeal.pk)
        _advance(appeal, state, officials, people.admin, community, rnd)
        _backdate(appeal, at, state, rnd)
        _channel_and_rating(appeal, people.admin, extra)


def _advance(appeal, state, officials, admin, community, rnd) -> None:
    if state == Status.REGISTERED:
        return
    if state in (Status.REJECTED, Status.REDIRECTED):
        if state == Status.REJECTED:
            services.appeal_reject(actor=admin, community=community, appeal_id=appeal.pk,
                                   reason="Звернення не містить достатньо відомостей для розгляду (демо).")
        else:
            services.appeal_redirect(actor=admin, community=community, appeal_id=appeal.pk,
                                     to="Обласна служба автомобільних доріг (демо)",
                                     reason="Дорога обласного значення.")
        return
    owner = officials.get(appeal.department_id)
    if owner is None:
        return
    services.appeal_assign(actor=owner, community=community, appeal_id=appeal.pk, owner_id=owner.pk)
    if state == Status.ASSIGNED:
        return
    services.appeal_start(actor=owner, community=community, appeal_id=appeal.pk)
    if state == Status.IN_PROGRESS:
        if rnd.random() < 0.3:
            services.appeal_extend(actor=owner, community=community, appeal_id=appeal.pk,
                                   reason="Потрібне додаткове обстеження (демо).")
        return
    services.appeal_answer(actor=owner, community=community, appeal_id=appeal.pk,
                           text=rnd.choice(["Роботи виконано (демо).", "Включено до плану ремонту на квітень (демо).",
                                            "Проведено обстеження, аварійну ситуацію усунено (демо)."]))
    if state == Status.CLOSED:
        services.appeal_close(actor=owner, community=community, appeal_id=appeal.pk)


CHANNELS = [("web", 70), ("phone", 15), ("in_person", 10), ("email", 3), ("letter", 2)]


def _channel_and_rating(appeal, admin, rnd) -> None:
    """Some demo appeals came by phone or in person (written down by staff); some answers are rated."""
    channel = rnd.choices([c for c, _w in CHANNELS], weights=[w for _c, w in CHANNELS])[0]
    changes: dict = {}
    if channel != "web":
        changes.update(channel=channel, registered_by=admin, consent_noted=True, source="staff",
                       reply_by=rnd.choice(["phone", "printed", "letter", "email"]))
        if changes["reply_by"] == "letter":
            changes["postal_address"] = f"{rnd.choice(STREETS)}, {rnd.randrange(1, 120)} (демо)"
    appeal.refresh_from_db(fields=["answered_at", "response_text"])
    if appeal.answered_at and appeal.response_text and rnd.random() < 0.4:
        changes.update(rating=rnd.choice([5, 5, 4, 4, 4, 3, 2, 1]), rated_at=appeal.answered_at)
    if changes:
        Appeal.objects.filter(pk=appeal.pk).update(**changes)


def _backdate(appeal, at, state, rnd) -> None:
    """Services stamp "now"; spread the demo history over the appeal's lifetime so the dashboard is lively."""
    appeal.refresh_from_db()
    span = max((appeal.due_at - at).total_seconds(), 3600)
    # Most are answered on time, some late: the "executive discipline" shows both.
    answered = at + timedelta(seconds=span * rnd.uniform(0.1, 1.35)) if appeal.answered_at else None
    now = timezone.now()
    if answered and answered > now:
        answered = now
    events = list(AppealEvent.objects.filter(appeal=appeal).order_by("pk"))
    for n, event in enumerate(events):
        if n == 0:
            moment = at
        elif answered and event.kind in ("answered", "rejected", "redirected"):
            moment = answered
        elif event.kind == "closed" and answered:
            moment = min(answered + timedelta(days=2), now)
        else:
            moment = at + timedelta(seconds=span * 0.05 * n)
            moment = min(moment, now)
        AppealEvent.objects.filter(pk=event.pk).update(created_at=moment)
    last = max([at] + [e for e in (answered,) if e])
    Appeal.objects.filter(pk=appeal.pk).update(
        answered_at=answered, closed_at=min(answered + timedelta(days=2), now) if state == Status.CLOSED and answered
        else None, updated_at=last if state != Status.CLOSED or not answered else min(answered + timedelta(days=2), now))
