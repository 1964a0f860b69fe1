"""Every write of e-consultations, one @service per change (web, API, back office, tasks and demo call these):
the consultation's own life in .consultations, proposals, answers and the report in .proposals."""

from .consultations import (
    PARAGRAPH_MAX,
    PARAGRAPHS_MAX,
    SUMMARY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    consultation_close,
    consultation_create,
    consultation_delete,
    consultation_open_from_council_draft,
    consultation_publish,
    consultation_update,
    consultations_close_expired,
    document_add,
)
from .proposals import (
    ANSWER_MAX,
    PROPOSAL_MAX,
    PROPOSAL_MIN,
    REASON_MAX,
    REPORT_MAX,
    consultation_follow,
    proposal_answer,
    proposal_hide,
    proposal_submit,
    proposal_support,
    proposal_unsupport,
    report_publish,
)

__all__ = [
    "ANSWER_MAX", "PARAGRAPHS_MAX", "PARAGRAPH_MAX", "PROPOSAL_MAX", "PROPOSAL_MIN", "REASON_MAX", "REPORT_MAX",
    "SUMMARY_MAX", "TEXT_MAX", "TITLE_MAX", "consultation_close", "consultation_create", "consultation_delete",
    "consultation_follow", "consultation_open_from_council_draft", "consultation_publish", "consultation_update", "consultations_close_expired",
    "document_add", "proposal_answer", "proposal_hide", "proposal_submit", "proposal_support", "proposal_unsupport",
    "report_publish",
]
