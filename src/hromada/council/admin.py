"""Back office of Council: the secretariat (officials and community admins) enters and corrects convocations,
organizations, deputies, memberships, sessions, draft decisions, decisions and vote events (with the free-vote
flag), and imports files on the import page. Every write goes through a service; staff see their communities only."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.errors import DomainError
from hromada.core.identity.models import Role
from hromada.core.tenancy.models import Community
from hromada.core.web.admin_base import STAFF, ReadOnlyInline, ServiceAdmin, staff_community_ids
from hromada.core.web.form_errors import add_domain_error

from . import services
from .models import (
    Convocation,
    Decision,
    DraftDecision,
    DraftStatus,
    DraftStatusChange,
    Membership,
    Organization,
    Person,
    Session,
    Vote,
    VoteEvent,
)
from .services.importing import ImportRejected

SECRETARIAT = (Role.OFFICIAL, Role.ADMIN)


class CouncilAdmin(ServiceAdmin):
    view_roles = STAFF
    manage_roles = SECRETARIAT


def _pk(value):
    return value.pk if value is not None else None


@admin.register(Convocation)
class ConvocationAdmin(CouncilAdmin):
    list_display = ("number", "name", "start_date", "end_date")
    fields = ("community", "number", "name", "start_date", "end_date", "source_id")
    change_list_template = "admin/council/convocation_changelist.html"

    def create(self, request, community, data):
        data.pop("community", None)
        return services.convocation_create(actor=request.user, community=community, **data)

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view), name="council_import"),
                *super().get_urls()]

    def import_view(self, request):
        """Upload a national structure or a Popolo file; the report lists what changed, or every rejected row."""
        ids = staff_community_ids(request.user, SECRETARIAT)
        communities = Community.objects.all() if request.user.is_superuser else Community.objects.filter(pk__in=ids)
        form = ImportForm(request.POST or None, request.FILES or None, communities=communities)
        report = rejected = None
        if request.method == "POST" and form.is_valid():
            try:
                report = services.council_import(actor=request.user, community=form.cleaned_data["community"],
                                                 kind=form.cleaned_data["kind"],
                                                 content=form.cleaned_data["file"].read())
                messages.success(request, _("Imported: nothing was rejected."))
            except ImportRejected as exc:
                rejected = exc
            except DomainError as exc:
                add_domain_error(form, exc)
        context = {**self.admin_site.each_context(request), "title": _("Import council data"), "form": form,
                   "report": report, "rejected": rejected, "opts": self.model._meta}
        return TemplateResponse(request, "admin/council/import.html", context)


class ImportForm(forms.Form):
    community = forms.ModelChoiceField(queryset=Community.objects.none(), label=gettext_lazy("Community"))
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=[
        ("convocations", gettext_lazy("Convocations (national structure)")),
        ("deputies", gettext_lazy("Deputies (national structure)")),
        ("sessions", gettext_lazy("Sessions (national structure)")),
        ("motions", gettext_lazy("Motions: roll-call vote events (national structure)")),
        ("votings", gettext_lazy("Votings: each deputy's vote (national structure)")),
        ("popolo", gettext_lazy("Popolo JSON (everything)")),
    ])
    file = forms.FileField(label=gettext_lazy("File (CSV or JSON)"))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


@admin.register(Organization)
class OrganizationAdmin(CouncilAdmin):
    list_display = ("name", "kind", "party", "convocation")
    list_filter = ("kind",)
    search_fields = ("name", "party")
    fields = ("community", "kind", "name", "short_name", "party", "convocation", "founding_date", "dissolution_date",
              "source_id")

    def create(self, request, community, data):
        data.pop("community", None)
        return services.organization_create(actor=request.user, community=community, **data)

    def update(self, request, obj, data):
        data.pop("community", None)
        return services.organization_update(actor=request.user, community=obj.community, organization_id=obj.pk,
                                            **data)


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ("organization", "role", "start_date", "end_date")


_PERSON = ("family_name", "given_name", "additional_name", "gender", "birth_date", "party", "electoral_district",
           "email", "phone", "website", "biography", "start_date", "end_date", "source_id", "voting_identifier")


@admin.register(Person)
class PersonAdmin(CouncilAdmin):
    list_display = ("family_name", "given_name", "party", "electoral_district")
    search_fields = ("family_name", "given_name", "source_id", "voting_identifier")
    fields = ("community", *_PERSON, "photo")
    inlines = (MembershipInline,)

    def _photo(self, request, person, upload):
        if isinstance(upload, UploadedFile):
            return services.deputy_photo_set(actor=request.user, community=person.community, person_id=person.pk,
                                             upload=upload)
        return person

    def create(self, request, community, data):
        with transaction.atomic():
            person = services.deputy_create(actor=request.user, community=community,
                                            **{k: data[k] for k in _PERSON})
            return self._photo(request, person, data.get("photo"))

    def update(self, request, obj, data):
        with transaction.atomic():
            person = services.deputy_update(actor=request.user, community=obj.community, person_id=obj.pk,
                                            **{k: data[k] for k in _PERSON})
            return self._photo(request, person, data.get("photo"))

    def delete(self, request, obj):
        services.deputy_delete(actor=request.user, community=obj.community, person_id=obj.pk)


@admin.register(Membership)
class MembershipAdmin(CouncilAdmin):
    """A faction switch: end the old membership (set its end date), then add the new one."""

    list_display = ("person", "organization", "role", "start_date", "end_date")
    list_filter = ("organization__kind", "role")
    search_fields = ("person__family_name", "organization__name")
    fields = ("community", "person", "organization", "role", "start_date", "end_date", "source_id")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields + ("person", "organization", "role", "start_date", "source_id") if obj else fields

    def create(self, request, community, data):
        return services.membership_start(actor=request.user, community=community, person_id=_pk(data["person"]),
                                         organization_id=_pk(data["organization"]), role=data["role"],
                                         start_date=data["start_date"], end_date=data.get("end_date"),
                                         source_id=data.get("source_id", ""))

    def update(self, request, obj, data):
        return services.membership_end(actor=request.user, community=obj.community, membership_id=obj.pk,
                                       end_date=data.get("end_date"))


@admin.register(Session)
class SessionAdmin(CouncilAdmin):
    list_display = ("number", "name", "convocation", "start_date")
    fields = ("community", "convocation", "number", "name", "start_date", "end_date", "source_id")

    def create(self, request, community, data):
        return services.session_create(actor=request.user, community=community,
                                       convocation_id=_pk(data["convocation"]), number=data["number"],
                                       start_date=data["start_date"], end_date=data.get("end_date"),
                                       name=data.get("name", ""), source_id=data.get("source_id", ""))


class StatusHistoryInline(ReadOnlyInline):
    model = DraftStatusChange
    fields = ("status", "date", "note")


class DraftForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=gettext_lazy("Move to status"), required=False,
                                   choices=[("", "—"), *DraftStatus.choices])
    status_date = forms.DateField(label=gettext_lazy("Status date"), required=False)
    status_note = forms.CharField(label=gettext_lazy("Status note"), required=False, max_length=500)


_DRAFT = ("number", "title", "registered_on", "text", "text_url", "source_id")


@admin.register(DraftDecision)
class DraftDecisionAdmin(CouncilAdmin):
    form = DraftForm
    list_display = ("number", "title", "status", "registered_on", "commission")
    list_filter = ("status",)
    search_fields = ("number", "title")
    readonly_fields = ("status",)
    fields = ("community", "convocation", *_DRAFT, "authors", "commission", "status", "new_status",
              "status_date", "status_note")
    inlines = (StatusHistoryInline,)

    def _values(self, data):
        return {**{k: data[k] for k in _DRAFT}, "commission_id": _pk(data.get("commission")),
                "convocation_id": _pk(data.get("convocation")),
                "author_ids": [p.pk for p in data.get("authors") or []]}

    def _status(self, request, draft, data):
        if data.get("new_status"):
            return services.draft_decision_status_set(actor=request.user, community=draft.community,
                                                      draft_id=draft.pk, status=data["new_status"],
                                                      date=data.get("status_date"), note=data.get("status_note", ""))
        return draft

    def create(self, request, community, data):
        with transaction.atomic():
            draft = services.draft_decision_register(actor=request.user, community=community, **self._values(data))
            return self._status(request, draft, data)

    def update(self, request, obj, data):
        with transaction.atomic():
            draft = services.draft_decision_update(actor=request.user, community=obj.community, draft_id=obj.pk,
                                                   **self._values(data))
            return self._status(request, draft, data)


@admin.register(Decision)
class DecisionAdmin(CouncilAdmin):
    list_display = ("number", "title", "date")
    search_fields = ("number", "title")
    fields = ("community", "convocation", "draft", "number", "date", "title", "text_url", "source_id")

    def create(self, request, community, data):
        return services.decision_record(actor=request.user, community=community, number=data["number"],
                                        date=data["date"], title=data["title"],
                                        convocation_id=_pk(data.get("convocation")), draft_id=_pk(data.get("draft")),
                                        text_url=data.get("text_url", ""), source_id=data.get("source_id", ""))


class VoteInline(ReadOnlyInline):
    model = Vote
    fields = ("person", "option", "faction")


@admin.register(VoteEvent)
class VoteEventAdmin(CouncilAdmin):
    """Vote events come from imports; staff correct the question, result or draft and set the free-vote flag
    (one deputy's vote is corrected by importing a one-row votings file, or through the API)."""

    list_display = ("date", "number", "question", "result", "free_vote")
    list_filter = ("free_vote", "result")
    search_fields = ("question", "identifier")
    date_hierarchy = "date"
    fields = ("community", "date", "number", "identifier", "question", "result", "draft", "free_vote",
              "yes_count", "no_count", "abstain_count", "not_voting_count", "absent_count")
    readonly_fields = ("date", "number", "identifier", "yes_count", "no_count", "abstain_count", "not_voting_count",
                       "absent_count")
    inlines = (VoteInline,)
    actions = ("mark_free", "unmark_free")

    def update(self, request, obj, data):
        return services.vote_event_update(actor=request.user, community=obj.community, vote_event_id=obj.pk,
                                          question=data["question"], result=data["result"],
                                          free_vote=data["free_vote"], draft_id=_pk(data.get("draft")))

    def delete(self, request, obj):
        services.vote_event_delete(actor=request.user, community=obj.community, vote_event_id=obj.pk)

    @admin.action(description=gettext_lazy("Mark as free votes (left out of rebellions)"))
    def mark_free(self, request, queryset):
        self.run_each(request, queryset, lambda e: services.vote_event_update(
            actor=request.user, community=e.community, vote_event_id=e.pk, free_vote=True), _("%(n)d marked."))

    @admin.action(description=gettext_lazy("Unmark free votes"))
    def unmark_free(self, request, queryset):
        self.run_each(request, queryset, lambda e: services.vote_event_update(
            actor=request.user, community=e.community, vote_event_id=e.pk, free_vote=False), _("%(n)d unmarked."))


