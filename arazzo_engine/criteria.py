"""Criteria: a table of evaluators keyed by (type, version), and three API tiers."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import Final

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ExpressionEvaluationError
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import UnsupportedFeatureError
from arazzo_engine.expressions import ExpressionContext
from arazzo_engine.expressions import Reference
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions import compile_expression
from arazzo_engine.expressions import compile_template
from arazzo_engine.expressions import to_text
from arazzo_engine.expressions.compiled import CACHE_SIZE
from arazzo_engine.expressions.compiled import Expression
from arazzo_engine.expressions.template import Template
from arazzo_engine.expressions.template import format_value
from arazzo_engine.selectors import GOESSNER
from arazzo_engine.selectors import RFC9535
from arazzo_engine.selectors import compile_jsonpath
from arazzo_engine.selectors import compile_regex
from arazzo_engine.selectors import compile_xpath
from arazzo_engine.selectors import json_context

if TYPE_CHECKING:
    from arazzo_engine.location import Location

__all__ = [
    "EVALUATORS",
    "CompiledCriterion",
    "CriterionResult",
    "all_satisfied",
    "check",
    "compile_criterion",
    "compile_criterion_of",
    "evaluate_all",
    "iter_failures",
]

Outcome = tuple[bool, Any, str | None]
"""(passed, actual value, failure reason)."""
Evaluator = Callable[[Any, ExpressionContext], Outcome]
"""Decides a criterion given its context value (``UNDEFINED`` when it has none)."""
Factory = Callable[[str], Evaluator]
"""Compiles a condition text into an ``Evaluator``; raises for a bad condition."""


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """The outcome of one criterion.

    Attributes:
        passed: Whether it is satisfied.
        condition: The condition text.
        kind: ``simple``, ``regex``, ``jsonpath`` or ``xpath``.
        context: The context expression text, or ``None``.
        actual: What was tested: the left operand of a simple comparison, the
            stringified context for regex, the nodelist for jsonpath, an excerpt for xpath.
        reason: Why it failed, or ``None``.
        location: Where the criterion is in the document, when known.
    """

    passed: bool
    condition: str
    kind: str
    context: str | None
    actual: Any
    reason: str | None
    location: Location | None = None


def _simple(condition: str) -> Evaluator:
    compiled = compile_condition(condition)

    def evaluate(_value: Any, ctx: ExpressionContext) -> Outcome:
        result = compiled.evaluate(ctx)
        return result.passed, result.actual, result.reason

    return evaluate


def _substituting(condition: str) -> Template | None:
    """The condition as a template when it embeds ``{$...}`` expressions, else ``None``."""
    template = compile_template(condition)
    return template if template.expressions else None


def _regex(condition: str) -> Evaluator:
    template = _substituting(condition)
    if template is None:
        compile_regex(condition)

    def evaluate(value: Any, ctx: ExpressionContext) -> Outcome:
        if value is UNDEFINED or value is None:
            return (
                False,
                value,
                f"regex {condition!r} needs a value; the context is {format_value(value)}",
            )
        text = to_text(value)
        if len(text) > ctx.environment.max_text_length:
            return False, UNDEFINED, "context value too long for a regex criterion"
        if compile_regex(template.substitute(ctx, re.escape) if template else condition).search(
            text
        ):
            return True, text, None
        return False, text, f"expected a match for {condition!r}, got {format_value(text)}"

    return evaluate


def _jsonpath(dialect: str) -> Factory:
    def factory(condition: str) -> Evaluator:
        template = _substituting(condition)
        if template is None:
            compile_jsonpath(condition, dialect)

        def evaluate(value: Any, ctx: ExpressionContext) -> Outcome:
            query = template.substitute(ctx) if template else condition
            nodes = compile_jsonpath(query, dialect).select(json_context(value))
            if nodes:
                return True, nodes, None
            return False, nodes, "jsonpath selected nothing"

        return evaluate

    return factory


def _xpath(version: str) -> Factory:
    def factory(condition: str) -> Evaluator:
        template = _substituting(condition)
        static = compile_xpath(condition, version) if template is None else None

        def evaluate(value: Any, ctx: ExpressionContext) -> Outcome:
            selector = static or compile_xpath(
                template.substitute(ctx) if template else condition, version
            )
            passed, excerpt = selector.select(value, ctx.environment.max_text_length)
            return passed, excerpt, None if passed else f"xpath {condition!r} is false"

        return evaluate

    return factory


EVALUATORS: Final[dict[tuple[str, str | None], Factory]] = {
    ("simple", None): _simple,
    ("regex", None): _regex,
    ("jsonpath", None): _jsonpath(RFC9535),
    ("jsonpath", RFC9535): _jsonpath(RFC9535),
    ("jsonpath", GOESSNER): _jsonpath(GOESSNER),
    ("xpath", None): _xpath("xpath-31"),
    ("xpath", "xpath-10"): _xpath("xpath-10"),
    ("xpath", "xpath-20"): _xpath("xpath-20"),
    ("xpath", "xpath-30"): _xpath("xpath-30"),
    ("xpath", "xpath-31"): _xpath("xpath-31"),
}
"""Criterion evaluators by ``(type, version)``; ``None`` is the type's default version."""


class CompiledCriterion:
    """A criterion compiled once; ``evaluate`` may be called any number of times.

    Attributes:
        condition: The condition text.
        kind: ``simple``, ``regex``, ``jsonpath`` or ``xpath``.
        version: The expression type version, or ``None`` for the default.
        context: The context expression text, or ``None``.
        location: Where the criterion is in the document, when known.
    """

    __slots__ = ("_context", "_evaluator", "condition", "context", "kind", "location", "version")

    def __init__(
        self,
        condition: str,
        kind: str,
        version: str | None,
        context: str | None,
        evaluator: Evaluator,
        context_expression: Expression | Template | None,
        location: Location | None,
    ) -> None:
        self.condition = condition
        self.kind = kind
        self.version = version
        self.context = context
        self.location = location
        self._evaluator = evaluator
        self._context = context_expression

    def evaluate(self, ctx: ExpressionContext) -> CriterionResult:
        """Decide the criterion; problems become a failed result with a reason (no raise)."""
        actual: Any = UNDEFINED
        try:
            value: Any = UNDEFINED
            if self._context is not None:
                value = (
                    self._context.evaluate(ctx)
                    if isinstance(self._context, Expression)
                    else self._context.render(ctx)
                )
                actual = value
            passed, actual, reason = self._evaluator(value, ctx)
        except Exception as exc:  # evaluation problems are outcomes, never errors
            message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
            passed, reason = False, f"cannot evaluate {self.kind} criterion: {message}"
        return CriterionResult(
            passed, self.condition, self.kind, self.context, actual, reason, self.location
        )

    def references(self) -> tuple[Reference, ...]:
        """The runtime expressions read by the context and the condition."""
        refs: list[Reference] = []
        if self._context is not None:
            refs.extend(self._context.references())
        if self.kind == "simple":
            refs.extend(compile_condition(self.condition).references())
        else:
            refs.extend(compile_template(self.condition).expressions)
        return tuple(refs)

    def __repr__(self) -> str:
        return f"CompiledCriterion({self.kind}: {self.condition!r})"


def _compile_context(text: str) -> Expression | Template:
    try:
        return compile_expression(text)
    except ExpressionSyntaxError:
        template = compile_template(text)
        if template.is_single_expression:
            return template
        raise


def compile_criterion(
    condition: str,
    *,
    context: str | None = None,
    type: str | None = "simple",  # noqa: A002 - the Criterion Object's field name
    version: str | None = None,
    location: Location | None = None,
) -> CompiledCriterion:
    """Compile a Criterion Object (cached: the same criterion is compiled once).

    Args:
        condition: The ``condition`` text.
        context: The ``context`` runtime expression (required unless ``simple``).
        type: ``simple`` (default), ``regex``, ``jsonpath`` or ``xpath``.
        version: The Criterion Expression Type ``version`` (``None``: the default,
            RFC 9535 for jsonpath and XPath 3.1 for xpath).
        location: Where the criterion is, for errors and results.

    Returns:
        The compiled criterion.

    Raises:
        ExpressionSyntaxError: The condition or context does not parse, or a required
            context is missing.
        UnsupportedFeatureError: The type/version pair (or a construct in it) is not supported.
    """
    return _compile_criterion(condition, context, type or "simple", version, location)


def compile_criterion_of(criterion: Any) -> CompiledCriterion:
    """Compile a ``models.Criterion``; see ``compile_criterion``.

    Anything with ``condition``, ``context``, ``kind``, ``version`` and ``location`` will do.

    Raises:
        ExpressionSyntaxError: The condition or context does not parse.
        UnsupportedFeatureError: The type/version pair is not supported.
    """
    return _compile_criterion(
        criterion.condition,
        criterion.context,
        criterion.kind,
        criterion.version,
        criterion.location,
    )


def _compile_criterion(
    condition: str,
    context: str | None,
    kind: str,
    version: str | None,
    location: Location | None,
) -> CompiledCriterion:
    try:
        evaluator, context_expression = _compile_parts(condition, context, kind, version)
    except UnsupportedFeatureError as exc:
        if location is None:
            raise
        raise UnsupportedFeatureError(exc.message, location=location, hint=exc.hint) from None
    except ExpressionSyntaxError as exc:
        raise exc if location is None else exc.with_location(location) from exc
    return CompiledCriterion(
        condition, kind, version, context, evaluator, context_expression, location
    )


@functools.lru_cache(maxsize=CACHE_SIZE)
def _compile_parts(
    condition: str, context: str | None, kind: str, version: str | None
) -> tuple[Evaluator, Expression | Template | None]:
    """The evaluator and context of a criterion, cached by its text (not by where it is)."""
    factory = EVALUATORS.get((kind, version))
    if factory is None:
        known = ", ".join(sorted(f"{k}/{v}" if v else k for k, v in EVALUATORS))
        raise UnsupportedFeatureError(
            f"criterion type {kind!r}"
            + (f" version {version!r}" if version else "")
            + " is not supported",
            hint=f"supported: {known}",
        )
    if kind != "simple" and not context:
        raise ExpressionSyntaxError(
            f"a {kind} criterion needs a context expression", expression=condition, offset=0
        )
    return factory(condition), _compile_context(context) if context else None


def evaluate_all(
    criteria: Iterable[CompiledCriterion], ctx: ExpressionContext
) -> list[CriterionResult]:
    """Evaluate every criterion (the runner records them all)."""
    return [criterion.evaluate(ctx) for criterion in criteria]


def iter_failures(
    criteria: Iterable[CompiledCriterion], ctx: ExpressionContext
) -> Iterator[CriterionResult]:
    """Yield the result of each criterion that is not satisfied, in order.

    Args:
        criteria: Compiled criteria (a list is ANDed).
        ctx: What their expressions may read.

    Yields:
        Failed results, with reasons.
    """
    for criterion in criteria:
        result = criterion.evaluate(ctx)
        if not result.passed:
            yield result


def all_satisfied(criteria: Iterable[CompiledCriterion], ctx: ExpressionContext) -> bool:
    """Tell whether every criterion is satisfied (stops at the first failure)."""
    return next(iter_failures(criteria, ctx), None) is None


def check(criteria: Iterable[CompiledCriterion], ctx: ExpressionContext) -> None:
    """Raise when any criterion is not satisfied.

    Raises:
        ExpressionEvaluationError: Lists every failed criterion and its reason.
    """
    failures = list(iter_failures(criteria, ctx))
    if failures:
        lines = "; ".join(f"{f.condition}: {f.reason}" for f in failures)
        count = len(failures)
        raise ExpressionEvaluationError(
            f"{count} criteri{'on' if count == 1 else 'a'} not satisfied: {lines}",
            location=failures[0].location,
        )
