"""Pydantic validation errors -> Problems with document locations and stable rule ids."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.location import Location
from arazzo_engine.location import join_pointer
from arazzo_engine.models._base import RULE_IDS
from arazzo_engine.models._base import suggest
from arazzo_engine.problems import Problem

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

__all__ = ["Locator", "resolve_loc", "string_patches", "to_problems"]

Locator = Callable[[str], Location]
"""Turns a JSON pointer into a Location (with the line/column of it or its nearest ancestor)."""

_TAGS = frozenset({"<inline>", "<reusable>", "<object>", "<string>", "[key]"})

_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "a boolean",
    "bool_parsing": "a boolean",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dict_type": "an object",
    "mapping_type": "an object",
    "tuple_type": "a list",
    "list_type": "a list",
    "iterable_type": "a list",
}


def json_type(value: Any) -> str:
    """Name the JSON type of ``value`` for messages ("a string", "null", ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, Sequence):
        return "a list"
    return type(value).__name__


def resolve_loc(loc: Sequence[str | int], data: Any) -> tuple[list[str | int], list[str | int]]:
    """Split a Pydantic ``loc`` into the tokens that exist in ``data`` and those that do not.

    Union tags and ``[key]`` markers are dropped; the tokens that exist give the JSON
    pointer, the rest (a missing field, say) name what is absent.

    Args:
        loc: The error's location tuple.
        data: The raw document value.

    Returns:
        ``(existing, missing)`` token lists.
    """
    node = data
    found: list[str | int] = []
    rest: list[str | int] = []
    for token in loc:
        if token in _TAGS:
            continue
        in_mapping = isinstance(node, Mapping) and isinstance(token, str) and token in node
        in_list = isinstance(node, list) and isinstance(token, int) and token < len(node)
        if not rest and (in_mapping or in_list):
            node = node[token]
            found.append(token)
        else:
            rest.append(token)
    return found, rest


def _label(tokens: Sequence[str | int]) -> str:
    label = ""
    for token in reversed(tokens):
        if isinstance(token, int):
            label = f"[{token}]" + label
        else:
            return token + label
    return label or "the document"


def _message(
    error: ErrorDetails, tokens: list[str | int], rest: list[str | int], raw: Any
) -> tuple[str, str, str | None] | None:
    """``(rule, message, hint)`` for one error; ``None`` to drop it as a duplicate."""
    kind, ctx = error["type"], error.get("ctx") or {}
    label = _label(tokens + rest)
    if kind in RULE_IDS:
        return kind, error["msg"], ctx.get("hint")
    if kind == "missing":
        return "required-field", f"missing required field {label!r}", None
    if kind in _EXPECTED:
        hint = "quote it to make it a string" if kind == "string_type" else None
        got = json_type(error["input"])
        return "wrong-type", f"{label!r} must be {_EXPECTED[kind]}, not {got}", hint
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",")]
        hint = suggest(str(error["input"]), choices)
        return "invalid-value", f"{label!r} must be {expected}, not {error['input']!r}", hint
    if kind == "too_short":
        if isinstance(raw, list) and len(raw) >= ctx.get("min_length", 0):
            return None  # Pydantic's echo of failed items, already reported
        return "min-items", f"{label!r} must have at least {ctx.get('min_length')} item", None
    if kind == "string_pattern_mismatch":
        what = f"name {tokens[-1]!r}" if "[key]" in error["loc"] else f"{label!r}"
        return "name-pattern", f"{what} must match {ctx.get('pattern')}", None
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        op = ">=" if kind == "greater_than_equal" else ">"
        return "invalid-value", f"{label!r} must be {op} {bound:g}, not {error['input']!r}", None
    return "invalid-value", f"{label!r}: {error['msg']}", None


def to_problems(errors: Sequence[ErrorDetails], data: Any, locate: Locator) -> list[Problem]:
    """Translate Pydantic errors into Problems located in the document.

    Args:
        errors: ``ValidationError.errors()`` of a document validation.
        data: The raw document value that was validated.
        locate: Turns a JSON pointer into a Location.

    Returns:
        One Problem per error (Pydantic's "too short after validation" echoes dropped).
    """
    problems = []
    for error in errors:
        tokens, rest = resolve_loc(error["loc"], data)
        raw = _value_at(data, tokens)
        translated = _message(error, tokens, rest, raw)
        if translated is None:
            continue
        rule, message, hint = translated
        problems.append(Problem(rule, "error", message, locate(join_pointer(tokens)), hint))
    return problems


def _value_at(data: Any, tokens: Sequence[str | int]) -> Any:
    for token in tokens:
        data = data[token]
    return data


def string_patches(
    errors: Sequence[ErrorDetails], data: Any, scalar: Callable[[str], str | None]
) -> list[tuple[Any, str | int, str]]:
    """Find string fields that YAML read as numbers/booleans, with their original text.

    Args:
        errors: ``ValidationError.errors()`` of a document validation.
        data: The raw document value that was validated.
        scalar: JSON pointer -> original text of a plain non-string scalar, else ``None``.

    Returns:
        ``(container, key, text)`` for each ``string_type`` error whose value was written
        as a plain scalar; setting ``container[key] = text`` fixes it.
    """
    patches = []
    for error in errors:
        if error["type"] != "string_type":
            continue
        tokens, rest = resolve_loc(error["loc"], data)
        text = scalar(join_pointer(tokens))
        if text is not None and not rest and tokens:
            patches.append((_value_at(data, tokens[:-1]), tokens[-1], text))
    return patches
