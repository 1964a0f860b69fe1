"""Every read of the transparency self-check: snapshots (public), the trend across them, a snapshot laid out for a
page or the API in the reader's language, the manual assessments, and the open-data rows (totals only)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language

from hromada.core import capabilities
from hromada.core.errors import NotFound

from . import evaluation
from .areas import area_order, area_title
from .models import ManualAssessment, SelfCheck

TREND_LENGTH = 8
FIX_FIRST = 5


def selfcheck_list(*, community) -> QuerySet[SelfCheck]:
    return SelfCheck.objects.for_community(community).order_by("-period_end", "-period_start", "-pk")


def selfcheck_summaries(*, community) -> QuerySet[SelfCheck]:
    """The list without the results JSON (which is large): periods and totals."""
    return selfcheck_list(community=community).defer("results", "areas")


def selfcheck_latest(*, community) -> SelfCheck | None:
    return selfcheck_list(community=community).first()


def selfcheck_get(*, community, selfcheck_id: int) -> SelfCheck:
    snapshot = selfcheck_list(community=community).filter(pk=selfcheck_id).first()
    if snapshot is None:
        raise NotFound()
    return snapshot


def selfcheck_trend(*, community, limit: int = TREND_LENGTH) -> list[SelfCheck]:
    """The latest `limit` snapshots, oldest first (a trend reads left to right)."""
    latest = list(selfcheck_summaries(community=community)[:limit])
    return list(reversed(latest))


def _percent(points: float, maximum: float) -> float | None:
    return round(100 * points / maximum, 1) if maximum else None


@dataclass
class IndicatorView:
    code: str
    kind: str
    area: str
    title: str
    value: str
    advice: str
    evidence: list
    score: float | None
    points: float | None
    max_points: float
    note: str = ""

    @property
    def points_lost(self) -> float:
        return evaluation.points_lost({"score": self.score, "points": self.points, "max_points": self.max_points})

    @property
    def percent(self) -> float | None:
        return None if self.score is None else round(100 * self.score, 1)


@dataclass
class AreaView:
    code: str
    title: str
    points: float
    max_points: float
    counted: int
    total: int
    indicators: list[IndicatorView] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return _percent(self.points, self.max_points)


@dataclass
class SelfCheckView:
    snapshot: SelfCheck
    areas: list[AreaView]
    fix_first: list[IndicatorView]
    not_assessed: list[IndicatorView]

    @property
    def percent(self) -> float | None:
        return self.snapshot.percent


def _texts(result: dict) -> dict:
    texts = result.get("texts") or {}
    return texts.get(get_language() or "") or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()), {})


def _switched_off_paths(community) -> tuple[str, ...]:
    """The page prefixes of the capabilities switched off since a snapshot was taken: its evidence links there
    would lead nowhere (and a switched-off capability is offered nowhere), so they are left out."""
    enabled = {manifest.slug for manifest in community.enabled_manifests}
    return tuple(f"/{prefix.strip('/')}/" for manifest in capabilities.manifests() if manifest.slug not in enabled
                 for prefix in (manifest.url_prefix, *(extra for extra, _urls in manifest.extra_urls)) if prefix)


def _leads_to(url: str, prefixes: tuple[str, ...]) -> bool:
    path = urlsplit(url).path
    path = "/" + path.split("/", 3)[3] if path.startswith("/c/") and path.count("/") >= 3 else path
    return path.startswith(prefixes)


def _indicator(result: dict, switched_off: tuple[str, ...] = ()) -> IndicatorView:
    texts = _texts(result)
    evidence = [(label, url) for label, url in texts.get("evidence", []) if not _leads_to(url, switched_off)]
    return IndicatorView(code=result["code"], kind=result["kind"], area=result["area"], title=texts.get("title", ""),
                         value=texts.get("value", ""), advice=texts.get("advice", ""),
                         evidence=evidence, score=result["score"], points=result["points"],
                         max_points=result["max_points"], note=result.get("note", ""))


def selfcheck_view(snapshot: SelfCheck, *, fix_first: int = FIX_FIRST) -> SelfCheckView:
    """The snapshot as pages and the API show it: areas in order with their indicators, in the current language."""
    switched_off = _switched_off_paths(snapshot.community)
    indicators = [_indicator(result, switched_off) for result in snapshot.results]
    areas: dict[str, AreaView] = {}
    for code, totals in sorted(snapshot.areas.items(), key=lambda item: area_order(item[0])):
        areas[code] = AreaView(code=code, title=str(area_title(code)), points=totals["points"],
                               max_points=totals["max_points"], counted=totals["counted"], total=totals["total"])
    for indicator in indicators:
        if indicator.area in areas:
            areas[indicator.area].indicators.append(indicator)
    by_code = {indicator.code: indicator for indicator in indicators}
    first = [by_code[result["code"]] for result in evaluation.fix_first(snapshot.results, limit=fix_first)]
    waiting = [indicator for indicator in indicators
               if indicator.kind in (evaluation.NOT_ASSESSED, evaluation.NOT_APPLICABLE)]
    return SelfCheckView(snapshot=snapshot, areas=list(areas.values()), fix_first=first, not_assessed=waiting)


def manual_assessment_list(*, community) -> QuerySet[ManualAssessment]:
    return ManualAssessment.objects.for_community(community).order_by("-period_end", "code", "-pk")


def manual_assessment_get(*, community, assessment_id: int) -> ManualAssessment:
    found = ManualAssessment.objects.for_community(community).filter(pk=assessment_id).first()
    if found is None:
        raise NotFound()
    return found


def manual_indicator_choices(*, community) -> list[tuple[str, str]]:
    """The indicators staff may assess by hand here: the manual ones and those of capabilities not enabled."""
    return [(entry.code, f"{area_title(entry.area)}: {entry.title}")
            for entry in evaluation.catalogue(community) if entry.takes_manual_entry]


def selfcheck_open_data_rows(community) -> Iterator[dict]:
    """One row per snapshot and area: totals only (the indicators' texts are on the page and in the API)."""
    for snapshot in selfcheck_list(community=community).order_by("period_start", "pk").iterator():
        for code, totals in sorted(snapshot.areas.items(), key=lambda item: area_order(item[0])):
            yield {"period_start": snapshot.period_start.isoformat(), "period_end": snapshot.period_end.isoformat(),
                   "area": code, "points": totals["points"], "max_points": totals["max_points"],
                   "indicators_counted": totals["counted"], "indicators": totals["total"],
                   "computed_at": snapshot.computed_at.isoformat()}
