"""Notifications: one `notify(...)` for every capability; in-app and email channels, per-user preferences.

Emails leave through background tasks scheduled after commit; a daily digest gathers the rest."""
