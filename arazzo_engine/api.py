"""Package-level convenience functions: ``run``, ``arun`` and ``validate``."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.runner import AsyncRunner
from arazzo_engine.runner import Runner
from arazzo_engine.runner import WorkflowResult
from arazzo_engine.runner.prepare import as_document

if TYPE_CHECKING:
    from collections.abc import Collection
    from collections.abc import Mapping

    from arazzo_engine.fetch import Fetcher
    from arazzo_engine.problems import Problem

_RUN_ARGS = ("inputs", "servers", "auth", "sources")


def _split(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    run_args = {k: options.pop(k) for k in _RUN_ARGS if k in options}
    return options, run_args


def run(document: Any, workflow_id: str | None = None, **options: Any) -> WorkflowResult:
    """Run one workflow with a ``Runner`` made for this call.

    Args:
        document: An ``ArazzoDocument``, or a path, URL, text or mapping to load.
        workflow_id: The workflow to run; may be omitted when there is one.
        **options: ``inputs``, ``servers``, ``auth``, ``sources`` (see ``Runner.run``)
            and any ``Runner`` option (``client``, ``timeout``, ``max_steps``, ``hooks`` …).

    Returns:
        The workflow's result.

    Raises:
        DocumentError: The document cannot be loaded.
        WorkflowNotFoundError: The workflow cannot be chosen.
        SourceError: A source description cannot be loaded.
        InputValidationError: The inputs do not match the workflow's schema.
    """
    runner_options, run_args = _split(dict(options))
    with Runner(**runner_options) as runner:
        return runner.run(document, workflow_id, **run_args)


async def arun(document: Any, workflow_id: str | None = None, **options: Any) -> WorkflowResult:
    """Run one workflow with an ``AsyncRunner`` made for this call; see ``run``.

    Raises:
        DocumentError: The document cannot be loaded.
        WorkflowNotFoundError: The workflow cannot be chosen.
        SourceError: A source description cannot be loaded.
        InputValidationError: The inputs do not match the workflow's schema.
    """
    runner_options, run_args = _split(dict(options))
    async with AsyncRunner(**runner_options) as runner:
        return await runner.run(document, workflow_id, **run_args)


def validate(
    document: Any,
    *,
    sources: Mapping[str, str] | None = None,
    fetcher: Fetcher | None = None,
    workflows: Collection[str] | None = None,
) -> list[Problem]:
    """Check a document before running it, and return every problem found.

    Args:
        document: An ``ArazzoDocument``, or a path, URL, text or mapping to load.
        sources: Where to load source descriptions from instead of their ``url``.
        fetcher: How documents are fetched.
        workflows: Check only these workflows (by id); all when omitted.

    Returns:
        The problems, errors and warnings, in document order.

    Raises:
        DocumentError: The document cannot be loaded at all.
    """
    from arazzo_engine.validation import iter_problems

    doc = as_document(document, fetcher)
    return list(iter_problems(doc, sources=sources, fetcher=fetcher, workflows=workflows))
