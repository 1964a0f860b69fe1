"""The staff's pages of Housing (under /housing/office/): add and edit buildings and managers with their boards,
and on a building's keeping page its systems, documents, works with acts and photos, emergencies and linked appeals.

Every write calls one service; a refusal shows on the form that was sent, with the status the service gave it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.identity.models import Department
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import (
    AppealLinkForm,
    AttachmentForm,
    BoardMemberForm,
    BuildingForm,
    DocumentForm,
    EmergencyForm,
    ManagerForm,
    NewWorkForm,
    SystemForm,
    WorkForm,
    WorkStatusForm,
)
from .models import (
    AppealLink,
    BoardMember,
    Building,
    BuildingDocument,
    BuildingSystem,
    EmergencyEvent,
    ManagerKind,
    Work,
)

_MANAGE_FORMS = {"system_form": SystemForm, "document_form": DocumentForm, "appeal_form": AppealLinkForm}


def _prefix(form_name: str) -> str | None:
    """Forms sharing a page get a prefix (their fields' ids stay unique); the page's main "form" has none."""
    return None if form_name == "form" else form_name.removesuffix("_form")


def _or_404(selector, **kwargs):
    try:
        return selector(**kwargs)
    except NotFound:
        raise Http404 from None


def _require(allowed: bool) -> None:
    if not allowed:
        raise Forbidden()


def _managers(request):
    return list(selectors.manager_list(actor=request.user, community=request.community).only("pk", "name"))


def _form_page(request, form, *, title: str, back: str, call, done, status: int = 200, extra=None):
    """A page with one form: on a valid POST run `call(cleaned_data)` and go to `done(result)`; a refusal stays."""
    if request.method == "POST" and form.is_valid():
        try:
            result = call(form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Saved."))
            return redirect(_url(done(result)))
    elif request.method == "POST":
        status = 400
    extra = dict(extra or {})
    if "delete_url" in extra:
        extra["delete_url"] = _url(extra["delete_url"])
    return render(request, "housing/office_form.html", {"form": form, "title": title, "back": _url(back), **extra},
                  status=status)


def _url(target) -> str:
    """A URL name, or (name, pk), as an address."""
    return reverse(target[0], args=target[1:]) if isinstance(target, tuple) else reverse(target)


# --- buildings -----------------------------------------------------------------------------------------------------

def _building_values(data) -> dict:
    return {name: data[name] for name in services.BUILDING_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def building_new(request):
    community = request.community
    _require(policies.is_editor(request.user, community))
    form = BuildingForm(request.POST or None, managers=_managers(request))
    return _form_page(request, form, title=_("New building"), back="housing:list",
                      call=lambda data: services.building_create(actor=request.user, community=community,
                                                                 **_building_values(data)),
                      done=lambda building: ("housing:manage", building.pk))


@login_required
@require_http_methods(["GET", "POST"])
def building_edit(request, building_id: int):
    community = request.community
    _require(policies.is_editor(request.user, community))
    building = _or_404(selectors.building_get, actor=request.user, community=community, building_id=building_id)
    initial = {name: getattr(building, name) for name in services.BUILDING_FIELDS}
    form = BuildingForm(request.POST or None, initial=initial, managers=_managers(request))
    return _form_page(request, form, title=_("Passport of %(address)s") % {"address": building.address},
                      back="housing:list",
                      call=lambda data: services.building_update(actor=request.user, community=community,
                                                                 building_id=building.pk, **_building_values(data)),
                      done=lambda b: ("housing:manage", b.pk),
                      extra={"delete_url": ("housing:building_delete", building.pk)})


def _deletion(service_call, *, refused_to: str, deleted_to: str, deleted: str):
    """A POST that deletes one entry (a building, a manager): 404 when it is not the community's, a refusal back on
    the entry's page (`refused_to`, with its id), success on `deleted_to`."""

    @login_required
    @require_POST
    def view(request, **kwargs):
        (entry_id,) = kwargs.values()  # the one id of the address (building_id, manager_id)
        try:
            service_call(actor=request.user, community=request.community, entry_id=entry_id)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect(refused_to, entry_id)
        messages.success(request, _(deleted))
        return redirect(deleted_to)

    return view


building_delete = _deletion(lambda *, entry_id, **kw: services.building_delete(building_id=entry_id, **kw),
                            refused_to="housing:manage", deleted_to="housing:list",
                            deleted=gettext_noop("The building was deleted."))


def _keep(request, building_id) -> Building:
    """The building, if the person keeps it (403 otherwise; 404 when it is not the community's)."""
    community = request.community
    building = _or_404(selectors.building_get, actor=request.user, community=community, building_id=building_id)
    _require(policies.can_keep(request.user, community,
                               manager_department_id=selectors.manager_department_id(building)))
    return building


def _manage_page(request, building, *, forms_in=None, status: int = 200):
    community = request.community
    page = selectors.building_page(actor=request.user, community=community, building_id=building.pk)
    works = page.works
    context = {name: form_class(prefix=_prefix(name)) for name, form_class in _MANAGE_FORMS.items()}
    context["emergency_form"] = EmergencyForm(works=works, prefix=_prefix("emergency_form"))
    context.update(forms_in or {})
    return render(request, "housing/office_building.html", {
        "p": page, "building": page.building, **context,
        "is_editor": policies.is_editor(request.user, community),
        "appeals_enabled": community.capability_enabled("appeals"),
    }, status=status)


@login_required
@require_http_methods(["GET"])
def building_manage(request, building_id: int):
    return _manage_page(request, _keep(request, building_id))


def _building_action(form_class, name: str, call, *, files: bool = False, form_kwargs=None):
    """A POST on a building's keeping page: parse `form_class`, run `call(request, building, data)`, come back;
    a refusal re-renders the page with the sent form and its errors."""

    @login_required
    @require_POST
    def view(request, building_id: int):
        building = _keep(request, building_id)
        kwargs = form_kwargs(request, building) if form_kwargs else {}
        form = form_class(request.POST, request.FILES if files else None, prefix=_prefix(name), **kwargs)
        status = 400
        if form.is_valid():
            try:
                call(request, building, form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Saved."))
                return redirect("housing:manage", building.pk)
        return _manage_page(request, building, forms_in={name: form}, status=status)

    return view


system_set = _building_action(SystemForm, "system_form", lambda request, building, data: services.system_set(
    actor=request.user, community=request.community, building_id=building.pk, **data))
document_upload = _building_action(DocumentForm, "document_form", lambda request, building, data: (
    services.document_upload(actor=request.user, community=request.community, building_id=building.pk,
                             upload=data["file"], title=data["title"], kind=data["kind"],
                             is_public=data["is_public"])), files=True)
appeal_link = _building_action(AppealLinkForm, "appeal_form", lambda request, building, data: services.appeal_link(
    actor=request.user, community=request.community, building_id=building.pk,
    registration_index=data["registration_index"]))
emergency_report = _building_action(
    EmergencyForm, "emergency_form",
    lambda request, building, data: services.emergency_report(actor=request.user, community=request.community,
                                                              building_id=building.pk, **data),
    form_kwargs=lambda request, building: {"works": list(building.works.order_by("-planned_start", "-pk"))})


def _removal(service_call, *, owner_of):
    """A POST that removes one row of a building (a system, a document, an appeal link, an event) and goes back."""

    @login_required
    @require_POST
    def view(request, **kwargs):
        (item_id,) = kwargs.values()  # the one id of the address (system_id, document_id, ...)
        community = request.community
        building_id = owner_of(community, item_id)
        if building_id is None:
            raise Http404()
        try:
            service_call(actor=request.user, community=community, item_id=item_id)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Removed."))
        return redirect("housing:manage", building_id)

    return view


def _building_of(model):
    def owner_of(community, item_id):
        return model.objects.filter(community=community, pk=item_id).values_list("building_id", flat=True).first()
    return owner_of


system_remove = _removal(lambda *, item_id, **kw: services.system_remove(system_id=item_id, **kw),
                         owner_of=_building_of(BuildingSystem))
document_remove = _removal(lambda *, item_id, **kw: services.document_remove(document_id=item_id, **kw),
                           owner_of=_building_of(BuildingDocument))
appeal_unlink = _removal(lambda *, item_id, **kw: services.appeal_unlink(link_id=item_id, **kw),
                         owner_of=_building_of(AppealLink))
emergency_delete = _removal(lambda *, item_id, **kw: services.emergency_delete(event_id=item_id, **kw),
                            owner_of=_building_of(EmergencyEvent))
work_delete = _removal(lambda *, item_id, **kw: services.work_delete(work_id=item_id, **kw),
                       owner_of=_building_of(Work))


# --- works ---------------------------------------------------------------------------------------------------------

def _work_values(data) -> dict:
    return {name: data[name] for name in services.WORK_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def work_new(request, building_id: int):
    building = _keep(request, building_id)
    form = NewWorkForm(request.POST or None)
    return _form_page(request, form, title=_("New work at %(address)s") % {"address": building.address},
                      back=("housing:manage", building.pk),
                      call=lambda data: services.work_create(actor=request.user, community=request.community,
                                                             building_id=building.pk, status=data["status"],
                                                             **_work_values(data)),
                      done=lambda work: ("housing:work", work.pk))


def _kept_work(request, work_id) -> Work:
    work = _or_404(selectors.work_get, actor=request.user, community=request.community, work_id=work_id)
    _keep(request, work.building_id)
    return work


def _work_page(request, work, *, form=None, status_form=None, attach_form=None, status: int = 200):
    initial = {name: getattr(work, name) for name in services.WORK_FIELDS}
    return render(request, "housing/office_work.html", {
        "work": work, "building": work.building,
        "form": form or WorkForm(initial=initial),
        "status_form": status_form or WorkStatusForm(initial={"actual_start": work.actual_start,
                                                              "actual_end": work.actual_end,
                                                              "cost_actual": work.cost_actual},
                                                     prefix=_prefix("status_form")),
        "attach_form": attach_form or AttachmentForm(prefix=_prefix("attach_form")),
        "attachments": list(work.attachments.order_by("pk")),
    }, status=status)


def _work_action(form_class, name: str, call, *, files: bool = False):
    @login_required
    @require_http_methods(["GET", "POST"] if name == "form" else ["POST"])
    def view(request, work_id: int):
        work = _kept_work(request, work_id)
        if request.method == "GET":
            return _work_page(request, work)
        form = form_class(request.POST, request.FILES if files else None, prefix=_prefix(name))
        status = 400
        if form.is_valid():
            try:
                call(request, work, form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Saved."))
                return redirect("housing:work", work.pk)
        return _work_page(request, _kept_work(request, work_id), status=status, **{name: form})

    return view


work_edit = _work_action(WorkForm, "form", lambda request, work, data: services.work_update(
    actor=request.user, community=request.community, work_id=work.pk, **_work_values(data)))
work_status = _work_action(WorkStatusForm, "status_form", lambda request, work, data: services.work_set_status(
    actor=request.user, community=request.community, work_id=work.pk, **data))
work_attach = _work_action(AttachmentForm, "attach_form", lambda request, work, data: services.work_attach(
    actor=request.user, community=request.community, work_id=work.pk, upload=data["file"], kind=data["kind"],
    is_public=data["is_public"]), files=True)


@login_required
@require_POST
def attachment_remove(request, attachment_id: int):
    community = request.community
    attachment = _or_404(selectors.attachment_get, actor=request.user, community=community,
                         attachment_id=attachment_id)
    try:
        services.work_attachment_remove(actor=request.user, community=community, attachment_id=attachment.pk)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Removed."))
    return redirect("housing:work", attachment.work_id)


@login_required
@require_POST
def attachment_visibility(request, attachment_id: int):
    """The switch between "public" and "office only" beside each of a work's files."""
    community = request.community
    attachment = _or_404(selectors.attachment_get, actor=request.user, community=community,
                         attachment_id=attachment_id)
    try:
        services.work_attachment_set_public(actor=request.user, community=community, attachment_id=attachment.pk,
                                            is_public=request.POST.get("is_public") == "1")
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("housing:work", attachment.work_id)


@login_required
@require_http_methods(["GET", "POST"])
def emergency_edit(request, event_id: int):
    community = request.community
    event = EmergencyEvent.objects.filter(community=community, pk=event_id).select_related("building").first()
    if event is None:
        raise Http404()
    building = _keep(request, event.building_id)
    works = list(building.works.order_by("-planned_start", "-pk"))
    initial = {name: getattr(event, name) for name in services.EMERGENCY_FIELDS}
    for name in ("occurred_at", "resolved_at"):
        if initial[name]:
            initial[name] = timezone.localtime(initial[name]).strftime("%Y-%m-%dT%H:%M")
    form = EmergencyForm(request.POST or None, initial=initial, works=works)
    return _form_page(request, form, title=_("Emergency at %(address)s") % {"address": building.address},
                      back=("housing:manage", building.pk),
                      call=lambda data: services.emergency_update(actor=request.user, community=community,
                                                                  event_id=event.pk, **data),
                      done=lambda e: ("housing:manage", building.pk))


# --- managers and boards -------------------------------------------------------------------------------------------

def _departments(community):
    return list(Department.objects.filter(community=community, is_active=True).order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def manager_new(request):
    community = request.community
    _require(policies.is_editor(request.user, community))
    form = ManagerForm(request.POST or None, departments=_departments(community))
    return _form_page(request, form, title=_("New manager"), back="housing:managers",
                      call=lambda data: services.manager_create(actor=request.user, community=community, **data),
                      done=lambda manager: ("housing:manager_edit", manager.pk))


@login_required
@require_http_methods(["GET", "POST"])
def manager_edit(request, manager_id: int):
    community = request.community
    _require(policies.is_editor(request.user, community))
    manager = _or_404(selectors.manager_get, actor=request.user, community=community, manager_id=manager_id)
    initial = {name: getattr(manager, name) for name in services.MANAGER_FIELDS}
    form = ManagerForm(request.POST or None, initial=initial, departments=_departments(community))
    board = selectors.board_of(actor=request.user, community=community, manager=manager)
    return _form_page(request, form, title=manager.name, back=("housing:manager", manager.pk),
                      call=lambda data: services.manager_update(actor=request.user, community=community,
                                                                manager_id=manager.pk, **data),
                      done=lambda m: ("housing:manager_edit", m.pk),
                      extra={"manager": manager, "board": board,
                             "board_form": BoardMemberForm(prefix="board") if manager.kind == ManagerKind.CONDOMINIUM else None,
                             "delete_url": ("housing:manager_delete", manager.pk)})


manager_delete = _deletion(lambda *, entry_id, **kw: services.manager_delete(manager_id=entry_id, **kw),
                           refused_to="housing:manager_edit", deleted_to="housing:managers",
                           deleted=gettext_noop("The manager was deleted."))


@login_required
@require_POST
def board_add(request, manager_id: int):
    community = request.community
    form = BoardMemberForm(request.POST, prefix="board")
    if form.is_valid():
        try:
            services.board_member_add(actor=request.user, community=community, manager_id=manager_id,
                                      **form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            messages.error(request, str(exc.message) if not exc.fields else "; ".join(
                f"{form.fields[k].label if k in form.fields else k}: {' '.join(map(str, v))}"
                for k, v in exc.fields.items()))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, "; ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
    return redirect("housing:manager_edit", manager_id)


@login_required
@require_POST
def board_remove(request, member_id: int):
    community = request.community
    manager_id = BoardMember.objects.filter(community=community, pk=member_id).values_list(
        "manager_id", flat=True).first()
    if manager_id is None:
        raise Http404()
    try:
        services.board_member_remove(actor=request.user, community=community, member_id=member_id)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Removed."))
    return redirect("housing:manager_edit", manager_id)
