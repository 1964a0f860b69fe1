"""The social card's balance: an integration point, not an implementation.

A city's social (resident's) card is run by its operator (a bank or the city's processing centre); Hromada has
no access to it and shows no balance of its own. An operator who can answer "what is this person's balance"
names a provider class in the setting HROMADA_SOCIAL_CARD_PROVIDER (the pattern of the identity providers'
certified crypto module, ADR 0013):

    HROMADA_SOCIAL_CARD_PROVIDER = "city_integration.cards.TernopilCards"          # every community
    HROMADA_SOCIAL_CARD_PROVIDER = {"ternopil": "city_integration.cards.TernopilCards"}  # per community slug

The class is built with no arguments (it reads its own settings) and implements `SocialCardProvider`:
`balance(person, community) -> Balance`, raising `NotFound` when the person has no card there and
`Unavailable` when the operator's system does not answer. The assistant asks only for a chat linked to an
account, so `person` is a Hromada user (their verified identity is on `person.verified_identity` when they have
one). Without a provider the chat says the service is not connected in this community. docs/assistant.md has
the guide for integrators."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Balance:
    amount: Decimal
    as_of: datetime  # when the operator's system computed it (aware)
    currency: str = "UAH"


class SocialCardError(Exception):
    """Base of what a provider raises."""


class NotConfigured(SocialCardError):
    """No provider for this community (or its class does not import)."""


class NotFound(SocialCardError):
    """The person has no social card in this community."""


class Unavailable(SocialCardError):
    """The operator's system did not answer (or answered something unreadable); try later."""


class SocialCardProvider(Protocol):
    def balance(self, card_or_person: Any, community: Any) -> Balance: ...


def provider_path(community) -> str:
    """The dotted path of the community's provider class from the setting, or ""."""
    configured = getattr(settings, "HROMADA_SOCIAL_CARD_PROVIDER", "") or ""
    if isinstance(configured, dict):
        return str(configured.get(community.slug) or configured.get("*") or "")
    return str(configured)


def provider_for(community) -> SocialCardProvider:
    """The community's provider, built; NotConfigured when there is none or it does not import."""
    path = provider_path(community)
    if not path:
        raise NotConfigured(community.slug)
    try:
        return import_string(path)()
    except (ImportError, TypeError) as exc:
        raise NotConfigured(f"{community.slug}: {path} ({type(exc).__name__})") from None


def balance_of(person, community) -> Balance:
    """The person's balance from the community's provider. Raises NotConfigured, NotFound or Unavailable; any
    other failure of the provider is Unavailable, and an answer that is not a Balance too."""
    provider = provider_for(community)
    try:
        result = provider.balance(person, community)
    except SocialCardError:
        raise
    except Exception as exc:  # the operator's code: whatever it raises, the resident hears "try later"
        raise Unavailable(type(exc).__name__) from None
    if not isinstance(result, Balance) or not isinstance(result.amount, Decimal):
        raise Unavailable("the provider did not return a Balance")
    return result
