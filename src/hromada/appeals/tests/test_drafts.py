"""Uploads that never lose work: photos of a form that came back are kept as private drafts and re-attached by
token; small renditions are made at upload time and served in the appeal page."""

import io
from datetime import timedelta

import pytest
from conftest import make_member
from PIL import Image

from hromada.appeals.models import Appeal, AppealPhoto, DraftPhoto
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, upload
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db

FORM = {"category": "light", "lat": "49.595", "lon": "34.555", "description": "Не світить ліхтар"}


def _size(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


def test_a_form_that_comes_back_keeps_its_photos_and_files_them_next_time(community, resident, category, web):
    browser = web(community, resident)
    response = browser.post("appeals/new/", {**FORM, "description": "   ",
                                             "photos": [upload(jpeg_bytes((1600, 1200)), "lamp.jpg")]})
    assert response.status_code == 400
    (draft,) = DraftPhoto.objects.filter(owner=resident)
    html = response.content.decode()
    assert f'name="draft_photo" value="{draft.token}" checked' in html
    assert "id=\"error-summary\"" in html and 'href="#id_description"' in html
    assert not Appeal.objects.exists()
    thumb = browser.get(f"appeals/new/photos/{draft.token}")
    assert thumb.status_code == 200 and thumb["Cache-Control"] == "private, no-store"
    assert max(_size(b"".join(thumb.streaming_content))) == 480

    response = browser.post("appeals/new/", {**FORM, "draft_photo": [str(draft.token)]})
    assert response.status_code == 302
    appeal = Appeal.objects.get(author=resident)
    (photo,) = AppealPhoto.objects.filter(appeal=appeal)
    assert (photo.width, photo.height) == (1600, 1200) and photo.thumbnail
    assert not DraftPhoto.objects.exists()
    small = browser.get(f"appeals/{appeal.pk}/photos/{photo.pk}/small")
    full = browser.get(f"appeals/{appeal.pk}/photos/{photo.pk}")
    assert _size(b"".join(small.streaming_content)) == (480, 360)
    assert _size(b"".join(full.streaming_content)) == (1600, 1200)
    page = browser.get(f"appeals/{appeal.pk}/").content.decode()
    assert f"/photos/{photo.pk}/small" in page


def test_an_unticked_draft_is_left_out_and_anothers_token_is_ignored(community, resident, category, web):
    other = make_member(community, Role.RESIDENT, strong=True)
    web(community, other).post("appeals/new/", {**FORM, "description": "",
                                                 "photos": [upload(jpeg_bytes(), "a.jpg")]})
    (theirs,) = DraftPhoto.objects.filter(owner=other)
    browser = web(community, resident)
    assert browser.get(f"appeals/new/photos/{theirs.token}").status_code == 404
    assert browser.post("appeals/new/", {**FORM, "draft_photo": [str(theirs.token), "not-a-uuid"]}).status_code == 302
    appeal = Appeal.objects.get(author=resident)
    assert appeal.photos.count() == 0 and DraftPhoto.objects.filter(pk=theirs.pk).exists()


def test_a_bad_photo_is_named_and_the_good_one_kept(community, resident, category, web):
    response = web(community, resident).post("appeals/new/", {**FORM, "photos": [
        upload(jpeg_bytes(), "good.jpg"), upload(b"%PDF-1.4 not an image", "bad.jpg")]})
    assert response.status_code == 400
    assert "bad.jpg:" in response.content.decode()
    assert DraftPhoto.objects.filter(owner=resident).count() == 1
    assert not Appeal.objects.exists()


def test_no_more_photos_than_allowed_even_with_drafts(community, resident, category, web):
    browser = web(community, resident)
    browser.post("appeals/new/", {**FORM, "description": "", "photos": [upload(jpeg_bytes(), f"{i}.jpg")
                                                                        for i in range(5)]})
    tokens = [str(t) for t in DraftPhoto.objects.values_list("token", flat=True)]
    assert len(tokens) == 5
    response = browser.post("appeals/new/", {**FORM, "draft_photo": tokens, "photos": [upload(jpeg_bytes(), "6.jpg")]})
    assert response.status_code == 400 and "6.jpg: " in response.content.decode()
    assert DraftPhoto.objects.count() == 5


def test_drafts_older_than_a_day_are_purged(community, resident, category, web,
                                            django_capture_on_commit_callbacks):
    browser = web(community, resident)
    browser.post("appeals/new/", {**FORM, "description": "", "photos": [upload(jpeg_bytes(), "old.jpg")]})
    old = DraftPhoto.objects.get()
    DraftPhoto.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(days=2))
    storage, name = old.file.storage, old.file.name
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("appeals/new/", {**FORM, "description": "", "photos": [upload(jpeg_bytes(), "new.jpg")]})
    assert list(DraftPhoto.objects.values_list("pk", flat=True)) != [old.pk]
    assert DraftPhoto.objects.count() == 1
    assert not storage.exists(name)


def test_the_scripted_send_gets_where_to_go(community, resident, category, web):
    response = web(community, resident).post("appeals/new/", FORM, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    appeal = Appeal.objects.get(author=resident)
    assert response.status_code == 200 and response.json()["redirect"].endswith(f"/appeals/{appeal.pk}/")


def test_required_fields_are_required_in_the_browser_too(community, resident, category, web):
    html = web(community, resident).get("appeals/new/").content.decode()
    for field in ('id="id_category" name="category" required', 'name="lat" inputmode="decimal" required',
                  'name="lon" inputmode="decimal" required', 'maxlength="4000" required'):
        assert field in html
    assert 'id="upload-bar"' in html and 'data-sending="' in html


def test_photos_added_later_get_renditions_too(community, resident, category):
    from hromada.appeals import services

    appeal = make_appeal(community, resident, category)
    (photo,) = services.appeal_photos_add(actor=resident, community=community, appeal_id=appeal.pk,
                                          photos=[upload(jpeg_bytes((900, 300)))])
    photo.thumbnail.open("rb")
    assert _size(photo.thumbnail.read()) == (480, 160)
