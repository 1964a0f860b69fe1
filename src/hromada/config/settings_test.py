"""Settings for the test suite: the base settings with fast hashing, in-memory email and tasks
run immediately, so every test sees the whole effect of a service call."""

import os
import tempfile

os.environ.setdefault("HROMADA_DATA_DIR", tempfile.mkdtemp(prefix="hromada-test-"))

from .settings import *  # noqa: E402,F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the worker tests run `hromada db_worker` as a real process on the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
# Per-process memory keeps test processes (and parallel runs) from counting into each other's windows;
# the shared SQLite cache is exercised by its own tests across real processes.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hromada-test"},
          "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hromada-test-shared"}}
# Tests that check a limit set their own rate.
HROMADA_API_RATE_ANON = "100000/m"
HROMADA_API_RATE_USER = "100000/m"
HROMADA_RATE_PAGES = HROMADA_RATE_OPEN311 = HROMADA_RATE_CKAN = HROMADA_RATE_DCAT = "100000/m"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Every @service call must consult a policy (hromada.core.identity.guard): the whole suite is the audit.
HROMADA_AUDIT_POLICIES = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # A test database is thrown away: no test waits for PostgreSQL to flush its write-ahead log at a commit
    # (the transactional tests commit thousands of times). Durability is not what any test checks.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
