"""Fifty clerks registering at once in one journal get fifty distinct, consecutive indexes: threads with their own
database connections, on the SQLite file of the test settings and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.docflow import services
from hromada.docflow.models import Document, JournalSequence

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def _at_once(workers: int, target) -> list:
    barrier = threading.Barrier(workers)
    results: list = [None] * workers

    def work(n: int) -> None:
        try:
            barrier.wait()
            results[n] = target(n)
        except Exception as exc:  # noqa: BLE001 — every outcome is asserted on below
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def test_fifty_simultaneous_registrations_give_fifty_consecutive_indexes(community):
    journal = f.journal(community, pattern="{seq}/{yy}")
    clerks = [f.clerk(community) for _ in range(5)]
    drafts = [f.draft(community, journal, summary=f"Лист {n}") for n in range(50)]

    results = _at_once(50, lambda n: services.document_register(actor=clerks[n % 5], community=community,
                                                                document_id=drafts[n].pk))
    assert all(isinstance(r, Document) for r in results), [r for r in results if not isinstance(r, Document)]
    yy = timezone.localdate().year % 100
    numbers = sorted(Document.objects.filter(journal=journal).values_list("reg_number", flat=True))
    assert numbers == list(range(1, 51))
    assert sorted(r.reg_index for r in results) == sorted(f"{n}/{yy:02d}" for n in range(1, 51))
    assert JournalSequence.objects.get(journal=journal).last_number == 50


def test_refused_registrations_among_concurrent_ones_leave_no_gap(community):
    journal = f.journal(community, pattern="{case}/{seq}")
    case = services.file_plan_case_create(actor=SYSTEM, community=community, year=timezone.localdate().year,
                                          index="02-01", title="Листування")
    # Every third card lacks the case its journal's index needs: refused, and its number is not taken.
    drafts = [f.draft(community, journal, case_id=None if n % 3 == 0 else case.pk) for n in range(30)]
    results = _at_once(30, lambda n: services.document_register(actor=SYSTEM, community=community,
                                                                document_id=drafts[n].pk))
    registered = [r for r in results if isinstance(r, Document)]
    assert len(registered) == 20 and len(results) - len(registered) == 10
    assert sorted(r.reg_number for r in registered) == list(range(1, 21))
