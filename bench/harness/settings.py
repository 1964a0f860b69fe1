"""The platform's settings plus the benchmark's baseline endpoints (harness.urls); nothing else changes.

One proxy is trusted, as behind the nginx of docs/deploy.md: the load generator sends a distinct
X-Forwarded-For per simulated client, so per-IP limits count each client separately at their shipped values."""

from hromada.config.settings import *  # noqa: F403 - the platform as shipped is the point

ROOT_URLCONF = "harness.urls"
HROMADA_NUM_PROXIES = 1
