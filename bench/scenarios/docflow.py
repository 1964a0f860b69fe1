"""The document workflow on a journal of 1,000,000 registered cards (bulk-inserted once per database by the first
scenario that needs it): registration through the real service as a ratio to a bare insert of one card row,
the journal's search by an index and by a word of the summary, and the executive-discipline dashboard.

Staff requests carry a distinct clerk's API token each (the per-user throttle counts people, not the load)."""

from __future__ import annotations

import os
import random
from urllib.parse import quote

from harness.loadgen import Request
from harness.people import tokens_for
from harness.scenario import Scenario, Step, client_headers

CARDS = int(os.environ.get("BENCH_DOCFLOW_CARDS", "1000000"))  # fewer for a quick try of the scenarios
JOURNAL_TITLE = "Бенчмарк: вхідні, мільйон карток"
RESOLUTIONS = 50_000  # on the journal's newest cards: what the dashboard aggregates
BATCH = 20_000
OPENERS = ("Про", "Щодо", "Стосовно", "Про надання інформації щодо", "Про розгляд питання", "Про погодження",
           "Про виконання")
TOPICS = ("ремонт покрівлі", "опалювальний сезон", "закупівлю генераторів", "облаштування укриття",
          "графік водопостачання", "стан доріг", "вивезення сміття", "освітлення вулиць", "шкільні автобуси",
          "медичну субвенцію", "тарифи на тепло", "благоустрій парку", "зимове утримання", "реконструкцію мосту",
          "пожежну безпеку", "ремонт амбулаторії", "харчування учнів", "соціальне таксі", "ветеранські пільги",
          "земельні ділянки", "дитячі майданчики", "інклюзивні класи", "енергоаудит будівель", "водовідведення",
          "публічні закупівлі", "бюджетні запити", "охорону праці", "військовий облік", "евакуаційні маршрути",
          "центри незламності", "бомбосховища ліцеїв", "каналізаційні мережі", "сонячні панелі", "котельні",
          "велодоріжки", "зупинки транспорту", "ринкову площу", "архівні довідки", "кадровий резерв",
          "громадський бюджет")
PLACES = ("вулиці Садовій", "вулиці Шевченка", "селі Гнідин", "мікрорайоні Центр", "селі Проліски",
          "вулиці Лесі Українки", "провулку Тихому", "площі Свободи", "вулиці Київській", "селі Чубинське",
          "вулиці Молодіжній", "старостинському окрузі № 2", "вулиці Миру", "ліцеї № 2", "гімназії № 1")
ORGS = ("Обласна військова адміністрація", "Головне управління ДПС", "Районна державна адміністрація",
        "ТОВ «Вишневе-Водоканал»", "Управління Держпраці", "Національна поліція", "Управління ДСНС",
        "Департамент освіти", "Пенсійний фонд", "Служба автодоріг")
SEARCH_WORDS = ("генераторів", "укриття", "котельні", "велодоріжки", "амбулаторії", "покрівлі", "пільги",
                "мосту", "сміття", "тарифи")


def _summary(n: int) -> str:
    return f"{OPENERS[n % 7]} {TOPICS[n * 7 % 40]} на {PLACES[n * 13 % 15]}"


def _clerks(community, count: int, label: str, role: str = "official") -> list[str]:
    """`count` officials of the office department (clerks), each with one API token; the raw tokens."""
    from hromada.core.identity.models import Department, Membership, User
    from hromada.docflow.manifest import docflow_settings

    office_name = docflow_settings(community).office_departments.split(",")[0].strip()
    office = Department.objects.get_or_create(community=community, short_name=office_name,
                                              defaults={"name": "Загальний відділ (бенчмарк)"})[0]
    users = User.objects.bulk_create([User(email=f"{label}{i}@bench.local", full_name=f"Діловод {label} {i}",
                                           password="!", is_staff=True)  # noqa: S106 - unusable
                                      for i in range(count)], batch_size=2000)
    Membership.objects.bulk_create([Membership(community=community, user=u, role=role,
                                               department=office if role == "official" else None)
                                    for u in users], batch_size=2000)
    return tokens_for(community, users)


def defaults(model) -> tuple[dict, dict]:
    """The model's fields by attname, and a row of their defaults prepared for the database."""
    from django.db import connection

    fields = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
    return fields, {name: f.get_db_prep_save(f.get_default(), connection) for name, f in fields.items()}


def drafts_insert(community, journal_id: int, count: int, source_app: str, tag: str = "") -> list[int]:
    """`count` draft cards of the journal made in one executemany (tagged by `source_app`); their ids."""
    from django.db import connection
    from django.utils import timezone

    from hromada.docflow.models import Document

    fields, row = defaults(Document)
    now = fields["created_at"].get_db_prep_save(timezone.now(), connection)
    row.update(community_id=community.pk, journal_id=journal_id, status="draft", kind="letter", access="public",
               sheets=1, created_at=now, updated_at=now, source_app=source_app)
    _insert(Document, [{**row, "summary": _summary(i), "search_text": _summary(i).casefold(),
                        "source_id": f"draft-{tag}{i}"} for i in range(count)])
    return list(Document.objects.filter(journal_id=journal_id, source_app=source_app, status="draft")
                .order_by("pk").values_list("pk", flat=True))


def _insert(model, rows: list[dict]) -> None:
    """One executemany of plain rows (attname -> value already prepared for the database)."""
    from django.db import connection

    columns = list(rows[0])
    table = connection.ops.quote_name(model._meta.db_table)
    names, marks = ", ".join(connection.ops.quote_name(c) for c in columns), ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model, values bound
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[row[c] for c in columns] for row in rows])


def big_journal(community) -> dict:
    """The million-card journal (made once per database): its id, this year's last number, the year."""
    from datetime import datetime, time, timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from hromada.core.identity.actors import SYSTEM
    from hromada.docflow import services
    from hromada.docflow.extraction import fold
    from hromada.docflow.models import Document, Journal, JournalSequence

    year = timezone.localdate().year
    journal = Journal.objects.filter(community=community, title=JOURNAL_TITLE).first()
    if journal is not None:
        return {"journal": journal.pk, "year": year, "last": CARDS}
    journal = services.journal_create(actor=SYSTEM, community=community, kind="incoming", title=JOURNAL_TITLE,
                                      index_pattern="{seq}/{yy}")
    fields, base = defaults(Document)
    base.update(community_id=community.pk, journal_id=journal.pk, status="registered", kind="letter",
                reg_year=year, access="public", sheets=1)
    day0 = timezone.localdate().replace(month=1, day=1)
    days = [day0 + timedelta(days=d) for d in range(max(1, (timezone.localdate() - day0).days + 1))]
    prep_day = [fields["reg_date"].get_db_prep_save(d, connection) for d in days]
    prep_moment = [fields["created_at"].get_db_prep_save(
        datetime.combine(d, time(10), tzinfo=timezone.get_current_timezone()), connection) for d in days]
    yy = f"{year % 100:02d}"
    with transaction.atomic():
        for start in range(1, CARDS + 1, BATCH):
            rows = []
            for n in range(start, min(start + BATCH, CARDS + 1)):
                d = (n - 1) * len(days) // CARDS  # numbers rise with the date through the year
                index, summary, org = f"{n}/{yy}", _summary(n), ORGS[n % len(ORGS)]
                rows.append({**base, "reg_number": n, "reg_index": index, "summary": summary,
                             "correspondent_org": org, "search_text": fold(f"{index} {org} {summary}"),
                             "reg_date": prep_day[d], "received_date": prep_day[d], "registered_at": prep_moment[d],
                             "created_at": prep_moment[d], "updated_at": prep_moment[d]})
            _insert(Document, rows)
        JournalSequence.objects.update_or_create(community=community, journal=journal, year=year,
                                                 defaults={"last_number": CARDS})
    return {"journal": journal.pk, "year": year, "last": CARDS}


class _Staff(Scenario):
    target_p99_ms = 500.0
    rates = (5, 10, 20, 40, 60, 80)
    label = ""
    role = "official"

    def prepare(self, community, budget: int) -> dict:
        return {**big_journal(community), "tokens": _clerks(community, budget, self.label, self.role)}


class DocflowRegister(_Staff):
    """POST /api/v1/docflow/documents/{id}/register on drafts of the million-card journal: the real service (the
    sequence row locked and raised, the card numbered, the audit row)."""

    name = "docflow-register"
    label = "registrar"
    rates = (10, 20, 40, 60, 80, 100, 150, 200)

    def prepare(self, community, budget: int) -> dict:
        state = super().prepare(community, budget)
        state["drafts"] = drafts_insert(community, state["journal"], budget, "bench")
        return state

    def request(self, state: dict, index: int) -> Request:
        return Request("POST", f"/api/v1/docflow/documents/{state['drafts'][index]}/register",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}))

    def counts(self, state: dict) -> dict:
        from hromada.docflow.models import Document

        done = Document.objects.filter(journal_id=state["journal"], source_app="bench", reg_number__isnull=False)
        numbers = list(done.values_list("reg_number", flat=True))
        return {"registered": len(numbers), "distinct": len(set(numbers)),
                "span": (max(numbers) - min(numbers) + 1) if numbers else 0}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        answered = sum(step.result.statuses().get(200, 0) for step in steps)
        if not answered == counts["registered"] == counts["distinct"] == counts["span"]:
            return [f"registration disagrees: 200 answers {answered}, registered {counts['registered']}, "
                    f"distinct numbers {counts['distinct']}, span {counts['span']} (gapless means all equal)"]
        return []


class DocflowBareInsert(_Staff):
    """POST /api/v1/docflow/bench-bare-insert/{journal}: the same API path (token, community, throttle, ninja) and
    one INSERT of a draft card row in its own transaction: the floor registration is measured against."""

    name = "docflow-bare-insert"
    label = "inserter"
    rates = DocflowRegister.rates
    ok_statuses = (201,)

    def request(self, state: dict, index: int) -> Request:
        return Request("POST", f"/api/v1/docflow/bench-bare-insert/{state['journal']}",
                       client_headers(index, state["tokens"][index], **{"Content-Type": "application/json"}))


class DocflowSearchIndex(_Staff):
    """The journal's API search for one registration index (`q=123456/26`), first page, a clerk's token."""

    name = "docflow-search-index"
    label = "seeker"

    def request(self, state: dict, index: int) -> Request:
        n = random.Random(index).randint(1, state["last"])  # noqa: S311 - a card number, not a secret
        q = quote(f"{n}/{state['year'] % 100:02d}")
        return Request("GET", f"/api/v1/docflow/journals/{state['journal']}/documents?q={q}",
                       client_headers(index, state["tokens"][index]))


class DocflowSearchWord(_Staff):
    """The journal's API search for a word of the summary (each is in about one card in forty), first page."""

    name = "docflow-search-word"
    label = "reader"

    def request(self, state: dict, index: int) -> Request:
        q = quote(SEARCH_WORDS[index % len(SEARCH_WORDS)])
        return Request("GET", f"/api/v1/docflow/journals/{state['journal']}/documents?q={q}",
                       client_headers(index, state["tokens"][index]))


class DocflowDashboard(_Staff):
    """GET /api/v1/docflow/dashboard as a community admin, over RESOLUTIONS resolutions of the big journal."""

    name = "docflow-dashboard"
    label = "head"
    role = "admin"

    def prepare(self, community, budget: int) -> dict:
        state = super().prepare(community, budget)
        _resolutions(community, state["journal"])
        return state

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", "/api/v1/docflow/dashboard", client_headers(index, state["tokens"][index]))


def _resolutions(community, journal_id: int) -> None:
    """RESOLUTIONS resolutions on the journal's newest cards, by the demo's officials: a third done on time, a
    third late, the rest in work or overdue (what the dashboard counts)."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from hromada.core.identity.models import Membership
    from hromada.docflow.models import Document, Resolution

    if Resolution.objects.filter(document__journal_id=journal_id).exists():
        return
    people = list(Membership.objects.filter(community=community, role="official", user__email__contains="demo")
                  .values_list("user_id", "department_id")) or list(
        Membership.objects.filter(community=community, role="official").values_list("user_id", "department_id"))
    cards = list(Document.objects.filter(journal_id=journal_id, source_app="").order_by("-reg_number")
                 .values_list("pk", flat=True)[:RESOLUTIONS])
    fields, prep = defaults(Resolution)
    today = timezone.localdate()
    rows = []
    for i, card in enumerate(cards):
        user, department = people[i % len(people)]
        state = ("done", "done", "active")[i % 3]
        deadline = today + timedelta(days=(i % 21) - 10)
        rows.append({**prep, "community_id": community.pk, "document_id": card, "main_executor_id": user,
                     "author_id": user, "department_id": department, "text": "Підготувати відповідь",
                     "deadline": fields["deadline"].get_db_prep_save(deadline, connection), "state": state,
                     "on_time": (i % 2 == 0) if state == "done" else None,
                     "days_taken": (i % 9 + 1) if state == "done" else None,
                     "created_at": fields["created_at"].get_db_prep_save(timezone.now(), connection)})
    for start in range(0, len(rows), BATCH):
        _insert(Resolution, rows[start:start + BATCH])
