"""JSON text read by ``json.loads``: same values, positions and errors as the YAML path."""

from __future__ import annotations

import json
from typing import Any

import pytest

from arazzo_engine.errors import DocumentParseError
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.loader import load
from arazzo_engine.models._trail import pointer_of
from arazzo_engine.models._tree import _parse_yaml
from arazzo_engine.models._tree import parse_text


def document(steps: int = 2) -> dict[str, Any]:
    return {
        "arazzo": "1.0.1",
        "info": {"title": "T ~/", "version": 1.0, "x-n": [1e3, -0, True]},
        "sourceDescriptions": [{"name": "api", "url": "./api.yaml"}],
        "components": {"inputs": {"ab": {"type": "object", "x": None}}},
        "x-tokens": {"a/b~c": {"~": [{}]}},
        "workflows": [
            {
                "workflowId": "wf",
                "inputs": {"$ref": "#/components/inputs/ab"},
                "steps": [
                    {
                        "stepId": f"s{n}",
                        "operationId": "a",
                        "parameters": [{"name": "p", "in": "query", "value": [1.5, "x", {}]}],
                        "outputs": {"o": "$statusCode"},
                    }
                    for n in range(steps)
                ],
            }
        ],
    }


TEXTS = [
    pytest.param(json.dumps(document(), indent=2), id="indent-2"),
    pytest.param(json.dumps(document(), indent="\t"), id="tabs"),
    pytest.param(json.dumps(document()), id="one-line"),
    pytest.param(json.dumps(document(), indent=2).replace("\n", "\r\n"), id="crlf"),
    pytest.param("\n  " + json.dumps(document(), indent=4, separators=(" ,", " : ")), id="spaced"),
]


def _pointers(value: Any, pointer: str = "") -> list[str]:
    found = [pointer]
    if isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            token = str(key).replace("~", "~0").replace("/", "~1")
            found += _pointers(item, f"{pointer}/{token}")
    return found


@pytest.mark.parametrize("text", TEXTS)
def test_json_reads_like_yaml(text: str) -> None:
    fast = parse_text(text, None)
    slow = _parse_yaml(text.replace("\t", " "), None)
    assert fast.value == slow.value
    assert sorted(map(pointer_of, fast.pointers.values())) == sorted(
        map(pointer_of, slow.pointers.values())
    )
    assert fast.position is not None
    assert slow.position is not None
    for pointer in [*_pointers(slow.value), "/nowhere", "/info/nowhere", "/workflows/7"]:
        assert fast.position(pointer) == slow.position(pointer), pointer
        assert fast.scalar(pointer) == slow.scalar(pointer), pointer


def test_raw_line_separators_count_as_yaml_counts_them() -> None:
    data = document()
    data["info"]["title"] = "T \u2028 \x85 \u2029 x"
    text = json.dumps(data, ensure_ascii=False, indent=1)
    fast = parse_text(text, None)
    slow = _parse_yaml(text, None)
    assert fast.value == data  # YAML would fold them as line breaks: JSON keeps them
    assert fast.position is not None
    assert slow.position is not None
    for pointer in _pointers(data):
        assert fast.position(pointer) == slow.position(pointer), pointer


def test_a_deep_error_in_json_has_its_line_and_column() -> None:
    data = document(steps=3)
    data["workflows"][0]["steps"][2]["outputs"] = {"bad name": "$statusCode"}
    text = json.dumps(data, indent=2)
    with pytest.raises(DocumentValidationError) as info:
        load(text)
    (problem,) = info.value.problems
    assert problem.rule == "name-pattern"
    line = text.splitlines().index('            "bad name": "$statusCode"') + 1
    assert (problem.location.line, problem.location.column) == (line, 13)
    assert problem.location.pointer == "/workflows/0/steps/2/outputs/bad name"


def test_a_json_model_location_is_where_its_object_is() -> None:
    text = json.dumps(document(steps=3), indent=2)
    step = load(text).workflows[0].steps[2]
    line = text.splitlines().index('          "stepId": "s2",')  # the line before, 1-based
    assert (step.location.line, step.location.column) == (line, 9)
    assert step.location.pointer == "/workflows/0/steps/2"


def test_a_number_in_a_json_string_field_keeps_its_text() -> None:
    assert load(json.dumps(document(), indent=2)).info.version == "1.0"


def test_duplicate_keys_in_json_are_reported_at_the_second_key() -> None:
    text = '{\n  "arazzo": "1.0.1",\n  "info": {"title": "a",\n     "title": "b"}\n}'
    with pytest.raises(DocumentParseError) as info:
        load(text)
    assert info.value.message == "duplicate key 'title'"
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.column) == (4, 6)


def test_malformed_json_is_reported_with_line_and_column() -> None:
    text = '{\n  "arazzo": "1.0.1",\n  "info": {"title": "a" "version": "1"}\n}'
    with pytest.raises(DocumentParseError) as info:
        load(text)
    assert "not well-formed YAML" in info.value.message
    assert info.value.location is not None
    assert info.value.location.line == 3


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_are_read_the_yaml_way(constant: str) -> None:
    data = document()
    data["info"]["x-c"] = "@"
    text = json.dumps(data).replace('"@"', constant)
    assert load(text).info.extensions["x-c"] == constant  # YAML 1.2: not a number


def test_json_nested_too_deep_is_reported_by_the_yaml_path() -> None:
    text = '{"a": ' + "[" * 250 + "]" * 250 + "}"
    with pytest.raises(DocumentParseError, match="nested more than 200 levels"):
        load(text)
