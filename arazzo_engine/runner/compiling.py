"""Compile a document's expressions before a run, so a typo stops it before anything is sent.

Every success criterion, action criterion and output of every workflow is
compiled (the compiled objects are cached, so runs do not parse them again).
Parameter values and payloads are not checked here: a ``$…`` string in them
that does not parse is, by the spec's rules, a literal. ``arazzo validate``
goes much further; this is the cheap part every run needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from arazzo_engine.criteria import compile_criterion_of
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import UnsupportedFeatureError
from arazzo_engine.expressions import compile_expression
from arazzo_engine.expressions import compile_template
from arazzo_engine.models import ReusableObject
from arazzo_engine.problems import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Iterator

    from arazzo_engine.models import ArazzoDocument
    from arazzo_engine.models import Criterion
    from arazzo_engine.models import FailureAction
    from arazzo_engine.models import Step
    from arazzo_engine.models import SuccessAction
    from arazzo_engine.models import Workflow


def _criteria(criteria: Iterable[Criterion]) -> Iterator[Problem]:
    for criterion in criteria:
        try:
            compile_criterion_of(criterion)
        except (ExpressionSyntaxError, UnsupportedFeatureError) as exc:
            yield Problem("criterion-syntax", "error", _message(exc), criterion.location)


def _outputs(owner: Workflow | Step) -> Iterator[Problem]:
    for name, text in owner.outputs.items():
        try:
            if text.startswith("$"):
                compile_expression(text)
            else:
                compile_template(text)
        except ExpressionSyntaxError as exc:
            where = owner.location.child("outputs", name)
            yield Problem("expression-syntax", "error", f"output {name!r}: {_message(exc)}", where)


def _actions(
    actions: Iterable[SuccessAction | FailureAction | ReusableObject],
) -> Iterator[Problem]:
    for action in actions:
        if not isinstance(action, ReusableObject):
            yield from _criteria(action.criteria)


def _message(exc: ExpressionSyntaxError | UnsupportedFeatureError) -> str:
    if isinstance(exc, ExpressionSyntaxError):
        return f"{exc.message} at offset {exc.offset} of {exc.expression!r}"
    return exc.message


def compile_problems(document: ArazzoDocument) -> list[Problem]:
    """Compile every criterion and output of ``document``; return the syntax problems."""
    problems: list[Problem] = []
    components = document.components
    problems.extend(_actions(components.success_actions.values()))
    problems.extend(_actions(components.failure_actions.values()))
    for workflow in document.workflows:
        problems.extend(_actions(workflow.success_actions))
        problems.extend(_actions(workflow.failure_actions))
        problems.extend(_outputs(workflow))
        for step in workflow.steps:
            problems.extend(_criteria(step.success_criteria))
            problems.extend(_actions(step.on_success))
            problems.extend(_actions(step.on_failure))
            problems.extend(_outputs(step))
    return problems


def compile_document(document: ArazzoDocument) -> None:
    """Compile ``document``'s expressions, raising when any does not parse.

    Raises:
        DocumentValidationError: Every criterion or output that does not compile.
    """
    problems = compile_problems(document)
    if problems:
        raise DocumentValidationError(problems)
