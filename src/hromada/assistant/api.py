"""The JSON API of the assistant at /c/<community>/api/v1/assistant/."""

from __future__ import annotations

from ninja import Router

router = Router()
