"""Background work of the building import: one step (check or apply) of a large file, as the staff member who
started it, so the building services ask that person's permissions and the audit log names them."""

from __future__ import annotations

from django_tasks import task


@task()
def building_import_step(community_id: int, token: str, step: str, actor_id: int) -> bool:
    from hromada.core.identity.models import User
    from hromada.core.tenancy.models import Community

    from .runs import run_step

    community = Community.objects.filter(pk=community_id).first()
    actor = User.objects.filter(pk=actor_id, is_active=True).first()
    if community is None or actor is None:
        return False
    return run_step(actor=actor, community=community, token=token, step=step).state == "done"
