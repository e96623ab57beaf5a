"""Token kinds and the ``Token`` record produced by the condition lexer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from typing import Final

__all__ = [
    "AND",
    "COMPARISONS",
    "DOT",
    "EOF",
    "KEYWORDS",
    "LBRACKET",
    "LITERAL",
    "LPAREN",
    "NOT",
    "OR",
    "RBRACKET",
    "RPAREN",
    "RUNTIME",
    "WORD",
    "Token",
]

RUNTIME: Final = "runtime"
"""A runtime expression; ``value`` is its ``Reference`` node."""
LITERAL: Final = "literal"
"""``null``, ``true``, ``false``, a number or a string; ``value`` is the Python value."""
WORD: Final = "word"
"""A bare name (only valid after ``.``)."""
AND: Final = "&&"
OR: Final = "||"
NOT: Final = "!"
LPAREN: Final = "("
RPAREN: Final = ")"
LBRACKET: Final = "["
RBRACKET: Final = "]"
DOT: Final = "."
EOF: Final = "end"
COMPARISONS: Final = frozenset({"==", "!=", "<", "<=", ">", ">="})
KEYWORDS: Final = {"null": None, "true": True, "false": False}


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a condition.

    Attributes:
        kind: One of the kind constants of this module, or a comparison operator.
        value: The literal value, the ``Reference`` node, or the source text.
        start: Offset of the first character in the source.
        end: Offset just after the last character.
    """

    kind: str
    value: Any
    start: int
    end: int
