"""JSON text -> plain values with ``json.loads``; line, column and scalar text found on demand.

JSON is YAML, and the YAML path reads it correctly, but walking a composed node tree
costs about ten times what ``json.loads`` does. This module takes the fast road for
text that is strict JSON and keeps the text, so that a position (for an error
message or a ``location``) is looked up only when someone asks for it.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.location import escape_token

if TYPE_CHECKING:
    from arazzo_engine.models._trail import Trail

__all__ = ["JSONText", "loads"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
"""What YAML (and so the YAML path's line numbers) counts as a line break."""


class _Rejected(ValueError):
    """JSON that the YAML path must read instead (it decides how to report it)."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Rejected("duplicate key")
    return result


def _no_constant(name: str) -> Any:
    raise _Rejected(name)  # NaN and Infinity are not JSON; YAML 1.2 reads them as strings


_STRICT = json.JSONDecoder(object_pairs_hook=_unique_pairs, parse_constant=_no_constant)
_SKIP = json.JSONDecoder()


def loads(text: str, max_depth: int) -> tuple[Any, dict[int, Trail]] | None:
    """Parse strict JSON text: no duplicate keys, no ``NaN``, not nested too deep.

    Args:
        text: The document's text.
        max_depth: The deepest nesting accepted (the top-level value is at depth 0).

    Returns:
        The value and, for each of its objects, ``id()`` -> JSON pointer; ``None``
        when the text is not such JSON and the YAML path must read it (to read it
        its own way, or to report the problem with a line and column).
    """
    try:
        value = _STRICT.decode(text)
    except (ValueError, RecursionError):
        return None
    pointers: dict[int, Trail] = {}
    if (type(value) is dict or type(value) is list) and not _index(value, "", pointers, max_depth):
        return None
    return value, pointers


def _index(
    value: dict[str, Any] | list[Any], pointer: Trail, pointers: dict[int, Trail], levels: int
) -> bool:
    """Record the pointer of every object in ``value``; ``False`` when it nests too deep."""
    if levels < 0:
        return False
    levels -= 1
    if type(value) is dict:
        pointers[id(value)] = pointer
        for key, item in value.items():
            if (type(item) is dict or type(item) is list) and not _index(
                item, (pointer, key), pointers, levels
            ):
                return False
    else:
        for number, item in enumerate(value):
            is_container = type(item) is dict or type(item) is list
            if is_container and not _index(item, (pointer, number), pointers, levels):
                return False
    return True


def _skip_whitespace(text: str, at: int) -> int:
    return _WHITESPACE.match(text, at).end()  # type: ignore[union-attr]  # always matches


class JSONText:
    """Finds where a JSON pointer is in a JSON text, and the text of number/boolean scalars.

    Each container on the way to a pointer is scanned once (with the ``json`` module's
    C decoder) and remembered, so later look-ups below it are cheap.

    Args:
        text: Well-formed JSON text whose top-level value is an object.
    """

    __slots__ = ("_line_starts", "_members", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._members: dict[str, dict[str, tuple[int, int]]] = {}
        self._line_starts: list[int] | None = None

    def position(self, pointer: str) -> tuple[int, int] | None:
        """The 1-based (line, column) of the key (or list item) ``pointer`` names.

        Args:
            pointer: A JSON pointer (``""`` is the top-level value).

        Returns:
            The position, or ``None`` when nothing is there.
        """
        offsets = self._offsets(pointer)
        return None if offsets is None else self._line_column(offsets[0])

    def scalar(self, pointer: str) -> str | None:
        """The text of the number or boolean at ``pointer``, as written.

        Args:
            pointer: A JSON pointer.

        Returns:
            The text, or ``None`` for strings, nulls, containers and missing values.
        """
        offsets = self._offsets(pointer)
        if offsets is None:
            return None
        value, end = _SKIP.raw_decode(self._text, offsets[1])
        if value is None or isinstance(value, str | dict | list):
            return None
        return self._text[offsets[1] : end]

    def _offsets(self, pointer: str) -> tuple[int, int] | None:
        """Where ``pointer``'s key (or item) starts, and where its value starts."""
        if not pointer:
            start = _skip_whitespace(self._text, 0)
            return start, start
        parent, _, token = pointer.rpartition("/")
        members = self._container(parent)
        return None if members is None else members.get(token)

    def _container(self, pointer: str) -> dict[str, tuple[int, int]] | None:
        members = self._members.get(pointer)
        if members is None:
            offsets = self._offsets(pointer)
            if offsets is None or self._text[offsets[1]] not in "{[":
                return None
            members = self._members[pointer] = self._scan(offsets[1])
        return members

    def _scan(self, start: int) -> dict[str, tuple[int, int]]:
        """Escaped token -> (key or item offset, value offset) for the container at ``start``."""
        text = self._text
        is_object = text[start] == "{"
        members: dict[str, tuple[int, int]] = {}
        at = _skip_whitespace(text, start + 1)
        while text[at] not in "}]":
            key_at = at
            if is_object:
                key, at = _SKIP.raw_decode(text, at)
                at = _skip_whitespace(text, at) + 1  # the ':'
                at = _skip_whitespace(text, at)
                token = escape_token(key)
            else:
                token = str(len(members))
            members[token] = (key_at, at)
            at = _SKIP.raw_decode(text, at)[1]
            at = _skip_whitespace(text, at)
            if text[at] == ",":
                at = _skip_whitespace(text, at + 1)
        return members

    def _line_column(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self._text)]
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1
