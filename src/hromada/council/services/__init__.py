"""Every write of Council, one @service per change (web, API, back office, imports, tasks and demo data call
these): people and memberships, sessions and votes, draft decisions, and the imports."""

from .drafts import (
    draft_decision_register,
    draft_decision_status_set,
    draft_decision_update,
    draft_file_add,
)
from .importing import council_import
from .people import (
    convocation_create,
    deputy_create,
    deputy_delete,
    deputy_photo_set,
    deputy_update,
    membership_end,
    membership_start,
    organization_create,
    organization_update,
    votes_refaction,
)
from .votes import (
    agenda_item_add,
    decision_record,
    session_create,
    sitting_open,
    vote_event_delete,
    vote_event_record,
    vote_event_update,
    vote_set,
)

__all__ = [
    "agenda_item_add", "convocation_create", "council_import", "decision_record", "deputy_create", "deputy_delete",
    "deputy_photo_set", "deputy_update", "draft_decision_register", "draft_decision_status_set",
    "draft_decision_update", "draft_file_add", "membership_end", "membership_start", "organization_create",
    "organization_update", "session_create", "sitting_open", "vote_event_delete", "vote_event_record",
    "vote_event_update", "vote_set", "votes_refaction",
]
