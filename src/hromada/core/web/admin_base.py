"""ServiceAdmin: the one base of every back-office page. Staff see rows of the communities they work for, and
every add, change, delete and "delete selected" goes through a named service (policy, validation, audit).

A model admin names its writes by defining `create`, `update` and `delete` (each calling one service); a write
it does not define is not offered, so a model without a service is read-only. The add and change forms run the
service as their last validation step, so a DomainError becomes form errors and nothing is written; a refused
delete is rolled back and shown as a message. Superusers see every community; `community_field = None` marks a
platform-wide model (accounts, identities), which only superusers see."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import model_ngettext
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import router, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.errors import DomainError
from hromada.core.identity.models import Membership, Role
from hromada.core.tenancy.models import Community

from .form_errors import add_domain_error

STAFF = (Role.MODERATOR, Role.OFFICIAL, Role.ADMIN)
ADMINS = (Role.ADMIN,)
_REFUSED = "_hromada_admin_refused"


def staff_community_ids(user, roles=STAFF) -> set[int]:
    """Communities where the user holds one of `roles` (read once per request's user object)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    cache = user.__dict__.setdefault("_hromada_admin_communities", {})
    key = tuple(sorted(roles))
    if key not in cache:
        cache[key] = set(
            Membership.objects.filter(user=user, role__in=roles).values_list("community_id", flat=True)
        )
    return cache[key]


class ServiceAdmin(admin.ModelAdmin):
    """Subclasses set `community_field` ("community"; "pk" for Community itself; None: platform-wide, superusers
    only), `view_roles` and `manage_roles`, and define the writes they offer:

        def create(self, request, community, data) -> obj     # data: the form's cleaned values
        def update(self, request, obj, data) -> obj
        def delete(self, request, obj) -> None
    """

    community_field: str | None = "community"
    view_roles: tuple[str, ...] = STAFF
    manage_roles: tuple[str, ...] = STAFF
    create = None
    update = None
    delete = None
    # Where a service's field error belongs when the service names the field differently from the form.
    domain_error_aliases: dict[str, str] = {}
    list_editable = ()  # a changelist formset would save rows itself, past the services

    # --- scope -------------------------------------------------------------------------------------------------

    def _ids(self, request, roles=None) -> set[int]:
        return staff_community_ids(request.user, self.view_roles if roles is None else roles)

    def _community_id_of(self, obj) -> int | None:
        return obj.pk if self.community_field == "pk" else getattr(obj, f"{self.community_field}_id")

    def _may(self, request, roles, obj=None) -> bool:
        if request.user.is_superuser and request.user.is_active:
            return True
        if self.community_field is None:
            return False
        ids = self._ids(request, roles)
        return bool(ids) and (obj is None or self._community_id_of(obj) in ids)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser and request.user.is_active:
            return qs
        if self.community_field is None:
            return qs.none()
        lookup = "pk__in" if self.community_field == "pk" else f"{self.community_field}_id__in"
        return qs.filter(**{lookup: self._ids(request)})

    def has_module_permission(self, request):
        return self._may(request, self.view_roles)

    def has_view_permission(self, request, obj=None):
        return self._may(request, self.view_roles, obj)

    def has_add_permission(self, request):
        return self.create is not None and self._may(request, self.manage_roles)

    def has_change_permission(self, request, obj=None):
        return self.update is not None and self._may(request, self.manage_roles, obj)

    def has_delete_permission(self, request, obj=None):
        return self.delete is not None and self._may(request, self.manage_roles, obj)

    def community_choices(self, request):
        """Communities the staff member may add rows to."""
        qs = Community.objects.all()
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=self._ids(request, self.manage_roles))

    def _scope_choices(self, field, db_field, request):
        """Limit a related-object field to the rows of the staff member's communities."""
        if request.user.is_superuser or field is None:
            return field
        ids = self._ids(request, self.manage_roles)
        model = db_field.related_model
        if model is Community:
            field.queryset = field.queryset.filter(pk__in=ids)
        elif any(f.name == "community" for f in model._meta.get_fields()):
            field.queryset = field.queryset.filter(community_id__in=ids)
        elif model is get_user_model() and db_field.name not in self.raw_id_fields:
            # A drop-down of people (e.g. a department's head) lists only people of the staff's communities;
            # raw-id fields (granting a role to a newcomer) accept any account, as the service decides.
            field.queryset = field.queryset.filter(memberships__community_id__in=ids).distinct()
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._scope_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._scope_choices(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if self.community_field not in (None, "pk") and (request.user.is_superuser or len(self._ids(request)) > 1):
            filters.insert(0, self.community_field)
        return filters

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        ids = self._ids(request, self.manage_roles)
        if self.community_field == "community" and len(ids) == 1 and not request.user.is_superuser:
            initial.setdefault("community", next(iter(ids)))
        return initial

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        # A row stays in its community: moving it would be a write no service offers.
        if obj is not None and self.community_field == "community" and "community" not in fields:
            fields += ("community",)
        return fields

    # --- writes through the services ---------------------------------------------------------------------------

    def get_inline_instances(self, request, obj=None):
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if not isinstance(inline, ReadOnlyInline):
                raise ImproperlyConfigured(f"{type(inline).__name__}: inlines of a ServiceAdmin are ReadOnlyInline; "
                                           "give the rows their own admin whose writes call a service.")
        return inlines

    def service_community(self, request, form, obj):
        """The community a new row is added to: the form's choice (scoped), or the staff member's only one."""
        if obj is not None:
            return obj if self.community_field == "pk" else getattr(obj, self.community_field, None)
        chosen = form.cleaned_data.get("community")
        if chosen is not None:
            return chosen
        ids = self._ids(request, self.manage_roles)
        return Community.objects.filter(pk=next(iter(ids))).first() if len(ids) == 1 else None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class ThroughService(form_class):
            """The model validation step of a ModelForm is the service: it validates and writes, or refuses."""

            def _post_clean(self):
                if self.errors:
                    return
                data = {name: value for name, value in self.cleaned_data.items() if name in self.fields}
                try:
                    if obj is None:
                        community = model_admin.service_community(request, self, None)
                        self.instance = model_admin.create(request, community, data)
                    else:
                        current = type(obj)._base_manager.get(pk=obj.pk)
                        self.instance = model_admin.update(request, current, data)
                except DomainError as exc:
                    add_domain_error(self, exc, model_admin.domain_error_aliases)

            def _save_m2m(self):
                pass  # the service wrote every relation it accepts

        ThroughService.__name__ = form_class.__name__
        return ThroughService

    def _changeform_view(self, request, object_id, form_url, extra_context):
        response = super()._changeform_view(request, object_id, form_url, extra_context)
        if request.method == "POST" and response.status_code == 200 \
                and "popup_response" not in str(getattr(response, "template_name", "")):
            # The page came back with errors (the form's, or an inline's after the form's service had already
            # written): nothing may stay. changeform_view runs this inside its own transaction.
            transaction.set_rollback(True, using=router.db_for_write(self.model))
        return response

    def save_model(self, request, obj, form, change):
        pass  # the form's validation step saved it through its service

    def save_related(self, request, form, formsets, change):
        pass  # likewise: no direct writes of relations or inlines

    def save_formset(self, request, form, formset, change):
        pass

    def delete_model(self, request, obj):
        try:
            self.delete(request, obj)
        except DomainError as exc:
            # Undo the admin's own log entry too; the response shows the refusal instead of "deleted".
            transaction.set_rollback(True, using=router.db_for_write(self.model))
            setattr(request, _REFUSED, exc)

    def response_delete(self, request, obj_display, obj_id):
        refused = getattr(request, _REFUSED, None)
        if refused is None:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(request, f"{obj_display}: {refused.message}", messages.ERROR)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist",
                                            current_app=self.admin_site.name))

    def delete_queryset(self, request, queryset):
        self.delete_each(request, queryset)

    def delete_each(self, request, queryset) -> tuple[int, list[str]]:
        """Delete the rows one by one through the service, each in its own transaction with its log entry."""
        done, refused = 0, []
        for obj in list(queryset):
            shown = str(obj)
            try:
                with transaction.atomic(using=router.db_for_write(self.model)):
                    self.log_deletions(request, [obj])
                    self.delete(request, obj)
                done += 1
            except DomainError as exc:
                refused.append(f"{shown}: {exc.message}")
        return done, refused

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (delete_selected_through_service, "delete_selected",
                                          actions["delete_selected"][2])
        return actions

    # --- transitions as actions -----------------------------------------------------------------------------------

    def run_each(self, request, queryset, call, done_message) -> None:
        """An admin action that calls a service per selected row; refusals are listed, the rest carried out."""
        ok = 0
        for obj in queryset:
            try:
                call(obj)
                ok += 1
            except DomainError as exc:
                self.message_user(request, f"{obj}: {exc.message}", messages.WARNING)
        self.message_user(request, done_message % {"n": ok}, messages.SUCCESS)


class ReadOnlyInline(admin.TabularInline):
    """The only kind of inline a ServiceAdmin shows: related rows to read, written through their own admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(permissions=["delete"], description=gettext_lazy("Delete selected %(verbose_name_plural)s"))
def delete_selected_through_service(modeladmin: ServiceAdmin, request, queryset) -> Any:
    """Django's confirmation page, then each row through the model admin's delete service."""
    if not request.POST.get("post"):
        return django_delete_selected(modeladmin, request, queryset)
    _objects, _count, perms_needed, protected = modeladmin.get_deleted_objects(queryset, request)
    if perms_needed or protected:
        return django_delete_selected(modeladmin, request, queryset)  # the page explaining why not
    if not modeladmin.has_delete_permission(request):
        raise DjangoPermissionDenied
    done, refused = modeladmin.delete_each(request, queryset)
    for problem in refused:
        modeladmin.message_user(request, problem, messages.ERROR)
    if done:
        modeladmin.message_user(request, _("Successfully deleted %(count)d %(items)s.")
                                % {"count": done, "items": model_ngettext(modeladmin.opts, done)}, messages.SUCCESS)
    return None

