"""Background work of the building import: one step (check or apply) of a large file, as the staff member who
started it, so the building services ask that person's permissions and the audit log names them; and the periodic
sweep that deletes old imports' files and reports."""

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


@task()
def building_imports_cleanup() -> dict:
    """Every community that has kept imports: delete those older than its *Days an import is kept* (default 7)."""
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.storage import private_storage
    from hromada.core.tenancy.models import Community

    from .runs import building_imports_expire

    try:
        folders, _files = private_storage.listdir("housing")
    except FileNotFoundError:
        return {"removed": 0}
    ids = [int(name) for name in folders if name.isdigit()]
    removed = 0
    for community in Community.objects.filter(pk__in=ids).order_by("pk"):
        removed += building_imports_expire(actor=SYSTEM, community=community)
    return {"removed": removed}
