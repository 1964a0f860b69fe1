"""City map layers: facilities in typed layers that staff maintain, import and export as GeoJSON.

A public map with layer toggles and search, and a GeoJSON API per layer."""
