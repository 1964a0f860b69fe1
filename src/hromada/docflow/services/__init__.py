"""Every write of the document workflow, one @service per change (web pages, the API, the back office, other
capabilities, tasks and the demo call these): journals and the file plan, cards, registration, attachments."""

from .attachments import attachment_add
from .cards import document_draft_create, document_link, document_register_from, document_update
from .journals import file_plan_case_create, file_plan_case_update, journal_create, journal_update
from .registration import document_register

__all__ = [
    "attachment_add",
    "document_draft_create",
    "document_link",
    "document_register",
    "document_register_from",
    "document_update",
    "file_plan_case_create",
    "file_plan_case_update",
    "journal_create",
    "journal_update",
]
