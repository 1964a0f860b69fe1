"""Every write of Commitments, one @service per change (plans.py: plans, commitments, milestones, evidence, the
budget import; monitoring.py: rounds, reports, assessments, the monitoring body, reminders, following)."""

from .monitoring import (
    assessment_file,
    commitment_follow,
    commitment_unfollow,
    monitor_appoint,
    monitor_remove,
    report_file,
    round_close,
    round_open,
    round_remind_late,
)
from .plans import (
    BODY_MAX,
    COMMITMENT_TITLE_MAX,
    OFFICIALS_MAX,
    TITLE_MAX,
    URL_MAX,
    commitment_create,
    commitment_delete,
    commitment_update,
    evidence_add,
    milestone_create,
    milestone_delete,
    milestone_update,
    plan_create,
    plan_delete,
    plan_import_budget_winners,
    plan_update,
)

__all__ = [
    "BODY_MAX", "COMMITMENT_TITLE_MAX", "OFFICIALS_MAX", "TITLE_MAX", "URL_MAX",
    "assessment_file", "commitment_create", "commitment_delete", "commitment_follow", "commitment_unfollow",
    "commitment_update", "evidence_add", "milestone_create", "milestone_delete", "milestone_update",
    "monitor_appoint", "monitor_remove", "plan_create", "plan_delete", "plan_import_budget_winners", "plan_update",
    "report_file", "round_close", "round_open", "round_remind_late",
]
