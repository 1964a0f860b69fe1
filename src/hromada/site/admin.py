"""Back office of the community's site: branding, menu, pages, news categories, news and officials. Staff see their
communities' rows; add, change, delete and "delete selected" go through the services (ServiceAdmin), so the admin
is audited and refused exactly as the API is."""

from __future__ import annotations

from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile

from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import MenuItem, NewsCategory, NewsItem, Official, Page, SiteProfile


def _upload(value):
    """A new upload from the form, or None when the field kept the stored file."""
    return value if isinstance(value, UploadedFile) else None


def _id(value) -> int:
    return value.pk if value is not None else 0


@admin.register(SiteProfile)
class SiteProfileAdmin(ServiceAdmin):
    list_display = ("community", "tagline", "accent_colour", "updated_at")
    fields = ("community", "tagline", "accent_colour", "cover", "cover_alt", "contacts_source")
    domain_error_aliases = {"contacts": "contacts_source"}

    def _write(self, request, community, data):
        return services.site_profile_update(
            actor=request.user, community=community, tagline=data["tagline"], accent_colour=data["accent_colour"],
            cover=_upload(data.get("cover")), cover_alt=data["cover_alt"], contacts=data["contacts_source"])

    def create(self, request, community, data):
        return self._write(request, community, data)

    def update(self, request, obj, data):
        return self._write(request, obj.community, data)


@admin.register(MenuItem)
class MenuItemAdmin(ServiceAdmin):
    list_display = ("label", "kind", "position")
    fields = ("community", "label", "kind", "page", "capability", "url", "position")
    domain_error_aliases = {"page_id": "page"}

    @staticmethod
    def _values(data):
        return {"label": data["label"], "kind": data["kind"], "page_id": _id(data.get("page")),
                "capability": data["capability"], "url": data["url"], "position": data["position"]}

    def create(self, request, community, data):
        return services.menu_item_create(actor=request.user, community=community, **self._values(data))

    def update(self, request, obj, data):
        return services.menu_item_update(actor=request.user, community=obj.community, item_id=obj.pk,
                                         **self._values(data))

    def delete(self, request, obj):
        services.menu_item_delete(actor=request.user, community=obj.community, item_id=obj.pk)


@admin.register(Page)
class PageAdmin(ServiceAdmin):
    list_display = ("title", "slug", "is_published", "updated_at")
    list_filter = ("is_published",)
    search_fields = ("title",)
    fields = ("community", "title", "slug", "body_source", "is_published")
    domain_error_aliases = {"body": "body_source"}

    @staticmethod
    def _values(data):
        return {"title": data["title"], "slug": data["slug"], "body": data["body_source"],
                "is_published": data["is_published"]}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["slug"].required = False  # made from the title when left blank
        return form

    def create(self, request, community, data):
        return services.page_create(actor=request.user, community=community, **self._values(data))

    def update(self, request, obj, data):
        return services.page_update(actor=request.user, community=obj.community, page_id=obj.pk,
                                    **self._values(data))

    def delete(self, request, obj):
        services.page_delete(actor=request.user, community=obj.community, page_id=obj.pk)


@admin.register(NewsCategory)
class NewsCategoryAdmin(ServiceAdmin):
    list_display = ("name", "slug")
    fields = ("community", "name", "slug")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.base_fields["slug"].required = False
        return form

    def create(self, request, community, data):
        return services.news_category_create(actor=request.user, community=community, name=data["name"],
                                             slug=data["slug"])

    def update(self, request, obj, data):
        return services.news_category_update(actor=request.user, community=obj.community, category_id=obj.pk,
                                             name=data["name"], slug=data["slug"])

    def delete(self, request, obj):
        services.news_category_delete(actor=request.user, community=obj.community, category_id=obj.pk)


@admin.register(NewsItem)
class NewsItemAdmin(ServiceAdmin):
    list_display = ("title", "category", "publish_at", "is_draft")
    list_filter = ("is_draft", "category")
    search_fields = ("title",)
    date_hierarchy = "publish_at"
    fields = ("community", "title", "summary", "body_source", "category", "photo", "photo_alt", "publish_at",
              "is_draft")
    domain_error_aliases = {"body": "body_source", "category_id": "category"}

    @staticmethod
    def _values(data):
        return {"title": data["title"], "summary": data["summary"], "body": data["body_source"],
                "category_id": _id(data.get("category")), "publish_at": data["publish_at"],
                "is_draft": data["is_draft"], "photo_alt": data["photo_alt"], "photo": _upload(data.get("photo"))}

    def create(self, request, community, data):
        return services.news_create(actor=request.user, community=community, **self._values(data))

    def update(self, request, obj, data):
        return services.news_update(actor=request.user, community=obj.community, news_id=obj.pk,
                                    **self._values(data))

    def delete(self, request, obj):
        services.news_delete(actor=request.user, community=obj.community, news_id=obj.pk)


@admin.register(Official)
class OfficialAdmin(ServiceAdmin):
    list_display = ("name", "position", "order")
    search_fields = ("name", "position")
    fields = ("community", "name", "position", "photo", "reception_hours", "work_phone", "work_email", "order")
    _FIELDS = ("name", "position", "reception_hours", "work_phone", "work_email", "order")

    def create(self, request, community, data):
        return services.official_create(actor=request.user, community=community, photo=_upload(data.get("photo")),
                                        **{f: data[f] for f in self._FIELDS})

    def update(self, request, obj, data):
        return services.official_update(actor=request.user, community=obj.community, official_id=obj.pk,
                                        photo=_upload(data.get("photo")), **{f: data[f] for f in self._FIELDS})

    def delete(self, request, obj):
        services.official_delete(actor=request.user, community=obj.community, official_id=obj.pk)
