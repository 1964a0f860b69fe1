"""The trend chart's geometry: one bar per snapshot, drawn as SVG attributes by the template (no script, no inline
style); the page shows the same figures in a table, which is the chart's text equivalent."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, BAR, GAP, TOP = 640, 200, 48, 24, 20


@dataclass(frozen=True)
class Bar:
    label: str
    percent: float | None
    x: int
    y: int
    height: int
    text_x: int


def trend_bars(snapshots) -> list[Bar]:
    bars = []
    for index, snapshot in enumerate(snapshots):
        percent = snapshot.percent
        height = round((HEIGHT - TOP) * (percent or 0) / 100)
        x = GAP + index * (BAR + GAP)
        bars.append(Bar(label=f"{snapshot.period_start:%m.%Y}–{snapshot.period_end:%m.%Y}", percent=percent, x=x,
                        y=HEIGHT - height, height=height, text_x=x + BAR // 2))
    return bars


def chart_width(bars: list[Bar]) -> int:
    return max(WIDTH // 2, GAP + len(bars) * (BAR + GAP))
