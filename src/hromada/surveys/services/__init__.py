"""Every write of Surveys and polls: building a survey (building.py) and answering one (responding.py); each an
@service that asks its policy with require(), validates, writes in one transaction and records an audit event."""

from .building import (
    DESCRIPTION_MAX,
    QUESTION_MAX,
    TITLE_MAX,
    question_add,
    question_edit,
    question_remove,
    question_reorder,
    section_add,
    survey_close,
    survey_create,
    survey_publish,
    survey_update,
)
from .exporting import survey_export_build, survey_export_request
from .responding import response_submit
from .tallying import survey_tally_rebuild

__all__ = [
    "DESCRIPTION_MAX", "QUESTION_MAX", "TITLE_MAX", "question_add", "question_edit", "question_remove",
    "question_reorder", "response_submit", "section_add", "survey_close", "survey_create", "survey_export_build", "survey_export_request",
    "survey_publish", "survey_tally_rebuild", "survey_update",
]
