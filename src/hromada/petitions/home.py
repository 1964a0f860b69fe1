"""The petitions block of the community home page: the petitions collecting signatures that are nearest their
threshold (fewest signatures still missing), in one query with their counts."""

from __future__ import annotations

from django.db.models import F

from .models import Status
from .selectors import petition_list

SHOWN = 3


def petitions_block(community, *, user) -> dict:
    collecting = petition_list(community=community, status=Status.COLLECTING)
    nearest = collecting.annotate(missing=F("threshold") - F("signature_total")).order_by("missing", "-pk")
    return {"petitions": list(nearest[:SHOWN])}
