"""The community's site: its branding (SiteProfile), menu, pages, news with categories, and its officials.

Rich texts are stored twice: the staff's Markdown source and its sanitised HTML (hromada.core.richtext, ADR 0032)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.core.storage import random_name
from hromada.core.tenancy.models import CommunityOwned


def image_path(instance, filename: str) -> str:
    """A random public name: covers, lead photos and officials' photos are public once their item is shown."""
    return random_name(f"site/{instance.community_id}", extension=".jpg")


class SiteProfile(CommunityOwned):
    """The site's branding beyond the kernel's (name, coat of arms and brand colour live on Community)."""

    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    accent_colour = models.CharField(_("accent colour"), max_length=7, blank=True,
                                     help_text=_("As #rrggbb; must give at least 4.5:1 with white text."))
    cover = models.FileField(_("cover photo"), upload_to=image_path, blank=True, max_length=200)
    cover_alt = models.CharField(_("cover photo description"), max_length=200, blank=True)
    contacts_source = models.TextField(_("contacts (Markdown)"), blank=True)
    contacts_html = models.TextField(_("contacts (rendered)"), blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site profile")
        verbose_name_plural = _("site profiles")
        constraints = [models.UniqueConstraint(fields=["community"], name="site_profile_one_per_community")]

    def __str__(self) -> str:
        return str(_("Site profile"))


class MenuItem(CommunityOwned):
    class Kind(models.TextChoices):
        PAGE = "page", _("a page of the site")
        CAPABILITY = "capability", _("a service of the platform")
        EXTERNAL = "external", _("an external link")

    label = models.CharField(_("label"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PAGE)
    page = models.ForeignKey("site.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("page"))
    capability = models.CharField(_("service"), max_length=40, blank=True,
                                  help_text=_("The slug of an enabled service, e.g. petitions."))
    url = models.URLField(_("address"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("menu item")
        verbose_name_plural = _("menu items")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["community", "position"])]

    def __str__(self) -> str:
        return self.label


class Page(CommunityOwned):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, allow_unicode=False)
    body_source = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(_("text (rendered)"), blank=True, editable=False)
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "slug"], name="site_page_slug_unique")]

    def __str__(self) -> str:
        return self.title


class NewsCategory(CommunityOwned):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("address"), max_length=80)

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["community", "slug"], name="site_category_slug_unique")]

    def __str__(self) -> str:
        return self.name


class NewsItem(CommunityOwned):
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body_source = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(_("text (rendered)"), blank=True, editable=False)
    category = models.ForeignKey(NewsCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("category"))
    photo = models.FileField(_("lead photo"), upload_to=image_path, blank=True, max_length=200)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    # Shown from this moment on (a future moment schedules the item); a draft is never shown.
    # Title, summary and text, case-folded in the service: SQLite's LIKE folds only ASCII, so Cyrillic search
    # compares folded text with a folded query.
    search_text = models.TextField(editable=False, blank=True, default="")
    publish_at = models.DateTimeField(_("publish at"))
    is_draft = models.BooleanField(_("draft"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-publish_at", "-pk"]
        indexes = [models.Index(fields=["community", "-publish_at"], name="site_news_published")]

    def __str__(self) -> str:
        return self.title


class Official(CommunityOwned):
    """A public office holder: the name, position and work contacts the council publishes; nothing private."""

    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    photo = models.FileField(_("photo"), upload_to=image_path, blank=True, max_length=200)
    reception_hours = models.CharField(_("reception hours"), max_length=200, blank=True)
    work_phone = models.CharField(_("work phone"), max_length=40, blank=True)
    work_email = models.EmailField(_("work email"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name
