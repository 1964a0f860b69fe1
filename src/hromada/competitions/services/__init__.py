"""Every write of grant competitions, one @service per change (calls, applications, the jury, awards); web, API,
back office, tasks and demo data all call these names."""

from .applications import (
    application_create,
    application_review,
    application_submit,
    application_update,
    attachment_add,
    report_add,
    report_review,
)
from .awards import call_award, call_publish_results
from .calls import call_create, call_delete, call_update
from .jury import review_declare, review_submit

__all__ = [
    "application_create", "application_review", "application_submit", "application_update", "attachment_add",
    "call_award", "call_create", "call_delete", "call_publish_results", "call_update", "report_add", "report_review",
    "review_declare", "review_submit",
]
