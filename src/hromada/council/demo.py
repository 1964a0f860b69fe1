"""Demo data of Council: a synthetic council, labelled as demo in its names — one convocation, 34 deputies in five
factions (one deputy switches faction mid-term), four commissions, two years of monthly sessions with roll-call
votes (factions mostly vote together, with rebels and absences) and draft decisions in every status.

Written as SYSTEM through the services; the votes go through the national-structure import, as a council's would."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta

from hromada.core.identity.actors import SYSTEM

from . import services
from .models import DraftStatus, OrganizationKind, VoteOption

SIZES = {"small": 5, "medium": 12, "large": 30}  # roll-call votes per session
START = date(2023, 1, 10)
FAMILY = ["Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Шевчук", "Поліщук", "Мельник",
          "Савченко", "Руденко", "Марченко", "Левченко", "Гончар", "Лисенко", "Петренко", "Кузьменко", "Сидоренко"]
GIVEN = [("Олена", "Петрівна"), ("Іван", "Миколайович"), ("Марія", "Іванівна"), ("Андрій", "Олегович"),
         ("Наталія", "Василівна"), ("Сергій", "Петрович")]
FACTIONS = [("Світанок", 10, 0.9), ("Рідне місто", 8, 0.85), ("Громада разом", 7, 0.6), ("Зелений край", 5, 0.4),
            ("Наш вибір", 4, 0.3)]  # (name, seats, how often the faction supports a motion)
COMMISSIONS = ["з питань бюджету", "з питань освіти та культури", "з питань містобудування",
               "з питань регламенту та депутатської етики"]
QUESTIONS = ["Про внесення змін до бюджету громади", "Про затвердження програми благоустрою",
             "Про надання дозволу на розроблення проєкту землеустрою", "Про порядок денний сесії",
             "Про затвердження звіту виконавчого комітету", "Про перейменування вулиці",
             "Про передачу майна в оренду", "Про затвердження програми підтримки молоді"]


def _csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def load(community, *, size: str = "small") -> None:
    per_session = SIZES.get(size, SIZES["small"])
    rng = random.Random(f"council-demo-{community.slug}")
    convocation = services.convocation_create(actor=SYSTEM, community=community, number=8,
                                              name="VIII скликання (демонстраційні дані)", start_date=START)
    services.organization_create(actor=SYSTEM, community=community, kind=OrganizationKind.COUNCIL,
                                 name="Демонстраційна міська рада", convocation=convocation, founding_date=START)
    factions, people, seats = [], [], []
    for name, seat_count, support in FACTIONS:
        faction = services.organization_create(actor=SYSTEM, community=community, kind=OrganizationKind.FACTION,
                                               name=f"Фракція «{name}» (демо)", party=f"Партія «{name}»",
                                               convocation=convocation, founding_date=START)
        factions.append((faction, support))
        seats += [len(factions) - 1] * seat_count
    commissions = [services.organization_create(actor=SYSTEM, community=community,
                                                kind=OrganizationKind.COMMISSION, name=f"Постійна комісія {title}",
                                                convocation=convocation, founding_date=START)
                   for title in COMMISSIONS]
    for number, faction_index in enumerate(seats, start=1):
        given, patronymic = GIVEN[number % len(GIVEN)]
        person = services.deputy_create(
            actor=SYSTEM, community=community, family_name=FAMILY[number % len(FAMILY)], given_name=given,
            additional_name=patronymic, party=factions[faction_index][0].party, electoral_district=str(number),
            email=f"deputy{number}@demo.invalid", start_date=START, source_id=f"demo-{number}")
        services.membership_start(actor=SYSTEM, community=community, person_id=person.pk,
                                  organization_id=factions[faction_index][0].pk, start_date=START)
        commission = commissions[number % len(commissions)]
        role = "chair" if number <= len(commissions) else "member"
        services.membership_start(actor=SYSTEM, community=community, person_id=person.pk,
                                  organization_id=commission.pk, role=role, start_date=START)
        people.append([person, faction_index])
    # One deputy changes faction a year in.
    switch_day = START + timedelta(days=365)
    switcher = people[2]
    old = switcher[0].memberships.get(organization=factions[switcher[1]][0])
    services.membership_end(actor=SYSTEM, community=community, membership_id=old.pk,
                            end_date=switch_day - timedelta(days=1))
    services.membership_start(actor=SYSTEM, community=community, person_id=switcher[0].pk,
                              organization_id=factions[2][0].pk, start_date=switch_day)

    drafts = _drafts(community, convocation, people, commissions, rng)
    motions, votings = [], []
    for month in range(24):
        day = date(START.year + (START.month - 1 + month) // 12, (START.month - 1 + month) % 12 + 1, 15)
        services.session_create(actor=SYSTEM, community=community, convocation_id=convocation.pk, number=month + 1,
                                name=f"{month + 1} сесія (демо)", start_date=day)
        for number in range(1, per_session + 1):
            uid = f"demo-{month + 1}-{number}"
            draft = drafts[(month * per_session + number) % len(drafts)] if number > 1 else None
            tally = dict.fromkeys(VoteOption.values, 0)
            lines = [VoteOption.YES if rng.random() < support else rng.choice([VoteOption.NO, VoteOption.ABSTAIN])
                     for _faction, support in factions]
            for person, faction_index in people:
                if person.pk == switcher[0].pk and day >= switch_day:
                    faction_index = 2
                roll = rng.random()
                option = (VoteOption.ABSENT if roll < 0.07 else VoteOption.NOT_VOTING if roll < 0.1
                          else rng.choice([VoteOption.YES, VoteOption.NO, VoteOption.ABSTAIN]) if roll < 0.14
                          else lines[faction_index])
                tally[option] += 1
                votings.append({"motionUid": uid, "voterId": person.source_id, "result": option})
            motions.append({"uid": uid, "date": f"{day.isoformat()}T{10 + number // 6:02d}:{(number * 7) % 60:02d}:00",
                            "convocation": 8, "session": month + 1, "num": number,
                            "title": draft.title if draft else "Про порядок денний сесії",
                            "projectNum": draft.number if draft else "", "votingFor": tally["yes"],
                            "votingAgainst": tally["no"], "votingAbstain": tally["abstain"],
                            "notVoting": tally["not_voting"], "absent": tally["absent"],
                            "votingResult": "Прийнято" if tally["yes"] > len(people) // 2 else "Не прийнято"})
    services.council_import(actor=SYSTEM, community=community, kind="motions",
                            content=_csv(list(motions[0]), motions))
    services.council_import(actor=SYSTEM, community=community, kind="votings",
                            content=_csv(["motionUid", "voterId", "result"], votings))


# Each draft's path through the procedure: one list of statuses after "registered" per final state.
PATHS = [[], [DraftStatus.IN_COMMISSION], [DraftStatus.IN_COMMISSION, DraftStatus.ON_AGENDA],
         [DraftStatus.IN_COMMISSION, DraftStatus.ON_AGENDA, DraftStatus.ADOPTED],
         [DraftStatus.IN_COMMISSION, DraftStatus.ON_AGENDA, DraftStatus.REJECTED],
         [DraftStatus.WITHDRAWN]]


def _drafts(community, convocation, people, commissions, rng):
    drafts = []
    for number in range(1, 19):
        registered = START + timedelta(days=number * 35)
        authors = rng.sample([p.pk for p, _f in people], k=1 + number % 3)
        draft = services.draft_decision_register(
            actor=SYSTEM, community=community, number=f"{number}-VIII",
            title=f"{QUESTIONS[number % len(QUESTIONS)]} (демо, проєкт №{number})", registered_on=registered,
            author_ids=authors, commission_id=commissions[number % len(commissions)].pk,
            convocation_id=convocation.pk, text="Демонстраційний текст проєкту рішення.")
        for step, status in enumerate(PATHS[number % len(PATHS)], start=1):
            services.draft_decision_status_set(actor=SYSTEM, community=community, draft_id=draft.pk, status=status,
                                               date=registered + timedelta(days=10 * step))
        if PATHS[number % len(PATHS)][-1:] == [DraftStatus.ADOPTED]:
            services.decision_record(actor=SYSTEM, community=community, number=f"{number}/р",
                                     date=registered + timedelta(days=30), title=draft.title,
                                     convocation_id=convocation.pk, draft_id=draft.pk)
        drafts.append(draft)
    return drafts
