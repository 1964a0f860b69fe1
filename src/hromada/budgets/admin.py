"""Back office of Participatory budget: staff see their communities' cycles; writes go through the services
(ServiceAdmin), so the admin is audited and refused exactly as the API is."""

from __future__ import annotations
