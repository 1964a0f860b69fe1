"""The JSON API of the document workflow at /c/<community>/api/v1/docflow/, for the office's staff tokens:
journals, a journal's cards searched and filtered, one card, drafting, registering and attaching files.

Handlers parse, call a selector or service and render; refusals and bad input come back in the kernel's envelope."""

from datetime import date, datetime

from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema

from . import policies, selectors, services
from .models import Access, DocumentKind

router = Router()
_readers = SignedIn(policies.can_read)


class JournalOut(Schema):
    id: int
    kind: str
    title: str
    index_pattern: str
    is_active: bool
    document_count: int = 0


class DocumentOut(Schema):
    id: int
    journal_id: int
    status: str
    kind: str
    reg_index: str
    reg_date: date | None
    reg_number: int | None
    correspondent_org: str
    correspondent_name: str
    correspondent_index: str
    correspondent_date: date | None
    received_date: date | None
    summary: str
    sheets: int
    attachment_sheets: int
    access: str
    case_id: int | None
    department_id: int | None
    under_control: bool
    control_deadline: date | None
    source_app: str
    source_id: str
    created_at: datetime
    updated_at: datetime


class VersionOut(Schema):
    id: int
    attachment_id: int
    number: int
    name: str
    content_type: str
    size: int
    sha256: str
    created_at: datetime


class AttachmentOut(Schema):
    id: int
    title: str
    versions: list[VersionOut]


class LinkOut(Schema):
    kind: str
    document_id: int
    reg_index: str
    direction: str = Field(..., description="`out`: this card refers to the other; `in`: the other refers to it.")


class DocumentDetailOut(DocumentOut):
    attachments: list[AttachmentOut]
    links: list[LinkOut]


class DraftIn(StrictSchema):
    journal_id: int
    summary: str = Field(..., max_length=4000)
    kind: DocumentKind = DocumentKind.LETTER
    correspondent_org: str = Field("", max_length=300)
    correspondent_name: str = Field("", max_length=200)
    correspondent_index: str = Field("", max_length=60)
    correspondent_date: date | None = None
    received_date: date | None = None
    sheets: int = Field(1, ge=1, le=100_000)
    attachment_sheets: int = Field(0, ge=0, le=100_000)
    access: Access = Access.PUBLIC
    case_id: int | None = None
    department_id: int | None = None


class SearchIn(Schema):
    q: str = Field("", description="An index (exact or its beginning), or words of the correspondent, the summary "
                                   "or the text of an attached file.")
    year: str = Field("", description="Registration year.")
    kind: str = ""
    status: str = ""
    department_id: str = ""
    under_control: str = Field("", description="1 or 0.")
    date_from: str = Field("", description="Registered on or after (YYYY-MM-DD).")
    date_to: str = Field("", description="Registered on or before (YYYY-MM-DD).")


def _detail(document) -> dict:
    data = DocumentOut.from_orm(document).dict()
    data["attachments"] = [{"id": a.id, "title": a.title, "versions": list(a.versions.all())}
                           for a in document.attachments.all()]
    data["links"] = ([{"kind": link.kind, "document_id": link.to_document_id, "reg_index": link.to_document.reg_index,
                       "direction": "out"} for link in document.links_out.all()]
                     + [{"kind": link.kind, "document_id": link.from_document_id,
                         "reg_index": link.from_document.reg_index, "direction": "in"}
                        for link in document.links_in.all()])
    return data


@router.get("/journals", response={200: list[JournalOut], **ERROR_RESPONSES}, summary="Registration journals",
            auth=_readers)
@paginate(PageNumber)
def journal_list(request):
    return selectors.journals(actor=request.user, community=require_community(request))


@router.get("/journals/{int:journal_id}/documents", response={200: list[DocumentOut], **ERROR_RESPONSES},
            summary="A journal's cards, searched and filtered", auth=_readers)
@paginate(PageNumber)
def document_search(request, journal_id: int, filters: Query[SearchIn]):
    community = require_community(request)
    journal = selectors.journal_get(actor=request.user, community=community, journal_id=journal_id)
    query = selectors.parse_query(filters.dict())
    return selectors.document_search(actor=request.user, community=community, journal=journal, query=query)


@router.get("/documents/{int:document_id}", response={200: DocumentDetailOut, **ERROR_RESPONSES},
            summary="One registration card with its files and links", auth=_readers)
def document_detail(request, document_id: int):
    return _detail(selectors.document_get(actor=request.user, community=require_community(request),
                                          document_id=document_id))


@router.post("/documents", response={201: DocumentDetailOut, **ERROR_RESPONSES}, summary="Draft a card",
             auth=SignedIn(policies.can_create_draft))
def document_draft_create(request, payload: DraftIn):
    community, user = require_community(request), require_user(request)
    document = services.document_draft_create(actor=user, community=community, **payload.dict())
    return Status(201, _detail(selectors.document_get(actor=user, community=community, document_id=document.pk)))


@router.post("/documents/{int:document_id}/register", response={200: DocumentDetailOut, **ERROR_RESPONSES},
             summary="Register a draft: its number, index and date", auth=SignedIn(policies.can_register))
def document_register(request, document_id: int):
    community, user = require_community(request), require_user(request)
    services.document_register(actor=user, community=community, document_id=document_id)
    return _detail(selectors.document_get(actor=user, community=community, document_id=document_id))


@router.post("/documents/{int:document_id}/attachments", response={201: VersionOut, **ERROR_RESPONSES},
             summary="Attach a file, or a new version of an attachment (multipart: file, title, attachment_id)",
             auth=_readers)
def attachment_add(request, document_id: int, file: File[UploadedFile], title: Form[str] = "",
                   attachment_id: Form[int | None] = None):
    version = services.attachment_add(actor=require_user(request), community=require_community(request),
                                      document_id=document_id, upload=file, title=title, attachment_id=attachment_id)
    return Status(201, version)


# Public information requests (docflow part 3): /public-info/ under this router, in their own module.
from .public_info.api import router as public_info_router  # noqa: E402

router.add_router("/public-info", public_info_router)

# Execution (docflow part 2): inbox, dashboard, resolutions, control, routes, signing and sending.
from .api_execution import router as execution_router  # noqa: E402

router.add_router("", execution_router)
