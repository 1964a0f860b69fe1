"""Issue 9's probes replayed across every surface: each answers 4xx in its surface's own format and changes nothing.

The detailed checks live beside each app (traversal in test_private_files, standards in *_bad_input, bodies in
the API tests); this module is the one place that replays the penetration report line by line."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from conftest import make_member
from django.apps import apps
from django.test import Client

from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, make_category, upload
from hromada.core.api.tokens import api_token_create
from hromada.core.identity.models import Role
from hromada.core.notifications.services import notify
from hromada.maps.tests.factories import make_layer
from hromada.opendata.tests.factories import add_csv, make_dataset, make_publisher

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
DEEP = "[" * 5000 + "]" * 5000
MALFORMED = ["[null,null]", '"x"', "123", "null", "true", '{"idz":[1]}']
IMPOSSIBLE_DAYS = ["2026-13-01", "2026-02-30", "0000-01-01"]
IMPOSSIBLE = [f"{day}T00:00:00Z" for day in IMPOSSIBLE_DAYS] + ["2026-01-01T25:00:00Z"]


@dataclass
class Target:
    slug: str
    admin_token: str
    resident_token: str
    resident: object
    layer_slug: str
    appeal_id: int
    resource_id: str


@pytest.fixture
def target(community, other_community, department, official, community_admin) -> Target:
    resident = make_member(community, Role.RESIDENT, strong=True)
    category = make_category(community, "light", fallback=department)
    appeal = make_appeal(community, resident, category, public=False, photos=[upload(jpeg_bytes(), "home.jpg")])
    publisher = make_publisher(community, community_admin, department=department, name="finance")
    private = make_dataset(community, community_admin, publisher, name="secret", private=True)
    resource = add_csv(community, community_admin, private)
    layer = make_layer(community_admin, community, "schools")
    # Notifications in both communities: a bad body must mark none of them read.
    for where in (community, other_community, None):
        notify(community=where, recipients=[resident], event="core.test", title="Перевірка")
    _t, admin_token = api_token_create(actor=community_admin, community=community, name="probe")
    _t, resident_token = api_token_create(actor=resident, community=community, name="probe")
    return Target(slug=community.slug, admin_token=admin_token, resident_token=resident_token, resident=resident,
                  layer_slug=layer.slug, appeal_id=appeal.pk, resource_id=str(resource.pk))


def fingerprint() -> dict:
    """Every row count of every model, plus the unread notifications: a probe must leave all of it as it was."""
    from hromada.core.notifications.models import Notification

    counts = {m._meta.label: m._base_manager.count() for m in apps.get_models() if not m._meta.proxy}
    counts["unread"] = Notification.objects.filter(read_at__isnull=True).count()
    # Rate-limit and session rows are not data a probe can damage.
    return {k: v for k, v in counts.items() if not k.startswith(("sessions.", "django_tasks_db."))}


# ---------------------------------------------------------------- what each surface's refusal looks like

def speaks_envelope(response) -> bool:
    body = response.json()
    return isinstance(body["error"]["code"], str) and isinstance(body["error"]["fields"], dict)


def speaks_ckan(response) -> bool:
    body = response.json()
    return body["success"] is False and body["error"]["__type"] and "help" in body


def speaks_open311(response) -> bool:
    if response["Content-Type"].startswith(("application/xml", "text/xml")):
        return b"<errors>" in response.content and b"<description>" in response.content
    body = response.json()
    return isinstance(body, list) and body and {"code", "description"} <= set(body[0])


def speaks_html(response) -> bool:
    return response["Content-Type"].startswith("text/html")


FORMATS = {"api": speaks_envelope, "ckan": speaks_ckan, "open311": speaks_open311, "html": speaks_html}


@dataclass(frozen=True)
class Probe:
    surface: str
    method: str
    path: str
    body: str | None = None
    content_type: str = "application/json"
    caller: str = "anonymous"  # or "admin", "resident"

    def __str__(self) -> str:
        return f"{self.method} {self.path[:80]} {(self.body or '')[:20]}"


def _probes() -> list[Probe]:
    probes = []
    # Impossible dates (Open311, CKAN, DCAT) and the catalogue page.
    for moment in IMPOSSIBLE:
        for name in ("start_date", "end_date", "updated_after"):
            probes.append(Probe("open311", "GET", f"/open311/v2/requests.json?{name}={moment}"))
        probes.append(Probe("open311", "GET", f"/open311/v2/requests.xml?start_date={moment}"))
        probes.append(Probe("ckan", "GET",
                            f"/api/3/action/package_search?fq=metadata_modified:[{moment} TO NOW]"))
    for day in IMPOSSIBLE_DAYS:
        probes.append(Probe("ckan", "GET", f"/api/3/action/package_search?fq=metadata_modified:{day}"))
        probes.append(Probe("api", "GET", f"/catalog.jsonld?modified_since={day}"))
    # Numbers past any offset, and blank sorts.
    for path in (f"/api/3/action/package_list?offset={HUGE}", "/api/3/action/current_package_list_with_resources?page=1e19",
                 "/api/3/action/organization_list?offset=1e20", "/api/3/action/organization_list?sort=%20",
                 f"/api/3/action/package_search?start={HUGE}",
                 f"/api/3/action/datastore_search?resource_id={{resource}}&offset={HUGE}"):
        probes.append(Probe("ckan", "GET", path))
    probes.append(Probe("api", "GET", f"/catalog.jsonld?page={2**62}"))
    probes.append(Probe("open311", "GET", f"/open311/v2/requests.json?page={HUGE}"))
    probes.append(Probe("api", "GET", f"/api/v1/petitions/?page={HUGE}"))
    # JSON nested 5,000 deep, to every surface that reads JSON.
    probes.append(Probe("ckan", "POST", "/api/3/action/package_search", DEEP))
    probes.append(Probe("api", "POST", "/api/v1/me/notifications/read", DEEP, caller="resident"))
    probes.append(Probe("api", "POST", "/api/v1/appeals/", DEEP, caller="resident"))
    # Malformed bodies must change nothing.
    for body in MALFORMED:
        probes.append(Probe("api", "POST", "/api/v1/me/notifications/read", body, caller="resident"))
        probes.append(Probe("api", "PATCH", "/api/v1/maps/layers/{layer}", body, caller="admin"))
    # Paths and methods the standards do not know.
    probes += [
        Probe("api", "GET", "/api/v1/petitions/abc/"), Probe("api", "GET", "/api/v1/appeals/abc"),
        Probe("api", "GET", "/api/v1/no-such-thing/"), Probe("api", "GET", "/api/v1/petitions/?x=" + "a" * 9000),
        Probe("ckan", "PUT", "/api/3/action/package_list"), Probe("ckan", "DELETE", "/api/3/action/package_show"),
        Probe("ckan", "GET", "/api/3/action/no_such_action"),
        Probe("open311", "POST", "/open311/v2/requests.json", "--x--", content_type="multipart/form-data"),
        Probe("open311", "GET", "/open311/v2/requests/abc%20def.json"),
    ]
    # Traversal out of the public media root (the report's two requests and their cousins).
    for path in ("/media/public/..%2Fprivate/appeals/{community}/photos/x.jpg",
                 "/media/public/%2E%2E/opendata/2026/11/x.csv", "/media/..%2Fprivate/opendata/x.csv",
                 "/media/%252e%252e/private/x.jpg", "/media/public\\..\\private\\x.jpg"):
        probes.append(Probe("html", "GET", path))
    return probes


PROBES = _probes()


@pytest.mark.parametrize("probe", PROBES, ids=[str(p) for p in PROBES])
@pytest.mark.parametrize("prefix", ["", "/c/{slug}"], ids=["host", "prefix"])
def test_the_probe_is_refused_in_its_surface_format_and_changes_nothing(target, probe, prefix, community, settings):
    client = Client()
    headers = {}
    if probe.caller != "anonymous":
        token = target.admin_token if probe.caller == "admin" else target.resident_token
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if not prefix:
        # Without a community prefix, the host names the community (the platform's single community here).
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "probe.example.org"]
        community.domain = "probe.example.org"
        community.save(update_fields=["domain"])
        from hromada.core.tenancy.selectors import invalidate_community_cache

        invalidate_community_cache()
        headers["HTTP_HOST"] = "probe.example.org"
    path = (prefix + probe.path).format(slug=target.slug, layer=target.layer_slug, resource=target.resource_id,
                                        community=community.pk)
    before = fingerprint()
    method = getattr(client, probe.method.lower())
    if probe.body is None:
        response = method(path, **headers)
    else:
        response = method(path, probe.body, content_type=probe.content_type, **headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert FORMATS[probe.surface](response), response.content[:300]
    assert fingerprint() == before


@pytest.mark.parametrize("text", ["{", "}", "{index}", "{0}", "{x.__class__}", "}{ {{ }}"])
def test_braces_in_staff_text_are_stored_and_sent_verbatim(target, text, official, community):
    from hromada.appeals import services as appeals
    from hromada.core.notifications.models import Notification

    appeals.appeal_assign(actor=official, community=community, appeal_id=target.appeal_id, owner_id=official.pk)
    appeals.appeal_start(actor=official, community=community, appeal_id=target.appeal_id)
    _t, raw = api_token_create(actor=official, community=community, name="braces")
    response = Client().post(f"/c/{target.slug}/api/v1/appeals/{target.appeal_id}/answer",
                             json.dumps({"text": f"Відповідь {text}"}), content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200, response.content[:300]
    assert response.json()["response_text"] == f"Відповідь {text}"
    told = Notification.objects.filter(user=target.resident, event__startswith="appeals.").latest("pk")
    assert f"Відповідь {text}" in told.body + told.title
