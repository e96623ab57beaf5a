"""How the YAML path reads scalars, tags, keys and aliases (values and positions)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from arazzo_engine.errors import DocumentParseError
from arazzo_engine.models._trail import pointer_of
from arazzo_engine.models._tree import parse_text


def value_of(text: str) -> Any:
    return parse_text("x: 0\n" + text, None).value


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("", None),
        ("~", None),
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("nothing", "nothing"),
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("yes", "yes"),
        ("tRue", "tRue"),
        ("12", 12),
        ("-3", -3),
        ("+7", 7),
        ("012", 12),
        ("0o17", 15),
        ("0x1F", 31),
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        ("1.5", 1.5),
        ("-.5", -0.5),
        ("1e3", 1000.0),
        ("1.", 1.0),
        (".inf", math.inf),
        ("-.Inf", -math.inf),
        ("+.INF", math.inf),
        ("2024-01-31", "2024-01-31"),
        ("1.0.1", "1.0.1"),
        ("./api.yaml", "./api.yaml"),
        ("$statusCode == 200", "$statusCode == 200"),
        ("'12'", "12"),
        ('"true"', "true"),
        ("'~'", "~"),
        ("! 12", 12),  # libyaml: the non-specific tag leaves a plain scalar plain
        ("!!str 1.0", "1.0"),
        ("!!str", ""),
        ("!!int '12'", 12),
        ("!!float 1", 1.0),
        ("!!bool 'true'", True),
        ("!!null ''", None),
        ("|\n  12\n", "12\n"),
        (">-\n  true\n", "true"),
    ],
)
def test_scalar_values_follow_yaml_1_2(written: str, read: Any) -> None:
    value = value_of(f"v: {written}\n")["v"]
    assert value == read
    assert type(value) is type(read)


def test_nan_is_a_float() -> None:
    assert math.isnan(value_of("v: .nan\n")["v"])


@pytest.mark.parametrize("written", ["'12'", "!!str 12", '"12"'])
def test_strings_in_sequences_and_flow_collections(written: str) -> None:
    data = value_of(f"v: [{written}, 12, '', ]\nw:\n  - {written}\n  -\n")
    assert data["v"] == ["12", 12, ""]
    assert data["w"] == ["12", None]


def test_keys_are_their_text_whatever_they_look_like() -> None:
    data = value_of("200: a\ntrue: b\n~: c\n1.5: d\n'q': e\n!!str 3: f\n!!int 4: g\n")
    assert list(data) == ["x", "200", "true", "~", "1.5", "q", "3", "4"]


def test_original_text_of_plain_numbers_and_booleans_is_kept() -> None:
    parsed = parse_text("a: 1.10\nb: true\nc: '1.10'\nd: !!float 2.50\ne: text\nf: ~\n", None)
    assert parsed.value == {"a": 1.1, "b": True, "c": "1.10", "d": 2.5, "e": "text", "f": None}
    assert [parsed.scalar(p) for p in ("/a", "/b", "/c", "/d", "/e", "/f")] == [
        "1.10",
        "true",
        None,
        "2.50",
        None,
        None,
    ]


def test_aliases_share_values_and_positions() -> None:
    text = (
        "base: &b\n"
        "  name: n\n"
        "  value: 12\n"
        "list: &l [1, two, 3.0]\n"
        "copies:\n"
        "  - *b\n"
        "  - *l\n"
        "  - &s plain\n"
        "  - *s\n"
    )
    parsed = parse_text(text, None)
    data = parsed.value
    assert data["copies"] == [{"name": "n", "value": 12}, [1, "two", 3.0], "plain", "plain"]
    assert data["copies"][0] is data["base"]
    assert data["copies"][1] is data["list"]
    assert parsed.position is not None
    assert parsed.position("/base/value") == (3, 3)
    assert parsed.position("/list/1") == (4, 14)
    # an alias is the anchored node itself: it is where the anchor is
    assert [parsed.position(f"/copies/{i}") for i in range(4)] == [(1, 7), (4, 7), (8, 5), (8, 5)]
    assert parsed.position("/nowhere") is None


def test_positions_of_keys_and_items() -> None:
    text = "a:\n  b/c: 1\n  'd~e':\n    - x\n    -   y: 2\n"
    parsed = parse_text(text, None)
    assert parsed.position is not None
    assert parsed.position("") == (1, 1)
    assert parsed.position("/a") == (1, 1)
    assert parsed.position("/a/b~1c") == (2, 3)
    assert parsed.position("/a/d~0e") == (3, 3)
    assert parsed.position("/a/d~0e/0") == (4, 7)
    assert parsed.position("/a/d~0e/1") == (5, 9)
    assert parsed.position("/a/d~0e/1/y") == (5, 9)
    assert pointer_of(parsed.pointers[id(parsed.value["a"]["d~e"][1])]) == "/a/d~0e/1"


@pytest.mark.parametrize(
    ("text", "message", "where"),
    [
        ("a: !!int twelve\n", "'twelve' is not a valid int", (1, 4)),
        ("a: !!bool yes\n", "'yes' is not a valid bool", (1, 4)),
        ("a: !!timestamp 2024-01-01\n", "not a valid timestamp", (1, 4)),
        ("a: !<arazzo-engine:plain> 12\n", "not a valid plain", (1, 4)),
        ("!<arazzo-engine:plain> 12: 1\n", "mapping keys must be plain strings", (1, 1)),
        ("a: !!str {b: 1}\n", "unsupported tag", (1, 4)),
        ("a: !!map [1]\n", "unsupported tag", (1, 4)),
        ("a:\n  - !!binary aGk=\n", "not a valid binary", (2, 5)),
        ("!!binary aGk=: 1\n", "mapping keys must be plain strings", (1, 1)),
        ("a: 1\nb: 2\na: 3\n", "duplicate key 'a'", (3, 1)),
        ("a: &x {b: 1}\nc: [*x, *x]\nd: {e: 1, e: 2}\n", "duplicate key 'e'", (3, 11)),
        ("a: http://x/?q=1&r=2\nb:\n  - c: 1\n    c: 1\n", "duplicate key 'c'", (4, 5)),
    ],
)
def test_what_json_cannot_hold_is_rejected_where_it_is(
    text: str, message: str, where: tuple[int, int]
) -> None:
    with pytest.raises(DocumentParseError, match=message) as info:
        parse_text(text, "doc.yaml")
    location = info.value.location
    assert location is not None
    assert (location.file, location.line, location.column) == ("doc.yaml", *where)
