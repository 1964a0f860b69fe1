"""Who acts: a person (a User) or the platform itself (SYSTEM), never an implicit `actor=None`.

Scheduled tasks, imports from the command line, the demo loader and the platform's own publications act as
SYSTEM; policies let SYSTEM do what the platform may do, and the audit log records it as "system"."""

from __future__ import annotations


class SystemActor:
    """The platform acting on its own behalf; compares equal only to itself and has no user row."""

    pk = None
    id = None
    is_authenticated = False
    is_active = True
    is_superuser = False
    is_staff = False
    is_system = True
    email = ""
    full_name = "system"

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "system"

    def __reduce__(self):  # pickled (a task argument) and unpickled as the one SYSTEM
        return "SYSTEM"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM
