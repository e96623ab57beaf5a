"""Compiled expressions and conditions, the cached ``compile_*`` functions and evaluate_value."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.expressions.evaluator import judge
from arazzo_engine.expressions.evaluator import resolve
from arazzo_engine.expressions.nodes import Node
from arazzo_engine.expressions.nodes import Reference
from arazzo_engine.expressions.nodes import walk
from arazzo_engine.expressions.parser import Parser
from arazzo_engine.expressions.parser import parse_expression
from arazzo_engine.expressions.parser import parse_template
from arazzo_engine.expressions.template import Template
from arazzo_engine.expressions.template import format_value

if TYPE_CHECKING:
    from arazzo_engine.expressions.context import ExpressionContext

__all__ = [
    "Condition",
    "ConditionResult",
    "Expression",
    "compile_condition",
    "compile_expression",
    "compile_template",
    "compile_value",
    "evaluate_value",
    "iter_references",
]

CACHE_SIZE = 4096
"""How many distinct texts each ``compile_*`` function keeps compiled."""


class Expression:
    """A compiled runtime expression; create it with ``compile_expression``.

    Attributes:
        text: The expression text.
        node: Its ``Reference`` node.
    """

    __slots__ = ("node", "text")

    def __init__(self, text: str, node: Reference) -> None:
        self.text = text
        self.node = node

    def evaluate(self, ctx: ExpressionContext) -> Any:
        """Return the referenced value (type preserved), or ``UNDEFINED``.

        Raises:
            UnresolvedReferenceError: It selects nothing in a strict environment.
        """
        return resolve(self.node, ctx)

    def references(self) -> tuple[Reference, ...]:
        """The runtime expressions read: just this one."""
        return (self.node,)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """The outcome of a condition: never an exception.

    Attributes:
        passed: Whether the condition holds.
        actual: The value that decided it (the left operand of a comparison).
        reason: Why it failed (``None`` when it passed).
    """

    passed: bool
    actual: Any
    reason: str | None


class Condition:
    """A compiled simple condition; create it with ``compile_condition``.

    Attributes:
        text: The condition text.
        node: The root node.
    """

    __slots__ = ("node", "text")

    def __init__(self, text: str, node: Node) -> None:
        self.text = text
        self.node = node

    def evaluate(self, ctx: ExpressionContext) -> ConditionResult:
        """Decide the condition; any evaluation problem is a failure with a reason.

        Args:
            ctx: What its expressions may read.

        Returns:
            The result (this method does not raise).
        """
        try:
            passed, actual, blame = judge(self.node, ctx)
        except Exception as exc:  # evaluation problems are outcomes, never errors
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            return ConditionResult(False, UNDEFINED, f"cannot evaluate {self.text}: {message}")
        if passed:
            return ConditionResult(True, actual, None)
        quoted = self.text[blame.start : blame.end]
        return ConditionResult(False, actual, f"expected {quoted}, got {format_value(actual)}")

    def references(self) -> tuple[Reference, ...]:
        """The runtime expressions the condition reads, in source order."""
        return tuple(n for n in walk(self.node) if isinstance(n, Reference))

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"


@functools.lru_cache(maxsize=CACHE_SIZE)
def compile_expression(text: str) -> Expression:
    """Compile a string that is exactly one runtime expression (cached by text).

    Args:
        text: For example ``$response.body#/id``.

    Returns:
        The compiled expression.

    Raises:
        ExpressionSyntaxError: It is not a runtime expression (``offset`` says where).
    """
    return Expression(text, parse_expression(text))


@functools.lru_cache(maxsize=CACHE_SIZE)
def compile_template(text: str) -> Template:
    """Compile a string with embedded ``{$...}`` expressions (cached; never fails).

    Args:
        text: The template.

    Returns:
        The compiled template (with no expressions, it renders as ``text``).
    """
    return Template(text, parse_template(text))


@functools.lru_cache(maxsize=CACHE_SIZE)
def compile_condition(text: str) -> Condition:
    """Compile a simple condition (cached by text).

    Args:
        text: For example ``$statusCode == 200 && $response.body#/ok``.

    Returns:
        The compiled condition.

    Raises:
        ExpressionSyntaxError: It does not parse (``offset`` says where).
    """
    return Condition(text, Parser().parse(text))


@functools.lru_cache(maxsize=CACHE_SIZE)
def compile_value(text: str) -> Expression | Template | None:
    """Classify a string found in a value (parameter value, payload, ...).

    Args:
        text: The string.

    Returns:
        An ``Expression`` when the whole string is one runtime expression, a
        ``Template`` when it embeds ``{$...}`` expressions, else ``None`` (literal).
    """
    if text.startswith("$"):
        try:
            return compile_expression(text)
        except ExpressionSyntaxError:
            pass
    if "{$" in text:
        template = compile_template(text)
        if template.expressions:
            return template
    return None


def evaluate_value(value: Any, ctx: ExpressionContext, *, notes: list[str] | None = None) -> Any:
    """Evaluate every runtime expression inside a value.

    Mappings and lists are walked recursively (keys are left alone); a string that
    is one runtime expression gives the typed value; a string with embedded
    ``{$...}`` is rendered; anything else is returned as it is.

    Args:
        value: A literal from the document.
        ctx: What expressions may read.
        notes: When given, collects a message for each expression that selected nothing.

    Returns:
        The evaluated value (``UNDEFINED`` where a whole-string expression selected nothing).

    Raises:
        UnresolvedReferenceError: Something selects nothing in a strict environment.
    """
    if isinstance(value, str):
        compiled = compile_value(value)
        if compiled is None:
            return value
        if isinstance(compiled, Template):
            return compiled.render(ctx, notes)
        result = compiled.evaluate(ctx)
        if result is UNDEFINED and notes is not None:
            notes.append(f"{value} selected nothing")
        return result
    if isinstance(value, Mapping):
        return {key: evaluate_value(item, ctx, notes=notes) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [evaluate_value(item, ctx, notes=notes) for item in value]
    return value


def iter_references(value: Any) -> Iterator[Reference]:
    """Yield the runtime expressions ``evaluate_value`` would evaluate in ``value``."""
    if isinstance(value, str):
        compiled = compile_value(value)
        if compiled is not None:
            yield from compiled.references()
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from iter_references(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_references(item)
