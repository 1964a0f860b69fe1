"""Geometry for a city: GeoJSON validation, a point-in-polygon index, distances and bounding boxes.

Plain lat/lon columns and GeoJSON in the database; shapely in memory."""
