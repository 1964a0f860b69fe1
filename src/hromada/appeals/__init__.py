"""Citizen appeals on the city map, routed to the responsible department, with an Open311 server.

Statutory terms in working days, process owners, privacy of confidential appeals."""
