"""Pages speak Ukrainian unless the visitor chose English with the switch (the language cookie).

Browsers set to English or Russian still get Ukrainian pages; API clients keep Accept-Language."""

from django.conf import settings


class UkrainianByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and "/api/" not in request.path_info:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class BadInputGuardMiddleware:
    """A platform-wide net under every view: input the database cannot even represent is a 4xx, never a 500,
    and every refusal on a machine API (JSON API, CKAN, Open311) is in that surface's own error format.

    NUL characters are refused up front (PostgreSQL cannot store them); so are URLs longer than MAX_URL_BYTES
    (414), a limit below gunicorn's own request-line limit so that callers see our answer, not the server's.
    Ids past 64 bits in `<int:>` paths overflow the driver and are answered as "not found", like any other id
    that does not exist. Error responses other layers produced (Django's HTML 404 for an unmatched route or an
    `<int:>` path given letters, a 405) are rendered again in the surface's format."""

    # Path plus query string; gunicorn refuses request lines above 8190 bytes (serve.py sets that maximum),
    # and the method and protocol take at most ~20 of them.
    MAX_URL_BYTES = 8000

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from hromada.core.api import surfaces

        # As the client sent it (percent-encoded), which is what the server's request-line limit counts.
        if len(request.get_full_path()) > self.MAX_URL_BYTES:
            return _plain(request, 414, "The URL is too long.")
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return _plain(request, 400, "NUL characters are not allowed in requests.")
        return surfaces.reshape(request, self.get_response(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in view_kwargs.values():
            if isinstance(value, int) and not -(2**63) <= value < 2**63:
                return _plain(request, 404, "Not found.")
        return None

    def process_exception(self, request, exception):
        from django.db import DataError

        if isinstance(exception, OverflowError):
            return _plain(request, 404, "Not found.")
        if isinstance(exception, DataError) or (
            isinstance(exception, ValueError) and "NUL" in str(exception)
        ):
            return _plain(request, 400, "The request contains a value the database cannot store.")
        return None


def _plain(request, status: int, message: str):
    from django.http import HttpResponse

    from hromada.core.api import surfaces

    response = surfaces.refusal(request, status, message)
    if response is not None:
        return response
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class DataGZipMiddleware:
    """Compresses data responses (JSON, GeoJSON, CSV, XML, Atom, RDF) — 10-15x smaller maps and exports.

    HTML is left alone on purpose: it carries CSRF tokens, and compressing secrets next to reflected
    input is what the BREACH attack exploits."""

    COMPRESSIBLE = ("application/json", "application/geo+json", "text/csv", "application/xml", "text/xml",
                    "application/atom+xml", "application/ld+json", "text/turtle", "application/rdf+xml")

    def __init__(self, get_response):
        from django.middleware.gzip import GZipMiddleware

        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        if content_type in self.COMPRESSIBLE and not response.has_header("Content-Encoding"):
            return self.gzip.process_response(request, response)
        return response
