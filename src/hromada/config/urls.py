"""URL roots: admin, accounts, i18n, the API, the shell and every capability from its manifest.

Community prefixes (/c/<slug>/) are handled by the tenancy middleware, so patterns never mention them."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.api.root import build_api
from hromada.core.storage import public_media
from hromada.core.tenancy.enablement import capability_path

admin.site.site_header = _("Hromada back office")
admin.site.site_title = _("Hromada back office")
admin.site.index_title = _("Your community")

api = build_api()

# Under /api/, /api/3/ and /open311/ even a refusal from the middleware layers answers in that API's format.
handler400 = "hromada.core.api.surfaces.bad_request"
handler403 = "hromada.core.api.surfaces.permission_denied"
handler404 = "hromada.core.api.surfaces.page_not_found"
handler500 = "hromada.core.api.surfaces.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
# Every view of a capability is gated: where the community has it disabled, it answers 404 (core.tenancy.enablement).
for manifest in capabilities.manifests():
    if manifest.urls:
        route = f"{manifest.url_prefix}/" if manifest.url_prefix else ""
        urlpatterns.append(capability_path(route, manifest.urls, slug=manifest.slug))
    for prefix, module in manifest.extra_urls:
        urlpatterns.append(capability_path(prefix, module, slug=manifest.slug))
urlpatterns.append(path("", include("hromada.core.web.urls")))

if getattr(settings, "HROMADA_SERVE_MEDIA", True):
    # MEDIA_ROOT holds public uploads only; private files live in HROMADA_PRIVATE_ROOT, outside it, and are
    # served by permission-checked views of their capability (hromada.core.storage).
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", public_media))
