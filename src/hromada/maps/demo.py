"""Demo map of a community: schools, kindergartens, pharmacies, utilities, service centres, businesses and
parks, synthetic and spread inside the community boundary (about 1,400 features for size="full")."""

from __future__ import annotations

import random

from shapely.geometry import Point, box, shape

from hromada.core.identity.actors import SYSTEM

from .services import layer_create, layer_import

STREETS = ["вул. Соборності", "вул. Шевченка", "просп. Героїв", "вул. Миру", "вул. Незалежності", "вул. Садова",
           "вул. Лесі Українки", "вул. Івана Франка", "вул. Молодіжна", "вул. Гагаріна", "вул. Набережна",
           "вул. Європейська", "вул. Козацька", "вул. Квіткова", "вул. Заводська", "вул. Григорія Сковороди",
           "вул. Вишнева", "вул. Степова", "вул. Озерна", "вул. Покровська"]
PHONE = "phone"
SECTORS = [("Торгівля", ["Магазин «Господар»", "Продукти «Колосок»", "Мінімаркет «Сім'я»", "Будматеріали «Майстер»",
                         "Квіти «Волошка»", "Одяг «Стиль»"]),
           ("Харчування", ["Кав'ярня «Зерно»", "Піцерія «Скибка»", "Їдальня «Смачно»", "Пекарня «Хлібодар»"]),
           ("Послуги", ["Перукарня «Локон»", "Ремонт взуття", "Хімчистка «Сніжинка»", "СТО «Мотор»",
                        "Фотостудія «Кадр»", "Ательє «Голка»"]),
           ("Виробництво", ["Столярня «Дуб»", "Цех металоконструкцій", "Друкарня «Літера»", "Молочна ферма"]),
           ("ІТ та зв'язок", ["ІТ-хаб «Код»", "Інтернет-провайдер «Лінк»", "Ремонт телефонів"]),
           ("Туризм", ["Готель «Дніпро»", "Хостел «Мандрівник»", "Прокат велосипедів"])]

LAYERS = [
    # slug, uk, en, icon, colour, public, schema, description
    ("schools", "Заклади загальної середньої освіти", "Schools", "🏫", "#1d4ed8", True,
     [{"key": "phone", "label": "Телефон", "label_en": "Phone", "type": "phone", "required": False},
      {"key": "pupils", "label": "Учнів", "label_en": "Pupils", "type": "number", "required": False},
      {"key": "website", "label": "Сайт", "label_en": "Website", "type": "url", "required": False},
      {"key": "shelter", "label": "Укриття", "label_en": "Shelter", "type": "boolean", "required": False}],
     "Ліцеї, гімназії та початкові школи громади."),
    ("kindergartens", "Заклади дошкільної освіти", "Kindergartens", "🧸", "#db2777", True,
     [{"key": "phone", "label": "Телефон", "label_en": "Phone", "type": "phone", "required": False},
      {"key": "places", "label": "Місць", "label_en": "Places", "type": "number", "required": False},
      {"key": "inclusive", "label": "Інклюзивні групи", "label_en": "Inclusive groups", "type": "boolean", "required": False}],
     "Ясла-садки комунальної власності."),
    ("pharmacies", "Аптеки", "Pharmacies", "💊", "#059669", True,
     [{"key": "phone", "label": "Телефон", "label_en": "Phone", "type": "phone", "required": False},
      {"key": "hours", "label": "Години роботи", "label_en": "Opening hours", "type": "string", "required": True},
      {"key": "round_the_clock", "label": "Цілодобово", "label_en": "24 hours", "type": "boolean", "required": False}],
     "Аптеки та аптечні пункти."),
    ("utilities", "Комунальні підприємства", "Utility companies", "🔧", "#b45309", True,
     [{"key": "phone", "label": "Диспетчерська", "label_en": "Dispatcher", "type": "phone", "required": True},
      {"key": "email", "label": "Ел. пошта", "label_en": "Email", "type": "email", "required": False},
      {"key": "service", "label": "Послуга", "label_en": "Service", "type": "string", "required": True}],
     "Водоканал, теплопостачання, благоустрій, управителі будинків."),
    ("asc", "Центри надання адміністративних послуг", "Administrative service centres", "🏛", "#7c3aed", True,
     [{"key": "phone", "label": "Телефон", "label_en": "Phone", "type": "phone", "required": False},
      {"key": "hours", "label": "Години прийому", "label_en": "Reception hours", "type": "string", "required": True},
      {"key": "website", "label": "Сайт", "label_en": "Website", "type": "url", "required": False}],
     "ЦНАП і його віддалені робочі місця."),
    ("businesses", "Підприємства за галузями", "Businesses by sector", "🏪", "#0f766e", True,
     [{"key": "sector", "label": "Галузь", "label_en": "Sector", "type": "string", "required": True},
      {"key": "employees", "label": "Працівників", "label_en": "Employees", "type": "number", "required": False},
      {"key": "registered", "label": "Зареєстровано", "label_en": "Registered", "type": "date", "required": False}],
     "Малий і середній бізнес громади (синтетичні демо-дані)."),
    ("parks", "Парки і сквери", "Parks and squares", "🌳", "#15803d", True,
     [{"key": "area_ha", "label": "Площа, га", "label_en": "Area, ha", "type": "number", "required": False}],
     "Зелені зони громади (полігони)."),
    ("shelters-inspection", "Укриття: службова перевірка", "Shelters: internal inspection", "🛡", "#b91c1c", False,
     [{"key": "capacity", "label": "Місткість", "label_en": "Capacity", "type": "number", "required": False},
      {"key": "checked", "label": "Перевірено", "label_en": "Inspected", "type": "date", "required": False}],
     "Службовий шар: видно лише працівникам ради."),
]
FULL_COUNTS = {"schools": 28, "kindergartens": 38, "pharmacies": 75, "utilities": 24, "asc": 6, "businesses": 1220,
               "parks": 14, "shelters-inspection": 40}


def _area(community):
    if community.boundary and community.boundary.get("type") in ("Polygon", "MultiPolygon"):
        return shape(community.boundary)
    lat, lon = community.center_lat or 49.5883, community.center_lon or 34.5514
    return box(lon - 0.06, lat - 0.04, lon + 0.06, lat + 0.04)


def _points(area, n: int, rnd: random.Random) -> list[tuple[float, float]]:
    minx, miny, maxx, maxy = area.bounds
    # Most facilities cluster near the centre, as in a real town; the rest spread over the territory.
    cx, cy = area.centroid.x, area.centroid.y
    points = []
    while len(points) < n:
        if rnd.random() < 0.7:
            x, y = rnd.gauss(cx, (maxx - minx) / 6), rnd.gauss(cy, (maxy - miny) / 6)
        else:
            x, y = rnd.uniform(minx, maxx), rnd.uniform(miny, maxy)
        if area.contains(Point(x, y)):
            points.append((round(x, 6), round(y, 6)))
    return points


def _address(rnd: random.Random) -> str:
    return f"{rnd.choice(STREETS)}, {rnd.randint(1, 180)}"


def _phone(rnd: random.Random) -> str:
    return f"+380 53 2{rnd.randint(10, 99)} {rnd.randint(10, 99)} {rnd.randint(10, 99)}"


def _feature(name, address, x, y, properties) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
            "properties": {"name": name, "address": address, **properties}}


def _make(slug: str, points, rnd: random.Random) -> list[dict]:
    out = []
    for i, (x, y) in enumerate(points, start=1):
        address = _address(rnd)
        if slug == "schools":
            kind = rnd.choice(["Ліцей", "Гімназія", "Початкова школа"])
            out.append(_feature(f"{kind} № {i}", address, x, y, {
                PHONE: _phone(rnd), "pupils": rnd.randint(90, 1100), "shelter": rnd.random() < 0.8,
                "website": f"https://school{i}.demo.hromada.local/"}))
        elif slug == "kindergartens":
            names = ["Сонечко", "Ромашка", "Казка", "Веселка", "Дзвіночок", "Барвінок", "Калинка", "Лелека"]
            out.append(_feature(f"ЗДО № {i} «{rnd.choice(names)}»", address, x, y, {
                PHONE: _phone(rnd), "places": rnd.randint(40, 280), "inclusive": rnd.random() < 0.4}))
        elif slug == "pharmacies":
            night = rnd.random() < 0.15
            out.append(_feature(f"Аптека «{rnd.choice(['Здоров’я', 'Добробут', 'Цілитель', 'Фармація', 'Ліки'])}» № {i}",
                                address, x, y, {PHONE: _phone(rnd), "round_the_clock": night,
                                                "hours": "00:00–24:00" if night else "08:00–21:00"}))
        elif slug == "utilities":
            service = rnd.choice(["Водопостачання", "Теплопостачання", "Благоустрій", "Управління будинками",
                                  "Вивезення відходів", "Вуличне освітлення"])
            out.append(_feature(f"КП «{service} {i}» (демо)", address, x, y, {
                PHONE: _phone(rnd), "email": f"kp{i}@demo.hromada.local", "service": service}))
        elif slug == "asc":
            out.append(_feature("ЦНАП (головний офіс)" if i == 1 else f"Віддалене робоче місце ЦНАП № {i - 1}",
                                address, x, y, {PHONE: _phone(rnd), "hours": "Пн–Пт 08:00–17:00",
                                                "website": "https://cnap.demo.hromada.local/"}))
        elif slug == "businesses":
            sector, names = rnd.choice(SECTORS)
            out.append(_feature(f"{rnd.choice(names)} № {i}", address, x, y, {
                "sector": sector, "employees": rnd.randint(1, 250),
                "registered": f"{rnd.randint(1995, 2025)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"}))
        elif slug == "shelters-inspection":
            out.append(_feature(f"Укриття № {i}", address, x, y, {
                "capacity": rnd.randint(30, 400),
                "checked": f"2026-{rnd.randint(1, 10):02d}-{rnd.randint(1, 28):02d}"}))
    return out


def _parks(points, rnd: random.Random) -> list[dict]:
    out = []
    names = ["Центральний парк", "Сквер Героїв", "Парк Молодіжний", "Сквер біля ЦНАП", "Парк Дружби", "Сквер Вишневий"]
    for i, (x, y) in enumerate(points, start=1):
        dx, dy = rnd.uniform(0.002, 0.006), rnd.uniform(0.0015, 0.004)
        ring = [[x - dx, y - dy], [x + dx, y - dy], [x + dx * 1.2, y + dy], [x - dx * 0.8, y + dy], [x - dx, y - dy]]
        ring = [[round(a, 6), round(b, 6)] for a, b in ring]
        area_ha = round(dx * dy * 4 * 111_000 * 72_000 / 10_000, 1)
        out.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                    "properties": {"name": f"{names[(i - 1) % len(names)]}" + (f" {i}" if i > len(names) else ""),
                                   "area_ha": area_ha}})
    return out


def load(community, *, size: str = "small") -> None:
    rnd = random.Random(f"maps-{community.slug}")
    actor = SYSTEM  # the platform loads the demo map, as an import from the command line would
    area = _area(community)
    for position, (slug, name_uk, name_en, icon, colour, public, schema, description) in enumerate(LAYERS, start=1):
        layer = layer_create(actor=actor, community=community, slug=slug, name_uk=name_uk, name_en=name_en,
                             icon=icon, colour=colour, is_public=public, schema=schema, description=description,
                             position=position * 10)
        count = FULL_COUNTS[slug] if size == "full" else min(3, FULL_COUNTS[slug])
        points = _points(area, count, rnd)
        features = _parks(points, rnd) if slug == "parks" else _make(slug, points, rnd)
        layer_import(actor=actor, community=community, layer_id=layer.pk,
                     content={"type": "FeatureCollection", "features": features}, file_format="geojson")
