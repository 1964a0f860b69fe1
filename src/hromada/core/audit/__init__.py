"""Append-only audit events: who did what, when, in which community, to what.

Events are written by services through `audit_record`; nothing can edit or delete them."""
