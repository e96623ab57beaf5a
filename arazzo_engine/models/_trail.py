"""JSON pointers kept as links to their parent, and joined into text only when read.

Loading records where every mapping of a document is, but a document that has no
problems seldom asks. Building each pointer's text (``/workflows/12/steps/3``) as the
walk goes down cost as much as building the values; a link to the parent's trail and
one key or index is a single small tuple.
"""

from __future__ import annotations

from typing import TypeAlias

from arazzo_engine.location import join_pointer

__all__ = ["Trail", "pointer_of"]

Trail: TypeAlias = "str | tuple[Trail, str | int]"
"""A JSON pointer as text, or as ``(parent trail, key or index)``; the root is ``""``."""


def pointer_of(trail: Trail) -> str:
    """Return the JSON pointer text of ``trail`` (RFC 6901, keys escaped)."""
    tokens: list[str | int] = []
    while isinstance(trail, tuple):
        trail, token = trail
        tokens.append(token)
    return trail + join_pointer(reversed(tokens))
