"""Every write of the appeals capability, one module per concern: filing (residents), handling (staff),
areas and catalogue (configuration), reminders (the platform); this package re-exports all of them.

Each service consults its policy (appeals.policies) through require(), validates, writes in one transaction,
audits and notifies after commit: web, API, Open311, back office, tasks and commands call the same functions."""

from .areas import area_delete, area_save, areas_import
from .catalogue import (
    category_delete,
    category_save,
    response_template_delete,
    response_template_save,
    routing_rule_delete,
    routing_rule_save,
)
from .drafts import appeal_photo_drafts_save
from .feedback import appeal_rate, appeal_reopen, appeal_reply
from .filing import appeal_create, appeal_follow, appeal_photos_add, appeal_unfollow
from .handling import (
    appeal_answer,
    appeal_assign,
    appeal_change_category,
    appeal_close,
    appeal_extend,
    appeal_note_add,
    appeal_redirect,
    appeal_reject,
    appeal_start,
)
from .lifecycle import MAX_DESCRIPTION, MAX_TEXT
from .office import appeal_register_for_resident
from .reminders import appeal_reminders_send

__all__ = [
    "MAX_DESCRIPTION", "MAX_TEXT",
    "area_save", "areas_import", "area_delete",
    "category_save", "category_delete", "routing_rule_save", "routing_rule_delete",
    "response_template_save", "response_template_delete",
    "appeal_create", "appeal_photos_add", "appeal_photo_drafts_save", "appeal_follow", "appeal_unfollow",
    "appeal_assign", "appeal_start", "appeal_answer", "appeal_reject", "appeal_redirect", "appeal_close",
    "appeal_extend", "appeal_change_category", "appeal_note_add",
    "appeal_reply", "appeal_reopen", "appeal_rate", "appeal_register_for_resident",
    "appeal_reminders_send",
]
