"""Runner configuration: limits and policies, frozen, derived with ``evolve``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any
from typing import Literal
from typing import TypeAlias

Severity: TypeAlias = Literal["off", "warn", "error"]
SuccessPolicy: TypeAlias = Literal["2xx", "any"]


@dataclass(frozen=True, slots=True)
class RunConfig:
    """How a runner behaves.

    Attributes:
        timeout: Per-request timeout in seconds (``None``: the client's own).
        max_steps: Step executions allowed in one run, nested workflows included.
        max_depth: How deeply workflows may call (or ``goto``) each other.
        deadline: Seconds the whole run may take (``None``: no limit).
        openapi_validation: Check requests/responses against the OpenAPI
            description: ``off``, ``warn`` (record warnings) or ``error`` (fail the step).
        success_without_criteria: When a step has no ``successCriteria``: ``2xx``
            (the default) or ``any`` completed response succeeds.
        max_retry_wait: The longest single wait before a retry, in seconds.
    """

    timeout: float | None = 30.0
    max_steps: int = 1000
    max_depth: int = 32
    deadline: float | None = None
    openapi_validation: Severity = "warn"
    success_without_criteria: SuccessPolicy = "2xx"
    max_retry_wait: float = 300.0

    def __post_init__(self) -> None:
        if self.max_steps < 1:
            raise ValueError("max_steps must be at least 1")
        if self.max_depth < 1:
            raise ValueError("max_depth must be at least 1")
        if self.openapi_validation not in ("off", "warn", "error"):
            raise ValueError("openapi_validation must be 'off', 'warn' or 'error'")
        if self.success_without_criteria not in ("2xx", "any"):
            raise ValueError("success_without_criteria must be '2xx' or 'any'")

    def evolve(self, **changes: Any) -> RunConfig:
        """Return a copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)
