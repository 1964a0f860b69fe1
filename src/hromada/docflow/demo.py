"""Demo data of the document workflow: a journal of every kind with its index pattern, this year's file plan, and
cards in draft and registered states with files. Written as SYSTEM through the services, in Ukrainian (community
data); later parts add resolutions, routes and a year of history."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department

from . import services
from .models import Document

SIZES = {"small": 40, "medium": 120, "large": 360}
JOURNALS = (  # kind, title, index pattern
    ("incoming", "Вхідна кореспонденція", "{seq}/{dept}/{yy}"),
    ("outgoing", "Вихідна кореспонденція", "{case}/{seq}"),
    ("internal", "Розпорядження та накази", "{seq}-{kind}"),
    ("appeals", "Звернення громадян", "{kind}-{seq}"),
    ("public_info", "Запити на публічну інформацію", "ЗПІ-{seq}/{yy}"),
)
CASES = (  # index, title, retention
    ("01-05", "Листування з обласною військовою адміністрацією", "5 р., ст. 22"),
    ("01-12", "Вихідна кореспонденція виконавчого комітету", "3 р., ст. 23"),
    ("01-20", "Розпорядження міського голови з основної діяльності", "Постійно, ст. 16-а"),
    ("02-07", "Звернення громадян та документи з їх розгляду", "5 р., ст. 82-а"),
)
CORRESPONDENTS = (
    ("Обласна військова адміністрація", "Коваленко О. В."), ("Головне управління ДПС в області", ""),
    ("Районна державна адміністрація", "Мельник І. П."), ("ТОВ «Вишневе-Водоканал»", "Шевчук Т. А."),
    ("Управління Держпраці", ""), ("Національна поліція, відділ превенції", "Бондар С. М."),
)
SUMMARIES = (
    "Про підготовку закладів освіти до опалювального сезону",
    "Щодо ремонту покрівлі амбулаторії загальної практики",
    "Про надання інформації щодо стану доріг комунальної власності",
    "Щодо графіка відключень водопостачання на вулиці Садовій",
    "Про проведення перевірки дотримання правил благоустрою",
    "Щодо облаштування укриття в ліцеї № 2",
    "Про виділення коштів на закупівлю генераторів",
    "Щодо звернення мешканців будинку № 14 на вулиці Шевченка",
)


def _backdate(document_id: int, day) -> None:
    """Registered on the day it came (the demo's shortcut: a year cannot pass while it loads)."""
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    Document.objects.filter(pk=document_id).update(reg_date=day, registered_at=moment)


def load(community, *, size: str = "small") -> None:
    rnd = random.Random(f"docflow-{community.slug}")
    today = timezone.localdate()
    journals = {kind: services.journal_create(actor=SYSTEM, community=community, kind=kind, title=title,
                                              index_pattern=pattern)
                for kind, title, pattern in JOURNALS}
    departments = list(Department.objects.filter(community=community).order_by("pk"))
    cases = [services.file_plan_case_create(actor=SYSTEM, community=community, year=today.year, index=index,
                                            title=title, retention=retention,
                                            department_id=departments[-1].pk if departments else None)
             for index, title, retention in CASES]
    count = SIZES.get(size, SIZES["small"])
    kinds = list(journals)
    # This year's documents from January to today, oldest first, so that each journal's numbers rise with its dates.
    days = sorted((rnd.randint(0, today.timetuple().tm_yday - 1) for _ in range(count)), reverse=True)
    for n in range(count):
        journal_kind = kinds[n % len(kinds)]
        org, person = rnd.choice(CORRESPONDENTS)
        received = today - timedelta(days=days[n])
        document = services.document_draft_create(
            actor=SYSTEM, community=community, journal_id=journals[journal_kind].pk, summary=rnd.choice(SUMMARIES),
            kind={"internal": "order", "appeals": "appeal", "public_info": "info_request"}.get(journal_kind, "letter"),
            correspondent_org="" if journal_kind == "appeals" else org,
            correspondent_name=person if journal_kind != "outgoing" else "",
            correspondent_index=f"{rnd.randint(1, 999)}/{rnd.randint(1, 30)}" if journal_kind == "incoming" else "",
            correspondent_date=received - timedelta(days=2) if journal_kind == "incoming" else None,
            received_date=received if journal_kind in ("incoming", "appeals", "public_info") else None,
            sheets=rnd.randint(1, 6), access="personal_data" if journal_kind == "appeals" else "public",
            case_id=cases[1].pk if journal_kind == "outgoing" else rnd.choice(cases).pk,
            department_id=departments[n % len(departments)].pk if departments else None)
        if n % 4 == 0:
            text = f"{document.summary}\nДемонстраційний текст листа № {n + 1}.\n".encode()
            services.attachment_add(actor=SYSTEM, community=community, document_id=document.pk,
                                    upload=ContentFile(text, name="lyst.txt"), title="Текст листа")
        if n % 5 != 4:  # every fifth card stays a draft for the office to complete
            services.document_register(actor=SYSTEM, community=community, document_id=document.pk)
            _backdate(document.pk, received)
    # Execution (docflow part 2): resolutions, routes, signed and sent letters, overdue documents.
    from .demo_execution import load as load_execution

    load_execution(community, size=size)
    # Email intake and public information requests (docflow part 3).
    from .public_info.demo import load as load_public_info

    load_public_info(community, size=size)
    # The demo appeals and petitions under consideration, registered through the same path as live ones
    # (flows.py, ADR 0017): filed before the journals existed, they are caught up here.
    from .flows import catch_up

    catch_up(community, "appeals")
    catch_up(community, "petitions")
