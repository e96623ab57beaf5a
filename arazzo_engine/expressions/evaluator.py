"""The tree-walking evaluator: runtime expressions, navigation and condition logic."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ExpressionEvaluationError
from arazzo_engine.errors import UnresolvedReferenceError
from arazzo_engine.expressions.coercion import compare
from arazzo_engine.expressions.coercion import truthy
from arazzo_engine.expressions.nodes import And
from arazzo_engine.expressions.nodes import Compare
from arazzo_engine.expressions.nodes import Index
from arazzo_engine.expressions.nodes import Literal
from arazzo_engine.expressions.nodes import Member
from arazzo_engine.expressions.nodes import Node
from arazzo_engine.expressions.nodes import Not
from arazzo_engine.expressions.nodes import Or
from arazzo_engine.expressions.nodes import Reference
from arazzo_engine.expressions.pointer import resolve_pointer
from arazzo_engine.expressions.pointer import select_token

if TYPE_CHECKING:
    from arazzo_engine.expressions.context import ExpressionContext

__all__ = ["judge", "lookup_name", "resolve", "value_of"]

Judgement = tuple[bool, Any, Node]
"""(passed, the value that decided it, the node to name in a failure reason)."""


def lookup_name(container: Any, name: str) -> Any:
    """Look up ``name`` in ``container``: the exact key first, else dotted navigation.

    ``lookup_name({"a": {"b": 1}}, "a.b")`` is 1 unless a key ``"a.b"`` exists.

    Args:
        container: A mapping (or array) to read.
        name: The name as written in the expression.

    Returns:
        The value, or ``UNDEFINED``.
    """
    value = select_token(container, name)
    if value is not UNDEFINED or "." not in name:
        return value
    cut = name.rfind(".")
    while cut > 0:
        head = select_token(container, name[:cut])
        if head is not UNDEFINED:
            value = lookup_name(head, name[cut + 1 :])
            if value is not UNDEFINED:
                return value
        cut = name.rfind(".", 0, cut)
    return UNDEFINED


def _first_param(values: Mapping[str, Any], name: str) -> Any:
    lowered = name.lower()
    for key, value in values.items():
        if key.lower() == lowered:
            return value
    return UNDEFINED


def _request(ref: Reference, ctx: ExpressionContext) -> Any:
    request = ctx.request
    if request is None:
        return UNDEFINED
    field, name = ref.field, ref.name or ""
    if field == "body":
        return request.payload
    if field == "header":
        value = _first_param(request.header_params, name)
        return request.header(name) if value is UNDEFINED else value
    return lookup_name(request.query if field == "query" else request.path, name)


def _response(ref: Reference, ctx: ExpressionContext) -> Any:
    response = ctx.response
    if response is None:
        return UNDEFINED
    if ref.field == "body":
        return response.body
    if ref.field == "header":
        return response.header(ref.name or "")
    return UNDEFINED


_ROOTS: dict[str, Callable[[Reference, ExpressionContext], Any]] = {
    "url": lambda _, c: c.url if c.url is not UNDEFINED or c.request is None else c.request.url,
    "method": lambda _, c: (
        c.method if c.method is not UNDEFINED or c.request is None else c.request.method
    ),
    "statusCode": lambda _, c: (
        c.status_code
        if c.status_code is not UNDEFINED or c.response is None
        else c.response.status_code
    ),
    "request": _request,
    "response": _response,
    "inputs": lambda r, c: lookup_name(c.inputs, r.name or ""),
    "outputs": lambda r, c: lookup_name(c.outputs, r.name or ""),
    "steps": lambda r, c: lookup_name(select_token(c.steps, r.id or ""), r.name or ""),
    "workflows": lambda r, c: lookup_name(
        select_token(select_token(c.workflows, r.id or ""), r.field or ""), r.name or ""
    ),
    "sourceDescriptions": lambda r, c: lookup_name(
        select_token(c.source_descriptions, r.id or ""), r.name or ""
    ),
    "components": lambda r, c: lookup_name(select_token(c.components, r.field or ""), r.name or ""),
}


def resolve(ref: Reference, ctx: ExpressionContext) -> Any:
    """Evaluate one runtime expression.

    Args:
        ref: The parsed expression.
        ctx: What it may read.

    Returns:
        The referenced value (its type preserved), or ``UNDEFINED`` when it selects nothing.

    Raises:
        UnresolvedReferenceError: It selects nothing and the environment is strict.
    """
    value = _ROOTS[ref.kind](ref, ctx)
    if ref.pointer is not None and value is not UNDEFINED:
        value = resolve_pointer(value, ref.pointer)
    if value is UNDEFINED and ctx.environment.strict:
        raise UnresolvedReferenceError(
            f"{ref.text} selects nothing here",
            hint="check the name, the JSON pointer and that the value exists at this point",
        )
    return value


def value_of(node: Node, ctx: ExpressionContext) -> Any:
    """Return the value of any condition node (comparisons and logic give ``bool``)."""
    if isinstance(node, Reference):
        return resolve(node, ctx)
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Member):
        target = value_of(node.target, ctx)
        return target.get(node.name, UNDEFINED) if isinstance(target, Mapping) else UNDEFINED
    if isinstance(node, Index):
        return _index(value_of(node.target, ctx), node.index)
    return judge(node, ctx)[0]


def _index(target: Any, index: int) -> Any:
    if (
        isinstance(target, Sequence)
        and not isinstance(target, str | bytes)
        and -len(target) <= index < len(target)
    ):
        return target[index]
    return UNDEFINED


def judge(node: Node, ctx: ExpressionContext) -> Judgement:
    """Decide a condition node.

    Args:
        node: The node (any node: plain values are judged by truthiness).
        ctx: What it may read.

    Returns:
        ``(passed, actual, blame)``: ``actual`` is the left operand's value for a
        comparison, ``blame`` the node a failure reason should quote.

    Raises:
        ExpressionEvaluationError: The values cannot be compared (caught by ``Condition``).
    """
    if isinstance(node, Compare):
        left = value_of(node.left, ctx)
        right = value_of(node.right, ctx)
        return compare(node.op, left, right, ctx.environment.case_insensitive), left, node
    if isinstance(node, And):
        first = judge(node.left, ctx)
        return judge(node.right, ctx) if first[0] else first
    if isinstance(node, Or):
        first = judge(node.left, ctx)
        if first[0]:
            return first
        second = judge(node.right, ctx)
        return second if second[0] else (False, first[1], node)
    if isinstance(node, Not):
        passed, actual, _ = judge(node.operand, ctx)
        return not passed, actual, node
    if isinstance(node, Reference | Literal | Member | Index):
        value = value_of(node, ctx)
        return truthy(value), value, node
    raise ExpressionEvaluationError(f"cannot evaluate {type(node).__name__} in a condition")
