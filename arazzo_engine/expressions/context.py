"""``ExpressionContext``: everything a runtime expression may read at one point of a run."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.expressions.environment import DEFAULT_ENVIRONMENT
from arazzo_engine.expressions.environment import ExpressionEnvironment

if TYPE_CHECKING:
    from collections.abc import Mapping

    from arazzo_engine.messages import RequestSpec
    from arazzo_engine.messages import ResponseView

__all__ = ["ExpressionContext"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class ExpressionContext:
    """The values runtime expressions read; build a new one with ``evolve``.

    Attributes:
        url: ``$url``; when ``UNDEFINED``, the request's URL is used.
        method: ``$method``; when ``UNDEFINED``, the request's method is used.
        status_code: ``$statusCode``; when ``UNDEFINED``, the response's status is used.
        request: The request the current step sent (``$request.*``), or ``None``.
        response: The response it received (``$response.*``), or ``None``.
        inputs: The current workflow's inputs (``$inputs.*``).
        outputs: The current workflow's outputs (``$outputs.*``).
        steps: Step id -> that step's outputs (``$steps.<id>.outputs.*``).
        workflows: Workflow id -> ``{"inputs": ..., "outputs": ...}``.
        source_descriptions: Source name -> ``{"url": ..., "type": ..., <operationId>: ...}``.
        components: ``parameters``/``successActions``/``failureActions`` -> name -> object.
        environment: The evaluation policy.
    """

    url: Any = UNDEFINED
    method: Any = UNDEFINED
    status_code: Any = UNDEFINED
    request: RequestSpec | None = None
    response: ResponseView | None = None
    inputs: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    outputs: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    steps: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)
    workflows: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=lambda: _EMPTY)
    source_descriptions: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)
    components: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: _EMPTY)
    environment: ExpressionEnvironment = DEFAULT_ENVIRONMENT

    def evolve(self, **changes: Any) -> ExpressionContext:
        """Return a copy with some fields changed.

        Args:
            changes: Field names and their new values.

        Returns:
            The new context; this one is unchanged.
        """
        unknown = changes.keys() - _FIELDS
        if unknown:
            raise TypeError(f"ExpressionContext has no field(s) {', '.join(sorted(unknown))}")
        get = changes.get
        return ExpressionContext(
            get("url", self.url),
            get("method", self.method),
            get("status_code", self.status_code),
            get("request", self.request),
            get("response", self.response),
            get("inputs", self.inputs),
            get("outputs", self.outputs),
            get("steps", self.steps),
            get("workflows", self.workflows),
            get("source_descriptions", self.source_descriptions),
            get("components", self.components),
            get("environment", self.environment),
        )


_FIELDS = frozenset(f.name for f in dataclasses.fields(ExpressionContext))
