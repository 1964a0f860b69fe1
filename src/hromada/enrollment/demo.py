"""Demo data of Enrolment (run by `hromada load_demo` through the manifest): kindergartens and schools of the demo
map with their groups, a school's service area, priority categories, and applications in every state — waiting,
categories verified, refused and under review, offered, accepted, declined, withdrawn, enrolled — after a round.

Written by the platform (SYSTEM) through the same services people and staff use, so every event is audited and in
the community's transparency log. Community data, not interface text: in the community's language."""

from __future__ import annotations

import random
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import DomainError, NotFound
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Membership, Role
from hromada.maps import selectors as map_selectors

from . import services
from .models import Application, Claim, ClaimState, InstitutionKind, Offer, Status

SIZES = {"small": (2, 1, 14), "medium": (4, 2, 36), "large": (8, 4, 90)}  # kindergartens, schools, applications
CATEGORIES = [
    ("Діти військовослужбовців", 1, "Довідка з військової частини або посвідчення учасника бойових дій батьків."),
    ("Діти внутрішньо переміщених осіб", 2, "Довідка про взяття на облік внутрішньо переміщеної особи."),
    ("Брат або сестра вже відвідує заклад", 3, "Довідка закладу про те, що брат чи сестра дитини його відвідує."),
]
KINDERGARTEN_GROUPS = [("Молодша група", 36, 47, 4), ("Середня група", 48, 59, 5)]  # name, months from, to, places
FIRST_NAMES = ["Марія", "Андрій", "Софія", "Богдан", "Анна", "Максим", "Дарина", "Тарас", "Олена", "Іван",
               "Злата", "Назар", "Соломія", "Остап", "Вікторія", "Матвій"]
PATRONYMICS = ["Андріївна", "Іванович", "Олегівна", "Тарасович", "Петрівна", "Романович"]
SURNAMES = ["Коваленко", "Бондар", "Ткачук", "Кравець", "Шевчук", "Олійник", "Мельник", "Поліщук", "Лисенко",
            "Савчук", "Руденко", "Марченко"]
STREETS = ["вул. Соборності", "вул. Шевченка", "просп. Героїв", "вул. Миру", "вул. Садова", "вул. Квіткова"]
# A whole, tiny PDF: the proof documents of the demo (the upload sanitiser checks the type by content).
PROOF_PDF = b"%PDF-1.4\n% demo proof\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _start_year(today: date) -> int:
    """The next school year whose 1 September is still ahead."""
    return today.year if today < date(today.year, 9, 1) else today.year + 1


def _features(community, slug: str, count: int) -> list:
    try:
        layer = map_selectors.layer_get(community=community, user=SYSTEM, slug=slug)
    except NotFound:
        return []
    return list(map_selectors.feature_search(community=community, user=SYSTEM, layer_ids=[layer.pk])[:count])


def _institutions(community, kind: str, slug: str, count: int, department_id: int | None, fallback: str) -> list:
    """From the demo map's features when the map is loaded; otherwise named here, without a point."""
    found = []
    features = _features(community, slug, count)
    for n in range(count):
        feature = features[n] if n < len(features) else None
        found.append(services.institution_save(
            actor=SYSTEM, community=community, kind=kind, department_id=department_id,
            map_feature_id=feature.pk if feature else None,
            name="" if feature else f"{fallback} № {n + 1}", address="" if feature else f"{STREETS[n % 6]}, {n + 3}"))
    return found


def _square(lat: float, lon: float, half: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon - half, lat - half], [lon + half, lat - half],
                                                [lon + half, lat + half], [lon - half, lat + half],
                                                [lon - half, lat - half]]]}


def _parents(community) -> list:
    """Residents of the demo community (with strong identities: the platform vouches for its synthetic people)."""
    rows = (Membership.objects.filter(community=community, role=Role.RESIDENT).select_related("user")
            .order_by("pk"))
    return [m.user for m in rows] or [m.user for m in Membership.objects.filter(community=community)
                                      .select_related("user").order_by("pk")]


def _proof(n: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"dovidka-{n}.pdf", PROOF_PDF, content_type="application/pdf")


def _birth(rnd: random.Random, start_year: int, months_from: int, months_to: int) -> date:
    """A birth date that makes the child `months_from`..`months_to` months old on 1 September of `start_year`."""
    months = rnd.randint(months_from, months_to)
    total = start_year * 12 + 8 - months  # September is month index 8
    return date(total // 12, total % 12 + 1, rnd.randint(1, 28) if months > months_from else 1)


def load(community, *, size: str = "small") -> None:
    kindergartens_n, schools_n, applications_n = SIZES.get(size, SIZES["small"])
    rnd = random.Random(f"enrollment:{community.slug}")
    today = to_kyiv_date(timezone.now())
    year = _start_year(today)
    education = (Department.objects.filter(community=community, short_name="Освіта").values_list("pk", flat=True)
                 .first())
    categories = [services.category_save(actor=SYSTEM, community=community, name=name, rank=rank, proof=proof)
                  for name, rank, proof in CATEGORIES]

    kindergartens = _institutions(community, InstitutionKind.KINDERGARTEN, "kindergartens", kindergartens_n,
                                  education, "Заклад дошкільної освіти")
    schools = _institutions(community, InstitutionKind.SCHOOL, "schools", schools_n, education, "Ліцей")
    kg_groups = [[services.group_save(actor=SYSTEM, community=community, institution_id=k.pk, name=name,
                                      start_year=year, age_from_months=low, age_to_months=high, capacity=places)
                  for name, low, high, places in KINDERGARTEN_GROUPS] for k in kindergartens]
    first_grades = []
    for school in schools:
        if school.lat is not None:
            services.service_area_set(actor=SYSTEM, community=community, institution_id=school.pk,
                                      geometry=_square(school.lat, school.lon, 0.008))
        first_grades.append(services.group_save(actor=SYSTEM, community=community, institution_id=school.pk,
                                                name="1-А клас", start_year=year, grade=1, age_from_months=66,
                                                age_to_months=90, capacity=4))

    parents = _parents(community)
    if not parents:
        return
    filed = []
    for n in range(applications_n):
        to_school = bool(first_grades) and n % 4 == 3
        if to_school:
            school_n = n % len(first_grades)
            groups = [first_grades[school_n], *first_grades[school_n + 1:school_n + 2]]
            low, high = 72, 83
            school = schools[school_n]
            # Half of the school's applicants live inside its service area (a point near the school).
            near = school.lat is not None and n % 8 == 3
            lat, lon = (school.lat + 0.002, school.lon - 0.002) if near else (None, None)
        else:
            k = n % len(kg_groups)
            group_n = (n // len(kg_groups)) % 2
            groups = [kg_groups[k][group_n], *([kg_groups[(k + 1) % len(kg_groups)][group_n]]
                                               if len(kg_groups) > 1 and n % 3 == 0 else [])]
            low, high = KINDERGARTEN_GROUPS[group_n][1:3]
            lat, lon = None, None
        claims = {}
        if n % 5 in (1, 2) or n % 7 == 4:
            category = categories[(n // 5) % len(categories)] if n % 7 != 4 else categories[2]
            claims = {category.pk: [_proof(n)]}
        name = f"{rnd.choice(SURNAMES)} {rnd.choice(FIRST_NAMES)} {rnd.choice(PATRONYMICS)}"
        try:
            application = services.application_file(
                actor=SYSTEM, community=community, parent=parents[n % len(parents)], child_name=name,
                child_birth_date=_birth(rnd, year, low, high), birth_certificate=f"І-ДМ {500000 + n:06d}",
                address=f"{rnd.choice(STREETS)}, {rnd.randint(1, 120)}", lat=lat, lon=lon,
                group_ids=[g.pk for g in groups], wanted_start=date(year, 9, 1), claims=claims)
        except DomainError:
            continue  # e.g. a second demo load into the same community: the child already applied
        filed.append((application, claims))
    _decide_claims(community, filed)
    _run_rounds(community, [g for groups in kg_groups for g in groups][:2] + first_grades[:1])
    # A parent further down a queue withdraws while still waiting.
    waiting = [a for a, _claims in filed if Application.objects.filter(pk=a.pk, status=Status.WAITING).exists()]
    if waiting:
        services.application_withdraw(actor=SYSTEM, community=community, application_id=waiting[-1].pk)


def _decide_claims(community, filed) -> None:
    """Verify most claimed categories, refuse one with a reason, and leave a few under review."""
    claims = list(Claim.objects.filter(community=community, state=ClaimState.CLAIMED,
                                       application__in=[a for a, _claims in filed]).order_by("pk"))
    for n, claim in enumerate(claims):
        if n % 4 == 1:
            services.claim_refuse(actor=SYSTEM, community=community, claim_id=claim.pk,
                                  reason="Довідка видана понад рік тому; додайте чинну довідку.")
        elif n % 4 != 3:
            services.claim_verify(actor=SYSTEM, community=community, claim_id=claim.pk)


def _run_rounds(community, groups) -> None:
    """A round per group: offers go down the queue; parents accept, decline, withdraw; staff confirm an enrolment."""
    for n, group in enumerate(groups):
        allocation = services.round_open(actor=SYSTEM, community=community, group_id=group.pk, accept_days=5)
        offers = list(Offer.objects.filter(round=allocation).order_by("pk"))
        for m, offer in enumerate(offers):
            if m == 0:
                services.offer_accept(actor=SYSTEM, community=community, offer_id=offer.pk)
                if n == 0:
                    services.enrolment_confirm(actor=SYSTEM, community=community, offer_id=offer.pk)
            elif m == 1:
                services.offer_accept(actor=SYSTEM, community=community, offer_id=offer.pk)
            elif m == 2 and n == 0:
                services.offer_decline(actor=SYSTEM, community=community, offer_id=offer.pk)
            elif m == 3 and n == 0:
                services.application_withdraw(actor=SYSTEM, community=community, application_id=offer.application_id)
