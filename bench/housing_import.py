"""Housing import benchmark (issue 20): a generated building list of N rows (10,000 by default) checked (every row
through the building services, rolled back), applied (each row its own transaction, as the uploading admin), then
imported again (every row unchanged). Figures are rows per second, and each step as a multiple of the baseline
measured in the same run: reading and mapping the file alone (no database).

On a fresh SQLite file, or on PostgreSQL when DATABASE_URL is set (a scratch database: migrated and left behind).

    .venv/bin/python bench/housing_import.py [--rows 10000] [--format csv|xlsx]
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time
from pathlib import Path

from opendata_search import setup_django  # the same fresh SQLite file or DATABASE_URL, migrated

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

HEADER = ["Адреса", "Рік побудови", "Поверховість", "Під'їздів", "Квартир", "Загальна площа", "Житлова площа",
          "Матеріал стін", "Тип покрівлі", "Клас енергоефективності", "Управитель", "Широта", "Довгота"]
STREETS = ["вул. Шевченка", "просп. Миру", "вул. Героїв Дніпра", "вул. Соборна", "бульв. Незалежності",
           "вул. Лесі Українки", "вул. Набережна", "пров. Шкільний"]


def building_list(rows: int, fmt: str, seed: int = 20) -> bytes:
    rnd = random.Random(seed)
    lines = []
    for n in range(rows):
        street = f"{STREETS[n % len(STREETS)]} {n // (len(STREETS) * 200) + 1}"  # 1,600 buildings a street
        total = rnd.randint(1500, 12000)
        lines.append([f"{street}, {n % (len(STREETS) * 200) + 1}", rnd.randint(1950, 2020), rnd.choice([5, 9, 12, 16]),
                      rnd.randint(1, 8), rnd.randint(20, 300), f"{total},50", f"{total * 0.8:.2f}",
                      rnd.choice(["панельний", "цегла", "моноліт"]), rnd.choice(["плоска", "скатна"]),
                      rnd.choice("ABCDEFG"), f"ОСББ «Будинок {n % 40}»", f"{49 + rnd.random():.5f}",
                      f"{33 + rnd.random():.5f}"])
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(HEADER)
        for line in lines:
            sheet.append(line)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    return "\n".join(";".join(map(str, line)) for line in [HEADER, *lines]).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from hromada.core.identity.models import Membership, Role, User
    from hromada.core.tenancy.models import Community
    from hromada.housing.reporting import importing

    community = Community.objects.create(slug=f"bench-housing-{int(time.time())}", name_uk="Громада (бенчмарк)",
                                         name_en="Bench", enabled_capabilities=["housing"])
    admin = User.objects.create_user(f"admin-{community.slug}@example.org", "bench-password", full_name="Адмін")
    Membership.objects.create(community=community, user=admin, role=Role.ADMIN)
    data = building_list(args.rows, args.format)
    print(f"housing import: {args.rows:,} rows, {args.format.upper()} of {len(data) / 2**20:.1f} MB, "
          f"{connection.vendor}")

    started = time.perf_counter()
    importing.read_rows(data)
    baseline = time.perf_counter() - started
    print(f"  read and map the file (baseline)   {baseline:8.2f} s   {args.rows / baseline:10,.0f} rows/s")
    for name, step in (("check (services, rolled back)", importing.building_import_check),
                       ("apply (first import)", importing.building_import_apply),
                       ("apply again (all unchanged)", importing.building_import_apply)):
        started = time.perf_counter()
        report = step(actor=admin, community=community, data=data)
        elapsed = time.perf_counter() - started
        print(f"  {name:<34} {elapsed:8.2f} s   {args.rows / elapsed:10,.0f} rows/s   {elapsed / baseline:6.1f} × "
              f"baseline   {report.counts}")


if __name__ == "__main__":
    main()
