"""Finding a place by its name or address, without a map or a mouse.

The embedded default needs no outside service: it searches the community's own public data, that is every
open-data export of an enabled capability whose rows carry `name`, `lat` and `lon` (the city map's facilities
with their addresses), the streets those addresses name, and any places the caller adds (appeal areas).
Matching is word by word, case-insensitive in Ukrainian and English: "шевч 12" finds "вул. Шевченка, 12",
"вулиця" and "вул." are one word, and the apostrophes (', ’, ʼ) are one character.

An operator may add an external geocoder that speaks the Nominatim search protocol (HROMADA_GEOCODER_URL,
off by default). It is asked only when local places are fewer than asked for, with a timeout
(HROMADA_GEOCODER_TIMEOUT, seconds); any failure leaves the local results, and the query is never logged.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from hromada.core import capabilities

log = logging.getLogger(__name__)

MAX_QUERY = 100


@dataclass(frozen=True)
class Place:
    """A point someone may mean: what to call it, where it is, and what kind of thing it is."""

    label: str
    lat: float
    lon: float
    kind: str = "place"  # facility, street, area, external ...

    def as_dict(self) -> dict:
        return {"label": self.label, "lat": round(self.lat, 6), "lon": round(self.lon, 6), "kind": self.kind}


# Words written in full or shortened mean the same; both become the short form.
_SYNONYMS = {
    "вулиця": "вул", "вулиці": "вул", "провулок": "пров", "пров": "пров", "проспект": "просп",
    "площа": "пл", "бульвар": "бул", "бульв": "бул", "шосе": "ш", "набережна": "наб", "майдан": "майд",
    "street": "st", "avenue": "ave", "square": "sq",
}
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "ё": "е"})
_SPLIT = re.compile(r"[^\w']+", re.UNICODE)
_STREET = re.compile(r"^(?P<street>[^,]+?),\s*(?P<house>\d[\w/-]*)\s*$", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a name or query, case-folded, with apostrophes unified and street words shortened."""
    folded = (text or "").casefold().translate(_APOSTROPHES)
    return [_SYNONYMS.get(w, w) for w in (part.strip("'") for part in _SPLIT.split(folded)) if w]


def _matches(query: str, word: str) -> int:
    """How well one query word matches one word of a name: 3 exact, 2 prefix, 1 inside (letters only)."""
    if word == query:
        return 3
    if query.isdigit():
        return 2 if word.startswith(query) and not word[len(query):len(query) + 1].isdigit() else 0
    if word.startswith(query):
        return 2
    return 1 if len(query) >= 3 and query in word else 0


class Gazetteer:
    """Places searchable by words. Streets are derived: every "street, house" address names its street,
    placed at the middle of the places on it."""

    def __init__(self, places: Iterable[Place]):
        entries: dict[tuple[str, str], Place] = {}
        streets: dict[str, list[Place]] = {}
        for place in places:
            entries.setdefault((place.kind, place.label), place)
        for place in list(entries.values()):
            if place.kind == "address":
                found = _STREET.match(place.label)
                if found:
                    streets.setdefault(found["street"].strip(), []).append(place)
        for name, on_it in streets.items():
            entries.setdefault(("street", name), Place(name, sum(p.lat for p in on_it) / len(on_it),
                                                       sum(p.lon for p in on_it) / len(on_it), "street"))
        self._index = [(place, words(place.label)) for place in entries.values()]

    def __len__(self) -> int:
        return len(self._index)

    def search(self, query: str, *, limit: int = 8) -> list[Place]:
        wanted = words(query[:MAX_QUERY])
        if not wanted:
            return []
        scored = []
        for place, place_words in self._index:
            total = 0
            for q in wanted:
                best = max((_matches(q, w) for w in place_words), default=0)
                if not best:
                    break
                total += best
            else:
                # Streets and areas before the many facilities on them when the match is as good.
                rank = {"street": 0, "area": 0, "address": 1}.get(place.kind, 2)
                scored.append((-total, rank, len(place.label), place.label, place))
        scored.sort(key=lambda item: item[:4])
        return [item[-1] for item in scored[:limit]]


def export_places(community) -> list[Place]:
    """Places from the community's open data: rows with a name and a point, and their addresses."""
    places: list[Place] = []
    for manifest in capabilities.manifests():
        if not community.capability_enabled(manifest.slug):
            continue
        for export in manifest.opendata_exports:
            names = {name for name, _type in export.fields}
            if not {"name", "lat", "lon"} <= names:
                continue
            for row in capabilities.resolve(export.rows)(community):
                try:
                    lat, lon = float(row["lat"]), float(row["lon"])
                except (KeyError, TypeError, ValueError):
                    continue
                name, address = str(row.get("name") or "").strip(), str(row.get("address") or "").strip()
                if name:
                    places.append(Place(f"{name}, {address}" if address else name, lat, lon, "facility"))
                if address:
                    places.append(Place(address, lat, lon, "address"))
    return places


_cache: dict[tuple, tuple[float, Gazetteer]] = {}


def community_gazetteer(community) -> Gazetteer:
    """The community's own places, kept in this process for HROMADA_GEOCODER_CACHE_SECONDS (300 by default)."""
    ttl = float(getattr(settings, "HROMADA_GEOCODER_CACHE_SECONDS", 300))
    key = (community.pk, getattr(community, "created_at", None))
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and now - cached[0] < ttl:
        return cached[1]
    gazetteer = Gazetteer(export_places(community))
    if ttl > 0:
        _cache[key] = (now, gazetteer)
    return gazetteer


def clear_cache() -> None:
    _cache.clear()


def _setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, default) or "")


def external_url() -> str:
    return _setting("HROMADA_GEOCODER_URL").strip()


def _viewbox(community) -> str:
    """The community's bounding box (from its boundary, else about 10 km around its centre)."""
    boundary = community.boundary or {}
    points: list = []
    coordinates = boundary.get("coordinates") if isinstance(boundary, dict) else None
    stack = [coordinates] if coordinates else []
    while stack:
        item = stack.pop()
        if isinstance(item, list) and len(item) >= 2 and all(isinstance(v, (int, float)) for v in item[:2]):
            points.append(item)
        elif isinstance(item, list):
            stack.extend(item)
    if points:
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return _box(min(lons), max(lats), max(lons), min(lats))
    if community.center_lat is None or community.center_lon is None:
        return ""
    lat, lon = community.center_lat, community.center_lon
    return _box(lon - 0.15, lat + 0.1, lon + 0.15, lat - 0.1)


def _box(*corners: float) -> str:
    """Nominatim's viewbox: left,top,right,bottom."""
    return ",".join(str(round(v, 6)) for v in corners)


def external_search(community, query: str, *, limit: int = 5, url: str | None = None) -> list[Place]:
    """Places from the configured Nominatim-compatible geocoder; [] when none is set or it fails."""
    base = external_url() if url is None else url
    if not base or not query.strip():
        return []
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        log.warning("HROMADA_GEOCODER_URL must be an http(s) address; the external geocoder is not asked")
        return []
    params = {"q": query[:MAX_QUERY], "format": "jsonv2", "limit": str(limit), "accept-language": "uk,en"}
    viewbox = _viewbox(community)
    if viewbox:
        params.update(viewbox=viewbox, bounded="1")
    separator = "&" if "?" in base else "?"
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        base + separator + urllib.parse.urlencode(params),
        headers={"Accept": "application/json",
                 "User-Agent": f"Hromada geocoder ({getattr(settings, 'HROMADA_SITE_URL', '')})"})
    timeout = float(_setting("HROMADA_GEOCODER_TIMEOUT", "3") or 3)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = json.loads(response.read(1_000_000).decode("utf-8"))
    except (OSError, ValueError) as exc:  # URLError, timeouts and refused connections are OSErrors
        log.warning("external geocoder failed: %s", type(exc).__name__)
        return []
    places = []
    for item in data if isinstance(data, list) else []:
        try:
            label = str(item.get("display_name") or item.get("name") or "").strip()
            lat, lon = float(item["lat"]), float(item["lon"])
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
        if label and -90 <= lat <= 90 and -180 <= lon <= 180:
            places.append(Place(label[:300], lat, lon, "external"))
    return places[:limit]


def geocode(community, query: str, *, extra: Iterable[Place] = (), limit: int = 8) -> list[Place]:
    """Local places first (the community's data and `extra`), then the external geocoder's if room is left."""
    query = (query or "").strip()[:MAX_QUERY]
    if len(query) < 2:
        return []
    found = Gazetteer(extra).search(query, limit=limit) if extra else []
    found += [p for p in community_gazetteer(community).search(query, limit=limit) if p not in found]
    found = found[:limit]
    if len(found) < limit and external_url():
        seen = {p.label for p in found}
        found += [p for p in external_search(community, query, limit=limit - len(found)) if p.label not in seen]
    return found
