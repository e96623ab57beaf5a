"""``Location``: an immutable value, whose line and column may be looked up late."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from arazzo_engine.loader import load
from arazzo_engine.location import Location


def deferred(line: int | None, column: int | None, calls: list[str]) -> Location:
    def position() -> tuple[int | None, int | None]:
        calls.append("looked up")
        return line, column

    return Location.deferred("flow.yaml", "/workflows/0", position)


def test_a_plain_location_is_a_value() -> None:
    location = Location("flow.yaml", 3, 5, "/workflows/0")
    assert (location.file, location.line, location.column, location.pointer) == (
        "flow.yaml",
        3,
        5,
        "/workflows/0",
    )
    assert location == Location("flow.yaml", 3, 5, "/workflows/0")
    assert location != Location("flow.yaml", 4, 5, "/workflows/0")
    assert location != ("flow.yaml", 3, 5, "/workflows/0")
    assert len({location, Location("flow.yaml", 3, 5, "/workflows/0")}) == 1
    assert repr(location) == "Location(file='flow.yaml', line=3, column=5, pointer='/workflows/0')"
    assert str(location) == "flow.yaml:3:5 (/workflows/0)"
    assert str(Location()) == "<document> (/)"
    match location:
        case Location(file, line, column, pointer):
            assert (file, line, column, pointer) == ("flow.yaml", 3, 5, "/workflows/0")


def test_locations_are_immutable() -> None:
    location = Location("flow.yaml", 3, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        location.line = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        location.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del location.file


def test_a_deferred_location_looks_its_position_up_once_when_read() -> None:
    calls: list[str] = []
    location = deferred(12, 9, calls)
    assert (location.file, location.pointer) == ("flow.yaml", "/workflows/0")
    assert repr(location) == (
        "Location(file='flow.yaml', line=<deferred>, column=<deferred>, pointer='/workflows/0')"
    )
    hash(location)
    assert calls == []
    assert location.line == 12
    assert (location.column, str(location)) == (9, "flow.yaml:12:9 (/workflows/0)")
    assert calls == ["looked up"]
    assert repr(location) == "Location(file='flow.yaml', line=12, column=9, pointer='/workflows/0')"


def test_deferred_and_plain_locations_compare_by_their_parts() -> None:
    calls: list[str] = []
    location = deferred(12, 9, calls)
    assert location != Location("flow.yaml", 12, 9, "/elsewhere")
    assert calls == []  # a different pointer settles it without a look-up
    assert location == Location("flow.yaml", 12, 9, "/workflows/0")
    assert hash(location) == hash(Location("flow.yaml", 12, 9, "/workflows/0"))
    assert deferred(None, None, []) == Location("flow.yaml", None, None, "/workflows/0")


def test_an_unknown_position_leaves_line_and_column_empty() -> None:
    location = Location.deferred("flow.yaml", "/x", lambda: None)
    assert (location.line, location.column) == (None, None)
    assert str(location) == "flow.yaml (/x)"


def test_child_drops_the_line_and_within_keeps_it() -> None:
    calls: list[str] = []
    location = deferred(12, 9, calls)
    child = location.child("steps", 0, "a/b")
    assert child == Location("flow.yaml", None, None, "/workflows/0/steps/0/a~1b")
    within = location.within("outputs", "x~y")
    assert calls == []
    assert within == Location("flow.yaml", 12, 9, "/workflows/0/outputs/x~0y")
    assert calls == ["looked up"]
    assert Location("f", 1, 2, "").within("a") == Location("f", 1, 2, "/a")


@pytest.mark.parametrize(
    "clone", [copy.copy, copy.deepcopy, lambda x: pickle.loads(pickle.dumps(x))]
)
def test_copies_and_pickles_carry_the_position(clone) -> None:  # type: ignore[no-untyped-def]
    location = deferred(12, 9, [])
    copied = clone(location)
    assert copied == location
    assert (copied.line, copied.column) == (12, 9)


def test_loaded_yaml_objects_find_their_lines_late_and_right() -> None:
    document = load(
        "arazzo: 1.0.1\n"
        "info: {title: t, version: '1'}\n"
        "sourceDescriptions:\n"
        "  - name: api\n"
        "    url: ./api.yaml\n"
        "workflows:\n"
        "  - workflowId: w\n"
        "    steps:\n"
        "      - stepId: s\n"
        "        operationId: op\n"
        "        successCriteria:\n"
        "          - condition: $statusCode == 200\n"
    )
    criterion = document.workflows[0].steps[0].success_criteria[0]
    assert "line=<deferred>" in repr(criterion.location)
    assert str(criterion.location) == "<document>:12:13 (/workflows/0/steps/0/successCriteria/0)"
    assert str(document.workflows[0].location) == "<document>:7:5 (/workflows/0)"
