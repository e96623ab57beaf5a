"""Trails: JSON pointers kept as parent links, joined into RFC 6901 text when read."""

from __future__ import annotations

import pytest

from arazzo_engine.models._trail import Trail
from arazzo_engine.models._trail import pointer_of


@pytest.mark.parametrize(
    ("trail", "pointer"),
    [
        ("", ""),
        ("/already/text", "/already/text"),
        (("", "workflows"), "/workflows"),
        (((("", "workflows"), 0), "steps"), "/workflows/0/steps"),
        ((("", "paths"), "/pets/{id}"), "/paths/~1pets~1{id}"),
        ((("", "a~b"), ""), "/a~0b/"),
        ((("/x", 3), "7"), "/x/3/7"),
    ],
)
def test_trails_join_into_escaped_pointers(trail: Trail, pointer: str) -> None:
    assert pointer_of(trail) == pointer
