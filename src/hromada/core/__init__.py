"""The kernel of Hromada: tenancy, identity, audit, notifications, calendar, geometry, API, web shell.

It knows no capability; capabilities register themselves in `capabilities`."""
