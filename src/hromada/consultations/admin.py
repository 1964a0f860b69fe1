"""Back office of e-consultations, scoped to the staff member's communities: consultations are added and changed
through the services (the draft's text is split into paragraphs there), published and closed by actions; proposals
are read here and answered or hidden on the site."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hromada.core.web.admin_base import ServiceAdmin

from . import services
from .models import Consultation, Document, Proposal

_FIELDS = ("title", "kind", "summary", "opens_at", "closes_at", "required_identity_level")


class ConsultationForm(forms.ModelForm):
    text = forms.CharField(label=_("Text of the draft"), widget=forms.Textarea(attrs={"rows": 20}),
                           help_text=_("Paragraphs are separated by blank lines; each becomes a numbered paragraph."))

    class Meta:
        model = Consultation
        fields = ("community", *_FIELDS, "department", "text")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["text"].initial = "\n\n".join(self.instance.paragraphs.values_list("text", flat=True))


@admin.action(description=_("Publish (open for proposals)"))
def publish(modeladmin, request, queryset):
    modeladmin.run_each(request, queryset.select_related("community"), lambda c: services.consultation_publish(
        actor=request.user, community=c.community, consultation_id=c.pk), _("Published: %(n)s"))


@admin.action(description=_("Close (stop taking proposals)"))
def close(modeladmin, request, queryset):
    modeladmin.run_each(request, queryset.select_related("community"), lambda c: services.consultation_close(
        actor=request.user, community=c.community, consultation_id=c.pk), _("Closed: %(n)s"))


@admin.register(Consultation)
class ConsultationAdmin(ServiceAdmin):
    form = ConsultationForm
    list_display = ("title", "kind", "status", "opens_at", "closes_at", "department", "proposal_count")
    list_filter = ("status", "kind")
    search_fields = ("title",)
    actions = [publish, close]

    def _data(self, data) -> dict:
        department = data.get("department")
        return {**{f: data[f] for f in _FIELDS}, "text": data["text"],
                "department_id": department.pk if department else None}

    def create(self, request, community, data):
        return services.consultation_create(actor=request.user, community=community, **self._data(data))

    def update(self, request, obj, data):
        values = self._data(data)
        if obj.status != "draft":  # an open consultation keeps its text and rules: send only what may change
            values = {k: v for k, v in values.items() if k in ("title", "summary", "closes_at")}
        return services.consultation_update(actor=request.user, community=obj.community, consultation_id=obj.pk,
                                            **values)

    def delete(self, request, obj):
        services.consultation_delete(actor=request.user, community=obj.community, consultation_id=obj.pk)


@admin.register(Proposal)
class ProposalAdmin(ServiceAdmin):
    """Proposals are part of the public record: read here; answered and hidden on the consultation's page."""

    list_display = ("pk", "consultation", "kind", "support_count", "is_hidden", "answer", "created_at")
    list_filter = ("answer", "is_hidden", "kind")
    list_select_related = ("consultation",)
    readonly_fields = [f.name for f in Proposal._meta.fields if f.name != "id"]


@admin.register(Document)
class DocumentAdmin(ServiceAdmin):
    """A public document of a consultation: a file checked by the kernel's upload sanitiser, or a link."""

    list_display = ("name", "consultation", "added_at")
    list_select_related = ("consultation",)
    fields = ("community", "consultation", "name", "file", "url")

    def create(self, request, community, data):
        return services.document_add(actor=request.user, community=community, consultation_id=data["consultation"].pk,
                                     name=data.get("name", ""), upload=data.get("file") or None,
                                     url=data.get("url", ""))
