"""A throw-away capability mounted as config/urls.py and the API root mount real ones: pages, a standards
surface and an API router, each gated by core.tenancy.enablement (for the kernel's enablement tests)."""

from dataclasses import replace

from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from ninja import Router, Schema

from hromada.core.api.root import HromadaAPI
from hromada.core.tenancy.enablement import capability_path

from .conftest import TEST_MANIFEST

handler404 = "hromada.core.api.surfaces.page_not_found"


def page(request, pk: int = 0):
    return HttpResponse(f"testcap page {pk}")


@csrf_exempt
def machine_write(request):
    return JsonResponse({"written": request.method == "POST"})


class pages:  # noqa: N801  (stands in for a capability's urls module)
    app_name = "testcap"
    urlpatterns = [
        path("", page, name="home"),
        path("<int:pk>/", page, name="detail"),
        path("inner/", include([path("deep", page, name="deep")])),
    ]


class standards:  # noqa: N801  (stands in for a manifest's extra_urls module, e.g. Open311)
    app_name = "testcap_std"
    urlpatterns = [path("write", machine_write, name="write")]


router = Router()


class ThingIn(Schema):
    title: str


class ThingOut(Schema):
    title: str


@router.get("/things", response=list[ThingOut])
def thing_list(request):
    return [{"title": "one"}]


@router.post("/things", response=ThingOut)
def thing_create(request, payload: ThingIn):
    return {"title": payload.title}


api = HromadaAPI(urls_namespace="api")  # the page layout links to api:openapi-view
api.add_capability_router(replace(TEST_MANIFEST, api_router="hromada.core.tests.enablement_urls:router"))

urlpatterns = [
    path("api/v1/", api.urls),
    capability_path("testcap/", pages, slug="testcap"),
    capability_path("testcap-std/", standards, slug="testcap"),
    path("plain/", page, name="plain"),
    # the 404 page's layout links to the shell, sign-in and the language switch
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("hromada.core.web.urls")),
]
