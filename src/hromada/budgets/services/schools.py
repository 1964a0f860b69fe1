"""School budgets: a school's staff issue one-use voting codes in batches (a class at a time) as a printable list;
only each code's keyed hash is kept, so the printed list is the one plain copy."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service

from .. import voting_policies
from ..lookups import as_int, own_cycle
from ..models import District, Eligibility, SchoolCode, SchoolCodeBatch
from .voting import random_code, school_code_hash

MAX_BATCH = 500


@service
def school_codes_issue(*, actor, community, cycle_id: int, district_id: int, size: int,
                       label: str = "") -> tuple[SchoolCodeBatch, list[str]]:
    """A batch of `size` fresh codes for one school; returns the batch and the plain codes to print (never stored)."""
    require(voting_policies.can_issue_school_codes(actor, community), _("Only staff issue school codes."))
    cycle = own_cycle(community, cycle_id)
    if cycle.eligibility != Eligibility.SCHOOL_CODE:
        raise Conflict(_("This cycle is not voted with school codes."), code="not_school_cycle")
    school = District.objects.filter(cycle=cycle, pk=as_int(district_id)).first()
    errors: dict[str, list[str]] = {}
    if school is None:
        errors["district_id"] = [_("No such school in this cycle.")]
    count = as_int(size)
    if not 1 <= count <= MAX_BATCH:
        errors["size"] = [_("Issue from 1 to %(max)s codes at once.") % {"max": MAX_BATCH}]
    label = str(label or "").strip()
    if len(label) > 100:
        errors["label"] = [_("At most %(max)s characters.") % {"max": 100}]
    if errors or school is None:
        raise ValidationFailed(fields=errors)
    codes: dict[str, str] = {}
    while len(codes) < count:  # a repeat within the batch or of an earlier code is drawn again
        while len(codes) < count:
            code = random_code()
            codes.setdefault(school_code_hash(cycle.pk, code), code)
        taken = set(SchoolCode.objects.filter(cycle=cycle, code_hash__in=list(codes)).values_list("code_hash",
                                                                                                 flat=True))
        for key in taken:
            codes.pop(key)
    with transaction.atomic():
        batch = SchoolCodeBatch.objects.create(community=community, cycle=cycle, district=school, label=label,
                                               size=count, issued_by=actor if getattr(actor, "is_authenticated",
                                                                                      False) else None)
        SchoolCode.objects.bulk_create(SchoolCode(community=community, batch=batch, cycle=cycle, code_hash=key)
                                       for key in codes)
        audit_record(actor=actor, community=community, action="budgets.school_codes.issued", target=batch,
                     data={"school": school.pk, "size": count})
    return batch, sorted(codes.values())
