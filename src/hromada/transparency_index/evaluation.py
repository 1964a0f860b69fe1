"""Computing a self-check: the catalogue of indicators (the enabled capabilities' own, the disabled ones' as not
applicable, and the manual ones), each evaluated for a period in every interface language, and the totals.

A result is a plain dict stored in the snapshot's JSON, so a stored snapshot reads the same after an indicator changes."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities

from .areas import MANUAL_INDICATORS, SCORE_CHOICES, area_order

log = logging.getLogger(__name__)

AUTO, MANUAL, NOT_APPLICABLE, NOT_ASSESSED, FAILED = "auto", "manual", "not_applicable", "not_assessed", "failed"


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    title: Any
    area: str
    max_points: float
    order: int
    capability: str  # the capability's slug; "" for a manual indicator
    evaluate: str  # dotted path; "" for a manual indicator
    enabled: bool  # the capability is enabled for the community (always True for manual indicators)
    advice: Any = ""

    @property
    def automatic(self) -> bool:
        return bool(self.evaluate)

    @property
    def takes_manual_entry(self) -> bool:
        """Manual indicators, and the indicators of a capability the community does not use here (it may publish the
        same thing elsewhere, and staff can say so with a link)."""
        return not self.automatic or not self.enabled


def catalogue(community) -> list[CatalogueEntry]:
    enabled = {manifest.slug for manifest in community.enabled_manifests}
    entries = [
        CatalogueEntry(code=indicator.code, title=indicator.title, area=indicator.area,
                       max_points=float(indicator.max_points), order=indicator.order, capability=manifest.slug,
                       evaluate=indicator.evaluate, enabled=manifest.slug in enabled)
        for manifest in capabilities.manifests() for indicator in manifest.transparency_indicators
    ]
    entries += [CatalogueEntry(code=item.code, title=item.title, area=item.area, max_points=float(item.max_points),
                               order=item.order, capability="", evaluate="", enabled=True, advice=item.advice)
                for item in MANUAL_INDICATORS]
    return sorted(entries, key=lambda entry: (area_order(entry.area), entry.order, entry.code))


def catalogue_entry(community, code: str) -> CatalogueEntry | None:
    return next((entry for entry in catalogue(community) if entry.code == code), None)


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _checked(raw: Any) -> dict:
    """The evaluate callable's answer, or ValueError when it breaks the contract (core.capabilities)."""
    if not isinstance(raw, Mapping):
        raise ValueError("not a dict")
    score = raw.get("score")
    if score is not None:
        score = float(score)
        if not 0.0 <= score <= 1.0:
            raise ValueError("score outside 0..1")
    evidence = [[str(label), str(url)] for label, url in raw.get("evidence") or ()]
    return {"score": score, "value": str(raw.get("value") or ""), "advice": str(raw.get("advice") or ""),
            "evidence": evidence}


def _evaluate(entry: CatalogueEntry, community, start: date, end: date) -> dict:
    function = import_string(entry.evaluate)
    score = None
    texts = {}
    for language in _languages():
        with translation.override(language):
            answer = _checked(function(community, start, end))
            texts[language] = {"title": str(entry.title), "value": answer["value"], "advice": answer["advice"],
                               "evidence": answer["evidence"]}
        score = answer["score"]
    return {"kind": AUTO, "score": score, "texts": texts}


def _texts(entry: CatalogueEntry, value, advice="", evidence: Iterable = ()) -> dict:
    texts = {}
    for language in _languages():
        with translation.override(language):
            texts[language] = {"title": str(entry.title), "value": str(value), "advice": str(advice),
                               "evidence": [[str(label), url] for label, url in evidence]}
    return texts


def _manual(entry: CatalogueEntry, assessment) -> dict:
    label = dict(SCORE_CHOICES).get(assessment.score_percent, "")
    evidence = [(_("Evidence"), assessment.evidence_url)] if assessment.evidence_url else []
    result = {"kind": MANUAL, "score": assessment.score_percent / 100,
              "texts": _texts(entry, label, entry.advice, evidence)}
    result["note"] = assessment.note
    result["assessed_period"] = [assessment.period_start.isoformat(), assessment.period_end.isoformat()]
    return result


def _unassessed(entry: CatalogueEntry) -> dict:
    if entry.automatic:
        return {"kind": NOT_APPLICABLE, "score": None,
                "texts": _texts(entry, _("Not applicable: the community does not use this service here"))}
    return {"kind": NOT_ASSESSED, "score": None,
            "texts": _texts(entry, _("Not assessed yet: staff enter it by hand"), entry.advice)}


def result_for(entry: CatalogueEntry, community, start: date, end: date, assessment=None) -> dict:
    if entry.takes_manual_entry:
        result = _manual(entry, assessment) if assessment is not None else _unassessed(entry)
    else:
        try:
            result = _evaluate(entry, community, start, end)
        except Exception:
            # One capability's failing indicator must not stop the whole self-check: it is shown as not computed.
            log.exception("transparency indicator %s failed for community %s", entry.code, community.pk)
            result = {"kind": FAILED, "score": None,
                      "texts": _texts(entry, _("Could not be computed; the error is in the server log"))}
    score = result["score"]
    result.update({"code": entry.code, "capability": entry.capability, "area": entry.area,
                   "max_points": entry.max_points,
                   "points": None if score is None else round(score * entry.max_points, 2)})
    return result


def totals(results: Iterable[Mapping]) -> tuple[float, float, dict[str, dict]]:
    """(points, max points, {area: {"points", "max_points", "counted", "total"}}): only indicators with a score
    count towards the maximum; "cannot tell" and "not applicable" are neither points nor zero."""
    points = maximum = 0.0
    by_area: dict[str, dict] = {}
    for result in results:
        area = by_area.setdefault(result["area"], {"points": 0.0, "max_points": 0.0, "counted": 0, "total": 0})
        area["total"] += 1
        if result["score"] is None:
            continue
        area["counted"] += 1
        area["points"] = round(area["points"] + result["points"], 2)
        area["max_points"] = round(area["max_points"] + result["max_points"], 2)
        points += result["points"]
        maximum += result["max_points"]
    return round(points, 2), round(maximum, 2), by_area


def points_lost(result: Mapping) -> float:
    if result["score"] is None:
        return 0.0
    return round(result["max_points"] - result["points"], 2)


def fix_first(results: Iterable[Mapping], limit: int = 5) -> list[Mapping]:
    """The indicators that lost the most points (a heavier indicator first at equal share), with their advice."""
    losing = [result for result in results if points_lost(result) > 0]
    return sorted(losing, key=lambda result: (-points_lost(result), -result["max_points"], result["code"]))[:limit]
