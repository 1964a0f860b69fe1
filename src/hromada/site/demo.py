"""Demo content of the community's site for the synthetic demo community (run by `hromada load_demo` through the
manifest): branding, 4 pages, 12 news in 3 categories (one scheduled a week ahead), contacts and 5 officials.

The platform writes it as SYSTEM, through the same services staff use; every text says it is demo content."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.core.identity.actors import SYSTEM

from . import services
from .models import MenuItem

PAGES = [
    ("Про громаду", "pro-hromadu", "**Демонстраційна сторінка.** Громада об'єднує кілька сіл і місто; тут "
     "розповідають про історію, населення та органи самоврядування.\n\n- Населення: умовні 20 тисяч\n"
     "- Площа: умовні 500 км²"),
    ("Структура ради", "struktura-rady", "**Демонстраційна сторінка.** Виконавчий комітет, управління та відділи.\n\n"
     "| Підрозділ | Кабінет |\n| --- | --- |\n| Відділ освіти | 12 |\n| ЦНАП | 1 |"),
    ("Бюджет громади", "biudzhet", "**Демонстраційна сторінка.** Як формується і виконується бюджет громади. "
     "Дивіться також [відкриті дані](https://data.gov.ua/)."),
    ("Доступ до публічної інформації", "publichna-informatsiia",
     "**Демонстраційна сторінка.** Запит на інформацію можна надіслати поштою або електронною поштою; "
     "відповідь — протягом п'яти робочих днів."),
]
CATEGORIES = [("Оголошення", "oholoshennia"), ("Події", "podii"), ("Рішення ради", "rishennia-rady")]
NEWS_TOPICS = ["Ремонт дороги на вулиці Центральній", "Засідання виконавчого комітету", "Відкриття укриття у школі",
               "Графік прийому громадян", "День громади", "Сесія міської ради", "Нові автобусні маршрути",
               "Конкурс шкільних проєктів", "Вивіз сміття у святкові дні", "Прибирання парку",
               "Звіт старости", "Опалювальний сезон"]
OFFICIALS = [("Демо Олена Петрівна", "Міський голова (демо)", "Пн 10:00–13:00"),
             ("Демо Андрій Іванович", "Секретар ради (демо)", "Вт 14:00–17:00"),
             ("Демо Ірина Олегівна", "Заступниця міського голови (демо)", "Ср 10:00–12:00"),
             ("Демо Сергій Миколайович", "Керуючий справами виконкому (демо)", "Чт 9:00–12:00"),
             ("Демо Марія Василівна", "Начальниця ЦНАП (демо)", "Пт 9:00–13:00")]


def load(community, *, size: str = "small") -> None:
    now = timezone.now()
    services.site_profile_update(
        actor=SYSTEM, community=community, tagline="Демонстраційна громада: новини, сторінки та контакти",
        accent_colour="#1d4f91",
        contacts="**Демонстраційні контакти.** Приймальня: вул. Центральна, 1 (умовна адреса).\n\n"
                 "Телефон приймальні: +380 00 000 00 00")
    pages = [services.page_create(actor=SYSTEM, community=community, title=title, slug=slug, body=body)
             for title, slug, body in PAGES]
    categories = [services.news_category_create(actor=SYSTEM, community=community, name=name, slug=slug)
                  for name, slug in CATEGORIES]
    for number, topic in enumerate(NEWS_TOPICS):
        # The last item is scheduled a week ahead: it appears nowhere until then.
        publish_at = now + timedelta(days=7) if number == len(NEWS_TOPICS) - 1 else now - timedelta(days=number)
        services.news_create(
            actor=SYSTEM, community=community, title=topic, category_id=categories[number % 3].pk,
            summary=f"Демонстраційна новина: {topic.lower()}.", publish_at=publish_at,
            body=f"**Демонстраційна новина.** {topic}. Подробиці — у виконавчому комітеті.")
    for order, (name, position, hours) in enumerate(OFFICIALS):
        services.official_create(actor=SYSTEM, community=community, name=name, position=position,
                                 reception_hours=hours, work_phone="+380 00 000 00 0" + str(order),
                                 work_email=f"pryimalnia{order}@example.org", order=order)
    for position, page in enumerate(pages[:2]):
        services.menu_item_create(actor=SYSTEM, community=community, label=page.title, kind=MenuItem.Kind.PAGE,
                                  page_id=page.pk, position=position)
    if community.capability_enabled("petitions"):
        services.menu_item_create(actor=SYSTEM, community=community, label="Петиції",
                                  kind=MenuItem.Kind.CAPABILITY, capability="petitions", position=5)
