"""Loose comparison rules of simple conditions (documented in docs/expressions.md)."""

from __future__ import annotations

import operator
import re
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ExpressionEvaluationError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["compare", "describe", "loose_equal", "truthy"]

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_number(text: str) -> int | float | None:
    if _NUMBER.fullmatch(text) is None:
        return None
    return float(text) if any(c in text for c in ".eE") else int(text)


def describe(value: Any) -> str:
    """Name a value's JSON type for messages (``undefined`` for ``UNDEFINED``)."""
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if _is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    return type(value).__name__


def truthy(value: Any) -> bool:
    """Truthiness of a bare operand: ``null``, undefined, ``false``, 0, ``''``, ``[]``, ``{}``."""
    return value is not UNDEFINED and bool(value)


def loose_equal(left: Any, right: Any, case_insensitive: bool = True) -> bool:
    """Equality with the spec's loose rules.

    ``UNDEFINED`` compares like ``null``; ``null`` equals only ``null``; strings
    compare case-insensitively; a numeric string equals the number it spells;
    booleans equal booleans and the strings ``'true'``/``'false'`` (any case) but
    never numbers; arrays and objects compare structurally.

    Args:
        left: One value.
        right: The other.
        case_insensitive: Fold case when comparing strings.

    Returns:
        Whether they are equal.
    """
    left = None if left is UNDEFINED else left
    right = None if right is UNDEFINED else right
    if left is None or right is None:
        return left is right
    if isinstance(left, str) and not isinstance(right, str):
        left, right = right, left
    if isinstance(left, bool):
        if isinstance(right, bool):
            return left is right
        return isinstance(right, str) and right.casefold() == ("true" if left else "false")
    if _is_number(left):
        if isinstance(right, str):
            number = _as_number(right)
            return number is not None and number == left
        return _is_number(right) and left == right
    if isinstance(left, str) and isinstance(right, str):
        return left.casefold() == right.casefold() if case_insensitive else left == right
    return bool(left == right)


def compare(op: str, left: Any, right: Any, case_insensitive: bool = True) -> bool:
    """Apply a comparison operator with the loose rules.

    Relational operators on ``null``/undefined give ``False``; numbers (and numeric
    strings against numbers) compare numerically; two strings compare by case-folded
    text.

    Args:
        op: ``== != < <= > >=``.
        left: The left operand's value.
        right: The right operand's value.
        case_insensitive: Fold case when comparing strings.

    Returns:
        The outcome.

    Raises:
        ExpressionEvaluationError: The operands cannot be ordered (booleans, objects,
            arrays, a number against a non-numeric string).
    """
    if op == "==":
        return loose_equal(left, right, case_insensitive)
    if op == "!=":
        return not loose_equal(left, right, case_insensitive)
    if left is None or right is None or left is UNDEFINED or right is UNDEFINED:
        return False
    a, b = left, right
    if _is_number(a) and isinstance(b, str):
        b = _as_number(b)
    elif isinstance(a, str) and _is_number(b):
        a = _as_number(a)
    elif isinstance(a, str) and isinstance(b, str) and case_insensitive:
        a, b = a.casefold(), b.casefold()
    if (_is_number(a) and _is_number(b)) or (isinstance(a, str) and isinstance(b, str)):
        return _ORDER[op](a, b)
    raise ExpressionEvaluationError(
        f"cannot order {describe(left)} {_show(left)} and {describe(right)} {_show(right)} "
        f"with {op}"
    )


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
