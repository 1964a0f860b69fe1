"""Every write of Housing: one @service per change, each asking its policy with require(), validating with one
Checker, writing in one transaction and recording an audit event; web pages, the API, the back office, imports and
the demo all call these. Audit data never carries personal data (board members' names and contacts stay out).

buildings: passports, managers and boards; keeping: systems, emergencies, documents, appeal links; works: works and
their files. `fields` holds what the writes accept."""

from .buildings import (
    board_member_add,
    board_member_remove,
    board_member_update,
    building_create,
    building_delete,
    building_update,
    manager_create,
    manager_delete,
    manager_update,
)
from .fields import (
    AREA_MAX,
    BUILDING_FIELDS,
    DESCRIPTION_MAX,
    DOCUMENT_ACCEPT,
    EMERGENCY_FIELDS,
    MANAGER_FIELDS,
    MONEY_MAX,
    NOTES_MAX,
    TITLE_MAX,
    WORK_FIELDS,
)
from .keeping import (
    appeal_link,
    appeal_unlink,
    document_remove,
    document_update,
    document_upload,
    emergency_delete,
    emergency_report,
    emergency_update,
    system_remove,
    system_set,
    systems_record,
)
from .works import (
    work_attach,
    work_attachment_remove,
    work_attachment_set_public,
    work_create,
    work_delete,
    work_set_status,
    work_update,
)

__all__ = [
    "AREA_MAX", "BUILDING_FIELDS", "DESCRIPTION_MAX", "DOCUMENT_ACCEPT", "EMERGENCY_FIELDS", "MANAGER_FIELDS",
    "MONEY_MAX", "NOTES_MAX", "TITLE_MAX", "WORK_FIELDS",
    "appeal_link", "appeal_unlink", "board_member_add", "board_member_remove", "board_member_update",
    "building_create", "building_delete", "building_update", "document_remove", "document_update", "document_upload",
    "emergency_delete", "emergency_report", "emergency_update", "manager_create", "manager_delete", "manager_update",
    "system_remove", "system_set", "systems_record", "work_attach", "work_attachment_remove",
    "work_attachment_set_public", "work_create", "work_delete",
    "work_set_status", "work_update",
]
