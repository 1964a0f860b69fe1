"""The demo community's log: what the demo's services recorded, appended and signed at once, so the verifier
(tools/hromada_log_verify.py) has a head to check right after `hromada load_demo`, not a minute later."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM

from .services import transparency_publish


def load(community, *, size: str = "small") -> None:
    transparency_publish(actor=SYSTEM, community=community)
