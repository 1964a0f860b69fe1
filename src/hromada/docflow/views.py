"""Staff pages of the document workflow: the journals, a journal's cards (search, filters, pages, CSV), the card
with its files and links, the card's form (draft and correction), registering, attaching files, and the files
themselves (PDFs and images inline for the browser's preview). As thin as the API: parse, call, render."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.storage import private_file_response
from hromada.core.web.csvstream import csv_response
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import AttachmentForm, CardForm
from .manifest import docflow_settings
from .models import DocumentKind, Status

INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png", "text/plain")


def _reader(request):
    if not policies.can_read(request.user, request.community):
        raise Http404
    return request.community


def _journal(request, journal_id):
    try:
        return selectors.journal_get(actor=request.user, community=_reader(request), journal_id=journal_id)
    except NotFound:
        raise Http404 from None


def _document(request, document_id):
    try:
        return selectors.document_get(actor=request.user, community=_reader(request), document_id=document_id)
    except NotFound:
        raise Http404 from None


@login_required
@require_GET
def journal_list(request):
    community = _reader(request)
    return render(request, "docflow/journals.html", {
        "journals": selectors.journals(actor=request.user, community=community),
        "may_draft": policies.can_create_draft(request.user, community)})


def _search(request, journal):
    """The journal's cards for the query string, or the query's field errors."""
    try:
        query = selectors.parse_query(request.GET)
    except DomainError as exc:
        return selectors.JournalQuery(), dict(exc.fields), None
    documents = selectors.document_search(actor=request.user, community=request.community, journal=journal,
                                          query=query)
    return query, {}, documents


@login_required
@require_GET
def journal_detail(request, journal_id: int):
    journal = _journal(request, journal_id)
    query, errors, documents = _search(request, journal)
    page = None
    if documents is not None:
        page = Paginator(documents, docflow_settings(request.community).page_size).get_page(request.GET.get("page"))
    choices = selectors.form_choices(request.community)
    return render(request, "docflow/journal.html", {
        "journal": journal, "page": page, "query": query, "errors": errors,
        "params": urlencode(query.as_params()), "kinds": DocumentKind.choices, "statuses": Status.choices,
        "departments": choices["departments"], "may_draft": policies.can_create_draft(request.user, request.community),
    }, status=400 if errors else 200)


@login_required
@require_GET
def journal_export(request, journal_id: int):
    """The searched and filtered cards as CSV (UTF-8 with a byte-order mark, for spreadsheets)."""
    journal = _journal(request, journal_id)
    _query, errors, documents = _search(request, journal)
    if documents is None:
        raise Http404
    return csv_response(selectors.csv_rows(documents), filename=f"journal-{journal.pk}.csv")


def _card_form(request, document=None, journal=None):
    community = _reader(request)
    choices = selectors.form_choices(community)
    registered = document is not None and document.status != Status.DRAFT
    locked = frozenset({"journal_id", "kind"}) if registered else frozenset()
    initial = {"journal_id": journal.pk if journal else None, "kind": DocumentKind.LETTER, "access": "public"}
    if document is not None:
        initial = {name: getattr(document, name) for name in ("journal_id", "kind", "correspondent_org",
                                                              "correspondent_name", "correspondent_index", "summary",
                                                              "sheets", "attachment_sheets", "access", "case_id",
                                                              "department_id")}
        initial.update({name: (getattr(document, name).isoformat() if getattr(document, name) else "")
                        for name in ("correspondent_date", "received_date")})
    form = CardForm(request.POST or None, initial=initial, choices=choices, locked=locked)
    if request.method == "POST" and form.is_valid():
        try:
            if document is None:
                saved = services.document_draft_create(actor=request.user, community=community, **form.values())
                messages.success(request, _("The draft is saved. Check it and register it."))
            else:
                saved = services.document_update(actor=request.user, community=community, document_id=document.pk,
                                                 **form.values())
                messages.success(request, _("The card is saved."))
            return redirect("docflow:document", saved.pk)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
    return render(request, "docflow/card_form.html", {"form": form, "document": document, "journal": journal},
                  status=400 if form.errors else 200)


@login_required
def document_new(request, journal_id: int):
    journal = _journal(request, journal_id)
    if not policies.can_create_draft(request.user, request.community) or not journal.is_active:
        raise Http404
    return _card_form(request, journal=journal)


@login_required
def document_edit(request, document_id: int):
    document = _document(request, document_id)
    if not policies.can_edit(request.user, request.community, document):
        raise Http404
    return _card_form(request, document=document, journal=document.journal)


@login_required
@require_GET
def document_detail(request, document_id: int):
    document = _document(request, document_id)
    user, community = request.user, request.community
    return render(request, "docflow/document.html", {
        "document": document, "attachment_form": AttachmentForm(attachments=document.attachments.all()),
        "may_edit": policies.can_edit(user, community, document),
        "may_register": document.status == Status.DRAFT and policies.can_register(user, community),
        "may_attach": policies.can_add_attachment(user, community, document),
    })


@login_required
@require_POST
def document_register(request, document_id: int):
    document = _document(request, document_id)
    try:
        registered = services.document_register(actor=request.user, community=request.community,
                                                document_id=document.pk)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        problems = [f"{message}" for messages_ in exc.fields.values() for message in messages_] or [str(exc.message)]
        messages.error(request, _("Not registered: %(problems)s") % {"problems": " ".join(problems)})
        return redirect("docflow:document", document.pk)
    messages.success(request, _("Registered under index %(index)s.") % {"index": registered.reg_index})
    return redirect("docflow:document", document.pk)


@login_required
def attachment_add(request, document_id: int):
    document = _document(request, document_id)
    if not policies.can_add_attachment(request.user, request.community, document):
        raise Http404
    form = AttachmentForm(request.POST or None, request.FILES or None, attachments=document.attachments.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(actor=request.user, community=request.community, document_id=document.pk,
                                    upload=form.cleaned_data["file"], title=form.cleaned_data["title"],
                                    attachment_id=form.cleaned_data["attachment_id"])
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("docflow:document", document.pk)
    return render(request, "docflow/attachment_form.html", {"form": form, "document": document},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def version_file(request, version_id: int):
    """A file version: PDFs, images and text inline (the browser's preview), office files as a download."""
    try:
        version = selectors.version_get(actor=request.user, community=_reader(request), version_id=version_id)
    except NotFound:
        raise Http404 from None
    inline = version.content_type in INLINE_TYPES and request.GET.get("download") != "1"
    content_type = "text/plain; charset=utf-8" if version.content_type == "text/plain" else version.content_type
    # The uploader's file name may carry personal data: the download is named from the card's public metadata.
    name = f"document-{version.attachment.document_id}-{version.attachment_id}-v{version.number}{_extension(version)}"
    return private_file_response(version.file, content_type=content_type, download_name=name, attachment=not inline)


def _extension(version) -> str:
    return os.path.splitext(version.file.name)[1].lower()
