"""Workflow inputs: defaults, validation, and the memo of input sets that passed."""

from __future__ import annotations

from pathlib import Path

import pytest

from arazzo_engine.errors import InputValidationError
from arazzo_engine.runner.inputs import prepare_inputs

SCHEMA = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "limit": {"type": "integer", "default": 10},
    },
}


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record every instance the jsonschema validator is asked to check."""
    import jsonschema

    seen: list[object] = []
    original = jsonschema.Draft202012Validator.iter_errors

    def iter_errors(self, instance, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(instance)
        return original(self, instance, *args, **kwargs)

    monkeypatch.setattr(jsonschema.Draft202012Validator, "iter_errors", iter_errors)
    return seen


def test_defaults_are_applied_and_the_result_validated() -> None:
    assert prepare_inputs(SCHEMA, {"name": "a"}) == {"name": "a", "limit": 10}
    with pytest.raises(InputValidationError, match=r"limit: 'x' is not of type 'integer'"):
        prepare_inputs(SCHEMA, {"name": "a", "limit": "x"}, workflow_id="w")


def test_a_valid_input_set_is_validated_once(spy: list[object]) -> None:
    schema = dict(SCHEMA)  # a fresh schema object: a fresh compiled entry
    for _ in range(3):
        assert prepare_inputs(schema, {"name": "a", "tags": ["x"]})["limit"] == 10
    assert len(spy) == 1
    # key order does not matter; a different value does
    prepare_inputs(schema, {"tags": ["x"], "name": "a"})
    assert len(spy) == 1
    prepare_inputs(schema, {"name": "b", "tags": ["x"]})
    assert len(spy) == 2


def test_invalid_input_sets_are_checked_every_time(spy: list[object]) -> None:
    schema = dict(SCHEMA)
    for _ in range(2):
        with pytest.raises(InputValidationError, match="'name' is a required property"):
            prepare_inputs(schema, {"tags": ["x"]})
    assert len(spy) == 2


@pytest.mark.parametrize(
    "value",
    [("x",), [Path("x")], 1.5, True],
    ids=["tuple", "path", "float", "bool"],
)
def test_values_json_cannot_tell_apart_are_never_served_from_the_memo(
    spy: list[object], value: object
) -> None:
    schema = dict(SCHEMA)
    prepare_inputs(schema, {"name": "a", "tags": ["x"]})  # a valid set is remembered
    # a tuple serialises like the list, but jsonschema does not take it for an array
    with pytest.raises(InputValidationError, match="tags"):
        prepare_inputs(schema, {"name": "a", "tags": value})
    assert len(spy) == 2
