"""Templates: strings with embedded ``{$...}`` expressions, and how values become text."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.expressions.evaluator import resolve
from arazzo_engine.expressions.nodes import Reference
from arazzo_engine.expressions.nodes import TemplateNode

if TYPE_CHECKING:
    from arazzo_engine.expressions.context import ExpressionContext

__all__ = ["Template", "format_value", "to_text"]


def to_text(value: Any) -> str:
    """Turn a value into the text that replaces an embedded expression.

    Strings as they are; ``null`` -> ``"null"``; booleans ``"true"``/``"false"``;
    numbers in JSON form; objects and arrays as compact JSON; ``UNDEFINED`` -> ``""``.

    Args:
        value: Any evaluated value.

    Returns:
        Its text form.
    """
    if isinstance(value, str):
        return value
    if value is UNDEFINED:
        return ""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return json.dumps(value) if math.isfinite(value) else str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(_plain(value), separators=(",", ":"), ensure_ascii=False, default=str)
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return None if value is UNDEFINED else value


def format_value(value: Any, limit: int = 200) -> str:
    """Show a value in a failure reason: strings quoted, long values shortened."""
    if value is UNDEFINED:
        return "nothing (undefined)"
    text = "'" + value.replace("'", "''") + "'" if isinstance(value, str) else to_text(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Template:
    """A compiled string template; create it with ``compile_template``.

    Attributes:
        text: The template text.
        node: Its syntax tree.
    """

    __slots__ = ("node", "text")

    def __init__(self, text: str, node: TemplateNode) -> None:
        self.text = text
        self.node = node

    @property
    def expressions(self) -> tuple[Reference, ...]:
        """The embedded runtime expressions, in order."""
        return tuple(p for p in self.node.parts if isinstance(p, Reference))

    def references(self) -> tuple[Reference, ...]:
        """The runtime expressions this template reads (same as ``expressions``)."""
        return self.expressions

    @property
    def is_single_expression(self) -> bool:
        """Whether the whole text is exactly one ``{$...}`` (rendering keeps its type)."""
        parts = self.node.parts
        return len(parts) == 1 and isinstance(parts[0], Reference)

    def render(self, ctx: ExpressionContext, notes: list[str] | None = None) -> Any:
        """Evaluate the template.

        Args:
            ctx: What the expressions may read.
            notes: When given, a message is appended for every expression that
                selected nothing (rendered as an empty string).

        Returns:
            The typed value when the template is exactly one expression (possibly
            ``UNDEFINED``); otherwise the text with every expression replaced.

        Raises:
            UnresolvedReferenceError: An expression selects nothing in a strict environment.
        """
        parts = self.node.parts
        if len(parts) == 1 and isinstance(parts[0], Reference):
            value = resolve(parts[0], ctx)
            if value is UNDEFINED and notes is not None:
                notes.append(f"{parts[0].text} selected nothing")
            return value
        out: list[str] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = resolve(part, ctx)
            if value is UNDEFINED and notes is not None:
                notes.append(f"{part.text} selected nothing; rendered as an empty string")
            out.append(to_text(value))
        return "".join(out)

    def substitute(self, ctx: ExpressionContext, escape: Callable[[str], str] = str) -> str:
        """Render as text, always: each expression's text form passed through ``escape``.

        Used for criteria conditions (``re.escape`` for regex).

        Raises:
            UnresolvedReferenceError: An expression selects nothing in a strict environment.
        """
        return "".join(
            part if isinstance(part, str) else escape(to_text(resolve(part, ctx)))
            for part in self.node.parts
        )

    def __repr__(self) -> str:
        return f"Template({self.text!r})"
