"""Run results as frozen records: what each step did, and how the workflow ended."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import TypeAlias

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import StepFailedError

if TYPE_CHECKING:
    from arazzo_engine.criteria import CriterionResult

StepStatus: TypeAlias = Literal["succeeded", "failed", "skipped"]
WorkflowStatus: TypeAlias = Literal["succeeded", "failed"]

_EMPTY: Mapping[str, Any] = MappingProxyType({})
EXCERPT_LIMIT = 2048
"""How many characters of a body a summary keeps."""


def excerpt(text: str, limit: int = EXCERPT_LIMIT) -> str:
    """Return ``text`` cut to ``limit`` characters, marking the cut."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"… ({len(text) - limit} more characters)"


def to_jsonable(value: Any) -> Any:
    """Return ``value`` with ``UNDEFINED`` replaced by ``None``, ready for ``json.dumps``."""
    if value is UNDEFINED:
        return None
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """An error that ended a step or a run, as data.

    Attributes:
        type: The exception class name (``TransportTimeoutError``).
        message: Its message, with secrets redacted.
    """

    type: str
    message: str

    @classmethod
    def from_exception(cls, exc: BaseException, redact: Any = None) -> ErrorInfo:
        """Describe ``exc``; ``redact`` (a ``str -> str`` callable) scrubs secrets."""
        message = str(exc)
        if redact is not None:
            message = redact(message)
        return cls(type(exc).__name__, message)

    def to_dict(self) -> dict[str, str]:
        """Return ``{"type": …, "message": …}``."""
        return {"type": self.type, "message": self.message}


@dataclass(frozen=True, slots=True)
class RequestSummary:
    """What was sent, with credentials redacted.

    Attributes:
        method: The HTTP method.
        url: The URL, secrets redacted.
        headers: Headers, credentials redacted.
        body: An excerpt of the body as text, secrets redacted, or ``None``.
        path_template: The OpenAPI path template, when known.
    """

    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    path_template: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape used in reports."""
        return {
            "method": self.method,
            "url": self.url,
            "headers": dict(self.headers),
            "body": self.body,
        }


@dataclass(frozen=True, slots=True)
class ResponseSummary:
    """What came back (status, headers, an excerpt of the body, secrets redacted)."""

    status_code: int
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape used in reports."""
        return {"statusCode": self.status_code, "headers": dict(self.headers), "body": self.body}


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One execution of a step (its retries are counted in ``attempts``).

    Attributes:
        step_id: The step's id.
        workflow_id: The workflow it belongs to.
        status: ``"succeeded"``, ``"failed"`` or ``"skipped"``.
        attempts: How many times it was sent (1 + retries).
        status_code: The last response's status, or ``None`` (no response, workflow step).
        outputs: The step's outputs, evaluated after its last attempt.
        criteria: Every success criterion of the last attempt, passed or not.
        request: The last request sent, redacted.
        response: The last response, redacted.
        duration: Seconds from the first attempt to the end of the last one.
        error: What went wrong beyond criteria (transport fault, binding error), if anything.
        warnings: Non-fatal findings (OpenAPI validation in ``warn`` mode, lenient evaluation).
        action: The action taken afterwards (``"next"``, ``"end"``, ``"goto step x"``, …).
        workflow: For a ``workflowId`` step, the nested workflow's result.
    """

    step_id: str
    workflow_id: str
    status: StepStatus
    attempts: int = 1
    status_code: int | None = None
    outputs: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    criteria: tuple[CriterionResult, ...] = ()
    request: RequestSummary | None = None
    response: ResponseSummary | None = None
    duration: float = 0.0
    error: ErrorInfo | None = None
    warnings: tuple[str, ...] = ()
    action: str | None = None
    workflow: WorkflowResult | None = None

    @property
    def failed_criteria(self) -> tuple[CriterionResult, ...]:
        """The criteria of the last attempt that did not pass."""
        return tuple(c for c in self.criteria if not c.passed)

    @property
    def succeeded(self) -> bool:
        """Whether the step succeeded."""
        return self.status == "succeeded"

    def explain(self) -> str:
        """Say in one sentence why the step failed (or that it did not)."""
        if self.status != "failed":
            return f"step {self.step_id}: {self.status}"
        if self.error is not None:
            return f"step {self.step_id}: {self.error.message}"
        for criterion in self.failed_criteria:
            return f"step {self.step_id}: {criterion.reason or 'criterion failed'}" + (
                self._error_response()
            )
        if self.workflow is not None and self.workflow.status == "failed":
            return f"step {self.step_id}: workflow {self.workflow.workflow_id} failed: " + (
                self.workflow.explain()
            )
        if self.status_code is not None:
            return f"step {self.step_id}: unexpected status {self.status_code}" + (
                self._error_response()
            )
        return f"step {self.step_id}: failed"

    def _error_response(self) -> str:
        """An excerpt of an error response's body, which usually says what went wrong."""
        response = self.response
        if response is None or response.status_code < 400 or not response.body:
            return ""
        body = " ".join(response.body.split())
        return f"; the response was: {excerpt(body, 300)}"

    def to_dict(self, *, detail: bool = False) -> dict[str, Any]:
        """Return the step's entry in the ``--format json`` object.

        Args:
            detail: Add request/response summaries, criteria and timings (JSON report).
        """
        data: dict[str, Any] = {
            "stepId": self.step_id,
            "status": self.status,
            "statusCode": self.status_code,
            "attempts": self.attempts,
            "outputs": to_jsonable(self.outputs),
            "failedCriteria": [
                {"condition": c.condition, "actual": to_jsonable(c.actual), "reason": c.reason}
                for c in self.failed_criteria
            ],
        }
        if self.error is not None:
            data["error"] = self.error.to_dict()
        if detail:
            data["workflowId"] = self.workflow_id
            data["durationSeconds"] = round(self.duration, 6)
            data["criteria"] = [
                {
                    "condition": c.condition,
                    "type": c.kind,
                    "context": c.context,
                    "passed": c.passed,
                    "actual": to_jsonable(c.actual),
                    "reason": c.reason,
                }
                for c in self.criteria
            ]
            data["request"] = self.request.to_dict() if self.request else None
            data["response"] = self.response.to_dict() if self.response else None
            data["warnings"] = list(self.warnings)
            data["action"] = self.action
            if self.workflow is not None:
                data["workflow"] = self.workflow.to_dict(detail=True)
        return data


@dataclass(frozen=True, slots=True)
class WorkflowResult:
    """How a workflow run ended.

    Attributes:
        workflow_id: The workflow that was run.
        status: ``"succeeded"`` or ``"failed"``.
        outputs: The workflow's outputs.
        steps: One record per step execution, in the order they ran.
        error: Why the run stopped early (limits, inputs, an unhandled failure), if it did.
        inputs: The inputs it ran with (defaults applied).
    """

    workflow_id: str
    status: WorkflowStatus
    outputs: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    steps: tuple[StepRecord, ...] = ()
    error: ErrorInfo | None = None
    inputs: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, repr=False)

    @property
    def succeeded(self) -> bool:
        """Whether the workflow succeeded."""
        return self.status == "succeeded"

    @property
    def failed_step(self) -> StepRecord | None:
        """The step whose failure ended the workflow, if one did."""
        for record in reversed(self.steps):
            if record.status == "failed":
                return record
        return None

    def step(self, step_id: str) -> StepRecord:
        """Return the last record of ``step_id``.

        Raises:
            KeyError: The step never ran.
        """
        for record in reversed(self.steps):
            if record.step_id == step_id:
                return record
        raise KeyError(step_id)

    def explain(self) -> str:
        """Say in one sentence why the workflow failed (or that it succeeded)."""
        if self.status == "succeeded":
            return f"workflow {self.workflow_id} succeeded"
        failed = self.failed_step
        if failed is not None and (self.error is None or self.error.type == "StepFailedError"):
            return failed.explain()
        if self.error is not None:
            return self.error.message
        return f"workflow {self.workflow_id} failed"

    def raise_for_failure(self) -> WorkflowResult:
        """Raise ``StepFailedError`` when the workflow failed; return ``self`` otherwise.

        Raises:
            StepFailedError: The workflow failed; the message explains the first cause.
        """
        if self.status == "failed":
            raise StepFailedError(self.explain())
        return self

    def to_dict(self, *, detail: bool = False) -> dict[str, Any]:
        """Return the object that ``arazzo run --format json`` prints.

        Args:
            detail: Add per-step request/response summaries (the JSON report).
        """
        return {
            "workflowId": self.workflow_id,
            "status": self.status,
            "outputs": to_jsonable(self.outputs),
            "steps": [s.to_dict(detail=detail) for s in self.steps],
            "error": self.error.to_dict() if self.error else None,
        }

    def to_json(self, *, detail: bool = False, indent: int | None = 2) -> str:
        """Return ``to_dict`` as JSON text."""
        return json.dumps(self.to_dict(detail=detail), indent=indent, ensure_ascii=False)
