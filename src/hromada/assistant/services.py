"""Every write of the assistant's configuration: one @service per change, asking its policy, in one transaction,
audited (the back office, the API and the demo call these)."""

from __future__ import annotations
