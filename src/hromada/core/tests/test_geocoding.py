"""The geocoder: the community's own places found by words in Ukrainian, and an external Nominatim-compatible
geocoder asked over real HTTP (a server process started by the test), whose failures leave the local results."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, OpenDataExport
from hromada.core.geo import geocoding
from hromada.core.geo.geocoding import Gazetteer, Place, geocode, words

ROWS = [
    {"name": "Ліцей № 3", "address": "вул. Шевченка, 12", "lat": 49.591, "lon": 34.551},
    {"name": "Аптека «Здоров’я» № 7", "address": "вул. Шевченка, 40", "lat": 49.593, "lon": 34.553},
    {"name": "ЦНАП (головний офіс)", "address": "просп. Героїв, 1", "lat": 49.58, "lon": 34.56},
    {"name": "Без координат", "address": "вул. Ніде, 1", "lat": None, "lon": None},
]


def rows(community):
    return iter(ROWS)


PLACES_MANIFEST = CapabilityManifest(
    slug="placestest", name="Places", description="Only in geocoder tests.",
    opendata_exports=(OpenDataExport(
        slug="places", title="Places", description="",
        fields=(("name", "string"), ("address", "string"), ("lat", "number"), ("lon", "number")),
        rows="hromada.core.tests.test_geocoding:rows"),),
)


@pytest.fixture
def places_community(community, settings):
    settings.HROMADA_GEOCODER_CACHE_SECONDS = 0
    settings.HROMADA_GEOCODER_URL = ""
    capabilities._registry[PLACES_MANIFEST.slug] = PLACES_MANIFEST
    community.enabled_capabilities = [*community.enabled_capabilities, PLACES_MANIFEST.slug]
    yield community
    capabilities._registry.pop(PLACES_MANIFEST.slug, None)
    geocoding.clear_cache()


def test_words_fold_case_apostrophes_and_street_words():
    assert words("ВУЛИЦЯ Шевченка, 12") == ["вул", "шевченка", "12"]
    assert words("Здоровʼя") == words("здоров’я") == words("Здоров'я")
    assert words("Проспект Героїв") == ["просп", "героїв"]


def test_gazetteer_finds_by_any_words_and_derives_streets():
    g = Gazetteer([Place("вул. Шевченка, 12", 49.0, 34.0, "address"), Place("вул. Шевченка, 40", 49.2, 34.2, "address"),
                   Place("Ліцей № 3, вул. Шевченка, 12", 49.0, 34.0, "facility")])
    street = g.search("вулиця шевч")[0]
    assert (street.label, street.kind) == ("вул. Шевченка", "street")
    assert (street.lat, street.lon) == pytest.approx((49.1, 34.1))
    assert [p.label for p in g.search("ШЕВЧЕНКА 12")][:2] == ["вул. Шевченка, 12", "Ліцей № 3, вул. Шевченка, 12"]
    # A house number matches whole: 1 is not 12.
    assert [p.label for p in g.search("шевченка 1")] == []
    assert [p.label for p in g.search("ліцей")] == ["Ліцей № 3, вул. Шевченка, 12"]
    assert g.search("") == [] and g.search("   ,. ") == []


def test_the_communitys_open_data_is_searched(places_community):
    found = geocode(places_community, "аптека здоров'я")
    assert [p.label for p in found] == ["Аптека «Здоров’я» № 7, вул. Шевченка, 40"]
    assert (found[0].lat, found[0].lon, found[0].kind) == (49.593, 34.553, "facility")
    assert [p.label for p in geocode(places_community, "героїв 1")][0] == "просп. Героїв, 1"
    assert geocode(places_community, "ніде") == []  # the row without coordinates is left out
    assert geocode(places_community, "a") == []  # one letter is no query


def test_extra_places_come_first_and_a_disabled_capability_is_not_read(places_community):
    extra = [Place("Шевченківський район", 49.6, 34.6, "area")]
    assert geocode(places_community, "шевченк", extra=extra)[0].label == "Шевченківський район"
    places_community.enabled_capabilities = [s for s in places_community.enabled_capabilities if s != "placestest"]
    assert geocode(places_community, "ліцей") == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER = """
import json, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer
mode, log = sys.argv[2], sys.argv[3]
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        with open(log, "a", encoding="utf-8") as f:
            f.write(json.dumps({"path": self.path, "agent": self.headers.get("User-Agent", "")}) + "\\n")
        if mode == "slow":
            time.sleep(5)
        if mode == "error":
            self.send_response(500); self.end_headers(); return
        body = b"not json" if mode == "garbage" else json.dumps([
            {"display_name": "Полтава, вулиця Соборності, 1", "lat": "49.5894", "lon": "34.5511"},
            {"display_name": "broken", "lat": "north"}]).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


@pytest.fixture
def geocoder_server(tmp_path):
    """start(mode) -> (base URL, log path) of a real HTTP server process answering like Nominatim."""
    started = []

    def start(mode: str = "ok"):
        port, log = _free_port(), tmp_path / f"{mode}.log"
        script = tmp_path / "server.py"
        script.write_text(SERVER, encoding="utf-8")
        process = subprocess.Popen([sys.executable, str(script), str(port), mode, str(log)])  # noqa: S603 - the test's own script
        started.append(process)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        return f"http://127.0.0.1:{port}/search", log

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=5)


def test_the_external_geocoder_is_asked_over_http_when_local_places_are_few(places_community, settings,
                                                                             geocoder_server):
    url, log = geocoder_server("ok")
    settings.HROMADA_GEOCODER_URL = url
    found = geocode(places_community, "Соборності 1")
    assert [(p.label, p.kind) for p in found] == [("Полтава, вулиця Соборності, 1", "external")]
    assert (found[0].lat, found[0].lon) == (49.5894, 34.5511)
    (line,) = log.read_text(encoding="utf-8").splitlines()
    request = json.loads(line)
    params = parse_qs(urlsplit(request["path"]).query)
    assert params["q"] == ["Соборності 1"] and params["format"] == ["jsonv2"] and params["bounded"] == ["1"]
    assert params["viewbox"] == ["34.4,49.69,34.7,49.49"]
    assert request["agent"].startswith("Hromada geocoder")


def test_local_places_answer_without_asking_the_external_geocoder_when_they_fill_the_list(
        places_community, settings, geocoder_server):
    url, log = geocoder_server("ok")
    settings.HROMADA_GEOCODER_URL = url
    assert len(geocode(places_community, "шевченка", limit=2)) == 2
    assert not log.exists()


@pytest.mark.parametrize("mode", ["error", "garbage"])
def test_a_failing_external_geocoder_leaves_the_local_results(places_community, settings, geocoder_server, mode):
    url, log = geocoder_server(mode)
    settings.HROMADA_GEOCODER_URL = url
    assert [p.label for p in geocode(places_community, "ліцей")] == ["Ліцей № 3, вул. Шевченка, 12"]
    assert log.exists()  # it was asked, and its answer was refused


def test_a_slow_external_geocoder_is_cut_off_by_the_timeout(places_community, settings, geocoder_server):
    url, log = geocoder_server("slow")
    settings.HROMADA_GEOCODER_URL = url
    settings.HROMADA_GEOCODER_TIMEOUT = 0.5
    started = time.monotonic()
    assert [p.label for p in geocode(places_community, "ліцей")] == ["Ліцей № 3, вул. Шевченка, 12"]
    assert time.monotonic() - started < 3  # the server sleeps 5 s
    assert log.exists()


def test_a_file_address_is_never_opened(places_community, settings, tmp_path):
    secret = tmp_path / "search"
    secret.write_text('[{"display_name": "leak", "lat": "1", "lon": "1"}]', encoding="utf-8")
    settings.HROMADA_GEOCODER_URL = secret.as_uri()
    assert [p.label for p in geocode(places_community, "leak")] == []


def test_no_server_listening_is_no_error(places_community, settings):
    settings.HROMADA_GEOCODER_URL = f"http://127.0.0.1:{_free_port()}/search"
    assert [p.label for p in geocode(places_community, "ліцей")] == ["Ліцей № 3, вул. Шевченка, 12"]
