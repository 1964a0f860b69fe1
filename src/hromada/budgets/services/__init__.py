"""Every write of Participatory budget, one module per concern (cycles, projects, review and implementation, results,
school codes; voting and paper ballots), each public name re-exported here for web, API, admin, tasks and demo."""

from .cycles import cycle_create, cycle_update, fund_delete, fund_save
from .paper import paper_ballot_confirm, paper_ballot_enter, paper_ballot_reject
from .projects import (
    project_create,
    project_file_add,
    project_photo_add,
    project_submit,
    project_support,
    project_update,
    project_withdraw,
)
from .results import results_publish
from .review import (
    implementation_update,
    milestone_save,
    project_assign_department,
    project_follow,
    review_record,
    review_reply,
)
from .schools import school_codes_issue
from .voting import ballot_cast

__all__ = ["ballot_cast", "cycle_create", "cycle_update", "fund_delete", "fund_save", "implementation_update", "milestone_save",
           "paper_ballot_confirm", "paper_ballot_enter", "paper_ballot_reject", "project_assign_department", "project_create", "project_file_add", "project_follow", "project_photo_add",
           "project_submit", "project_support", "project_update", "project_withdraw", "results_publish",
           "review_record", "review_reply", "school_codes_issue"]
