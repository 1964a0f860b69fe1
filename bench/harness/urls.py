"""The same-run baselines, served by the same process, middleware stack and settings as the platform:

  GET  /bench/trivial                      a Django view answering a small JSON document: the request path's floor
  POST /api/v1/petitions/{id}/bench-bare   the API's own path (token auth, community, throttle, ninja) and nothing
                                           more: what signing costs before the signature itself
  POST /api/v1/docflow/bench-bare-insert/{journal}   the same path and one INSERT of a draft card row in its own
                                           transaction: the floor a registration is compared with
  POST /api/v1/budgets/bench-bare-insert/{fund}   the same path and one INSERT of a ballot row (a random key and
                                           receipt) in its own transaction: the floor a vote is compared with

They live here, in the benchmark's URL configuration, never in the platform's modules."""

import secrets

from django.db import transaction
from django.http import JsonResponse
from django.urls import path

from hromada.budgets.api import router as budgets_router
from hromada.budgets.models import Ballot, Category
from hromada.core.api.access import signed_in
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.schemas import ERROR_RESPONSES
from hromada.docflow.api import router as docflow_router
from hromada.docflow.models import Document
from hromada.petitions.api import router as petitions_router


def trivial(request):
    return JsonResponse({"ok": True})


# Registered before hromada.config.urls builds the API's URL patterns (imported below).
@petitions_router.post("/{int:petition_id}/bench-bare", response={200: dict, **ERROR_RESPONSES},
                       include_in_schema=False, auth=signed_in)
def bench_bare(request, petition_id: int):
    require_user(request)
    require_community(request)
    return {"ok": True}


@docflow_router.post("/bench-bare-insert/{int:journal_id}", response={201: dict, **ERROR_RESPONSES},
                     include_in_schema=False, auth=signed_in)
def bench_bare_insert(request, journal_id: int):
    require_user(request)
    community = require_community(request)
    with transaction.atomic():
        card = Document.objects.create(community=community, journal_id=journal_id, summary="Голий запис картки",
                                       search_text="голий запис картки")
    return 201, {"id": card.pk}


@budgets_router.post("/bench-bare-insert/{int:fund_id}", response={201: dict, **ERROR_RESPONSES},
                     include_in_schema=False, auth=signed_in)
def budgets_bare_insert(request, fund_id: int):
    require_user(request)
    community = require_community(request)
    fund = Category.objects.only("pk", "cycle_id").get(pk=fund_id)
    with transaction.atomic():
        ballot = Ballot.objects.create(community=community, cycle_id=fund.cycle_id, category=fund,
                                       voter_key=secrets.token_hex(32), receipt=secrets.token_hex(8))
    return 201, {"id": ballot.pk}


from hromada.config.urls import urlpatterns as platform_patterns  # noqa: E402 - after the route above

urlpatterns = [path("bench/trivial", trivial), *platform_patterns]
