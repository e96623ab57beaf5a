"""Flow-definition checks and the walk an Execution takes from the Trigger."""

from __future__ import annotations

import json

import pytest

from arazzo_engine.simulators.studio.definitions import parse_definition
from arazzo_engine.simulators.studio.definitions import walk_from_trigger
from tests.simulators.studio_helpers import make_definition


def paths_of(text: str) -> list[str]:
    return [issue.property_path for issue in parse_definition(text)[1]]


def test_minimal_quickstart_definition_is_valid() -> None:
    text = json.dumps(
        {
            "description": "A New Flow",
            "flags": {"allow_concurrent_calls": True},
            "initial_state": "Trigger",
            "states": [{"name": "Trigger", "type": "trigger", "properties": {}, "transitions": []}],
        }
    )
    definition, issues = parse_definition(text)
    assert issues == []
    assert definition is not None
    assert definition["initial_state"] == "Trigger"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("not json", "#"),
        ("[1, 2]", "#"),
        ('{"initial_state": "Trigger"}', "#/states"),
        ('{"initial_state": "Trigger", "states": []}', "#/states"),
    ],
)
def test_malformed_definitions_are_reported(text: str, path: str) -> None:
    assert path in paths_of(text)


def test_duplicate_widget_names_are_reported() -> None:
    definition = make_definition()
    definition["states"][1]["name"] = "Trigger"
    assert "#/states/1/name" in paths_of(json.dumps(definition))


def test_transition_to_a_missing_widget_is_reported() -> None:
    definition = make_definition(next_widget="nowhere")
    assert "#/states/0/transitions/1/next" in paths_of(json.dumps(definition))


def test_initial_state_must_name_a_widget() -> None:
    definition = make_definition()
    definition["initial_state"] = "Start"
    assert "#/initial_state" in paths_of(json.dumps(definition))


def test_a_trigger_widget_is_required() -> None:
    definition = make_definition()
    definition["states"][0]["type"] = "split-based-on"
    assert "#/states" in paths_of(json.dumps(definition))


def test_flags_need_a_boolean_allow_concurrent_calls() -> None:
    definition = make_definition()
    definition["flags"] = {"allow_concurrent_calls": "yes"}
    assert "#/flags" in paths_of(json.dumps(definition))


def test_walk_follows_incoming_request_then_first_targeted_transition() -> None:
    moves = walk_from_trigger(make_definition())
    assert [(m.event, m.from_widget, m.to_widget, m.widget_type) for m in moves] == [
        ("incomingRequest", "Trigger", "send_greeting", "trigger"),
        ("sent", "send_greeting", "Ended", "send-message"),
    ]


def test_walk_without_a_rest_transition_ends_at_the_trigger() -> None:
    moves = walk_from_trigger(make_definition(next_widget=None))
    assert [(m.from_widget, m.to_widget) for m in moves] == [("Trigger", "Ended")]


def test_walk_stops_on_a_loop() -> None:
    definition = make_definition()
    definition["states"][1]["transitions"] = [{"event": "sent", "next": "Trigger"}]
    moves = walk_from_trigger(definition)
    assert len(moves) == 2
    assert moves[-1].to_widget == "Trigger"
