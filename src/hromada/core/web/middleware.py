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
