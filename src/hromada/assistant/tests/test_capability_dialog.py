"""CapabilityDialog, the base of the capabilities' chat commands: answers only while its capability is enabled,
turns a service's refusal into a reply (keeping the chat's state), and reads page numbers from buttons safely."""

from __future__ import annotations

import pytest

from hromada.assistant.engine.types import (
    Button,
    CapabilityDialog,
    DialogContext,
    Incoming,
    Kind,
    Reply,
    Rows,
    page_number,
    parse_payload,
)
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.tenancy.selectors import invalidate_community_cache

pytestmark = pytest.mark.django_db


class ThingsDialog(CapabilityDialog):
    """A command of the assistant's own capability: each button action raises what a service would."""

    command = "things"
    capability = "assistant"
    unavailable = "Things are off."
    gone = "That thing is gone."

    def menu_buttons(self) -> Rows:
        return ((Button("All things", self.payload("list")),),)

    def route(self, message: Incoming) -> list[Reply]:
        self.context.state["draft"] = self.context.state.get("draft", "") + "x"
        _command, action, _argument = parse_payload(message.payload)
        if action == "missing":
            raise NotFound()
        if action == "invalid":
            raise ValidationFailed(fields={"text": ["Too short."], "place": ["Outside the community."]})
        if action == "taken":
            raise Conflict("Already done.")
        return [Reply(f"page {page_number(_argument)}")]


def press(community, payload: str, *, state: dict | None = None):
    context = DialogContext(community=community, channel="web", chat_id="c1", state=state or {})
    replies = ThingsDialog(context).handle(Incoming(channel="web", chat_id="c1", kind=Kind.BUTTON, payload=payload))
    return replies, context


def test_a_refusal_is_a_reply_with_the_menu_and_the_draft_kept(community):
    replies, context = press(community, "things:missing", state={"draft": "ab"})
    assert [r.text for r in replies] == ["That thing is gone."]
    assert replies[0].buttons[0][0].payload == "things:list"
    assert context.state == {"draft": "abx"} and not context.finished
    replies, _context = press(community, "things:invalid")
    assert replies[0].text.splitlines() == [str(ValidationFailed.default_message), "Too short.",
                                            "Outside the community."]
    replies, _context = press(community, "things:taken")
    assert replies[0].text == "Already done." and replies[0].buttons[0][0].label == "All things"


def test_a_switched_off_capability_ends_the_conversation(community):
    assert community.capability_enabled("assistant")
    community.enabled_capabilities = [slug for slug in community.enabled_capabilities if slug != "assistant"]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    replies, context = press(community, "things:list", state={"draft": "ab"})
    assert [r.text for r in replies] == ["Things are off."]
    assert context.finished and context.state == {}


def test_page_number_is_one_for_anything_but_a_sane_whole_number():
    assert [page_number(text) for text in ("3", "1000", "", "0", "-2", "²", "٣", "1001", "9" * 60, "2.5")] == [
        3, 1000, 1, 1, 1, 1, 1, 1, 1, 1]
    assert page_number("12", last=10) == 1


def test_the_rate_key_names_the_chat_and_the_linked_person(community, resident):
    context = DialogContext(community=community, channel="telegram", chat_id="42", user=resident)
    key = ThingsDialog(context).rate_key()
    assert (key.user_id, key.ip) == (resident.pk, "chat:telegram:42")
    anonymous = ThingsDialog(DialogContext(community=community, channel="web", chat_id="k")).rate_key()
    assert (anonymous.user_id, anonymous.ip) == (None, "chat:web:k")
