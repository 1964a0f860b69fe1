"""ASGI entry point, for servers that prefer it; Hromada's views are synchronous."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hromada.config.settings")
application = get_asgi_application()
