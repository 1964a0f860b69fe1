"""Proposals: writing one with its budget table (the cost is the table's total, in kopiyky), its place (a point, and
the district whose area holds it), photos without EXIF and files; submitting, withdrawing; residents' support."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.geo.geojson import validate_geometry, validate_point
from hromada.core.geo.index import AreaIndex
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Role
from hromada.core.identity.selectors import members_with_role
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path
from hromada.core.text import visible_length
from hromada.core.uploads import clean_document, clean_photo

from .. import policies
from ..ballots import forget_funds
from ..lookups import amount, as_int, expect_phase, own_cycle, own_project
from ..manifest import PROPOSAL, REVIEW, budgets_settings
from ..models import (
    Category,
    Cycle,
    District,
    Project,
    ProjectCostLine,
    ProjectFile,
    ProjectPhoto,
    ProjectSupport,
)
from ..models.projects import Status

TITLE_MAX, SUMMARY_MAX, DESCRIPTION_MAX, MAX_COST_LINES = 200, 500, 20_000, 100
EDITABLE = ("title", "summary", "description", "category_id", "district_id", "cost_lines", "lat", "lon", "address")


def _clean_lines(lines, errors: dict) -> list[dict]:
    if not isinstance(lines, list | tuple) or not lines:
        errors["cost_lines"] = [_("Add at least one line to the budget table.")]
        return []
    if len(lines) > MAX_COST_LINES:
        errors["cost_lines"] = [_("At most %(max)s lines.") % {"max": MAX_COST_LINES}]
        return []
    clean: list[dict[str, Any]] = []
    for n, line in enumerate(lines):
        line = line if isinstance(line, dict) else {}
        item = str(line.get("item") or "").strip()
        if not visible_length(item) or len(item) > 200:
            errors.setdefault(f"cost_lines.{n}.item", []).append(_("Name the item (at most 200 characters)."))
        quantity = amount(line.get("quantity"), f"cost_lines.{n}.quantity", errors, allow_zero=False)
        if quantity > 1_000_000:
            errors.setdefault(f"cost_lines.{n}.quantity", []).append(_("At most a million."))
        price = amount(line.get("unit_price"), f"cost_lines.{n}.unit_price", errors)
        clean.append({"item": item, "quantity": quantity, "unit_price": price, "order": n})
    if not errors and sum(x["quantity"] * x["unit_price"] for x in clean) >= 10**14:
        errors["cost_lines"] = [_("The total is too large.")]
    return clean


def _district_at(cycle: Cycle, lat: float, lon: float) -> District | None:
    districts = [d for d in cycle.districts.all() if d.geometry]
    index = AreaIndex((d.pk, validate_geometry(d.geometry)) for d in districts)
    found = index.first_containing(lat, lon)
    return next((d for d in districts if d.pk == found), None)


def _clean(cycle: Cycle, values: dict) -> dict:
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for name, limit, required in (("title", TITLE_MAX, True), ("summary", SUMMARY_MAX, False),
                                  ("description", DESCRIPTION_MAX, True), ("address", 300, False)):
        text = str(values.get(name) or "").strip()
        if required and not visible_length(text):
            errors[name] = [_("This field is required.")]
        elif len(text) > limit:
            errors[name] = [_("At most %(max)s characters.") % {"max": limit}]
        clean[name] = text
    lines = _clean_lines(values.get("cost_lines"), errors)
    clean["lat"] = clean["lon"] = None
    if values.get("lat") not in (None, "") or values.get("lon") not in (None, ""):
        try:
            clean["lat"], clean["lon"] = validate_point(values.get("lat"), values.get("lon"))
        except ValidationFailed as exc:
            errors.update(exc.fields)
    category = district = None
    if values.get("category_id") not in (None, ""):
        category = Category.objects.filter(cycle=cycle, pk=as_int(values["category_id"])).first()
        if category is None:
            errors["category_id"] = [_("No such category in this cycle.")]
    if values.get("district_id") not in (None, ""):
        district = District.objects.filter(cycle=cycle, pk=as_int(values["district_id"])).first()
        if district is None:
            errors["district_id"] = [_("No such district in this cycle.")]
    elif clean["lat"] is not None and "category_id" not in errors:
        district = _district_at(cycle, clean["lat"], clean["lon"])
    if category is None and district is None and "category_id" not in errors and "district_id" not in errors:
        errors["category_id"] = [_("Choose a category or a district.")]
    if errors:
        raise ValidationFailed(fields=errors)
    clean.update(category=category, district=district, cost_lines=lines,
                 search_text=f"{clean['title']} {clean['summary']}".casefold())
    return clean


def _write_lines(project: Project, lines: list[dict]) -> None:
    project.cost_lines.all().delete()
    ProjectCostLine.objects.bulk_create(ProjectCostLine(community=project.community, project=project, **line)
                                        for line in lines)
    project.cost = sum(line["quantity"] * line["unit_price"] for line in lines)


@service
def project_create(*, actor, community, cycle_id: int, **values) -> Project:
    """A draft proposal in the proposal phase (staff and the platform may add one in any phase before voting)."""
    require(policies.can_propose(actor, community), _("Join the community to propose a project."))
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    cycle = own_cycle(community, cycle_id)
    if not policies.can_see_unpublished(actor, community) and not policies.can_manage_cycles(actor, community):
        expect_phase(cycle, PROPOSAL)
    clean = _clean(cycle, values)
    lines = clean.pop("cost_lines")
    with transaction.atomic():
        project = Project.objects.create(community=community, cycle=cycle, author=_user(actor), **clean)
        _write_lines(project, lines)
        project.save(update_fields=["cost"])
        audit_record(actor=actor, community=community, action="budgets.project.created", target=project,
                     data={"cost": project.cost})
    return project


@service
def project_update(*, actor, community, project_id: int, **changes) -> Project:
    """Authors change their proposal during proposals (a submitted one until the review starts); staff until voting."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in sorted(unknown)})
    with transaction.atomic():
        project = own_project(community, project_id, lock=True)
        require(policies.can_edit_project(actor, community, project), _("Only the project's authors may change it."))
        if project.status not in (Status.DRAFT, Status.SUBMITTED, Status.FEASIBLE):
            raise Conflict(_("This project can no longer be changed."), code="wrong_status")
        if not policies.can_see_unpublished(actor, community):
            expect_phase(project.cycle, PROPOSAL)
        current = {name: getattr(project, name) for name in EDITABLE if name != "cost_lines"}
        current["cost_lines"] = [{"item": x.item, "quantity": x.quantity, "unit_price": x.unit_price}
                                 for x in project.cost_lines.all()]
        current.update(changes)
        clean = _clean(project.cycle, current)
        lines = clean.pop("cost_lines")
        for name, value in clean.items():
            setattr(project, name, value)
        _write_lines(project, lines)
        project.save()
        forget_funds()
        audit_record(actor=actor, community=community, action="budgets.project.changed", target=project,
                     data={"fields": sorted(changes), "cost": project.cost})
    return project


@service
def project_submit(*, actor, community, project_id: int) -> Project:
    """The author sends the draft for review: it becomes public, and the reviewers are told."""
    with transaction.atomic():
        project = own_project(community, project_id, lock=True)
        require(policies.can_edit_project(actor, community, project), _("Only the project's authors may submit it."))
        if project.status != Status.DRAFT:
            raise Conflict(_("Only a draft can be submitted."), code="wrong_status")
        if not policies.can_see_unpublished(actor, community):
            expect_phase(project.cycle, PROPOSAL)
        project.status, project.submitted_at = Status.SUBMITTED, timezone.now()
        project.save(update_fields=["status", "submitted_at", "updated_at"])
        audit_record(actor=actor, community=community, action="budgets.project.submitted", target=project)
        notify(community=community, recipients=members_with_role(community=community, roles=(Role.OFFICIAL, Role.ADMIN)),
               event="budgets.project.submitted", title=_("New budget project to review: “{title}”"),
               url=community_path(community, "budgets:review_queue"), params={"title": project.title},
               exclude=actor)
    return project


@service
def project_withdraw(*, actor, community, project_id: int) -> Project:
    with transaction.atomic():
        project = own_project(community, project_id, lock=True)
        require(policies.can_edit_project(actor, community, project), _("Only the project's authors may withdraw it."))
        if project.status not in (Status.DRAFT, Status.SUBMITTED, Status.FEASIBLE, Status.NOT_FEASIBLE):
            raise Conflict(_("This project can no longer be withdrawn."), code="wrong_status")
        project.status = Status.WITHDRAWN
        project.save(update_fields=["status", "updated_at"])
        forget_funds()
        audit_record(actor=actor, community=community, action="budgets.project.withdrawn", target=project)
    return project


@service
def project_support(*, actor, community, project_id: int) -> Project:
    """A resident's support of a submitted proposal, once (the database refuses a second)."""
    require(policies.can_support(actor, community), _("Join the community to support projects."))
    project = own_project(community, project_id)
    if project.status not in (Status.SUBMITTED, Status.FEASIBLE):
        raise Conflict(_("Only a proposal under review or found feasible can be supported."), code="wrong_status")
    expect_phase(project.cycle, PROPOSAL, REVIEW)
    try:
        with transaction.atomic():
            ProjectSupport.objects.create(community=community, project=project, user=actor)
            Project.objects.filter(pk=project.pk).update(supporters_count=F("supporters_count") + 1)
            audit_record(actor=actor, community=community, action="budgets.project.supported", target=project)
    except IntegrityError:
        raise Conflict(_("You support this project already."), code="already_supported") from None
    project.refresh_from_db(fields=["supporters_count"])
    return project


@service
def project_photo_add(*, actor, community, project_id: int, upload, caption: str = "", update=None) -> ProjectPhoto:
    """A photo, re-encoded without EXIF or GPS; `update` attaches it to an implementation update."""
    project = own_project(community, project_id)
    allowed = (policies.can_update_implementation(actor, community, project) if update is not None
               else policies.can_edit_project(actor, community, project))
    require(allowed, _("Only the project's authors or its department may add photos."))
    if update is None and project.photos.filter(update__isnull=True).count() >= budgets_settings(community).max_photos:
        raise ValidationFailed(fields={"photo": [_("This project has as many photos as allowed.")]})
    image = clean_photo(upload, field="photo", max_side=2000)
    with transaction.atomic():
        photo = ProjectPhoto(community=community, project=project, update=update, width=image.width,
                             height=image.height, caption=str(caption or "").strip()[:200])
        photo.file.save("photo.jpg", image.content, save=False)
        photo.save()
        audit_record(actor=actor, community=community, action="budgets.project.photo_added", target=project)
    return photo


@service
def project_file_add(*, actor, community, project_id: int, upload) -> ProjectFile:
    project = own_project(community, project_id)
    require(policies.can_edit_project(actor, community, project), _("Only the project's authors may add files."))
    if project.files.count() >= budgets_settings(community).max_files:
        raise ValidationFailed(fields={"file": [_("This project has as many files as allowed.")]})
    document = clean_document(upload, field="file")
    with transaction.atomic():
        item = ProjectFile(community=community, project=project, name=document.display_name,
                           content_type=document.content_type, size=document.content.size)
        item.file.save(f"document{document.extension}", document.content, save=False)
        item.save()
        audit_record(actor=actor, community=community, action="budgets.project.file_added", target=project)
    return item


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
