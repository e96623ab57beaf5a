"""Helpers for the Studio simulator tests: a small valid flow definition and form bodies."""

from __future__ import annotations

import json
from typing import Any

TO = "+15558675310"
FROM = "+15017122661"


def make_definition(*, next_widget: str | None = "send_greeting") -> dict[str, Any]:
    """A small valid flow: Trigger --incomingRequest--> send_greeting (when given)."""
    trigger_transitions: list[dict[str, Any]] = [{"event": "incomingMessage"}]
    trigger_transitions.append({"event": "incomingRequest", "next": next_widget or ""})
    return {
        "description": "test flow",
        "flags": {"allow_concurrent_calls": True},
        "initial_state": "Trigger",
        "states": [
            {
                "name": "Trigger",
                "type": "trigger",
                "properties": {"offset": {"x": 0, "y": 0}},
                "transitions": trigger_transitions,
            },
            {
                "name": "send_greeting",
                "type": "send-message",
                "properties": {
                    "body": "hi {{flow.data.name}}",
                    "to": "{{contact.channel.address}}",
                },  # noqa: E501
                "transitions": [{"event": "sent"}, {"event": "failed"}],
            },
        ],
    }


def flow_form(**overrides: str) -> dict[str, str]:
    form = {
        "FriendlyName": "Test Flow",
        "Status": "published",
        "Definition": json.dumps(make_definition()),
    }
    form.update(overrides)
    return form
