"""The condition lexer: one regex of named groups, plus the runtime-expression scanner."""

from __future__ import annotations

import re

from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.expressions import tokens as t
from arazzo_engine.expressions.runtime import CONDITION
from arazzo_engine.expressions.runtime import scan_reference
from arazzo_engine.expressions.tokens import Token

__all__ = ["Lexer"]


class Lexer:
    """Turns condition text into tokens. Subclass and change ``rules`` to customise."""

    rules: re.Pattern[str] = re.compile(
        r"""
        (?P<ws>\s+)
      | (?P<num>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![A-Za-z0-9_.]))
      | (?P<str>'(?:[^']|'')*')
      | (?P<op>==|!=|<=|>=|&&|\|\||[<>!()\[\].])
      | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
        """,
        re.VERBOSE,
    )

    def tokenize(self, text: str, start: int = 0, end: int | None = None) -> list[Token]:
        """Split ``text[start:end]`` into tokens, ending with an ``EOF`` token.

        Args:
            text: The whole condition (offsets in errors refer to it).
            start: Where to begin.
            end: Where to stop; the end of ``text`` by default.

        Returns:
            The tokens.

        Raises:
            ExpressionSyntaxError: A character or string cannot be tokenized.
        """
        stop = len(text) if end is None else end
        out: list[Token] = []
        pos = start
        rules = self.rules
        while pos < stop:
            if text[pos] == "$":
                try:
                    node = scan_reference(text[:stop], pos, CONDITION)
                except ExpressionSyntaxError as exc:
                    raise ExpressionSyntaxError(
                        exc.message, expression=text, offset=exc.offset
                    ) from None
                out.append(Token(t.RUNTIME, node, pos, node.end))
                pos = node.end
                continue
            match = rules.match(text, pos, stop)
            if match is None:
                raise self._bad_character(text, pos)
            group = match.lastgroup
            value = match.group()
            if group == "num":
                number = float(value) if any(c in value for c in ".eE") else int(value)
                out.append(Token(t.LITERAL, number, pos, match.end()))
            elif group == "str":
                out.append(Token(t.LITERAL, value[1:-1].replace("''", "'"), pos, match.end()))
            elif group == "op":
                out.append(Token(value, value, pos, match.end()))
            elif group == "word":
                kind = t.LITERAL if value in t.KEYWORDS else t.WORD
                out.append(Token(kind, t.KEYWORDS.get(value, value), pos, match.end()))
            pos = match.end()
        out.append(Token(t.EOF, None, stop, stop))
        return out

    @staticmethod
    def _bad_character(text: str, pos: int) -> ExpressionSyntaxError:
        char = text[pos]
        hint = None
        if char == "'":
            message = "unterminated string"
        elif char == '"':
            message = "double-quoted strings are not part of Arazzo conditions"
            hint = "write strings in single quotes, doubling a quote inside: 'it''s'"
        elif char == "=":
            message = "unexpected '=' (comparisons are == != < <= > >=)"
        else:
            message = f"unexpected character {char!r}"
        return ExpressionSyntaxError(message, expression=text, offset=pos, hint=hint)
