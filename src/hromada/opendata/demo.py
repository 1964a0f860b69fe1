"""Demo data of the portal: publishers, themes, a budget template, datasets with valid resources loaded
into the datastore, a GeoJSON layer, one overdue and one private dataset, and the live datasets of
every other capability (loaded last, demo_order 900, so their data exist). All synthetic."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from django.utils import timezone

from hromada.core import capabilities
from hromada.core.identity.actors import SYSTEM
from hromada.demo.people import demo_people

from . import services
from .datastore import csv_bytes
from .models import Dataset, DatasetTemplate, PublisherKind, Resource, ResourceVersion
from .vocabulary import next_update_due

BUDGET_SCHEMA = {"fields": [
    {"name": "year", "type": "integer", "title": "Рік"},
    {"name": "kpkv", "type": "string", "title": "КПКВ"},
    {"name": "program", "type": "string", "title": "Програма"},
    {"name": "department", "type": "string", "title": "Розпорядник"},
    {"name": "planned", "type": "number", "title": "План, грн"},
    {"name": "spent", "type": "number", "title": "Касові видатки, грн"},
    {"name": "date", "type": "date", "title": "Дата"},
]}
PROGRAMS = ["Утримання закладів освіти", "Благоустрій території", "Ремонт доріг", "Первинна медична допомога",
            "Громадський транспорт", "Соціальний захист", "Культура і дозвілля", "Енергоефективність"]


def _budget_rows(n: int, departments, rnd: random.Random):
    start = date(2025, 1, 1)
    for i in range(n):
        planned = round(rnd.uniform(10_000, 5_000_000), 2)
        yield [2025, f"0{rnd.randint(100000, 999999)}", rnd.choice(PROGRAMS), rnd.choice(departments).name,
               planned, round(planned * rnd.uniform(0.2, 1.0), 2), (start + timedelta(days=i % 365)).isoformat()]


def _stops(community, rnd: random.Random) -> bytes:
    lat0, lon0 = community.center_lat or 49.59, community.center_lon or 34.55
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [
        round(lon0 + rnd.uniform(-0.05, 0.05), 6), round(lat0 + rnd.uniform(-0.03, 0.03), 6)]},
        "properties": {"name": f"Зупинка {i} (демо)", "routes": rnd.choice(["1, 4", "2", "3, 7", "5"])}}
        for i in range(1, 41)]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode("utf-8")


def _load_now(dataset: Dataset) -> None:
    # The demo shows loaded tables at once instead of waiting for the task worker.
    for version_id in ResourceVersion.objects.filter(resource__dataset=dataset, datastore__isnull=False).values_list(
            "pk", flat=True):
        services.datastore_run_load(actor=SYSTEM, version_id=version_id)


def load(community, *, size: str = "small") -> None:
    rnd = random.Random(835)
    people = demo_people(community)
    admin = people.admin
    full = size == "full"
    council = services.publisher_create(actor=admin, community=community, name="council", kind=PublisherKind.COUNCIL,
                                        title="Виконавчий комітет ради (демо)", email=community.email)
    publishers = [council]
    for i, dept in enumerate(people.departments[:4], start=1):
        publishers.append(services.publisher_create(actor=admin, community=community, name=f"dept-{i}",
                                                    title=dept.name, department=dept, email=dept.email))
    enterprise = services.publisher_create(actor=admin, community=community, name="kp-vodokanal",
                                           kind=PublisherKind.ENTERPRISE, title="КП «Водоканал» (демо)")
    publishers.append(enterprise)
    themes = {name: services.theme_create(actor=admin, community=community, name=name, title=title)
              for name, title in (("budget", "Бюджет"), ("transport", "Транспорт"), ("education", "Освіта"),
                                  ("environment", "Довкілля"))}
    template = DatasetTemplate.objects.filter(slug="budget-lines").first() or services.template_create(
        actor=admin, community=community, slug="budget-lines", title="Видатки бюджету (шаблон)",
        table_schema=BUDGET_SCHEMA, description="Рядки видатків місцевого бюджету за програмами (КПКВ).")
    common = {"maintainer": "Олена Коваленко (демо)", "maintainer_email": f"opendata@{community.slug}.hromada.local",
              "legal_basis": "Постанова КМУ № 835 від 21.10.2015; Закон «Про доступ до публічної інформації»"}

    budget = services.dataset_create(
        actor=admin, community=community, publisher=council, name="budget-2025", template=template,
        title="Видатки місцевого бюджету 2025 (демо)", update_frequency="once a month", themes=[themes["budget"]],
        description="Планові та касові видатки за бюджетними програмами.", tags=["бюджет", "видатки", "фінанси"],
        purpose="Прозорість використання коштів громади", **common)
    rows = list(_budget_rows(3000 if full else 40, people.departments, rnd))
    services.resource_create(actor=admin, community=community, dataset=budget, name="Видатки 2025 (CSV)",
                             content=csv_bytes([f["name"] for f in BUDGET_SCHEMA["fields"]], rows),
                             filename="budget-2025.csv", format="CSV")
    _load_now(budget)

    schools = services.dataset_create(
        actor=admin, community=community, publisher=publishers[2] if len(publishers) > 2 else council,
        name="schools", title="Заклади освіти громади (демо)", update_frequency="once a year",
        themes=[themes["education"]], tags=["освіта", "школи"], purpose="Довідка для батьків", **common)
    services.resource_create(actor=admin, community=community, dataset=schools, name="Перелік закладів",
                             content=csv_bytes(["name", "address", "pupils", "has_shelter"],
                                          [[f"Ліцей № {i} (демо)", f"вул. Шкільна, {i}", rnd.randint(150, 1200),
                                            rnd.choice(["true", "false"])] for i in range(1, 16)]),
                             filename="schools.csv", format="CSV")
    _load_now(schools)

    stops = services.dataset_create(
        actor=admin, community=community, publisher=publishers[-2] if len(publishers) > 2 else council,
        name="transport-stops", title="Зупинки громадського транспорту (демо)", update_frequency="once a quarter",
        themes=[themes["transport"]], tags=["транспорт", "карта"], purpose="Планування поїздок", **common)
    services.resource_create(actor=admin, community=community, dataset=stops, name="Зупинки (GeoJSON)",
                             content=_stops(community, rnd), filename="stops.geojson", format="GeoJSON")

    water = services.dataset_create(
        actor=admin, community=community, publisher=enterprise, name="water-quality",
        title="Якість питної води (демо)", update_frequency="once a week", themes=[themes["environment"]],
        tags=["вода", "довкілля"], purpose="Інформування мешканців про якість води", **common)
    services.resource_create(actor=admin, community=community, dataset=water, name="Проби води",
                             content=csv_bytes(["date", "point", "chlorine_mg_l", "ok"],
                                          [[(date(2025, 1, 6) + timedelta(weeks=i)).isoformat(), f"Точка {i % 5 + 1}",
                                            round(rnd.uniform(0.2, 0.5), 2), "true"] for i in range(30)]),
                             filename="water.csv", format="CSV")
    _load_now(water)
    # Demo only: pretend the samples were published two months ago, so the timeliness dashboard shows an overdue set.
    _backdate(community, water, timezone.now() - timedelta(days=60))

    services.dataset_create(actor=admin, community=community, publisher=council, name="draft-land-register",
                            title="Реєстр земельних ділянок (чернетка, демо)", private=True,
                            update_frequency="once a quarter", tags=["земля"], **common)

    if people.residents:
        services.follow_create(actor=people.residents[0], community=community, dataset=budget)
        services.follow_create(actor=people.residents[0], community=community, publisher=enterprise)

    for manifest in capabilities.opendata_providers(community):
        if manifest.slug == "opendata":
            continue
        for export in manifest.opendata_exports:
            dataset = services.live_dataset_refresh(actor=SYSTEM, community=community, manifest=manifest, export=export)
            _load_now(dataset)


def _backdate(community, dataset: Dataset, when) -> None:
    """Move a dataset's whole publication history to `when`, as if it had been published then: the first and
    last publication, each resource's "updated" date and its versions, and the due date that follows from them,
    so every date on its pages agrees with its overdue flag."""
    Dataset.objects.filter(pk=dataset.pk).update(
        first_published_at=when, last_published_at=when, metadata_modified=when, overdue_notified_for=None,
        next_update_due=next_update_due(community, dataset.update_frequency, when))
    Resource.objects.filter(dataset=dataset).update(last_modified=when)
    ResourceVersion.objects.filter(resource__dataset=dataset).update(created_at=when)
