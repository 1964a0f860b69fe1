"""A background upload check run again after its worker died: the upload is published once, its
submitter told once, and the incoming file never left on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.identity.actors import SYSTEM
from hromada.core.notifications.models import Notification
from hromada.opendata import services
from hromada.opendata.models import PendingUpload, Resource

from .factories import GOOD_CSV

pytestmark = pytest.mark.django_db


def submitted(portal, django_capture_on_commit_callbacks) -> PendingUpload:
    with django_capture_on_commit_callbacks():  # the enqueued check is not run: the test runs it
        return services.upload_submit(actor=portal.admin, community=portal.community, dataset=portal.public,
                                      upload=SimpleUploadedFile("big.csv", GOOD_CSV), name="Велика таблиця")


def test_a_check_run_twice_publishes_once_and_tells_the_submitter_once(portal, django_capture_on_commit_callbacks):
    pending = submitted(portal, django_capture_on_commit_callbacks)
    before = Resource.objects.filter(dataset=portal.public).count()
    services.upload_check(actor=SYSTEM, upload_id=pending.pk)
    services.upload_check(actor=SYSTEM, upload_id=pending.pk)
    pending.refresh_from_db()
    assert pending.status == "published" and not pending.file
    assert Resource.objects.filter(dataset=portal.public).count() == before + 1
    assert Notification.objects.filter(user=portal.admin, event="opendata.upload_checked").count() == 1


def test_a_file_left_behind_by_a_worker_killed_after_the_outcome_is_removed_by_the_retry(
        portal, django_capture_on_commit_callbacks):
    pending = submitted(portal, django_capture_on_commit_callbacks)
    incoming = Path(pending.file.path)
    services.upload_check(actor=SYSTEM, upload_id=pending.pk)
    # The state a kill between the committed outcome and the file's removal leaves: outcome and file both there.
    incoming.parent.mkdir(parents=True, exist_ok=True)
    incoming.write_bytes(GOOD_CSV)
    PendingUpload.objects.filter(pk=pending.pk).update(file=pending.file.name)
    published = Resource.objects.filter(dataset=portal.public).count()

    services.upload_check(actor=SYSTEM, upload_id=pending.pk)
    pending.refresh_from_db()
    assert not incoming.exists() and not pending.file
    assert pending.status == "published" and Resource.objects.filter(dataset=portal.public).count() == published
