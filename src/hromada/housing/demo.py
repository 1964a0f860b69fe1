"""Demo data of Housing for the synthetic demo community (run by `hromada load_demo` through the manifest): blocks
of flats around the community's centre, condominiums with boards, managing companies, systems, two years of works
with costs, and a few emergencies. Deterministic (a seeded generator), written as SYSTEM through the services.

Everything here is invented (the people too, and named as such); it is community data, so it is in Ukrainian."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from hromada.core.identity.actors import SYSTEM

from . import services
from .models import (
    BoardRole,
    EnergyClass,
    FundingSource,
    ManagerKind,
    RoofType,
    Severity,
    SystemKind,
    SystemState,
    WallMaterial,
    WorkKind,
    WorkStatus,
)

SIZES = {"small": 8, "medium": 24, "large": 60}
STREETS = ("вул. Героїв Дніпра", "вул. Молодіжна", "просп. Миру", "вул. Набережна", "вул. Садова",
           "вул. Шкільна", "вул. Соборна", "бульв. Незалежності")
CONDOMINIUMS = ("ОСББ «Світанок»", "ОСББ «Дніпровські зорі»", "ОСББ «Затишок»", "ОСББ «Каштан»",
                "ОСББ «Молодіжне»", "ОСББ «Надія»")
COMPANIES = (("КП «Житлосервіс» (демо)", "99000001"), ("ТОВ «Керуюча компанія Оселя» (демо)", "99000002"))
CONTRACTORS = (("ТОВ «Будремонт» (демо)", "99100001"), ("ФОП Демо Підрядник", "9910000002"),
               ("ТОВ «Ліфтсервіс» (демо)", "99100003"), ("ТОВ «Теплоенергомонтаж» (демо)", "99100004"))
KEPT_SYSTEMS = (SystemKind.HEATING, SystemKind.HOT_WATER, SystemKind.COLD_WATER, SystemKind.SEWERAGE,
                SystemKind.ELECTRICITY, SystemKind.ROOF, SystemKind.LIFTS)
WORK_TITLES = {
    SystemKind.ROOF: "Ремонт покрівлі",
    SystemKind.HEATING: "Заміна стояків опалення",
    SystemKind.LIFTS: "Модернізація ліфта",
    SystemKind.ELECTRICITY: "Заміна електрощитової",
    SystemKind.COLD_WATER: "Заміна водопровідних мереж підвалу",
    SystemKind.FACADE: "Утеплення фасаду",
    SystemKind.SEWERAGE: "Прочищення каналізаційних випусків",
}
_STATES = (SystemState.GOOD, SystemState.SATISFACTORY, SystemState.SATISFACTORY, SystemState.POOR)


def _managers(community, rng: random.Random) -> list:
    managers = []
    for n, name in enumerate(CONDOMINIUMS):
        manager = services.manager_create(
            actor=SYSTEM, community=community, kind=ManagerKind.CONDOMINIUM, name=name, edrpou=f"9920{n:04d}",
            phone=f"+380 50 000 {n:02d} 00", email=f"osbb{n + 1}@demo.invalid",
            registered_on=dt.date(2010 + n, 3, 1 + n))
        services.board_member_add(actor=SYSTEM, community=community, manager_id=manager.pk,
                                  name=f"Голова правління {n + 1} (демо)", role=BoardRole.CHAIR,
                                  phone=f"+380 67 000 {n:02d} 11", public=True)
        services.board_member_add(actor=SYSTEM, community=community, manager_id=manager.pk,
                                  name=f"Член правління {n + 1} (демо)", role=BoardRole.MEMBER, public=n % 2 == 0)
        services.board_member_add(actor=SYSTEM, community=community, manager_id=manager.pk,
                                  name=f"Ревізор {n + 1} (демо)", role=BoardRole.AUDITOR, public=False)
        managers.append(manager)
    for name, code in COMPANIES:
        managers.append(services.manager_create(actor=SYSTEM, community=community, kind=ManagerKind.COMPANY,
                                                name=name, edrpou=code, phone="+380 5348 0 00 00",
                                                website="https://example.org/"))
    managers.append(services.manager_create(actor=SYSTEM, community=community, kind=ManagerKind.COUNCIL,
                                            name="Міська рада (пряме управління)"))
    return managers


def _building(community, n: int, rng: random.Random, managers: list, lat: float, lon: float):
    floors = rng.choice((5, 5, 9, 9, 9, 12, 16))
    entrances = rng.randint(1, 8)
    flats = floors * entrances * rng.choice((3, 4))
    total = Decimal(flats * rng.randint(50, 62))
    year = rng.randint(1962, 2012)
    return services.building_create(
        actor=SYSTEM, community=community, street=STREETS[n % len(STREETS)], number=str(n // len(STREETS) * 2 + 1 +
                                                                                         n % 3),
        block="" if n % 7 else "А",
        # A grid of about 1.5 × 1.5 km around the centre: every point lands inside the demo town.
        lat=round(lat + (n % 8 - 4) * 0.0018 + rng.uniform(-0.0004, 0.0004), 6),
        lon=round(lon + (n // 8 - 4) * 0.0026 + rng.uniform(-0.0005, 0.0005), 6),
        year_built=year, floors=floors, entrances=entrances, flats=flats, non_residential_units=rng.randint(0, 4),
        total_area=total, living_area=(total * Decimal("0.68")).quantize(Decimal("0.01")),
        non_residential_area=Decimal(rng.randint(0, 300)),
        wall_material=WallMaterial.PANEL if year > 1970 and n % 3 else WallMaterial.BRICK,
        roof_type=RoofType.FLAT if floors > 5 else rng.choice((RoofType.FLAT, RoofType.PITCHED)),
        energy_class=rng.choice((EnergyClass.C, EnergyClass.D, EnergyClass.D, EnergyClass.E, EnergyClass.F)),
        manager_id=managers[n % len(managers)].pk, is_public=n % 19 != 18,
        notes="Демонстраційний запис." if n == 0 else "")


def _works(community, building, n: int, rng: random.Random, today: dt.date) -> None:
    for k in range(1 + n % 3):
        system = rng.choice(tuple(WORK_TITLES))
        contractor, code = CONTRACTORS[(n + k) % len(CONTRACTORS)]
        planned = Decimal(rng.randrange(40_000, 1_800_000, 500))
        start = today - dt.timedelta(days=rng.randint(30, 700))
        if start + dt.timedelta(days=60) < today and k != 2:
            status, actual_start, actual_end = WorkStatus.DONE, start, start + dt.timedelta(days=rng.randint(5, 50))
            cost = (planned * Decimal(rng.uniform(0.85, 1.08))).quantize(Decimal("0.01"))
        else:
            start = today + dt.timedelta(days=rng.randint(10, 200))
            status, actual_start, actual_end, cost = WorkStatus.PLANNED, None, None, None
        kind = WorkKind.CAPITAL_REPAIR if planned > 900_000 else WorkKind.REPAIR
        services.work_create(
            actor=SYSTEM, community=community, building_id=building.pk, status=status, system_kind=system, kind=kind,
            title=WORK_TITLES[system], contractor_name=contractor, contractor_edrpou=code, cost_planned=planned,
            cost_actual=cost, planned_start=start, planned_end=start + dt.timedelta(days=45),
            actual_start=actual_start, actual_end=actual_end,
            funded_by=FundingSource.BUDGET if kind == WorkKind.CAPITAL_REPAIR else rng.choice(
                (FundingSource.BUDGET, FundingSource.RESIDENTS)))


def load(community, *, size: str = "small") -> None:
    rng = random.Random(20)
    count = SIZES.get(size, SIZES["small"])
    lat, lon = community.center_lat or 49.0, community.center_lon or 33.25
    today = timezone.localdate()
    managers = _managers(community, rng)
    for n in range(count):
        building = _building(community, n, rng, managers, lat, lon)
        services.systems_record(actor=SYSTEM, community=community, building_id=building.pk, systems=[
            {"kind": kind, "state": rng.choice(_STATES), "last_inspected": today - dt.timedelta(days=rng.randint(20, 400))}
            for kind in KEPT_SYSTEMS[: 4 + n % 4]])
        _works(community, building, n, rng, today)
        if n % 9 == 4:
            occurred = timezone.now() - dt.timedelta(days=rng.randint(2, 300), hours=rng.randint(0, 20))
            services.emergency_report(
                actor=SYSTEM, community=community, building_id=building.pk, system_kind=SystemKind.HEATING,
                severity=Severity.MAJOR if n % 2 else Severity.CRITICAL, occurred_at=occurred,
                resolved_at=occurred + dt.timedelta(hours=rng.randint(3, 30)) if n % 18 != 13 else None,
                description="Порив трубопроводу опалення в підвалі; подачу тепла відновлено після ремонту (демо).")
