"""Site services: staff write, residents are refused, bad input writes nothing, another community's rows are not
found, bodies are stored sanitised beside their source, uploads lose their metadata, colours below AA are refused
with the ratio, and every public function is a @service."""

from __future__ import annotations

import inspect
import re

import pytest
from PIL import Image

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.site import services
from hromada.site.models import MenuItem, NewsItem, Official, Page, SiteProfile
from hromada.site.tests.factories import photo


def _actions(community):
    return list(AuditEvent.objects.filter(action__startswith="site.", community=community).order_by("pk")
                .values_list("action", flat=True))


def test_pages_are_written_by_staff_with_a_sanitised_body_and_an_audit_trail(community, community_admin):
    page = services.page_create(actor=community_admin, community=community, title="Про громаду",
                                body="**Важливо** <script>alert(1)</script><a href='javascript:x'>x</a>")
    assert page.slug == "pro-hromadu" and page.created_by == community_admin
    assert page.body_html == "<p><strong>Важливо</strong> <a rel=\"nofollow noopener\">x</a></p>"
    assert "<script>" in page.body_source  # the source is kept as written; only the rendering is shown
    services.page_update(actor=community_admin, community=community, page_id=page.pk, is_published=False)
    assert Page.objects.get(pk=page.pk).is_published is False
    services.page_delete(actor=community_admin, community=community, page_id=page.pk)
    assert not Page.objects.exists()
    assert _actions(community) == ["site.page.created", "site.page.changed", "site.page.deleted"]


def test_residents_may_not_write_anything(community, community_admin, resident):
    page = services.page_create(actor=community_admin, community=community, title="Theirs")
    calls = [
        lambda: services.page_create(actor=resident, community=community, title="Mine"),
        lambda: services.page_delete(actor=resident, community=community, page_id=page.pk),
        lambda: services.news_create(actor=resident, community=community, title="Mine"),
        lambda: services.official_create(actor=resident, community=community, name="Me", position="Mayor"),
        lambda: services.site_profile_update(actor=resident, community=community, tagline="Mine"),
        lambda: services.menu_item_create(actor=resident, community=community, label="x", kind="external",
                                          url="https://example.org"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert Page.objects.count() == 1 and not NewsItem.objects.exists() and not SiteProfile.objects.exists()


@pytest.mark.parametrize("kwargs, field", [
    ({"title": ""}, "title"), ({"title": "   "}, "title"), ({"title": "x" * 201}, "title"),
    ({"title": "Fine", "slug": "Not a slug"}, "slug"), ({"title": "Fine", "slug": "a" * 81}, "slug"),
    ({"title": "Fine", "body": "x" * 100_001}, "body"), ({"title": "!!!"}, "slug"),
])
def test_bad_page_input_writes_nothing(community, community_admin, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        services.page_create(actor=community_admin, community=community, **kwargs)
    assert field in exc.value.fields
    assert not Page.objects.exists() and not _actions(community)


@pytest.mark.parametrize("kwargs, field", [
    ({"title": ""}, "title"), ({"title": "Fine", "summary": "x" * 301}, "summary"),
    ({"title": "Fine", "publish_at": "tomorrow"}, "publish_at"), ({"title": "Fine", "category_id": 999_999}, "category_id"),
    ({"title": "Fine", "photo_alt": ""}, "photo_alt"),
])
def test_bad_news_input_writes_nothing(community, community_admin, kwargs, field):
    if field == "photo_alt":
        kwargs["photo"] = photo()
    with pytest.raises(ValidationFailed) as exc:
        services.news_create(actor=community_admin, community=community, **kwargs)
    assert field in exc.value.fields
    assert not NewsItem.objects.exists() and not _actions(community)


def test_a_photo_that_is_not_an_image_is_refused(community, community_admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")
    with pytest.raises(ValidationFailed) as exc:
        services.news_create(actor=community_admin, community=community, title="x", photo=fake, photo_alt="x")
    assert "photo" in exc.value.fields and not NewsItem.objects.exists()


def test_uploaded_photos_lose_their_exif_and_gps(community, community_admin):
    item = services.news_create(actor=community_admin, community=community, title="With a photo",
                                photo=photo(gps=True), photo_alt="The new road")
    official = services.official_create(actor=community_admin, community=community, name="Olena", position="Mayor",
                                        photo=photo(gps=True))
    profile = services.site_profile_update(actor=community_admin, community=community, cover=photo(gps=True),
                                           cover_alt="The town square")
    for field in (item.photo, official.photo, profile.cover):
        with field.open("rb") as handle, Image.open(handle) as image:
            assert not image.getexif() and image.format == "JPEG"


def test_a_slug_taken_in_the_community_is_a_conflict_but_free_in_another(community, other_community,
                                                                         community_admin):
    services.page_create(actor=community_admin, community=community, title="Contacts", slug="contacts")
    with pytest.raises(Conflict) as exc:
        services.page_create(actor=community_admin, community=community, title="Again", slug="contacts")
    assert "slug" in exc.value.fields
    assert services.page_create(actor=SYSTEM, community=other_community, title="Theirs", slug="contacts").pk


@pytest.mark.parametrize("colour", ["#ffcc00", "#00ff00", "#777777"])
def test_an_accent_colour_below_aa_is_refused_with_the_ratio(community, community_admin, colour):
    with pytest.raises(ValidationFailed) as exc:
        services.site_profile_update(actor=community_admin, community=community, accent_colour=colour)
    message = exc.value.fields["accent_colour"][0]
    assert re.search(r"\b\d\.\d\d:1", message) and ("4.5:1" in message or "4,5:1" in message)
    assert not SiteProfile.objects.exists()


@pytest.mark.parametrize("colour", ["red", "#12345", "#gggggg", "123456"])
def test_an_accent_colour_that_is_no_colour_is_refused(community, community_admin, colour):
    with pytest.raises(ValidationFailed) as exc:
        services.site_profile_update(actor=community_admin, community=community, accent_colour=colour)
    assert "accent_colour" in exc.value.fields


def test_a_dark_enough_accent_colour_is_kept_as_chosen(community, community_admin):
    profile = services.site_profile_update(actor=community_admin, community=community, accent_colour="#1D4F91",
                                           tagline="Our town", contacts="Call **us**")
    assert (profile.accent_colour, profile.contacts_html) == ("#1d4f91", "<p>Call <strong>us</strong></p>")
    assert _actions(community) == ["site.profile.changed"]


def test_a_cover_needs_a_description(community, community_admin):
    with pytest.raises(ValidationFailed) as exc:
        services.site_profile_update(actor=community_admin, community=community, cover=photo())
    assert "cover_alt" in exc.value.fields and not SiteProfile.objects.exists()


def test_menu_items_point_to_a_page_an_enabled_capability_or_an_address(community, community_admin):
    page = services.page_create(actor=community_admin, community=community, title="About")
    services.menu_item_create(actor=community_admin, community=community, label="About", kind="page", page_id=page.pk)
    services.menu_item_create(actor=community_admin, community=community, label="Petitions", kind="capability",
                              capability="petitions")
    services.menu_item_create(actor=community_admin, community=community, label="Region", kind="external",
                              url="https://region.example.org/")
    for kwargs, field in (({"kind": "page", "page_id": 999_999}, "page_id"),
                          ({"kind": "capability", "capability": "nonexistent"}, "capability"),
                          ({"kind": "external", "url": "javascript:alert(1)"}, "url"),
                          ({"kind": "other"}, "kind"),
                          ({"kind": "external", "url": "https://x.org", "position": -1}, "position")):
        with pytest.raises(ValidationFailed) as exc:
            services.menu_item_create(actor=community_admin, community=community, label="Bad", **kwargs)
        assert field in exc.value.fields
    assert MenuItem.objects.count() == 3


def test_officials_take_work_contacts_only_and_valid_ones(community, community_admin):
    official = services.official_create(actor=community_admin, community=community, name="Olena", position="Mayor",
                                        reception_hours="Mon 10-13", work_phone="+380 44 000 00 00",
                                        work_email="mayor@rada.example.ua")
    assert official.work_email == "mayor@rada.example.ua"
    for kwargs, field in (({"work_phone": "call me"}, "work_phone"), ({"work_email": "nope"}, "work_email"),
                          ({"name": ""}, "name"), ({"position": ""}, "position")):
        with pytest.raises(ValidationFailed) as exc:
            services.official_update(actor=community_admin, community=community, official_id=official.pk, **kwargs)
        assert field in exc.value.fields
    with pytest.raises(ValidationFailed):
        services.official_update(actor=community_admin, community=community, official_id=official.pk,
                                 home_address="secret")
    assert Official.objects.get().name == "Olena"


def test_another_communitys_rows_are_not_found(community, other_community, community_admin):
    page = services.page_create(actor=SYSTEM, community=other_community, title="Theirs")
    item = services.news_create(actor=SYSTEM, community=other_community, title="Theirs")
    official = services.official_create(actor=SYSTEM, community=other_community, name="Theirs", position="Mayor")
    for call in (lambda: services.page_update(actor=community_admin, community=community, page_id=page.pk,
                                              title="Mine"),
                 lambda: services.news_delete(actor=community_admin, community=community, news_id=item.pk),
                 lambda: services.official_delete(actor=community_admin, community=community,
                                                  official_id=official.pk),
                 lambda: services.menu_item_create(actor=community_admin, community=community, label="x",
                                                   kind="page", page_id=page.pk)):
        with pytest.raises((NotFound, ValidationFailed)):
            call()
    assert Page.objects.get(pk=page.pk).title == "Theirs" and NewsItem.objects.filter(pk=item.pk).exists()
    assert not MenuItem.objects.exists()


def test_another_communitys_category_is_refused_for_news(community, other_community, community_admin):
    theirs = services.news_category_create(actor=SYSTEM, community=other_community, name="Events")
    with pytest.raises(ValidationFailed) as exc:
        services.news_create(actor=community_admin, community=community, title="x", category_id=theirs.pk)
    assert "category_id" in exc.value.fields


def test_every_public_function_of_the_services_module_is_a_service():
    public = [name for name, value in vars(services).items()
              if inspect.isfunction(value) and value.__module__ == services.__name__ and not name.startswith("_")]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
