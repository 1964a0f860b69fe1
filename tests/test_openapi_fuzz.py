"""Cross-cutting: schemathesis fuzzes every operation of the OpenAPI document against the app in-process.

A demo community answers anonymous, resident, official and admin callers; 0 server errors, 0 undocumented answers."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from hromada.appeals.models import Appeal
from hromada.core.api.tokens import api_token_create
from hromada.core.tenancy.models import Community
from hromada.demo.people import demo_people
from hromada.maps.models import Feature, Layer
from hromada.petitions.models import Petition

SLUG = "fuzz"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
# About 45 operations x 4 callers share these examples: the whole run stays near a minute on two cores.
EXAMPLES = 24
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None, print_blob=False,
                suppress_health_check=list(HealthCheck))


@pytest.fixture
def world(db):
    call_command("load_demo", "--slug", SLUG, "--size", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115
    community = Community.objects.get(slug=SLUG)
    people = demo_people(community)
    callers = {"anonymous": {}}
    for name, user in (("resident", people.residents[0]), ("official", people.officials[0]),
                       ("admin", people.admin)):
        _token, raw = api_token_create(actor=user, community=community, name="fuzz")
        callers[name] = {"Authorization": f"Bearer {raw}"}
    # Real ids next to generated ones, so the fuzz also reaches the success answers of existing objects.
    known = {
        "petition_id": list(Petition.objects.filter(community=community).values_list("pk", flat=True)[:5]),
        "appeal_id": list(Appeal.objects.filter(community=community).values_list("pk", flat=True)[:5]),
        "feature_id": list(Feature.objects.filter(community=community).values_list("pk", flat=True)[:5]),
        "slug": list(Layer.objects.filter(community=community).values_list("slug", flat=True)),
    }
    return callers, known


@pytest.fixture
def application():
    """Django's WSGI handler, kept from closing the test database's connection after each request
    (as Django's own test client does: the test's transaction must survive every call)."""
    handler = WSGIHandler()

    def each_request_in_a_savepoint(environ, start_response):
        # In production every request runs in autocommit; here all share the test's transaction, so a
        # database error the API answered (an id beyond SQLite's integers) must not poison the next request.
        with transaction.atomic():
            response = handler(environ, start_response)
            body = b"".join(response)
            response.close()
        return [body]

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield each_request_in_a_savepoint
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def _operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


def test_the_api_keeps_its_document(world, application):
    callers, known = world
    schema = schemathesis.openapi.from_wsgi(f"/c/{SLUG}/api/v1/openapi.json", application)
    failures: dict[tuple[str, str], str] = {}  # the first failure of each operation and caller
    operations = list(_operations(schema))
    assert len(operations) > 40

    for operation in operations:
        _fuzz(operation, callers, known, failures)

    assert not failures, "\n\n".join(f"{label} as {caller}: {text}" for (label, caller), text in failures.items())


def _fuzz(operation, callers: dict, known: dict, failures: dict) -> None:
    @FUZZ
    @given(case=operation.as_strategy(), caller=st.sampled_from(sorted(callers)), data=st.data())
    def run(case, caller, data):
        for name in list(case.path_parameters or {}):
            if known.get(name) and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(known[name]))
        # The WSGI test transport does not decompress, and gzip is DataGZipMiddleware's business, not the API's.
        response = case.call(headers={**callers[caller], "Accept-Encoding": "identity"})
        try:
            case.validate_response(response, checks=CHECKS)
        except (AssertionError, FailureGroup) as exc:
            failures.setdefault((operation.label, caller), f"{exc}\n{case.as_curl_command()}")

    run()
