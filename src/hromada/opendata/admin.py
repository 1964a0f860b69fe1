"""Back office of the portal: staff browse publishers, themes, datasets, resources and datastore jobs of their
communities. A community's admins also add publishers (CKAN organizations) and themes (CKAN groups) here.

Every addition and change goes through publisher_create / theme_create and publisher_update / theme_update
(policy, validation, audit, catalogue refresh): the form's model-validation step calls the service, so its
refusals are shown as form errors and nothing is written. Short names stay as created (they are in every
link and harvested record); nothing is deleted here, since datasets and subscriptions hang on these rows."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.core.errors import DomainError
from hromada.core.identity.models import Role
from hromada.core.web.admin_scoping import CommunityScopedAdmin

from . import services
from .models import Dataset, DatasetTemplate, DatastoreTable, Publisher, PublisherKind, Resource, Theme


class ReadOnlyScopedAdmin(CommunityScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceCreateForm(forms.ModelForm):
    """An add or change form whose model-validation step is the create or update service itself.

    Django's ModelForm validates the instance in _post_clean; here the service validates and writes in one
    transaction (inside the admin's own), and its DomainError becomes form errors, so a refusal writes nothing.
    The admin's save_model then has nothing left to save."""

    service = None  # set by subclasses (as a staticmethod): a create service taking actor=, community= and the form's fields
    service_fields: tuple[str, ...] = ()
    update_service = None  # the update service, taking actor=, community=, the object (as update_target=) and fields
    update_target = ""
    request = None  # set by the admin's get_form

    def _post_clean(self):
        if self.errors:
            return
        data = self.cleaned_data
        try:
            if self.instance._state.adding:
                values = {name: data[name] for name in self.service_fields}
                self.instance = self.service(actor=self.request.user, community=data["community"], **values)
            else:
                values = {name: data[name] for name in self.service_fields if name in self.fields}
                original = type(self.instance).objects.get(pk=self.instance.pk)  # the form has already changed it
                self.instance = self.update_service(actor=self.request.user, community=original.community,
                                                    **{self.update_target: original}, **values)
        except DomainError as exc:
            self._add_domain_errors(exc)

    def _add_domain_errors(self, exc: DomainError) -> None:
        errors: dict[str, list[str]] = {}
        for name, problems in exc.fields.items():
            target = name if name in self.fields else NON_FIELD_ERRORS
            errors.setdefault(target, []).extend(problems if target == name else [f"{name}: {p}" for p in problems])
        if not errors:
            errors[NON_FIELD_ERRORS] = [str(exc.message)]
        self.add_error(None, ValidationError(errors))


class PublisherCreateForm(ServiceCreateForm):
    service = staticmethod(services.publisher_create)
    service_fields = ("title", "name", "description", "kind", "department", "email", "edrpou")
    update_service, update_target = staticmethod(services.publisher_update), "publisher"

    class Meta:
        model = Publisher
        fields = ("community", "title", "name", "description", "kind", "department", "email", "edrpou")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name" in self.fields:  # on the add form; a change form shows the short name read-only
            self.fields["name"].required = False
            self.fields["name"].help_text = _("Leave empty to make one from the title.")
        # Platform publishers are made only by the platform's own refresh.
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != PublisherKind.PLATFORM]


class ThemeCreateForm(ServiceCreateForm):
    service = staticmethod(services.theme_create)
    service_fields = ("title", "name", "description")
    update_service, update_target = staticmethod(services.theme_update), "theme"

    class Meta:
        model = Theme
        fields = ("community", "title", "name", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "name" in self.fields:  # on the add form; a change form shows the short name read-only
            self.fields["name"].required = False
            self.fields["name"].help_text = _("Leave empty to make one from the title.")


class CreateThroughServiceAdmin(CommunityScopedAdmin):
    """Staff of the community browse; its admins add and change through the services; nobody deletes here."""

    manage_roles = (Role.ADMIN,)  # policies.can_manage_publishers: the community's admins
    add_form: type[ServiceCreateForm]
    inlines = ()  # keep it so: the form's validation already wrote, and an invalid inline would not undo that

    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "kind", "") == PublisherKind.PLATFORM:
            return False  # the platform's own publisher is kept by the platform
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # datasets and subscriptions hang on publishers and themes

    def get_readonly_fields(self, request, obj=None):
        return ("community", "name") if obj is not None else ()

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = self.add_form
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request = request
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        ids = self._ids(request, self.manage_roles)
        if len(ids) == 1 and not request.user.is_superuser:
            initial.setdefault("community", next(iter(ids)))
        return initial

    def save_model(self, request, obj, form, change):
        pass  # the form's validation saved it through its service; never save() directly

    def save_related(self, request, form, formsets, change):
        pass  # no many-to-many fields or inlines: the service wrote everything


@admin.register(Publisher)
class PublisherAdmin(CreateThroughServiceAdmin):
    add_form = PublisherCreateForm
    list_display = ("title", "name", "kind", "department")
    search_fields = ("title", "name")


@admin.register(Theme)
class ThemeAdmin(CreateThroughServiceAdmin):
    add_form = ThemeCreateForm
    list_display = ("title", "name", "created_at")
    search_fields = ("title", "name")


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "publisher", "update_frequency", "private", "next_update_due", "metadata_modified")
    list_filter = ("update_frequency", "private")
    search_fields = ("title", "name")
    list_select_related = ("publisher",)


@admin.register(Resource)
class ResourceAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "dataset", "format", "last_modified")
    list_select_related = ("dataset",)


@admin.register(DatastoreTable)
class DatastoreTableAdmin(ReadOnlyScopedAdmin):
    list_display = ("table_name", "status", "rows_loaded", "rows_total", "started_at", "finished_at")
    list_filter = ("status",)


@admin.register(DatasetTemplate)
class DatasetTemplateAdmin(admin.ModelAdmin):
    list_display = ("title", "slug")

    def has_module_permission(self, request):
        return request.user.is_superuser
