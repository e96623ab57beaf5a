"""Scanning one runtime expression (``$inputs.x``, ``$response.body#/a``) out of a text."""

from __future__ import annotations

import re
from typing import Final

from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.expressions.nodes import Reference
from arazzo_engine.expressions.pointer import parse_pointer

__all__ = ["BARE", "CONDITION", "ROOTS", "scan_reference"]

BARE: Final = "bare"
"""Mode for whole expressions and ``{$...}`` templates: pointers end at ``{``, ``}`` or space."""
CONDITION: Final = "condition"
"""Mode inside conditions: pointers and header names also end at operator characters."""

ROOTS: Final = (
    "url",
    "method",
    "statusCode",
    "request",
    "response",
    "inputs",
    "outputs",
    "steps",
    "workflows",
    "sourceDescriptions",
    "components",
)
_COMPONENT_KINDS: Final = ("parameters", "successActions", "failureActions")

_WORD = re.compile(r"[A-Za-z]+")
_ID = re.compile(r"[A-Za-z0-9_\-]+")
_NAME = re.compile(r"[A-Za-z0-9_.\-]+")
_LOOSE_NAME = re.compile(r"[^\s{}#()\[\]<>=!&|'\",\\]+")
_TOKEN = {
    BARE: re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"),
    CONDITION: re.compile(r"[#$%*+\-.^_`~0-9A-Za-z]+"),
}
_POINTER = {
    BARE: re.compile(r"[^{}\s]*"),
    CONDITION: re.compile(r"[^{}\s()\[\]<>=!&|']*"),
}


class _Scanner:
    __slots__ = ("mode", "pos", "text")

    def __init__(self, text: str, pos: int, mode: str) -> None:
        self.text = text
        self.pos = pos
        self.mode = mode

    def fail(self, message: str, offset: int | None = None) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(
            message, expression=self.text, offset=self.pos if offset is None else offset
        )

    def take(self, pattern: re.Pattern[str], what: str) -> str:
        match = pattern.match(self.text, self.pos)
        if match is None or not match.group():
            found = self.text[self.pos : self.pos + 1]
            raise self.fail(f"expected {what}, found {found!r}" if found else f"expected {what}")
        self.pos = match.end()
        return match.group()

    def dot(self, after: str) -> None:
        if self.text.startswith(".", self.pos):
            self.pos += 1
            return
        raise self.fail(f"expected '.' after {after}")

    def choice(self, options: tuple[str, ...], what: str) -> str:
        start = self.pos
        word = self.take(_WORD, what)
        if word not in options:
            raise self.fail(f"expected {what} ({', '.join(options)}), found {word!r}", start)
        return word

    def pointer(self) -> tuple[str, ...] | None:
        if not self.text.startswith("#", self.pos):
            return None
        start = self.pos + 1
        raw = _POINTER[self.mode].match(self.text, start)
        assert raw is not None  # noqa: S101 - the pattern matches the empty string
        try:
            tokens = parse_pointer(raw.group())
        except ValueError as exc:
            where, _, message = str(exc).partition(":")
            raise self.fail(message, start + int(where)) from None
        self.pos = raw.end()
        return tokens


def scan_reference(text: str, pos: int = 0, mode: str = BARE) -> Reference:
    """Scan the runtime expression that starts at ``text[pos]`` (a ``$``).

    The scan takes the longest expression the grammar allows and stops; what
    follows is the caller's business.

    Args:
        text: The whole source text (kept for error messages).
        pos: Offset of the ``$``.
        mode: ``BARE`` or ``CONDITION`` (where pointers and header names end).

    Returns:
        The ``Reference`` node; its ``end`` is the offset just after it.

    Raises:
        ExpressionSyntaxError: The text at ``pos`` is not a runtime expression.
    """
    s = _Scanner(text, pos, mode)
    if not text.startswith("$", pos):
        raise s.fail("a runtime expression starts with '$'")
    s.pos += 1
    kind = s.choice(ROOTS, "a runtime expression name")
    field: str | None = None
    ident: str | None = None
    name: str | None = None
    pointer: tuple[str, ...] | None = None
    if kind in ("request", "response"):
        s.dot(f"${kind}")
        field = s.choice(("header", "query", "path", "body"), f"a part of ${kind}")
        if field == "body":
            pointer = s.pointer()
        else:
            s.dot(f"${kind}.{field}")
            pattern = _TOKEN[mode] if field == "header" else _LOOSE_NAME
            name = s.take(pattern, "a header name" if field == "header" else "a parameter name")
    elif kind in ("inputs", "outputs"):
        s.dot(f"${kind}")
        name = s.take(_NAME, f"an {kind[:-1]} name")
        pointer = s.pointer()
    elif kind in ("steps", "workflows"):
        s.dot(f"${kind}")
        ident = s.take(_ID, "a step id" if kind == "steps" else "a workflow id")
        s.dot(f"${kind}.{ident}")
        fields = ("outputs",) if kind == "steps" else ("inputs", "outputs")
        field = s.choice(fields, "outputs" if kind == "steps" else "inputs or outputs")
        s.dot(f"${kind}.{ident}.{field}")
        name = s.take(_NAME, "a name")
        pointer = s.pointer()
    elif kind == "sourceDescriptions":
        s.dot("$sourceDescriptions")
        ident = s.take(_ID, "a source description name")
        s.dot(f"$sourceDescriptions.{ident}")
        name = s.take(_LOOSE_NAME, "an operationId, workflowId or field name")
    elif kind == "components":
        s.dot("$components")
        field = s.choice(_COMPONENT_KINDS, "a component kind")
        s.dot(f"$components.{field}")
        name = s.take(_NAME, "a component name")
    return Reference(pos, s.pos, kind, field, ident, name, pointer, text[pos : s.pos])
