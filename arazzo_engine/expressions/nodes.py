"""The immutable syntax tree of runtime expressions, conditions and templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = [
    "And",
    "Compare",
    "Index",
    "Literal",
    "Member",
    "Node",
    "Not",
    "Or",
    "Reference",
    "TemplateNode",
    "walk",
]


@dataclass(frozen=True, slots=True)
class Node:
    """Base of every node: ``start``/``end`` are offsets into the source text."""

    start: int
    end: int

    def children(self) -> tuple[Node, ...]:
        """Return the direct child nodes, in source order."""
        return ()


@dataclass(frozen=True, slots=True)
class Reference(Node):
    """A runtime expression such as ``$steps.login.outputs.token#/id``.

    Attributes:
        kind: ``url``, ``method``, ``statusCode``, ``request``, ``response``, ``inputs``,
            ``outputs``, ``steps``, ``workflows``, ``sourceDescriptions`` or ``components``.
        field: ``header``/``query``/``path``/``body`` for ``request``/``response``;
            ``outputs`` for ``steps``; ``inputs``/``outputs`` for ``workflows``;
            ``parameters``/``successActions``/``failureActions`` for ``components``.
        id: The step id, workflow id or source description name, where there is one.
        name: The input, output, parameter, header or component name, or the
            source description's reference (operationId, workflowId, ``url``, ...).
        pointer: The unescaped JSON pointer tokens after ``#``, or ``None``.
        text: The expression exactly as written.
    """

    kind: str
    field: str | None
    id: str | None
    name: str | None
    pointer: tuple[str, ...] | None
    text: str


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """``null``, ``true``, ``false``, a number or a single-quoted string."""

    value: Any


@dataclass(frozen=True, slots=True)
class Member(Node):
    """``target.name``: property access on a value."""

    target: Node
    name: str

    def children(self) -> tuple[Node, ...]:
        """Return the target."""
        return (self.target,)


@dataclass(frozen=True, slots=True)
class Index(Node):
    """``target[n]``: 0-based element access on an array value."""

    target: Node
    index: int

    def children(self) -> tuple[Node, ...]:
        """Return the target."""
        return (self.target,)


@dataclass(frozen=True, slots=True)
class Not(Node):
    """``!operand``."""

    operand: Node

    def children(self) -> tuple[Node, ...]:
        """Return the operand."""
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class And(Node):
    """``left && right``."""

    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        """Return both operands."""
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Or(Node):
    """``left || right``."""

    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        """Return both operands."""
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """``left op right`` with op one of ``== != < <= > >=``."""

    op: str
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        """Return both operands."""
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class TemplateNode(Node):
    """A string with embedded ``{$...}`` expressions: literal text and references in order."""

    parts: tuple[str | Reference, ...]

    def children(self) -> tuple[Node, ...]:
        """Return the embedded references."""
        return tuple(p for p in self.parts if isinstance(p, Reference))


def walk(node: Node) -> Iterator[Node]:
    """Yield ``node`` and every node below it, depth first, in source order."""
    yield node
    for child in node.children():
        yield from walk(child)
