"""RFC 6901 JSON pointers: parsing the ``#/a/b`` part of an expression and reading with it."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from arazzo_engine._types import UNDEFINED

__all__ = ["format_pointer", "parse_pointer", "resolve_pointer", "select_token"]


def parse_pointer(text: str) -> tuple[str, ...]:
    """Split a JSON pointer into unescaped reference tokens.

    Args:
        text: The pointer, ``""`` (the whole document) or starting with ``/``.

    Returns:
        The reference tokens, with ``~1`` and ``~0`` unescaped.

    Raises:
        ValueError: The pointer does not start with ``/`` or has a bad ``~`` escape;
            the message names the 0-based offset of the problem.
    """
    if not text:
        return ()
    if text[0] != "/":
        raise ValueError("0:a JSON pointer must start with '/'")
    index = text.find("~")
    while index != -1:
        if text[index + 1 : index + 2] not in ("0", "1"):
            raise ValueError(f"{index}:'~' must be followed by '0' or '1' in a JSON pointer")
        index = text.find("~", index + 2)
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in text[1:].split("/"))


def format_pointer(tokens: Sequence[str]) -> str:
    """Return the escaped pointer text for ``tokens`` (the inverse of ``parse_pointer``)."""
    return "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)


def select_token(value: Any, token: str) -> Any:
    """Select one reference token in a JSON value.

    Object members are looked up by key; array elements by a decimal index
    without leading zeros. ``-`` (the element after the last) selects nothing,
    as do out-of-range indices and tokens applied to scalars.

    Args:
        value: An object, array or scalar.
        token: An unescaped reference token.

    Returns:
        The selected value, or ``UNDEFINED``.
    """
    if isinstance(value, Mapping):
        return value.get(token, UNDEFINED)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        if not token.isdigit() or not token.isascii() or (len(token) > 1 and token[0] == "0"):
            return UNDEFINED
        position = int(token)
        return value[position] if position < len(value) else UNDEFINED
    return UNDEFINED


def resolve_pointer(value: Any, tokens: Sequence[str]) -> Any:
    """Follow reference tokens from ``value``.

    Args:
        value: The document to read.
        tokens: Tokens from ``parse_pointer``.

    Returns:
        The selected value, or ``UNDEFINED`` when any token selects nothing.
    """
    for token in tokens:
        value = select_token(value, token)
        if value is UNDEFINED:
            return UNDEFINED
    return value
