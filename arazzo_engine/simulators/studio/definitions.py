"""Studio flow definitions: structural validation and the walk an Execution takes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_STATES",
    "MAX_WALK",
    "DefinitionIssue",
    "Transition",
    "parse_definition",
    "walk_from_trigger",
]

MAX_STATES = 1000
"""The flow-definition JSON Schema's ``maxItems`` for ``states``."""

MAX_WALK = 50
"""How many widget transitions a simulated Execution records at most."""

TRIGGER_TYPE = "trigger"
REST_EVENT = "incomingRequest"
"""The Trigger event that an Execution created through the REST API follows."""


@dataclass(frozen=True)
class DefinitionIssue:
    """One reason a flow definition is invalid.

    Attributes:
        message: What is wrong, in words.
        property_path: A JSON-pointer-like path (``#/states/1/name``) to the offending value.
    """

    message: str
    property_path: str

    def to_dict(self) -> dict[str, str]:
        """Return the issue as it appears in an 81022 error's ``details``.

        Returns:
            ``{"message": …, "property_path": …}``.
        """
        return {"message": self.message, "property_path": self.property_path}


@dataclass(frozen=True)
class Transition:
    """One recorded move of an Execution from a widget to the next.

    Attributes:
        event: The event that caused the move (``incomingRequest`` for the Trigger).
        from_widget: The widget the Execution left.
        to_widget: The widget it moved to, or ``Ended`` when the flow ended there.
        widget_type: The type of ``from_widget`` (``trigger``, ``send-message`` …).
    """

    event: str
    from_widget: str
    to_widget: str
    widget_type: str


def parse_definition(text: str) -> tuple[dict[str, Any] | None, list[DefinitionIssue]]:
    """Parse and check a flow definition sent as JSON text in a ``Definition`` form field.

    The checks follow Studio's documented causes of error 81022: the definition must be a
    JSON object with a non-empty ``states`` array of ``{name, type, properties,
    transitions}`` widgets with unique names, an ``initial_state`` naming one of them, a
    ``trigger`` widget, and transitions whose ``next`` names an existing widget.

    Args:
        text: The form field's value.

    Returns:
        The parsed definition (``None`` when it is not a JSON object) and the list of
        issues found (empty when the definition is valid).
    """
    try:
        value = json.loads(text)
    except ValueError as exc:
        return None, [DefinitionIssue(f"Definition is not valid JSON: {exc}", "#")]
    if not isinstance(value, dict):
        return None, [DefinitionIssue("Definition must be a JSON object", "#")]
    issues: list[DefinitionIssue] = []
    _check_flags(value, issues)
    states = value.get("states")
    if not isinstance(states, list) or not states:
        issues.append(DefinitionIssue("states must be a non-empty array of widgets", "#/states"))
        states = []
    elif len(states) > MAX_STATES:
        issues.append(DefinitionIssue(f"states must have at most {MAX_STATES} items", "#/states"))
    names = _check_states(states, issues)
    initial = value.get("initial_state")
    if not isinstance(initial, str) or not initial:
        issues.append(
            DefinitionIssue("initial_state must be a non-empty string", "#/initial_state")
        )
    elif names and initial not in names:
        issues.append(
            DefinitionIssue(f"initial_state {initial!r} names no widget", "#/initial_state")
        )
    if names and not any(isinstance(s, dict) and s.get("type") == TRIGGER_TYPE for s in states):
        issues.append(DefinitionIssue("the flow has no widget of type 'trigger'", "#/states"))
    _check_transitions(states, names, issues)
    return value, issues


def _check_flags(value: dict[str, Any], issues: list[DefinitionIssue]) -> None:
    if "flags" not in value:
        return
    flags = value["flags"]
    if not isinstance(flags, dict) or not isinstance(flags.get("allow_concurrent_calls"), bool):
        issues.append(
            DefinitionIssue(
                "flags must be an object with a boolean allow_concurrent_calls", "#/flags"
            )
        )


def _check_states(states: list[Any], issues: list[DefinitionIssue]) -> set[str]:
    names: set[str] = set()
    for index, state in enumerate(states):
        where = f"#/states/{index}"
        if not isinstance(state, dict):
            issues.append(DefinitionIssue("a widget must be an object", where))
            continue
        name = state.get("name")
        if not isinstance(name, str) or not name:
            issues.append(DefinitionIssue("a widget needs a non-empty name", f"{where}/name"))
        elif name in names:
            issues.append(DefinitionIssue(f"widget name {name!r} is not unique", f"{where}/name"))
        else:
            names.add(name)
        if not isinstance(state.get("type"), str) or not state.get("type"):
            issues.append(DefinitionIssue("a widget needs a non-empty type", f"{where}/type"))
        if "properties" in state and not isinstance(state["properties"], dict):
            issues.append(
                DefinitionIssue("widget properties must be an object", f"{where}/properties")
            )
        transitions = state.get("transitions", [])
        if not isinstance(transitions, list):
            issues.append(
                DefinitionIssue("widget transitions must be an array", f"{where}/transitions")
            )
    return names


def _check_transitions(states: list[Any], names: set[str], issues: list[DefinitionIssue]) -> None:
    for index, state in enumerate(states):
        if not isinstance(state, dict) or not isinstance(state.get("transitions", []), list):
            continue
        for t_index, transition in enumerate(state.get("transitions", [])):
            where = f"#/states/{index}/transitions/{t_index}"
            if not isinstance(transition, dict):
                issues.append(DefinitionIssue("a transition must be an object", where))
                continue
            if not isinstance(transition.get("event"), str) or not transition.get("event"):
                issues.append(DefinitionIssue("a transition needs an event", f"{where}/event"))
            target = transition.get("next")
            if target in (None, ""):
                continue
            if not isinstance(target, str) or target not in names:
                issues.append(
                    DefinitionIssue(
                        f"transition to {target!r} names no widget in the flow", f"{where}/next"
                    )
                )


def walk_from_trigger(definition: dict[str, Any], *, limit: int = MAX_WALK) -> list[Transition]:
    """Return the transitions an Execution created through the REST API takes.

    The walk starts at the Trigger widget's ``incomingRequest`` transition and then
    follows, from each widget, its first transition that names a next widget. It stops
    at a widget with no such transition (recorded as a move to ``Ended``), at a widget it
    has already visited, or after ``limit`` moves. The definition must be valid.

    Args:
        definition: A definition that :func:`parse_definition` accepted.
        limit: The most transitions to record.

    Returns:
        The transitions in order; empty when the Trigger has no ``incomingRequest`` target.
    """
    by_name = {s["name"]: s for s in definition["states"]}
    trigger = next(s for s in definition["states"] if s["type"] == TRIGGER_TYPE)
    first = _next_of(trigger, REST_EVENT)
    if first is None:
        return [Transition(REST_EVENT, trigger["name"], "Ended", TRIGGER_TYPE)]
    moves = [Transition(REST_EVENT, trigger["name"], first, TRIGGER_TYPE)]
    visited = {trigger["name"]}
    current = by_name[first]
    while len(moves) < limit and current["name"] not in visited:
        visited.add(current["name"])
        event, target = _first_transition(current)
        moves.append(Transition(event, current["name"], target or "Ended", current["type"]))
        if target is None:
            break
        current = by_name[target]
    return moves


def _next_of(state: dict[str, Any], event: str) -> str | None:
    for transition in state.get("transitions", []):
        if transition.get("event") == event and transition.get("next"):
            return str(transition["next"])
    return None


def _first_transition(state: dict[str, Any]) -> tuple[str, str | None]:
    transitions = state.get("transitions", [])
    for transition in transitions:
        if transition.get("next"):
            return str(transition.get("event")), str(transition["next"])
    event = transitions[0].get("event") if transitions else None
    return (str(event) if event else "complete"), None
