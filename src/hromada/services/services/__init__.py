"""Every write of Services: one @service per change (catalogue, applications, payments), each asking its policy
with require(), validating, writing in one transaction and recording an audit event."""

from .applications import (
    application_decide,
    application_file_add,
    application_issue,
    application_request_info,
    application_review,
    application_submit,
    application_supplement,
    application_withdraw,
)
from .catalogue import (
    category_create,
    category_delete,
    category_update,
    service_create,
    service_delete,
    service_update,
)
from .payments import payment_mark_received, payment_request, payment_statement_import

__all__ = [
    "application_decide", "application_file_add", "application_issue", "application_request_info",
    "application_review", "application_submit", "application_supplement", "application_withdraw",
    "category_create", "category_delete", "category_update", "payment_mark_received", "payment_request",
    "payment_statement_import", "service_create", "service_delete", "service_update",
]
