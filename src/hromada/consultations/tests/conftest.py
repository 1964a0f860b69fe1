"""Fixtures of the e-consultation tests: the real SMTP server process of the kernel's notification tests."""

from hromada.core.notifications.tests.conftest import smtp_server  # noqa: F401 - a fixture, used by name
