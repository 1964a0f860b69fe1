"""Appeals that staff write down for residents without a smartphone: a call to the hotline, a visit to the
administrative services centre, an email or a letter. The channel, the staff member, the resident's consent
to the processing of their data and the way they want the answer are recorded with the appeal."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.api.ratelimit import RateKey
from hromada.core.audit.services import audit_record
from hromada.core.errors import ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.text import is_blank

from .. import policies
from ..models import Appeal, Channel, Kind, ReplyBy, Source
from ..selectors import text_param
from .filing import _validate, appeal_create

# What each way of answering needs to reach the resident.
NEEDS = {ReplyBy.EMAIL: ("contact_email", "email"), ReplyBy.PHONE: ("contact_phone", "phone"),
         ReplyBy.LETTER: ("postal_address", "postal_address")}


def _check(*, channel, reply_by, consent, contact_name, contact_phone, contact_email, postal_address) -> dict:
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values or channel == Channel.WEB:
        errors["channel"] = [_("Choose how the appeal came: phone, in person, email or letter.")]
    if reply_by not in ReplyBy.values:
        errors["reply_by"] = [_("Choose how the resident wants the answer.")]
    if not consent:
        errors["consent"] = [_("Ask the resident for consent to the processing of their data and note it.")]
    if is_blank(contact_name):
        errors["name"] = [_("Write the resident's name.")]
    given = {"contact_email": contact_email, "contact_phone": contact_phone, "postal_address": postal_address}
    if reply_by in NEEDS:
        key, field = NEEDS[ReplyBy(reply_by)]
        if is_blank(given[key]):
            errors[field] = [_("Needed for the answer the resident chose.")]
    if len(postal_address) > 300:
        errors["postal_address"] = [_("At most %(n)s characters.") % {"n": 300}]
    return errors


@service
def appeal_register_for_resident(
    *, actor, community, channel: str, consent: bool, reply_by: str, contact_name: str, category_code: str,
    description: str, lat, lon, address: str = "", contact_phone: str = "", contact_email: str = "",
    postal_address: str = "", kind: str = Kind.STATEMENT, is_public: bool | None = None,
    caller: RateKey | None = None,
) -> Appeal:
    """Register an appeal a resident gave by phone, in person, by email or letter; staff are its author of
    record, the resident's contacts and chosen way of answer travel with it."""
    require(policies.can_register_for_residents(actor, community),
            _("Only the community's staff register appeals for residents."))
    contact_name, contact_phone = text_param(contact_name).strip()[:200], text_param(contact_phone).strip()[:40]
    contact_email, postal_address = text_param(contact_email).strip(), text_param(postal_address).strip()
    errors = _check(channel=channel, reply_by=reply_by, consent=consent, contact_name=contact_name,
                    contact_phone=contact_phone, contact_email=contact_email, postal_address=postal_address)
    if errors:
        more, _clean = _validate(community, category_code=text_param(category_code), description=text_param(description),
                                 kind=kind, address=text_param(address), lat=lat, lon=lon,
                                 contact_email=contact_email, photos=[], attributes={})
        raise ValidationFailed(fields={**more, **errors})
    with transaction.atomic():
        appeal = appeal_create(actor=actor, community=community, category_code=category_code,
                               description=description, lat=lat, lon=lon, address=address, is_public=is_public,
                               contact_name=contact_name, contact_email=contact_email, contact_phone=contact_phone,
                               kind=kind, source=Source.STAFF, caller=caller)
        appeal.channel, appeal.registered_by, appeal.consent_noted = channel, actor, True
        appeal.reply_by, appeal.postal_address = reply_by, postal_address
        appeal.save(update_fields=["channel", "registered_by", "consent_noted", "reply_by", "postal_address"])
        audit_record(actor=actor, community=community, action="appeals.appeal.registered_for_resident",
                     target=appeal, data={"channel": channel, "reply_by": reply_by})
    return appeal
