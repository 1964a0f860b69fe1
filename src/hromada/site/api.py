"""The JSON API of the community's site at /c/<community>/api/v1/site/: published news, pages and officials for
anyone (paginated), and staff writes of news and pages through the same services.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema
from hromada.core.richtext import SOURCE_MAX

from . import selectors, services
from .policies import can_write

router = Router()
_writes = SignedIn(can_write)


class SiteCategoryOut(Schema):
    id: int
    name: str
    slug: str


class SiteNewsOut(Schema):
    id: int
    title: str
    summary: str
    body_html: str
    category: SiteCategoryOut | None = None
    photo_url: str = ""
    photo_alt: str
    published_at: datetime = Field(..., alias="publish_at")
    updated_at: datetime

    @staticmethod
    def resolve_photo_url(obj) -> str:
        return obj.photo.url if obj.photo else ""


class SiteNewsIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    summary: str = Field("", max_length=services.SUMMARY_MAX)
    body: str = Field("", max_length=SOURCE_MAX)
    category_id: int | None = None
    publish_at: datetime | None = None
    is_draft: bool = False


class SiteNewsPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    summary: str | None = Field(None, max_length=services.SUMMARY_MAX)
    body: str | None = Field(None, max_length=SOURCE_MAX)
    category_id: int | None = None
    publish_at: datetime | None = None
    is_draft: bool | None = None


class SiteNewsCreated(Schema):
    id: int
    title: str
    publish_at: datetime
    is_draft: bool


class SitePageOut(Schema):
    id: int
    title: str
    slug: str
    body_html: str
    updated_at: datetime


class SitePageIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    slug: str = Field("", max_length=80)
    body: str = Field("", max_length=SOURCE_MAX)
    is_published: bool = True


class SiteOfficialOut(Schema):
    id: int
    name: str
    position: str
    reception_hours: str
    work_phone: str
    work_email: str
    photo_url: str = ""

    @staticmethod
    def resolve_photo_url(obj) -> str:
        return obj.photo.url if obj.photo else ""


@router.get("/news", response={200: list[SiteNewsOut], **ERROR_RESPONSES}, summary="Published news")
@paginate(PageNumber)
def news_list(request, q: str = "", category: str = ""):
    """Words of the title, summary or text (the first 100 characters count) and a category's slug."""
    return selectors.news_list(community=require_community(request), query=q, category=category)


@router.get("/news/{news_id}", response={200: SiteNewsOut, **ERROR_RESPONSES}, summary="One published news item")
def news_detail(request, news_id: int):
    return selectors.news_get(community=require_community(request), news_id=news_id)


@router.post("/news", response={201: SiteNewsCreated, **ERROR_RESPONSES}, summary="Add a news item (staff)",
             auth=_writes)
def news_create(request, payload: SiteNewsIn):
    item = services.news_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, item)


@router.patch("/news/{news_id}", response={200: SiteNewsCreated, **ERROR_RESPONSES},
              summary="Change a news item (staff)", auth=_writes)
def news_update(request, news_id: int, payload: SiteNewsPatch):
    return services.news_update(actor=request.user, community=require_community(request), news_id=news_id,
                                **payload.dict(exclude_unset=True))


@router.delete("/news/{news_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a news item (staff)",
               auth=_writes)
def news_delete(request, news_id: int):
    services.news_delete(actor=request.user, community=require_community(request), news_id=news_id)
    return Status(204, None)


@router.get("/categories", response={200: list[SiteCategoryOut], **ERROR_RESPONSES}, summary="News categories")
@paginate(PageNumber)
def category_list(request):
    return selectors.category_list(community=require_community(request))


@router.get("/pages", response={200: list[SitePageOut], **ERROR_RESPONSES}, summary="Published pages")
@paginate(PageNumber)
def page_list(request):
    return selectors.page_list(community=require_community(request))


@router.get("/pages/{slug}", response={200: SitePageOut, **ERROR_RESPONSES}, summary="One published page")
def page_detail(request, slug: str):
    return selectors.page_get(community=require_community(request), slug=slug)


@router.post("/pages", response={201: SitePageOut, **ERROR_RESPONSES}, summary="Add a page (staff)", auth=_writes)
def page_create(request, payload: SitePageIn):
    page = services.page_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, page)


@router.get("/officials", response={200: list[SiteOfficialOut], **ERROR_RESPONSES}, summary="Officials")
@paginate(PageNumber)
def official_list(request):
    return selectors.official_list(community=require_community(request))
