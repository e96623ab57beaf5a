"""Parsers: whole runtime expressions, ``{$...}`` templates and simple conditions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.expressions import tokens as t
from arazzo_engine.expressions.lexer import Lexer
from arazzo_engine.expressions.nodes import And
from arazzo_engine.expressions.nodes import Compare
from arazzo_engine.expressions.nodes import Index
from arazzo_engine.expressions.nodes import Literal
from arazzo_engine.expressions.nodes import Member
from arazzo_engine.expressions.nodes import Node
from arazzo_engine.expressions.nodes import Not
from arazzo_engine.expressions.nodes import Or
from arazzo_engine.expressions.nodes import Reference
from arazzo_engine.expressions.nodes import TemplateNode
from arazzo_engine.expressions.runtime import BARE
from arazzo_engine.expressions.runtime import scan_reference

if TYPE_CHECKING:
    from arazzo_engine.expressions.tokens import Token

__all__ = ["Parser", "parse_expression", "parse_template"]


def parse_expression(text: str) -> Reference:
    """Parse a whole string as exactly one runtime expression.

    Args:
        text: For example ``$steps.login.outputs.token``.

    Returns:
        The ``Reference`` node.

    Raises:
        ExpressionSyntaxError: The text is not exactly one runtime expression.
    """
    if not text.startswith("$"):
        raise ExpressionSyntaxError(
            "a runtime expression starts with '$'", expression=text, offset=0
        )
    node = scan_reference(text, 0, BARE)
    if node.end != len(text):
        raise ExpressionSyntaxError(
            f"unexpected {text[node.end]!r} after the runtime expression {node.text!r}",
            expression=text,
            offset=node.end,
        )
    return node


def parse_template(text: str) -> TemplateNode:
    """Split a string into literal text and embedded ``{$...}`` expressions (lenient).

    Each ``{$`` starts a candidate: the longest valid expression after the brace
    is taken and must be followed by ``}``; otherwise the brace is literal text.
    Every other brace is literal, so JSON and XML templates keep theirs.

    Args:
        text: The template text.

    Returns:
        The template node (never fails).
    """
    parts: list[str | Reference] = []
    literal_start = 0
    pos = text.find("{$")
    while pos != -1:
        try:
            node = scan_reference(text, pos + 1, BARE)
        except ExpressionSyntaxError:
            node = None
        if node is not None and text.startswith("}", node.end):
            if pos > literal_start:
                parts.append(text[literal_start:pos])
            parts.append(node)
            literal_start = node.end + 1
            pos = text.find("{$", literal_start)
        else:
            pos = text.find("{$", pos + 1)
    if literal_start < len(text):
        parts.append(text[literal_start:])
    return TemplateNode(0, len(text), tuple(parts))


class Parser:
    """Recursive-descent parser for simple conditions.

    Grammar (lowest precedence first; comparisons do not chain)::

        condition  := or
        or         := and ( "||" and )*
        and        := basic ( "&&" basic )*
        basic      := "!" negated | comparison
        negated    := "!" negated | "(" or ")" | postfix
        comparison := postfix [ ("==" | "!=" | "<" | "<=" | ">" | ">=") postfix ]
        postfix    := primary ( "." name | "[" integer "]" )*
        primary    := runtime-expression | literal | "(" or ")"

    One pair of braces around the whole condition (``{$statusCode == 401}``) is tolerated.
    """

    lexer_class: type[Lexer] = Lexer
    _text: str
    _tokens: list[Token]
    _pos: int

    def parse(self, text: str) -> Node:
        """Parse a condition.

        Args:
            text: The condition text.

        Returns:
            The root node.

        Raises:
            ExpressionSyntaxError: The text is not a valid condition.
        """
        start, end = 0, len(text)
        stripped = text.strip()
        if len(stripped) >= 2 and stripped[0] == "{" and stripped[-1] == "}":
            start = text.index("{") + 1
            end = text.rindex("}")
        self._text = text
        self._tokens = self.lexer_class().tokenize(text, start, end)
        self._pos = 0
        if self._peek().kind == t.EOF:
            raise self._error("empty condition", self._peek())
        node = self._or()
        token = self._peek()
        if token.kind != t.EOF:
            if token.kind in t.COMPARISONS and isinstance(node, Compare):
                raise self._error("comparisons cannot be chained; use && between them", token)
            raise self._error(f"unexpected {self._show(token)}", token)
        return node

    # -- helpers ----------------------------------------------------------------------

    def _peek(self) -> Token:
        return self._tokens[self._pos]

    def _next(self) -> Token:
        token = self._tokens[self._pos]
        self._pos += 1
        return token

    def _show(self, token: Token) -> str:
        return (
            "end of condition" if token.kind == t.EOF else repr(self._text[token.start : token.end])
        )

    def _error(self, message: str, token: Token) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(message, expression=self._text, offset=token.start)

    def _expect(self, kind: str, what: str) -> Token:
        token = self._next()
        if token.kind != kind:
            raise self._error(f"expected {what}, found {self._show(token)}", token)
        return token

    # -- grammar ----------------------------------------------------------------------

    def _or(self) -> Node:
        node = self._and()
        while self._peek().kind == t.OR:
            self._next()
            right = self._and()
            node = Or(node.start, right.end, node, right)
        return node

    def _and(self) -> Node:
        node = self._basic()
        while self._peek().kind == t.AND:
            self._next()
            right = self._basic()
            node = And(node.start, right.end, node, right)
        return node

    def _basic(self) -> Node:
        if self._peek().kind == t.NOT:
            node = self._negated()
            token = self._peek()
            if token.kind in t.COMPARISONS:
                raise self._error(
                    "'!' applies to a value or a parenthesised condition; write !(a == b)", token
                )
            return node
        return self._comparison()

    def _negated(self) -> Node:
        token = self._peek()
        if token.kind == t.NOT:
            self._next()
            operand = self._negated()
            return Not(token.start, operand.end, operand)
        return self._postfix()

    def _comparison(self) -> Node:
        left = self._postfix()
        token = self._peek()
        if token.kind not in t.COMPARISONS:
            return left
        self._next()
        if self._peek().kind == t.EOF:
            raise self._error(f"expected a value after {token.kind!r}", self._peek())
        right = self._postfix()
        return Compare(left.start, right.end, token.kind, left, right)

    def _postfix(self) -> Node:
        node = self._primary()
        while True:
            kind = self._peek().kind
            if kind == t.DOT:
                self._next()
                token = self._next()
                if token.kind not in (t.WORD, t.LITERAL) or not self._text[token.start].isalpha():
                    raise self._error(f"expected a property name, found {self._show(token)}", token)
                name = self._text[token.start : token.end]
                node = Member(node.start, token.end, node, name)
            elif kind == t.LBRACKET:
                self._next()
                token = self._next()
                if token.kind != t.LITERAL or type(token.value) is not int:
                    raise self._error(
                        f"expected an integer index, found {self._show(token)}", token
                    )
                close = self._expect(t.RBRACKET, "']'")
                node = Index(node.start, close.end, node, token.value)
            else:
                return node

    def _primary(self) -> Node:
        token = self._next()
        if token.kind == t.RUNTIME:
            node: Node = token.value
            return node
        if token.kind == t.LITERAL:
            return Literal(token.start, token.end, token.value)
        if token.kind == t.LPAREN:
            inner = self._or()
            close = self._expect(t.RPAREN, "')'")
            return _regroup(inner, token.start, close.end)
        if token.kind == t.WORD:
            raise self._error(
                f"unknown word {token.value!r}; strings are written in single quotes", token
            )
        if token.kind == t.EOF:
            raise self._error("expected a value, found end of condition", token)
        raise self._error(f"expected a value, found {self._show(token)}", token)


def _regroup(node: Node, start: int, end: int) -> Node:
    """Widen a parenthesised condition's span to include its parentheses."""
    if isinstance(node, Reference | Literal):
        return node
    fields = {name: getattr(node, name) for name in node.__dataclass_fields__}
    fields.update(start=start, end=end)
    return type(node)(**fields)
