"""The demo community itself: its departments, staff and residents (all synthetic, all labelled).

Capabilities' demo loaders find these people through `demo_people(community)`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Membership, Role, User
from hromada.core.identity.policies import DEMO_PROVIDER
from hromada.core.identity.services import (
    department_create,
    department_update,
    identity_verify,
    membership_create,
)
from hromada.core.tenancy.models import Community
from hromada.core.tenancy.services import community_create, community_update

DEMO_SLUG = "demo"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - documented in the README; demo accounts only
CENTER = (49.5883, 34.5514)
DEPARTMENTS = [
    ("Департамент житлово-комунального господарства", "ЖКГ"),
    ("Управління освіти", "Освіта"),
    ("Управління охорони здоров'я", "Здоров'я"),
    ("Департамент транспорту та зв'язку", "Транспорт"),
    ("Управління екології", "Екологія"),
    ("Відділ благоустрою", "Благоустрій"),
    ("Центр надання адміністративних послуг", "ЦНАП"),
    ("Загальний відділ (канцелярія)", "Канцелярія"),
]
FIRST = ["Олена", "Андрій", "Марія", "Іван", "Оксана", "Тарас", "Наталія", "Дмитро", "Ірина", "Богдан", "Юлія", "Сергій",
         "Світлана", "Олег", "Катерина", "Василь", "Галина", "Петро", "Леся", "Роман", "Софія", "Максим", "Анна", "Євген"]
LAST = ["Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Шевченко", "Олійник", "Мельник", "Поліщук", "Лисенко",
        "Савченко", "Руденко", "Марченко", "Гончаренко", "Мороз", "Петренко", "Кузьменко", "Павленко", "Левченко"]


@dataclass
class DemoPeople:
    admin: User
    moderator: User
    officials: list[User]
    residents: list[User]
    departments: list[Department]


@lru_cache(maxsize=1)
def _password_hash() -> str:
    # Hashing once: a deliberately slow password hash per demo account would make loading take minutes.
    return make_password(DEMO_PASSWORD)


def _birth_date(email: str) -> date:
    """An adult's birth date derived from the address (not from `rnd`, so the rest of the demo stays as it was):
    providers give one, and age-limited votes (budgets) read it."""
    n = sum(map(ord, email))
    return date(1950 + n % 50, 1 + n % 12, 1 + n % 28)


def _user(email: str, name: str, *, strong: bool, rnd: random.Random) -> User:
    user = User.objects.create(email=email, full_name=name, password=_password_hash())
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if strong:
        # The platform vouches for its own synthetic people: the only use of the demo provider that
        # identity_verify allows on an install that also serves real communities.
        identity_verify(actor=SYSTEM, user=user, provider=DEMO_PROVIDER,
                        subject=f"DEMO{rnd.randrange(10**9, 10**10)}{email}", verified_name=name,
                        birth_date=_birth_date(email))
    return user


def _boundary(lat: float, lon: float) -> dict:
    d_lat, d_lon = 0.055, 0.085
    ring = [[lon - d_lon, lat - d_lat], [lon + d_lon, lat - d_lat], [lon + d_lon, lat + d_lat],
            [lon - d_lon, lat + d_lat], [lon - d_lon, lat - d_lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def create_demo_community(*, slug: str = DEMO_SLUG, residents: int = 60, seed: int = 2026) -> tuple[Community, DemoPeople]:
    rnd = random.Random(seed)
    community = community_create(
        actor=SYSTEM, slug=slug, name_uk="Демо-громада Вишневе", name_en="Vyshneve demo community",
        katottg="UA53080370010073958", edrpou="04057287", email="rada@demo.hromada.local", is_demo=True,
        center=CENTER, boundary=_boundary(*CENTER),
    )
    community = community_update(actor=SYSTEM, community=community, phone="+380 53 200 00 00",
                                 address="вул. Соборності, 1, Вишневе (демо)")
    departments = [
        department_create(actor=SYSTEM, community=community, name=name, short_name=short,
                          email=f"dept{i}@{slug}.hromada.local", phone=f"+380 53 200 10 {i:02d}")
        for i, (name, short) in enumerate(DEPARTMENTS, start=1)
    ]
    domain = f"{slug}.hromada.local"
    admin = _user(f"admin@{domain}", "Адміністратор Демо", strong=True, rnd=rnd)
    moderator = _user(f"moderator@{domain}", "Модератор Демо", strong=True, rnd=rnd)
    for user, role in ((admin, Role.ADMIN), (moderator, Role.MODERATOR)):
        membership_create(actor=SYSTEM, community=community, user=user, role=role)  # also opens the back office
    officials = []
    for i, department in enumerate(departments, start=1):
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        official = _user(f"official{i}@{domain}", name, strong=True, rnd=rnd)
        User.objects.filter(pk=official.pk).update(phone=f"+380 67 100 20 {i:02d}")
        official.phone = f"+380 67 100 20 {i:02d}"
        membership_create(actor=SYSTEM, community=community, user=official, role=Role.OFFICIAL, department=department,
                          position="Начальник" if i % 2 else "Головний спеціаліст")
        departments[i - 1] = department_update(
            actor=SYSTEM, community=community, department=department, name=department.name,
            short_name=department.short_name, email=department.email, phone=department.phone, head=official)
        officials.append(official)
    people = []
    for i in range(1, residents + 1):
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        resident = _user(f"resident{i}@{domain}", name, strong=i % 3 != 0, rnd=rnd)
        membership_create(actor=SYSTEM, community=community, user=resident, role=Role.RESIDENT)
        people.append(resident)
    return community, DemoPeople(admin, moderator, officials, people, departments)


def demo_people(community: Community) -> DemoPeople:
    """The demo people of a community created by `create_demo_community`, for capability loaders."""
    members = Membership.objects.filter(community=community).select_related("user", "department").order_by("pk")
    by_role: dict[str, list] = {}
    for m in members:
        by_role.setdefault(m.role, []).append(m)
    return DemoPeople(
        admin=by_role[Role.ADMIN][0].user,
        moderator=by_role[Role.MODERATOR][0].user,
        officials=[m.user for m in by_role.get(Role.OFFICIAL, [])],
        residents=[m.user for m in by_role.get(Role.RESIDENT, [])],
        departments=list(Department.objects.filter(community=community).order_by("pk")),
    )
