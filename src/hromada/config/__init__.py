"""Project configuration: settings read from the environment, URL roots, WSGI/ASGI entry points.

Nothing here knows a capability by name except the list of installed apps."""
