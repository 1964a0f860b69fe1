"""What every write to a community's catalogue shares: validation of short names and model fields, and
the after-effects (forgetting cached counts, re-rendering stored package dicts after commit)."""

from __future__ import annotations

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed, validation_error_from_django
from hromada.core.jobs.enqueue import enqueue_on_commit

from ..models import StoredPackage
from ..search import catalogue_changed

_NAME = re.compile(r"^[a-z0-9_-]{2,100}$")


def _full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise validation_error_from_django(exc) from None


def _name_from(title: str, given: str) -> str:
    if given:
        name = given.strip().lower()
        if not _NAME.match(name):
            raise ValidationFailed(fields={"name": [_("Use 2–100 lowercase Latin letters, digits, - or _.")]})
        return name
    return (slugify(title)[:80].strip("-") or "dataset") + "-" + uuid.uuid4().hex[:6]


def _catalogue_changed(community) -> None:
    # Now (so this transaction's own reads are fresh) and after commit (so nobody caches the old state
    # between the two).
    community_id = community.pk
    catalogue_changed(community_id)
    transaction.on_commit(lambda: catalogue_changed(community_id))


def _packages_changed(datasets) -> None:
    """Empty the stored package dicts of these datasets (a queryset) and render them again after commit;
    the version guards the render against a reader of the old state storing it last."""
    ids = list(datasets.values_list("pk", flat=True))
    if not ids:
        return
    StoredPackage.objects.filter(dataset_id__in=ids).update(json=None, version=F("version") + 1)
    enqueue_on_commit("hromada.opendata.tasks.render_packages", [str(pk) for pk in ids])
