"""Photos kept between two tries of the same form: a resident's form that came back with an error keeps the
photos already sent, as private drafts for a day, re-attached by their token when the form is sent again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies
from ..models import AppealPhoto, DraftPhoto
from ..uploads import clean_photo, thumbnail_of

DRAFT_LIFETIME = timedelta(days=1)


@dataclass
class DraftsSaved:
    drafts: list[DraftPhoto] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one line per refused file, naming it


def _delete_files(rows: Iterable[DraftPhoto]) -> None:
    for row in rows:
        for stored in (row.file, row.thumbnail):
            if stored:
                stored.storage.delete(stored.name)


def _purge(community) -> None:
    """Drafts older than a day are nobody's work any more: their rows and files go."""
    old = list(DraftPhoto.objects.filter(community=community, created_at__lt=timezone.now() - DRAFT_LIFETIME))
    if old:
        DraftPhoto.objects.filter(pk__in=[d.pk for d in old]).delete()
        transaction.on_commit(lambda: _delete_files(old))


@service
def appeal_photo_drafts_save(*, actor, community, photos: Iterable, kept: int = 0) -> DraftsSaved:
    """Clean and keep each photo of a form on its own; a refused one is named and the rest are kept."""
    require(policies.is_signed_in(actor), _("Sign in to file an appeal."), code="sign_in_required")
    require(policies.can_file(actor, community), _("Confirm your email address first."), code="identity_required")
    result = DraftsSaved()
    max_photos = community.setting("appeals", "max_photos")
    max_bytes = community.setting("appeals", "photo_max_mb") * 2**20
    photos = [p for p in photos or [] if p]
    with transaction.atomic():
        _purge(community)
        for upload in photos:
            name = str(getattr(upload, "name", "") or "")[:80]
            if kept + len(result.drafts) >= max_photos:
                result.errors.append(_("%(name)s: at most %(n)s photos.") % {"name": name, "n": max_photos})
                continue
            try:
                clean = clean_photo(upload, max_bytes=max_bytes)
            except ValidationFailed as exc:
                reasons = " ".join(str(m) for messages in exc.fields.values() for m in messages) or str(exc.message)
                result.errors.append(f"{name}: {reasons}")
                continue
            result.drafts.append(DraftPhoto.objects.create(
                community=community, owner=actor, file=clean.content, thumbnail=thumbnail_of(clean),
                width=clean.width, height=clean.height))
        if result.drafts:
            audit_record(actor=actor, community=community, action="appeals.photo_drafts.saved",
                         data={"count": len(result.drafts)})
    return result


def _attach_drafts(appeal, drafts: Sequence[DraftPhoto]) -> list[AppealPhoto]:
    """Inside the filing transaction: the drafts become the appeal's photos (the stored files stay where they
    are, so nothing is copied) and the drafts are gone."""
    created = [AppealPhoto.objects.create(community=appeal.community, appeal=appeal, file=d.file.name,
                                          thumbnail=d.thumbnail.name, width=d.width, height=d.height)
               for d in drafts]
    DraftPhoto.objects.filter(pk__in=[d.pk for d in drafts]).delete()
    return created
