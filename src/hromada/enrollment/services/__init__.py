"""Every write of Enrolment, one @service per change, re-exported here (web, API, back office, tasks and demo data
call `hromada.enrollment.services.<name>`): setup (admins), applications and claims (parents, staff), allocation.

Names are stable for the pages: institution_save/_delete, service_area_set, group_save/_delete,
category_save/_delete; application_file, application_withdraw, claim_add, claim_verify, claim_refuse,
category_grant; round_open, allocation_run, round_close, offer_accept, offer_decline, offer_expire,
enrolment_confirm. No service writes a queue position: there is none (rules.py orders every queue)."""

from .allocation import (
    allocation_run,
    enrolment_confirm,
    offer_accept,
    offer_decline,
    offer_expire,
    round_close,
    round_open,
)
from .applications import (
    MAX_CHOICES,
    MAX_DOCUMENTS,
    application_file,
    application_withdraw,
    category_grant,
    claim_add,
    claim_refuse,
    claim_verify,
)
from .setup import (
    category_delete,
    category_save,
    group_delete,
    group_save,
    institution_delete,
    institution_save,
    service_area_set,
)

__all__ = [
    "MAX_CHOICES", "MAX_DOCUMENTS",
    "allocation_run", "application_file", "application_withdraw", "category_delete", "category_grant",
    "category_save", "claim_add", "claim_refuse", "claim_verify", "enrolment_confirm", "group_delete", "group_save",
    "institution_delete", "institution_save", "offer_accept", "offer_decline", "offer_expire", "round_close",
    "round_open", "service_area_set",
]
