"""The answer to a request that failed Django's CSRF check: the site's own page in the visitor's language,
or the surface's error format (the JSON envelope under /api/) for machine callers."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from hromada.core.api import surfaces


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW. `reason` is Django's English diagnosis; it helps nobody filling in a form,
    so it stays in the server's log (django.security.csrf) and out of the page."""
    message = _("The form has expired or was sent from another site. Reload the page and try again.")
    surface = surfaces.surface_for(request)
    if surface is surfaces.API:
        return JsonResponse({"error": {"code": "csrf_failed", "message": message, "fields": {}}}, status=403,
                            json_dumps_params={"ensure_ascii": False})
    if surface is not None:
        return surface.render(request, 403, message)
    # The form's own page, when the browser said where it came from and it is ours (the failed URL itself
    # often accepts POST only).
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                      require_https=request.is_secure()) else ""
    return render(request, "csrf_failure.html", {"message": message, "back_url": back}, status=403)
