"""What every change of an application leaves behind, inside the service's transaction: a line of its history, a
transparency-log entry (no personal data: keyed hashes only) whose leaf hash the history keeps, and a notification.

Private to the services package: called only by services, after their policy said yes."""

from __future__ import annotations

import hashlib
import secrets

from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hromada.core.identity.hashing import subject_hash
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path
from hromada.core.transparency import merkle
from hromada.core.transparency.record import transparency_record

from ..models import Application, Event

# Codes read aloud and typed from paper: no 0/O, 1/I/L; 32**8 (about 10**12) codes, drawn by `secrets`.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8

# Titles of the parent's notifications, by event kind ({code} is the application's public code).
TITLES = {
    "filed": gettext_lazy("Application {code} is in the queue"),
    "claimed": gettext_lazy("Application {code}: documents for a priority were received"),
    "verified": gettext_lazy("Application {code}: the priority is granted"),
    "refused": gettext_lazy("Application {code}: the priority documents were refused"),
    "granted": gettext_lazy("Application {code}: a priority is granted"),
    "offered": gettext_lazy("Application {code}: a place is offered"),
    "accepted": gettext_lazy("Application {code}: you accepted the place"),
    "declined": gettext_lazy("Application {code}: the offer is declined"),
    "expired": gettext_lazy("Application {code}: the offer expired"),
    "withdrawn": gettext_lazy("Application {code} is withdrawn"),
    "enrolled": gettext_lazy("Application {code}: the child is enrolled"),
}


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def _child_key(certificate: str) -> str:
    """The keyed hash of a birth certificate number (the kernel's identifier hash, in its own name space: a
    certificate number never hashes like a tax number)."""
    return subject_hash(f"BIRTH-CERTIFICATE:{certificate}")


def _log_object_id(code: str) -> str:
    """What a log entry names instead of the application: SHA-256 of its public code, so anyone holding the code
    finds its entries, and nobody learns it from the log."""
    return hashlib.sha256(f"hromada-enrollment-code:{code}".encode()).hexdigest()


def _link(application: Application) -> str:
    """The parent's page of the application (the web pages name it "enrollment:mine")."""
    try:
        return community_path(application.community, "enrollment:mine")
    except NoReverseMatch:
        return community_path(application.community, "enrollment:list")


def _record_change(application: Application, kind: str, *, detail: str = "", at=None, tell: bool = True,
                   data: dict | None = None) -> Event:
    """History line + log entry + notification for one change (`kind` is one of TITLES).

    The leaf carries the event type, the hash of the code and the keyed hash of the child's certificate; `detail`
    (a group's or category's name, never personal) stays in the history only."""
    entry = transparency_record(community=application.community, type=f"enrollment.application.{kind}",
                                object_id=_log_object_id(application.code),
                                data={"child": application.child_key, **(data or {})})
    event = Event.objects.create(community=application.community, application=application, kind=kind,
                                 at=at or timezone.now(), detail=detail[:300],
                                 leaf_hash=merkle.leaf_hash(entry.leaf.encode()).hex())
    if tell:
        notify(community=application.community, recipients=[application.parent], event=f"enrollment.application.{kind}",
               title=TITLES[kind], url=_link(application), params={"code": application.code})
    return event
