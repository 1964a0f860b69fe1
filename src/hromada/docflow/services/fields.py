"""The card-field checks the services use, defined in docflow.cardfields (not a services module: they are
building blocks of services, not services themselves) and importable here by the services package's modules."""

from ..cardfields import (  # noqa: F401 — re-exported for the services modules
    AFTER_REGISTRATION,
    CARD_FIELDS,
    SHEETS_MAX,
    SUMMARY_MAX,
    Problems,
    as_pk,
    clean_card,
    editable_after_registration,
    locked_document,
    own_row,
    refresh_search_text,
)
