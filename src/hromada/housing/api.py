"""The JSON API of Housing at /c/<community>/api/v1/housing/: buildings (passports with systems and money spent per
year), works and managers — public entries for anyone, hidden ones too for the community's staff — and the staff's
writes, each through the same service the web pages call.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope. Files (a
building's documents, a work's acts and photos) come as multipart bodies and go through the same upload checks as
on the web pages. The bodies are in api_schemas."""

# No `from __future__ import annotations`: ninja's paginate re-reads the handlers' annotations in its own module,
# where string annotations (Query[...], the Literal aliases) would not resolve.
from typing import Literal

from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.public_cache import cached_for_anonymous
from hromada.core.api.schemas import ERROR_RESPONSES

from . import policies, selectors, services
from .api_schemas import (
    HousingAppealLinkIn,
    HousingAppealLinkOut,
    HousingAttachmentIn,
    HousingAttachmentOut,
    HousingAttachmentPatch,
    HousingBoardMemberIn,
    HousingBoardMemberOut,
    HousingBoardMemberPatch,
    HousingBuildingDetailOut,
    HousingBuildingFilters,
    HousingBuildingIn,
    HousingBuildingOut,
    HousingBuildingPatch,
    HousingDocumentIn,
    HousingDocumentOut,
    HousingDocumentPatch,
    HousingEmergencyIn,
    HousingEmergencyOut,
    HousingManagerDetailOut,
    HousingManagerIn,
    HousingManagerOut,
    HousingManagerPatch,
    HousingSystemIn,
    HousingSystemOut,
    HousingWorkDetailOut,
    HousingWorkFilters,
    HousingWorkIn,
    HousingWorkOut,
    HousingWorkPatch,
    HousingWorkStatusIn,
    SystemKindName,
    choice_literal,
)
from .models import ManagerKind

router = Router()
_editors = SignedIn(policies.is_editor)
_keepers = SignedIn(policies.can_keep_any)

# --- managers (declared before /{building_id} so their paths win) ------------------------------------------------

@router.get("/managers", response={200: list[HousingManagerOut], **ERROR_RESPONSES},
            summary="Managers: condominiums, managing companies, the council")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def manager_list(request, kind: choice_literal(ManagerKind) | Literal[""] = ""):  # type: ignore[valid-type]
    return selectors.manager_list(actor=request.user, community=require_community(request), kind=kind)


@router.get("/managers/{manager_id}", response={200: HousingManagerDetailOut, **ERROR_RESPONSES},
            summary="One manager with its board (people who agreed to be shown)")
def manager_detail(request, manager_id: int):
    community = require_community(request)
    manager = selectors.manager_get(actor=request.user, community=community, manager_id=manager_id)
    manager.board_members = selectors.board_of(actor=request.user, community=community, manager=manager)
    return manager


@router.post("/managers", response={201: HousingManagerOut, **ERROR_RESPONSES}, summary="Add a manager (editors)",
             auth=_editors)
def manager_create(request, payload: HousingManagerIn):
    manager = services.manager_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, manager)


@router.patch("/managers/{manager_id}", response={200: HousingManagerOut, **ERROR_RESPONSES},
              summary="Change a manager (editors)", auth=_editors)
def manager_update(request, manager_id: int, payload: HousingManagerPatch):
    return services.manager_update(actor=request.user, community=require_community(request), manager_id=manager_id,
                                   **payload.dict(exclude_unset=True))


@router.delete("/managers/{manager_id}", response={204: None, **ERROR_RESPONSES},
               summary="Delete a manager (editors; its buildings stay)", auth=_editors)
def manager_delete(request, manager_id: int):
    services.manager_delete(actor=request.user, community=require_community(request), manager_id=manager_id)
    return Status(204, None)


@router.post("/managers/{manager_id}/board", response={201: HousingBoardMemberOut, **ERROR_RESPONSES},
             summary="Add a person to a condominium's board (editors)", auth=_editors)
def board_member_add(request, manager_id: int, payload: HousingBoardMemberIn):
    member = services.board_member_add(actor=request.user, community=require_community(request),
                                       manager_id=manager_id, **payload.dict())
    return Status(201, member)


@router.patch("/board/{member_id}", response={200: HousingBoardMemberOut, **ERROR_RESPONSES},
              summary="Change a board member (editors)", auth=_editors)
def board_member_update(request, member_id: int, payload: HousingBoardMemberPatch):
    return services.board_member_update(actor=request.user, community=require_community(request),
                                        member_id=member_id, **payload.dict(exclude_unset=True))


@router.delete("/board/{member_id}", response={204: None, **ERROR_RESPONSES},
               summary="Remove a person from a board (editors)", auth=_editors)
def board_member_remove(request, member_id: int):
    services.board_member_remove(actor=request.user, community=require_community(request), member_id=member_id)
    return Status(204, None)


# --- documents, work files and appeal links (declared before /{building_id} too) ---------------------------------

@router.patch("/documents/{document_id}", response={200: HousingDocumentOut, **ERROR_RESPONSES},
              summary="Change a building's document: title, kind, public (editors)", auth=_editors)
def document_update(request, document_id: int, payload: HousingDocumentPatch):
    return services.document_update(actor=request.user, community=require_community(request),
                                    document_id=document_id, **payload.dict(exclude_unset=True))


@router.delete("/documents/{document_id}", response={204: None, **ERROR_RESPONSES},
               summary="Remove a building's document (editors)", auth=_editors)
def document_remove(request, document_id: int):
    services.document_remove(actor=request.user, community=require_community(request), document_id=document_id)
    return Status(204, None)


@router.patch("/works/files/{attachment_id}", response={200: HousingAttachmentOut, **ERROR_RESPONSES},
              summary="Show a work's file on the building's page or keep it to the office (its keepers)",
              auth=_keepers)
def work_attachment_set_public(request, attachment_id: int, payload: HousingAttachmentPatch):
    return services.work_attachment_set_public(actor=request.user, community=require_community(request),
                                               attachment_id=attachment_id, is_public=payload.is_public)


@router.delete("/works/files/{attachment_id}", response={204: None, **ERROR_RESPONSES},
               summary="Remove an act or photo of a work (its keepers)", auth=_keepers)
def work_attachment_remove(request, attachment_id: int):
    services.work_attachment_remove(actor=request.user, community=require_community(request),
                                    attachment_id=attachment_id)
    return Status(204, None)


@router.delete("/appeal-links/{link_id}", response={204: None, **ERROR_RESPONSES},
               summary="Unlink an appeal from a building (editors)", auth=_editors)
def appeal_unlink(request, link_id: int):
    services.appeal_unlink(actor=request.user, community=require_community(request), link_id=link_id)
    return Status(204, None)


# --- works ---------------------------------------------------------------------------------------------------------

@router.get("/works", response={200: list[HousingWorkOut], **ERROR_RESPONSES}, summary="Works, filtered")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def work_list(request, filters: Query[HousingWorkFilters]):
    return selectors.work_list(actor=request.user, community=require_community(request),
                               building_id=filters.building, status=filters.status, kind=filters.kind,
                               year=filters.year)


@router.get("/works/{work_id}", response={200: HousingWorkDetailOut, **ERROR_RESPONSES},
            summary="One work with its acts and photos")
def work_detail(request, work_id: int):
    community = require_community(request)
    work = selectors.work_get(actor=request.user, community=community, work_id=work_id)
    work.files = selectors.work_attachments(actor=request.user, community=community, work=work)
    return work


@router.patch("/works/{work_id}", response={200: HousingWorkOut, **ERROR_RESPONSES},
              summary="Change a work's facts (its keepers)", auth=_keepers)
def work_update(request, work_id: int, payload: HousingWorkPatch):
    return services.work_update(actor=request.user, community=require_community(request), work_id=work_id,
                                **payload.dict(exclude_unset=True))


@router.post("/works/{work_id}/status", response={200: HousingWorkOut, **ERROR_RESPONSES},
             summary="Move a work on: in progress, done, cancelled (its keepers)", auth=_keepers)
def work_status(request, work_id: int, payload: HousingWorkStatusIn):
    return services.work_set_status(actor=request.user, community=require_community(request), work_id=work_id,
                                    **payload.dict())


@router.delete("/works/{work_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a work (its keepers)",
               auth=_keepers)
def work_delete(request, work_id: int):
    services.work_delete(actor=request.user, community=require_community(request), work_id=work_id)
    return Status(204, None)


@router.post("/works/{work_id}/files", response={201: HousingAttachmentOut, **ERROR_RESPONSES},
             summary="Attach an act, a photo or another file to a work (its keepers; multipart: file, kind, "
                     "is_public; PDF, images or office files, photos re-encoded without location data)",
             auth=_keepers)
def work_attach(request, work_id: int, file: File[UploadedFile], fields: Form[HousingAttachmentIn]):
    attachment = services.work_attach(actor=request.user, community=require_community(request), work_id=work_id,
                                      upload=file, **fields.dict())
    return Status(201, attachment)


# --- buildings -----------------------------------------------------------------------------------------------------

@router.get("/", response={200: list[HousingBuildingOut], **ERROR_RESPONSES},
            summary="Buildings, searched by address and filtered")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def building_list(request, filters: Query[HousingBuildingFilters]):
    return selectors.building_list(actor=request.user, community=require_community(request),
                                   filters=selectors.BuildingFilters(q=filters.q, manager_id=filters.manager,
                                                                     energy_class=filters.energy_class,
                                                                     works_this_year=filters.works_this_year))


@router.get("/{building_id}", response={200: HousingBuildingDetailOut, **ERROR_RESPONSES},
            summary="One building: passport, systems, money per year, emergencies")
def building_detail(request, building_id: int):
    page = selectors.building_page(actor=request.user, community=require_community(request),
                                   building_id=building_id)
    page.building.page = page
    return page.building


@router.post("/", response={201: HousingBuildingOut, **ERROR_RESPONSES}, summary="Add a building (editors)",
             auth=_editors)
def building_create(request, payload: HousingBuildingIn):
    building = services.building_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, building)


@router.patch("/{building_id}", response={200: HousingBuildingOut, **ERROR_RESPONSES},
              summary="Change a building's passport (editors)", auth=_editors)
def building_update(request, building_id: int, payload: HousingBuildingPatch):
    return services.building_update(actor=request.user, community=require_community(request),
                                    building_id=building_id, **payload.dict(exclude_unset=True))


@router.delete("/{building_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a building (editors)",
               auth=_editors)
def building_delete(request, building_id: int):
    services.building_delete(actor=request.user, community=require_community(request), building_id=building_id)
    return Status(204, None)


@router.put("/{building_id}/systems/{kind}", response={200: HousingSystemOut, **ERROR_RESPONSES},
            summary="Record the state of one system (the building's keepers)", auth=_keepers)
def system_set(request, building_id: int, kind: SystemKindName, payload: HousingSystemIn):  # type: ignore[valid-type]
    return services.system_set(actor=request.user, community=require_community(request), building_id=building_id,
                               kind=kind, **payload.dict())


@router.post("/{building_id}/works", response={201: HousingWorkOut, **ERROR_RESPONSES},
             summary="Add a work to a building (its keepers)", auth=_keepers)
def work_create(request, building_id: int, payload: HousingWorkIn):
    work = services.work_create(actor=request.user, community=require_community(request), building_id=building_id,
                                **payload.dict())
    return Status(201, work)


@router.post("/{building_id}/emergencies", response={201: HousingEmergencyOut, **ERROR_RESPONSES},
             summary="Record an emergency in a building (its keepers)", auth=_keepers)
def emergency_report(request, building_id: int, payload: HousingEmergencyIn):
    event = services.emergency_report(actor=request.user, community=require_community(request),
                                      building_id=building_id, **payload.dict())
    return Status(201, event)


@router.post("/{building_id}/documents", response={201: HousingDocumentOut, **ERROR_RESPONSES},
             summary="Add a building's document (editors; multipart: file, title, kind, is_public; private unless "
                     "public; PDF, images or office files)", auth=_editors)
def document_upload(request, building_id: int, file: File[UploadedFile], fields: Form[HousingDocumentIn]):
    document = services.document_upload(actor=request.user, community=require_community(request),
                                        building_id=building_id, upload=file, **fields.dict())
    return Status(201, document)


@router.post("/{building_id}/appeals", response={201: HousingAppealLinkOut, **ERROR_RESPONSES},
             summary="Link a resident's appeal to a building by its registration number (editors; appeals enabled)",
             auth=_editors)
def appeal_link(request, building_id: int, payload: HousingAppealLinkIn):
    link = services.appeal_link(actor=request.user, community=require_community(request), building_id=building_id,
                                registration_index=payload.registration_index)
    return Status(201, link)
