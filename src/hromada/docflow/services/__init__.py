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

# Execution (docflow part 2): resolutions and control, approval routes, signing and sending.
from .control import control_complete, control_sweep, resolution_complete, resolution_extend  # noqa: E402
from .dispatch import letter_send  # noqa: E402
from .resolutions import resolution_create, resolution_withdraw  # noqa: E402
from .routes import reply_draft_create, route_resubmit, route_start, route_withdraw, step_decide  # noqa: E402
from .signatures import route_sign  # noqa: E402

__all__ += [
    "control_complete", "control_sweep", "letter_send", "reply_draft_create", "resolution_complete",
    "resolution_create", "resolution_extend", "resolution_withdraw", "route_resubmit", "route_sign", "route_start",
    "route_withdraw", "step_decide",
]

# Answers to records of other capabilities (docflow part 4, flows.py, ADR 0017).
from .replies import document_reply_from  # noqa: E402

__all__ += ["document_reply_from"]
