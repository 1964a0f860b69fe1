"""Every write of the community's site: branding, menu items, pages, news categories, news and officials. One
@service per change: it asks the policy, validates (nothing written on a refusal), writes in one transaction and
records an audit event; the back office, the API and the demo loader all call these."""

from __future__ import annotations

import re
from datetime import datetime
from functools import partial
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core import capabilities
from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.richtext import SOURCE_MAX, plain_text, rich_text
from hromada.core.tenancy.selectors import owned_for_update
from hromada.core.text import visible_length
from hromada.core.uploads import clean_photo
from hromada.core.web.look import contrast_shortfall, parse_hex

from . import policies
from .models import MenuItem, NewsCategory, NewsItem, Official, Page, SiteProfile
from .selectors import menu_changed
from .slugs import SLUG_MAX, is_slug, slug_from

TITLE_MAX = 200
SUMMARY_MAX = 300
LABEL_MAX = 60
NAME_MAX = 200
SHORT_MAX = 200
PHOTO_SIDE = 1600
REFUSED = gettext_lazy("Only the community's staff may change the site.")
_PHONE = re.compile(r"^[0-9+()\-\s]{5,40}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Errors = dict[str, list[str]]


# --- validation ------------------------------------------------------------------------------------------------


def _text(errors: Errors, field: str, value: Any, *, limit: int, required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not visible_length(text):
        errors[field] = [_("This field is required.")]
    elif len(text) > limit:
        errors[field] = [_("At most %(max)s characters.") % {"max": limit}]
    return text


def _rich(errors: Errors, field: str, value: Any):
    text = str(value or "")
    if len(text) > SOURCE_MAX:
        errors[field] = [_("At most %(max)s characters.") % {"max": SOURCE_MAX}]
        return rich_text("")
    return rich_text(text)


def _slug(errors: Errors, value: Any, title: str) -> str:
    slug = str(value or "").strip().lower() or slug_from(title)
    if not is_slug(slug):
        errors["slug"] = [_("Use lowercase Latin letters, digits and single hyphens, at most %(max)s characters.")
                          % {"max": SLUG_MAX}]
    return slug


def _photo(upload, field: str):
    return clean_photo(upload, field=field, max_side=PHOTO_SIDE) if upload else None


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationFailed(fields=errors)


def _store_image(obj: models.Model, field: str, image) -> None:
    """Save a cleaned image into obj.<field>; the replaced file is deleted once the transaction commits."""
    file = getattr(obj, field)
    old = file.name if file else ""
    file.save("image.jpg", image.content, save=False)
    if old:
        storage = file.storage
        transaction.on_commit(lambda: storage.delete(old))


def _unique(community, model: type[models.Model], field: str, value: str, exclude: int | None = None) -> None:
    others = model.objects.filter(community=community, **{field: value})  # type: ignore[attr-defined]
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise Conflict(fields={field: [_("Another entry already uses this address.")]})


def _save(obj: models.Model, *, actor, community, action: str, data: dict | None = None) -> Any:
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:  # two writers took the same slug at once
        raise Conflict(fields={"slug": [_("Another entry already uses this address.")]}) from None
    audit_record(actor=actor, community=community, action=action, target=obj, data=data)
    _menu_may_change(obj, community)
    return obj


def _menu_may_change(obj: models.Model, community) -> None:
    """The layout's cached menu names pages by slug: a page or a menu item written makes it stale."""
    if isinstance(obj, (Page, MenuItem)):
        transaction.on_commit(lambda: menu_changed(community))


def _delete(model: type[models.Model], *, actor, community, pk: Any, action: str) -> None:
    require(policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        obj = owned_for_update(model, community, pk)
        audit_record(actor=actor, community=community, action=action, target=obj, data={"name": str(obj)})
        for field in ("photo", "cover"):
            file = getattr(obj, field, None)
            if file:
                transaction.on_commit(partial(file.storage.delete, file.name))
        _menu_may_change(obj, community)
        obj.delete()


def _author(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _apply(obj: models.Model, values: dict[str, Any]) -> None:
    for key, value in values.items():
        setattr(obj, key, value)


# --- branding --------------------------------------------------------------------------------------------------


def _profile(community) -> SiteProfile:
    profile, _created = SiteProfile.objects.select_for_update().get_or_create(community=community)
    return profile


@service
def site_profile_update(*, actor, community, tagline: str | None = None, accent_colour: str | None = None,
                        cover=None, cover_alt: str | None = None, contacts: str | None = None) -> SiteProfile:
    """The site's tagline, accent colour (refused below 4.5:1 with white, with the ratio), cover photo and its
    description, and the contacts page text."""
    require(policies.can_write(actor, community), REFUSED)
    errors: Errors = {}
    values: dict[str, Any] = {}
    if tagline is not None:
        values["tagline"] = _text(errors, "tagline", tagline, limit=SHORT_MAX)
    if accent_colour is not None:
        colour = accent_colour.strip().lower()
        if colour and (not re.fullmatch(r"#[0-9a-f]{6}", colour) or parse_hex(colour) is None):
            errors["accent_colour"] = [_("A colour as #rrggbb, e.g. #0b57d0.")]
        elif colour and (ratio := contrast_shortfall(colour)) is not None:
            errors["accent_colour"] = [
                _("This colour gives %(ratio)s:1 against white text; WCAG 2.1 AA needs at least 4.5:1. "
                  "Choose a darker shade.") % {"ratio": f"{ratio:.2f}"}]
        values["accent_colour"] = colour
    if cover_alt is not None:
        values["cover_alt"] = _text(errors, "cover_alt", cover_alt, limit=SHORT_MAX)
    if contacts is not None:
        text = _rich(errors, "contacts", contacts)
        values.update(contacts_source=text.source, contacts_html=text.html)
    image = _photo(cover, "cover")
    _raise(errors)
    with transaction.atomic():
        profile = _profile(community)
        _apply(profile, values)
        if (image is not None or profile.cover) and not profile.cover_alt.strip():
            raise ValidationFailed(fields={"cover_alt": [_("Describe the cover photo for people who cannot see it.")]})
        if image is not None:
            _store_image(profile, "cover", image)
        profile.save()
        audit_record(actor=actor, community=community, action="site.profile.changed", target=profile,
                     data={"fields": sorted([*values, *(["cover"] if image else [])])})
    return profile


# --- pages -----------------------------------------------------------------------------------------------------

PAGE_FIELDS = ("title", "slug", "body", "is_published")


def _page_values(values: dict[str, Any]) -> dict[str, Any]:
    errors: Errors = {}
    title = _text(errors, "title", values["title"], limit=TITLE_MAX, required=True)
    slug = _slug(errors, values.get("slug"), title)
    body = _rich(errors, "body", values.get("body"))
    _raise(errors)
    return {"title": title, "slug": slug, "body_source": body.source, "body_html": body.html,
            "is_published": bool(values.get("is_published", True))}


@service
def page_create(*, actor, community, title: str, slug: str = "", body: str = "", is_published: bool = True) -> Page:
    require(policies.can_write(actor, community), REFUSED)
    values = _page_values({"title": title, "slug": slug, "body": body, "is_published": is_published})
    with transaction.atomic():
        _unique(community, Page, "slug", values["slug"])
        page = Page(community=community, created_by=_author(actor), **values)
        return _save(page, actor=actor, community=community, action="site.page.created")


@service
def page_update(*, actor, community, page_id: int, **changes: Any) -> Page:
    """Change any of title, slug, body (Markdown) and is_published; the others stay as they are."""
    require(policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        page = owned_for_update(Page, community, page_id)
        current = {"title": page.title, "slug": page.slug, "body": page.body_source, "is_published": page.is_published}
        values = _page_values({**current, **_merged_plain(current, changes)})
        _unique(community, Page, "slug", values["slug"], exclude=page.pk)
        _apply(page, values)
        return _save(page, actor=actor, community=community, action="site.page.changed")


@service
def page_delete(*, actor, community, page_id: int) -> None:
    _delete(Page, actor=actor, community=community, pk=page_id, action="site.page.deleted")


def _merged_plain(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(current))
    if unknown:
        raise ValidationFailed(fields={name: [_("This field cannot be changed.")] for name in unknown})
    return {key: value for key, value in changes.items() if value is not None}


# --- news categories -------------------------------------------------------------------------------------------


@service
def news_category_create(*, actor, community, name: str, slug: str = "") -> NewsCategory:
    require(policies.can_write(actor, community), REFUSED)
    errors: Errors = {}
    name = _text(errors, "name", name, limit=80, required=True)
    slug = _slug(errors, slug, name)
    _raise(errors)
    with transaction.atomic():
        _unique(community, NewsCategory, "slug", slug)
        category = NewsCategory(community=community, name=name, slug=slug)
        return _save(category, actor=actor, community=community, action="site.category.created")


@service
def news_category_update(*, actor, community, category_id: int, name: str | None = None,
                         slug: str | None = None) -> NewsCategory:
    require(policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        category = owned_for_update(NewsCategory, community, category_id)
        errors: Errors = {}
        new_name = _text(errors, "name", category.name if name is None else name, limit=80, required=True)
        new_slug = _slug(errors, category.slug if slug is None else slug, new_name)
        _raise(errors)
        _unique(community, NewsCategory, "slug", new_slug, exclude=category.pk)
        category.name, category.slug = new_name, new_slug
        return _save(category, actor=actor, community=community, action="site.category.changed")


@service
def news_category_delete(*, actor, community, category_id: int) -> None:
    """The category goes; its news stay, without a category."""
    _delete(NewsCategory, actor=actor, community=community, pk=category_id, action="site.category.deleted")


# --- news ------------------------------------------------------------------------------------------------------


def _moment(errors: Errors, value: Any) -> datetime:
    if value is None or value == "":
        return timezone.now()
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            errors["publish_at"] = [_("A date and time, e.g. 2026-05-01T09:00.")]
            return timezone.now()
    if not isinstance(value, datetime):
        errors["publish_at"] = [_("A date and time, e.g. 2026-05-01T09:00.")]
        return timezone.now()
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _news_values(community, values: dict[str, Any]) -> dict[str, Any]:
    errors: Errors = {}
    title = _text(errors, "title", values["title"], limit=TITLE_MAX, required=True)
    summary = _text(errors, "summary", values.get("summary"), limit=SUMMARY_MAX)
    body = _rich(errors, "body", values.get("body"))
    photo_alt = _text(errors, "photo_alt", values.get("photo_alt"), limit=SHORT_MAX)
    publish_at = _moment(errors, values.get("publish_at"))
    category = None
    category_id: Any = values.get("category_id")
    if category_id not in (None, "", 0):
        try:
            category = NewsCategory.objects.filter(community=community, pk=int(category_id)).first()
        except (TypeError, ValueError):
            category = None
        if category is None:
            errors["category_id"] = [_("No such category.")]
    _raise(errors)
    return {"title": title, "summary": summary, "body_source": body.source, "body_html": body.html,
            "search_text": " ".join((title, summary, plain_text(body.html))).casefold(), "photo_alt": photo_alt, "publish_at": publish_at, "category": category,
            "is_draft": bool(values.get("is_draft", False))}


NEWS_FIELDS = ("title", "summary", "body", "category_id", "publish_at", "is_draft", "photo_alt")


def _news_photo_described(item: NewsItem, image) -> None:
    """Checked before a new photo is stored, so a refusal leaves no file behind."""
    if (image is not None or item.photo) and not item.photo_alt.strip():
        raise ValidationFailed(fields={"photo_alt": [_("Describe the photo for people who cannot see it.")]})


@service
def news_create(*, actor, community, title: str, summary: str = "", body: str = "", category_id: int | None = None,
                publish_at: datetime | str | None = None, is_draft: bool = False, photo=None,
                photo_alt: str = "") -> NewsItem:
    """A news item, shown from `publish_at` on (now when not given; a future moment schedules it)."""
    require(policies.can_write(actor, community), REFUSED)
    values = _news_values(community, {"title": title, "summary": summary, "body": body, "category_id": category_id,
                                      "publish_at": publish_at, "is_draft": is_draft, "photo_alt": photo_alt})
    image = _photo(photo, "photo")
    with transaction.atomic():
        item = NewsItem(community=community, created_by=_author(actor), **values)
        _news_photo_described(item, image)
        if image is not None:
            _store_image(item, "photo", image)
        return _save(item, actor=actor, community=community, action="site.news.created")


@service
def news_update(*, actor, community, news_id: int, photo=None, **changes: Any) -> NewsItem:
    """Change any of NEWS_FIELDS (category_id 0 removes the category) or replace the photo."""
    require(policies.can_write(actor, community), REFUSED)
    image = _photo(photo, "photo")
    with transaction.atomic():
        item = owned_for_update(NewsItem, community, news_id)
        current = {"title": item.title, "summary": item.summary, "body": item.body_source,
                   "category_id": item.category_id, "publish_at": item.publish_at, "is_draft": item.is_draft,
                   "photo_alt": item.photo_alt}
        _apply(item, _news_values(community, {**current, **_merged_plain(current, changes)}))
        _news_photo_described(item, image)
        if image is not None:
            _store_image(item, "photo", image)
        return _save(item, actor=actor, community=community, action="site.news.changed")


@service
def news_delete(*, actor, community, news_id: int) -> None:
    _delete(NewsItem, actor=actor, community=community, pk=news_id, action="site.news.deleted")


# --- menu ------------------------------------------------------------------------------------------------------


def _menu_values(community, values: dict[str, Any]) -> dict[str, Any]:
    errors: Errors = {}
    label = _text(errors, "label", values["label"], limit=LABEL_MAX, required=True)
    kind = values.get("kind") or MenuItem.Kind.PAGE
    result: dict[str, Any] = {"label": label, "kind": kind, "page": None, "capability": "", "url": "",
                              "position": values.get("position") or 0}
    if kind == MenuItem.Kind.PAGE:
        page = None
        if values.get("page_id"):
            page = Page.objects.filter(community=community, pk=values["page_id"]).first()
        if page is None:
            errors["page_id"] = [_("Choose a page of this site.")]
        result["page"] = page
    elif kind == MenuItem.Kind.CAPABILITY:
        slug = str(values.get("capability") or "").strip()
        if slug not in community.enabled_capabilities or not _landing(slug):
            errors["capability"] = [_("Choose a service that is enabled for the community.")]
        result["capability"] = slug
    elif kind == MenuItem.Kind.EXTERNAL:
        url = str(values.get("url") or "").strip()
        if not re.match(r"^https?://[^\s/$.?#][^\s]*$", url, re.IGNORECASE) or len(url) > 200:
            errors["url"] = [_("An address starting with https:// or http://.")]
        result["url"] = url
    else:
        errors["kind"] = [_("Unknown kind of menu item.")]
    if not isinstance(result["position"], int) or not 0 <= result["position"] <= 10_000:
        errors["position"] = [_("A whole number from 0 to 10000.")]
    _raise(errors)
    return result


def _landing(slug: str) -> str:
    try:
        return capabilities.manifest(slug).url_name
    except KeyError:
        return ""


@service
def menu_item_create(*, actor, community, label: str, kind: str = MenuItem.Kind.PAGE, page_id: int | None = None,
                     capability: str = "", url: str = "", position: int = 0) -> MenuItem:
    require(policies.can_write(actor, community), REFUSED)
    values = _menu_values(community, {"label": label, "kind": kind, "page_id": page_id, "capability": capability,
                                      "url": url, "position": position})
    with transaction.atomic():
        item = MenuItem(community=community, **values)
        return _save(item, actor=actor, community=community, action="site.menu.created")


@service
def menu_item_update(*, actor, community, item_id: int, **changes: Any) -> MenuItem:
    require(policies.can_write(actor, community), REFUSED)
    with transaction.atomic():
        item = owned_for_update(MenuItem, community, item_id)
        current = {"label": item.label, "kind": item.kind, "page_id": item.page_id, "capability": item.capability,
                   "url": item.url, "position": item.position}
        _apply(item, _menu_values(community, {**current, **_merged_plain(current, changes)}))
        return _save(item, actor=actor, community=community, action="site.menu.changed")


@service
def menu_item_delete(*, actor, community, item_id: int) -> None:
    _delete(MenuItem, actor=actor, community=community, pk=item_id, action="site.menu.deleted")


# --- officials -------------------------------------------------------------------------------------------------


def _official_values(values: dict[str, Any]) -> dict[str, Any]:
    errors: Errors = {}
    result: dict[str, Any] = {
        "name": _text(errors, "name", values["name"], limit=NAME_MAX, required=True),
        "position": _text(errors, "position", values["position"], limit=NAME_MAX, required=True),
        "reception_hours": _text(errors, "reception_hours", values.get("reception_hours"), limit=SHORT_MAX),
        "work_phone": _text(errors, "work_phone", values.get("work_phone"), limit=40),
        "work_email": _text(errors, "work_email", values.get("work_email"), limit=254),
        "order": values.get("order") or 0,
    }
    if result["work_phone"] and not _PHONE.match(result["work_phone"]):
        errors["work_phone"] = [_("A phone number: digits, spaces, +, ( ) and -.")]
    if result["work_email"] and not _EMAIL.match(result["work_email"]):
        errors["work_email"] = [_("An email address, e.g. reception@rada.example.ua.")]
    if not isinstance(result["order"], int) or not 0 <= result["order"] <= 10_000:
        errors["order"] = [_("A whole number from 0 to 10000.")]
    _raise(errors)
    return result


@service
def official_create(*, actor, community, name: str, position: str, reception_hours: str = "", work_phone: str = "",
                    work_email: str = "", order: int = 0, photo=None) -> Official:
    """A public office holder with work contacts only (no private phone or address is asked for)."""
    require(policies.can_write(actor, community), REFUSED)
    values = _official_values({"name": name, "position": position, "reception_hours": reception_hours,
                               "work_phone": work_phone, "work_email": work_email, "order": order})
    image = _photo(photo, "photo")
    with transaction.atomic():
        official = Official(community=community, **values)
        if image is not None:
            _store_image(official, "photo", image)
        return _save(official, actor=actor, community=community, action="site.official.created")


@service
def official_update(*, actor, community, official_id: int, photo=None, **changes: Any) -> Official:
    require(policies.can_write(actor, community), REFUSED)
    image = _photo(photo, "photo")
    with transaction.atomic():
        official = owned_for_update(Official, community, official_id)
        current = {f: getattr(official, f) for f in ("name", "position", "reception_hours", "work_phone",
                                                       "work_email", "order")}
        _apply(official, _official_values({**current, **_merged_plain(current, changes)}))
        if image is not None:
            _store_image(official, "photo", image)
        return _save(official, actor=actor, community=community, action="site.official.changed")


@service
def official_delete(*, actor, community, official_id: int) -> None:
    _delete(Official, actor=actor, community=community, pk=official_id, action="site.official.deleted")

