"""Static checks over a loaded document, before any request is sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.expressions import compile_expression
from arazzo_engine.problems import Problem

if TYPE_CHECKING:
    from collections.abc import Iterator
    from collections.abc import Mapping

    from arazzo_engine.fetch import Fetcher
    from arazzo_engine.models import ArazzoDocument


def iter_problems(
    document: ArazzoDocument,
    *,
    sources: Mapping[str, str] | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Problem]:
    """Yield every problem found in ``document``.

    Args:
        document: The loaded document.
        sources: Source description overrides.
        fetcher: How source descriptions are fetched.

    Yields:
        Problems, in document order.
    """
    from arazzo_engine.sources import SourceRegistry

    try:
        SourceRegistry.from_document(document, fetcher=fetcher, overrides=sources)
    except ArazzoError as exc:
        yield Problem(
            "source-unavailable",
            "error",
            exc.message,
            exc.location or document.location,
            exc.hint,
        )
    for workflow in document.workflows:
        for name, expression in workflow.outputs.items():
            try:
                compile_expression(expression)
            except ExpressionSyntaxError as exc:
                yield Problem(
                    "expression-syntax",
                    "error",
                    f"output {name!r}: {exc.message} at offset {exc.offset}",
                    workflow.location.child("outputs", name),
                )
