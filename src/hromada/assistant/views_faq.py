"""The FAQ on the site (published questions by topic, for everyone) and its back office (topics and entries, for
the community's staff). Thin: every write is a service of hromada.assistant.faq."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.core import richtext
from hromada.core.errors import DomainError
from hromada.core.web.form_errors import add_domain_error

from . import faq
from .models import FaqEntry, FaqTopic


def _community(request):
    community = getattr(request, "community", None)
    if community is None or not community.capability_enabled("assistant"):
        raise Http404()
    return community


def _staff_community(request):
    community = _community(request)
    if not faq.can_edit(request.user, community):
        raise Http404()
    return community


@require_GET
def faq_page(request):
    community = _community(request)
    topics = list(faq.published_topics(community=community))
    for topic in topics:
        for entry in topic.published_entries:
            entry.answer_html = mark_safe(richtext.render(entry.answer))  # noqa: S308 - sanitised by nh3
    return render(request, "assistant/faq.html", {"topics": topics})


# --- back office ---------------------------------------------------------------------------------------------


class TopicForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=faq.TITLE_MAX)
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, max_value=faq.ORDER_MAX, initial=100,
                               help_text=gettext_lazy("Smaller numbers come first."))


class EntryForm(forms.Form):
    topic_id = forms.TypedChoiceField(label=gettext_lazy("Topic"), coerce=int)
    question = forms.CharField(label=gettext_lazy("Question"), max_length=faq.QUESTION_MAX)
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=forms.Textarea(attrs={"rows": 8}),
                             max_length=faq.ANSWER_MAX,
                             help_text=gettext_lazy("Markdown: paragraphs, lists, links. Keep it short: it is sent "
                                                    "to chats."))
    keywords = forms.CharField(label=gettext_lazy("Keywords"), max_length=faq.KEYWORDS_MAX, required=False,
                               help_text=gettext_lazy("Other words residents use for this, separated by commas."))
    is_published = forms.BooleanField(label=gettext_lazy("Published"), required=False, initial=True)
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, max_value=faq.ORDER_MAX, initial=100)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic_id"].choices = [(t.pk, t.title) for t in FaqTopic.objects.filter(community=community)]


@login_required
@require_GET
def faq_staff(request):
    community = _staff_community(request)
    return render(request, "assistant/faq_staff.html", {"topics": faq.staff_topics(community=community)})


def _owned(model, community, pk):
    row = model.objects.filter(community=community, pk=pk).first()
    if row is None:
        raise Http404()
    return row


def _edit(request, form, write, context: dict):
    """The topic and entry forms: GET shows the form; a valid POST calls `write(cleaned_data)` (a service) and goes
    back to the list; a refusal is shown on the form (400 for the form's own checks, the service's status else)."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                write(form.cleaned_data)
                messages.success(request, _("Saved."))
                return redirect("assistant:faq_staff")
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
    return render(request, "assistant/faq_form.html", {"form": form, **context}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def faq_topic_edit(request, topic_id: int | None = None):
    community = _staff_community(request)
    topic = _owned(FaqTopic, community, topic_id) if topic_id else None
    initial = {"title": topic.title, "order": topic.order} if topic else None

    def write(data):
        if topic is None:
            return faq.faq_topic_create(actor=request.user, community=community, **data)
        return faq.faq_topic_update(actor=request.user, community=community, topic_id=topic.pk, **data)

    return _edit(request, TopicForm(request.POST or None, initial=initial), write, {"topic": topic, "kind": "topic"})


@login_required
@require_http_methods(["GET", "POST"])
def faq_entry_edit(request, entry_id: int | None = None):
    community = _staff_community(request)
    entry = _owned(FaqEntry, community, entry_id) if entry_id else None
    initial = ({"topic_id": entry.topic_id, "question": entry.question, "answer": entry.answer,
                "keywords": entry.keywords, "is_published": entry.is_published, "order": entry.order}
               if entry else {"topic_id": request.GET.get("topic")})

    def write(data):
        if entry is None:
            return faq.faq_entry_create(actor=request.user, community=community, **data)
        return faq.faq_entry_update(actor=request.user, community=community, entry_id=entry.pk, **data)

    form = EntryForm(request.POST or None, initial=initial, community=community)
    return _edit(request, form, write, {"entry": entry, "kind": "entry"})


@login_required
@require_POST
def faq_topic_delete(request, topic_id: int):
    community = _staff_community(request)
    try:
        faq.faq_topic_delete(actor=request.user, community=community, topic_id=topic_id)
        messages.success(request, _("The topic and its questions are deleted."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("assistant:faq_staff")


@login_required
@require_POST
def faq_entry_delete(request, entry_id: int):
    community = _staff_community(request)
    try:
        faq.faq_entry_delete(actor=request.user, community=community, entry_id=entry_id)
        messages.success(request, _("The question is deleted."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("assistant:faq_staff")
