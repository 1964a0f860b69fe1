"""The Open311 GeoReport v2 server of appeals, at /open311/v2/ (JSON and XML).

Maps the richer appeal states down to open/closed and never shows personal data."""
