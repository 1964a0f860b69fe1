"""Hromada: digital services for Ukrainian territorial communities.

The package holds the kernel (`core`), one app per capability and the demo community."""
