"""Writes about people (memberships, departments, accounts), verified identities and residency.

Every public function is a @service; this package re-exports them so callers import from one place."""

from ..hashing import subject_hash
from .people import (
    department_create,
    department_delete,
    department_update,
    membership_create,
    membership_delete,
    membership_update,
    resident_join,
    user_set_public_name,
    user_update_access,
    user_update_profile,
)
from .providers import identity_provider_create, identity_provider_delete, identity_provider_update
from .residency import residency_declare, residency_forget, residency_from_claims
from .verification import identity_unlink, identity_verify, identity_verify_claims

__all__ = [
    "department_create", "department_delete", "department_update", "identity_provider_create", "identity_provider_delete",
    "identity_provider_update", "identity_unlink", "identity_verify",
    "identity_verify_claims", "membership_create", "membership_delete", "membership_update",
    "residency_declare", "residency_forget", "residency_from_claims", "resident_join", "subject_hash",
    "user_set_public_name", "user_update_access", "user_update_profile",
]
