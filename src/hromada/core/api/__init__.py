"""The JSON API kernel: the root NinjaAPI, personal API tokens, the error envelope, pagination, rate limits.

Capabilities mount their routers through their manifests; nothing here knows them by name."""
