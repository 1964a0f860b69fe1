"""A tiny API with the real envelope installed, for asserting how each domain error is rendered."""

from django.urls import path
from ninja import NinjaAPI

from hromada.core.api import envelope
from hromada.core.errors import Conflict, NotFound, PermissionDenied, RateLimited, ValidationFailed

api = NinjaAPI(urls_namespace="envelope-test")
envelope.install(api)
ERRORS = {
    "validation": lambda: ValidationFailed(fields={"title": ["Too long."]}),
    "permission": PermissionDenied,
    "notfound": NotFound,
    "conflict": lambda: Conflict("Already signed.", code="already_signed"),
    "ratelimited": lambda: RateLimited(retry_after=7),
}


@api.get("/raise/{kind}")
def raise_error(request, kind: str):
    raise ERRORS[kind]()


@api.get("/crash")
def crash(request):
    raise RuntimeError("boom")


urlpatterns = [path("api/", api.urls)]
