"""SYNTHETIC Prozorro and Prozorro.Sale entries, in the shapes the APIs answer, for the demo community and the
ingest benchmark. Every title starts with SYNTHETIC_MARK and every description says it is not real procurement;
the demo stores them with is_synthetic=True. Deterministic for a seed: the same call makes the same entries (ids
included), so loading the demo twice changes nothing."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta

SYNTHETIC_MARK = "[Синтетичні дані]"
NOTE = "Синтетичний запис для демонстрації платформи; це не реальна закупівля і не реальний договір."

# (CPV code, description, typical value in UAH, what is bought)
SUBJECTS = (
    ("45450000-6", "Інші завершальні будівельні роботи", 1_800_000, "Поточний ремонт приміщень"),
    ("45230000-8", "Будівництво доріг", 6_500_000, "Ремонт дорожнього покриття вулиці"),
    ("09130000-9", "Нафта і дистиляти", 900_000, "Закупівля пального"),
    ("15810000-9", "Хлібопродукти", 300_000, "Закупівля хліба для закладів освіти"),
    ("24310000-0", "Основні неорганічні хімічні речовини", 420_000, "Закупівля реагентів для водоочищення"),
    ("30210000-4", "Машини для обробки даних (апаратна частина)", 650_000, "Закупівля комп'ютерної техніки"),
    ("44160000-9", "Магістралі, трубопроводи, труби", 1_200_000, "Закупівля труб для водопроводу"),
    ("90610000-6", "Послуги з прибирання та підмітання вулиць", 500_000, "Послуги з прибирання територій"),
    ("71320000-7", "Послуги з інженерного проєктування", 350_000, "Розроблення проєктної документації"),
    ("34140000-0", "Великовантажні мототранспортні засоби", 3_100_000, "Закупівля спецтехніки"),
)
METHODS = (("belowThreshold", 0.35), ("aboveThreshold", 0.25), ("reporting", 0.25), ("negotiation", 0.05),
           ("aboveThresholdEU", 0.10))
SUPPLIERS = tuple((f"4{n:07d}", f"ТОВ «Синтетичний постачальник {n}»") for n in range(1, 25)) + tuple(
    (f"{3000000000 + n * 7919:010d}", f"ФОП Синтетичний Підприємець {n}") for n in range(1, 7))


def _hex(*parts) -> str:
    return hashlib.md5("/".join(map(str, parts)).encode(), usedforsecurity=False).hexdigest()


def _party(code: str, name: str) -> dict:
    return {"name": name, "identifier": {"scheme": "UA-EDR", "id": code, "legalName": name},
            "address": {"countryName": "Україна", "locality": "Синтетичне місто"}}


def _value(amount: float) -> dict:
    return {"amount": round(amount, 2), "currency": "UAH", "valueAddedTaxIncluded": True}


def tender(rnd: random.Random, seed: str, n: int, buyer: tuple[str, str], published: datetime) -> dict:
    """One synthetic tender of `buyer` (code, name), published at `published`, in a status its age allows."""
    cpv, cpv_name, typical, subject = rnd.choice(SUBJECTS)
    method = rnd.choices([m for m, _w in METHODS], [w for _m, w in METHODS])[0]
    expected = typical * rnd.uniform(0.3, 1.6)
    age = (datetime.now(published.tzinfo) - published).days
    competitive = method not in ("reporting", "negotiation")
    if age < 20 and competitive:
        status = "active.tendering"
    else:
        status = rnd.choices(["complete", "unsuccessful", "cancelled"], [0.82, 0.1, 0.08])[0]
    number = f"UA-{published:%Y-%m-%d}-{n % 1_000_000:06d}-{chr(97 + n % 26)}"
    entry = {
        "id": _hex("tender", seed, n), "tenderID": number, "status": status, "procurementMethod":
        "open" if competitive else "limited", "procurementMethodType": method,
        "title": f"{SYNTHETIC_MARK} {subject} №{n}", "description": NOTE,
        "procuringEntity": _party(*buyer), "value": _value(expected),
        "items": [{"id": _hex("item", seed, n)[:10], "description": subject, "quantity": 1,
                   "classification": {"scheme": "ДК021", "id": cpv, "description": cpv_name}}],
        "date": published.isoformat(), "dateCreated": published.isoformat(),
        "tenderPeriod": {"startDate": published.isoformat(), "endDate": (published + timedelta(days=15)).isoformat()},
    }
    modified = published + timedelta(days=1 if status == "active.tendering" else rnd.randint(16, 40))
    if status in ("complete", "unsuccessful") and competitive:
        count = 0 if status == "unsuccessful" and rnd.random() < 0.5 else rnd.choices([1, 2, 3, 4, 5],
                                                                                       [0.3, 0.3, 0.2, 0.1, 0.1])[0]
        bidders = rnd.sample(SUPPLIERS, count)
        entry["bids"] = [{"id": _hex("bid", seed, n, k), "status": "active", "tenderers": [_party(*who)],
                          "value": _value(expected * rnd.uniform(0.8, 0.99))} for k, who in enumerate(bidders)]
    if status == "complete":
        winner = (entry["bids"][0]["tenderers"][0] if entry.get("bids") else _party(*rnd.choice(SUPPLIERS)))
        price = entry["bids"][0]["value"]["amount"] if entry.get("bids") else expected * rnd.uniform(0.85, 1.0)
        signed = modified - timedelta(hours=2)
        entry["awards"] = [{"id": _hex("award", seed, n), "status": "active", "suppliers": [winner],
                            "value": _value(price), "date": (signed - timedelta(days=3)).isoformat()}]
        entry["contracts"] = [{"id": _hex("contract", seed, n), "awardID": _hex("award", seed, n),
                               "contractNumber": f"{n}/{published:%y}", "status": "active",
                               "suppliers": [winner], "value": _value(price), "dateSigned": signed.isoformat(),
                               "period": {"startDate": signed.isoformat(),
                                          "endDate": signed.replace(month=12, day=31).isoformat()}}]
    entry["dateModified"] = modified.isoformat()
    return entry


def auction(rnd: random.Random, seed: str, n: int, seller: tuple[str, str], published: datetime) -> dict:
    """One synthetic Prozorro.Sale auction (a lease or a sale of municipal property) of `seller`."""
    lease = rnd.random() < 0.7
    start = rnd.choice((2_400, 3_600, 5_200, 8_000)) if lease else rnd.choice((90_000, 240_000, 1_300_000))
    held = published + timedelta(days=21)
    done = held < datetime.now(published.tzinfo)
    what = "Оренда нежитлового приміщення" if lease else "Продаж об'єкта малої приватизації"
    entry = {
        "id": _hex("auction", seed, n), "auctionId": f"UA-PS-{published:%Y-%m-%d}-{n:06d}-1",
        "status": "complete" if done else "active.tendering",
        "sellingMethod": "legitimatePropertyLease-english" if lease else "smallPrivatization-english",
        "title": {"uk_UA": f"{SYNTHETIC_MARK} {what} №{n}"}, "description": {"uk_UA": NOTE},
        "sellingEntity": _party(*seller), "value": _value(start), "datePublished": published.isoformat(),
        "auctionPeriod": {"startDate": held.isoformat()},
        "dateModified": (held + timedelta(days=1) if done else published).isoformat(),
    }
    if done:
        entry["bids"] = [{"id": _hex("sale-bid", seed, n, k), "status": "active"} for k in range(rnd.randint(1, 4))]
        entry["contracts"] = [{"id": _hex("sale-contract", seed, n), "status": "active",
                               "value": _value(start * rnd.uniform(1.0, 1.8))}]
    return entry
