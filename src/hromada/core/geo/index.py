"""AreaIndex: which polygons contain a point, through a shapely STRtree built once per set of areas."""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import shapely
from shapely.geometry import Point
from shapely.strtree import STRtree


class AreaIndex:
    """Immutable; build a new one when areas change. Lookups are thread-safe and allocation-light."""

    def __init__(self, areas: Iterable[tuple[Hashable, object]]):
        items = list(areas)
        self.keys = [key for key, _ in items]
        self.geometries = [geom for _, geom in items]
        for geom in self.geometries:
            shapely.prepare(geom)
        self.tree = STRtree(self.geometries) if self.geometries else None

    def __len__(self) -> int:
        return len(self.keys)

    def containing(self, lat: float, lon: float) -> list[Hashable]:
        """Keys of all areas that contain the point or have it on their border, in insertion order."""
        if self.tree is None:
            return []
        hits = self.tree.query(Point(lon, lat), predicate="intersects")
        return [self.keys[i] for i in sorted(hits)]

    def first_containing(self, lat: float, lon: float) -> Hashable | None:
        hits = self.containing(lat, lon)
        return hits[0] if hits else None
