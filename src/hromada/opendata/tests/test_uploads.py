"""Large uploads checked in the background: accepted at once, published by the task when the check
passes, rejected with the report (nothing published) when it does not; the status fragment, the
submitter's notification, permissions and tenant isolation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from hromada.core.errors import PermissionDenied
from hromada.core.notifications.models import Notification
from hromada.opendata import services
from hromada.opendata.models import DatastoreTable, PendingUpload, Resource

from .factories import GOOD_CSV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_inline_limit")]
BROKEN = b"id,name,amount\n" + b"".join(b"%d,a,1\n" % i for i in range(1, 30)) + b"30,b\n31,c,3,4\n"


@pytest.fixture
def small_inline_limit():
    with override_settings(HROMADA_OPENDATA_INLINE_CHECK_BYTES=64):
        yield


def upload_url(portal):
    return f"/c/{portal.community.slug}/opendata/dataset/budget/upload"


def test_large_file_is_checked_in_the_background_then_published(client, portal, django_capture_on_commit_callbacks):
    client.force_login(portal.admin)
    good = SimpleUploadedFile("big.csv", GOOD_CSV, content_type="text/csv")
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(upload_url(portal), {"name": "Велика таблиця", "file": good}, follow=True)
    pending = PendingUpload.objects.get()
    assert pending.status == "checking" and pending.size == len(GOOD_CSV)
    assert Resource.objects.filter(dataset=portal.public).count() == 1  # nothing published yet
    page = response.content.decode()
    assert "big.csv" in page and f"upload/{pending.pk}" in page  # the polled status on the dataset page
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:  # the enqueue after commit; the immediate backend runs the check
            callback()
    pending.refresh_from_db()
    assert pending.status == "published" and not pending.file and pending.problems == []
    resource = Resource.objects.get(dataset=portal.public, name="Велика таблиця")
    assert pending.published == resource
    assert DatastoreTable.objects.get(version=resource.current_version).status == "active"
    fragment = client.get(f"/c/{portal.community.slug}/opendata/dataset/budget/upload/{pending.pk}").content.decode()
    assert "hx-trigger" not in fragment and "Велика таблиця" in fragment  # polling stops
    assert Notification.objects.filter(user=portal.admin, event="opendata.upload_checked").count() == 1


def test_large_broken_file_is_rejected_with_the_report(client, portal, django_capture_on_commit_callbacks):
    client.force_login(portal.admin)
    resource = portal.table_resource
    broken = SimpleUploadedFile("v2.csv", BROKEN, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(upload_url(portal), {"resource_id": str(resource.pk), "file": broken})
    pending = PendingUpload.objects.get()
    assert pending.status == "rejected" and pending.resource == resource and pending.published is None
    assert any("missing-cell" in p or "extra-cell" in p for p in pending.problems)
    resource.refresh_from_db()
    assert resource.versions.count() == 1  # no new version
    page = client.get(f"/c/{portal.community.slug}/opendata/dataset/budget/").content.decode()
    assert "missing-cell" in page or "extra-cell" in page


def test_status_only_for_publishers_of_this_community(client, portal, resident, other_community):
    upload = SimpleUploadedFile("big.csv", GOOD_CSV, content_type="text/csv")
    pending = services.upload_submit(actor=portal.admin, community=portal.community, dataset=portal.public,
                                     upload=upload, name="T")
    url = f"/c/{portal.community.slug}/opendata/dataset/budget/upload/{pending.pk}"
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(portal.admin)
    assert client.get(url).status_code == 200
    foreign = f"/c/{other_community.slug}/opendata/dataset/foreign-budget/upload/{pending.pk}"
    assert client.get(foreign).status_code == 404


def test_submit_judges_rights_size_and_target_at_once(portal, resident):
    upload = SimpleUploadedFile("big.csv", GOOD_CSV, content_type="text/csv")
    with pytest.raises(PermissionDenied):
        services.upload_submit(actor=resident, community=portal.community, dataset=portal.public, upload=upload)
    with override_settings(HROMADA_MAX_UPLOAD_BYTES=100), pytest.raises(Exception) as too_big:
        services.upload_submit(actor=portal.admin, community=portal.community, dataset=portal.public,
                               upload=SimpleUploadedFile("big.csv", GOOD_CSV))
    assert "file" in too_big.value.fields
    with pytest.raises(Exception) as wrong_type:
        services.upload_submit(actor=portal.admin, community=portal.community, dataset=portal.public,
                               upload=SimpleUploadedFile("big.exe", GOOD_CSV))
    assert "file" in wrong_type.value.fields
    assert not PendingUpload.objects.exists()


def test_rights_are_asked_again_when_the_check_runs(portal, django_capture_on_commit_callbacks):
    from hromada.core.identity.models import Membership

    upload = SimpleUploadedFile("big.csv", GOOD_CSV, content_type="text/csv")
    with django_capture_on_commit_callbacks() as callbacks:
        pending = services.upload_submit(actor=portal.admin, community=portal.community, dataset=portal.public,
                                         upload=upload, name="T")
    Membership.objects.filter(user=portal.admin).delete()  # no longer staff when the check runs
    for callback in callbacks:
        callback()
    pending.refresh_from_db()
    assert pending.status == "rejected" and Resource.objects.filter(dataset=portal.public).count() == 1
