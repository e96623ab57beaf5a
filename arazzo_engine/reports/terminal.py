"""Terminal output of a run: one live line per step, failure details, outputs (rich)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import urlsplit

from rich.text import Text

from arazzo_engine._types import UNDEFINED
from arazzo_engine.messages import REDACTED
from arazzo_engine.reports.redaction import NO_REDACTION
from arazzo_engine.reports.redaction import Redactor
from arazzo_engine.runner.hooks import Hooks
from arazzo_engine.runner.state import excerpt
from arazzo_engine.runner.state import to_jsonable

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status

    from arazzo_engine.criteria import CriterionResult
    from arazzo_engine.messages import RequestSpec
    from arazzo_engine.messages import ResponseView
    from arazzo_engine.runner import DryRunResult
    from arazzo_engine.runner.state import StepRecord
    from arazzo_engine.runner.state import WorkflowResult

_Part = str | tuple[str, str]
_COMPARISON = re.compile(r"^(?P<left>.+?)\s*(?P<op>==|!=|<=|>=|<|>)\s*(?P<right>.+?)$")
SHORT_EXCERPT = 500
"""Characters of a response body shown with a failure."""
LONG_EXCERPT = 2000
"""Characters of a body shown with ``-v``."""


def show_value(value: Any, limit: int = 200) -> str:
    """Render a value for a terminal line: JSON, cut to ``limit`` characters."""
    if value is UNDEFINED:
        return "(nothing selected)"
    text = json.dumps(to_jsonable(value), ensure_ascii=False)
    return excerpt(text, limit)


def expected_text(criterion: CriterionResult) -> str:
    """Say what a criterion expected: the comparison's operator and right side when simple."""
    condition = criterion.condition.strip()
    compound = any(token in condition for token in ("&&", "||")) or condition.startswith(("!", "("))
    if criterion.kind == "simple" and not compound:
        match = _COMPARISON.match(condition)
        if match:
            return f"{match['op']} {match['right']}"
    if criterion.kind == "regex":
        return f"{criterion.context or 'the context'} to match {condition}"
    if criterion.kind in ("jsonpath", "xpath"):
        return f"{condition} to select something in {criterion.context or 'the context'}"
    return f"{condition} to hold"


def _seconds(value: float) -> str:
    return f"{value:.1f}" if value >= 1 else f"{value:.2g}"


def body_text(content: bytes | None, limit: int) -> str | None:
    """Decode a body for display (UTF-8, replacing errors), cut to ``limit`` characters."""
    if not content:
        return None
    return excerpt(content.decode("utf-8", errors="replace"), limit)


class TerminalRenderer:
    """Prints a run as it happens; its methods are the runner's hooks.

    On a terminal a spinner shows the step being run and retry waits; elsewhere only
    plain lines are printed (colour follows the console: off when not a terminal or
    when ``NO_COLOR`` is set). Every text goes through ``redact``.

    Args:
        console: Where to print.
        verbose: Also print each request and response (redacted headers, body excerpts).
        redact: Scrubs every known credential value.
        workflow_id: The workflow being run (its steps are not indented).
    """

    def __init__(
        self,
        console: Console,
        *,
        verbose: bool = False,
        redact: Redactor = NO_REDACTION,
        workflow_id: str | None = None,
    ) -> None:
        self.console = console
        self.verbose = verbose
        self.redact = redact
        self._stack: list[str] = [workflow_id] if workflow_id else []
        self._attempts: dict[tuple[str, str], int] = {}
        self._status: Status | None = None

    # -- plumbing ----------------------------------------------------------------

    def line(self, *parts: _Part, indent: int = 0) -> None:
        """Print one line made of plain or ``(text, style)`` parts, redacted."""
        text = Text(" " * indent)
        for part in parts:
            if isinstance(part, tuple):
                text.append(self.redact(part[0]), style=part[1])
            else:
                text.append(self.redact(part))
        self.console.print(text, soft_wrap=True)

    def block(self, label: str, body: str, *, indent: int) -> None:
        """Print ``label`` and a possibly multi-line ``body`` aligned after it."""
        lines = self.redact(body).splitlines() or [""]
        self.line((f"{label:<10}", "dim"), lines[0], indent=indent)
        for rest in lines[1:]:
            self.line(rest, indent=indent + 10)

    def _spin(self, message: str) -> None:
        if not self.console.is_terminal:
            return
        if self._status is None:
            self._status = self.console.status(self.redact(message))
            self._status.start()
        else:
            self._status.update(self.redact(message))

    def close(self) -> None:
        """Stop the spinner, if one is running."""
        if self._status is not None:
            self._status.stop()
            self._status = None

    def _depth(self, workflow_id: str) -> int:
        if workflow_id in self._stack:
            index = self._stack.index(workflow_id)
            del self._stack[index + 1 :]
            return index
        self._stack.append(workflow_id)
        return len(self._stack) - 1

    def _label(self, workflow_id: str, step_id: str) -> tuple[str, int]:
        depth = self._depth(workflow_id)
        return (step_id if depth == 0 else f"{workflow_id}.{step_id}"), 2 * depth

    def hooks(self) -> Hooks:
        """Return runner hooks that drive this renderer."""
        return Hooks(
            step_started=[self.step_started],
            request=[self.request] if self.verbose else [],
            response=[self.response] if self.verbose else [],
            step_finished=[self.step_finished],
            retry_wait=[self.retry_wait],
        )

    # -- hooks -------------------------------------------------------------------

    def step_started(self, workflow_id: str, step_id: str, attempt: int) -> None:
        """Hook: a step attempt starts."""
        self._attempts[(workflow_id, step_id)] = attempt
        suffix = f" (attempt {attempt})" if attempt > 1 else ""
        self._spin(f"step {step_id}{suffix}…")

    def request(self, spec: RequestSpec) -> None:
        """Hook (``-v``): a request is about to be sent."""
        secret = spec.redact
        self.line(("→ ", "cyan"), f"{spec.method} {secret(spec.url)}", indent=4)
        for name, value in spec.redacted_headers():
            self.line((f"{name}: ", "dim"), value, indent=6)
        body = body_text(spec.body, LONG_EXCERPT)
        if body is not None:
            self.block("body", secret(body), indent=6)

    def response(self, spec: RequestSpec, response: ResponseView) -> None:
        """Hook (``-v``): a response arrived."""
        self.line(
            ("← ", "cyan"), f"{response.status_code} in {response.elapsed * 1000:.0f} ms", indent=4
        )
        for name, value in response.headers:
            shown = REDACTED if name.lower() == "set-cookie" else spec.redact(value)
            self.line((f"{name}: ", "dim"), shown, indent=6)
        body = body_text(response.content, LONG_EXCERPT)
        if body is not None:
            self.block("body", spec.redact(body), indent=6)

    def retry_wait(self, workflow_id: str, step_id: str, seconds: float) -> None:
        """Hook: the run waits before retrying a step."""
        retry = self._attempts.get((workflow_id, step_id), 1) + 1
        message = f"waiting {_seconds(seconds)} s before retry {retry} of step {step_id}"
        _label, indent = self._label(workflow_id, step_id)
        self.line((message, "yellow"), indent=indent + 2)
        self._spin(message + "…")

    def step_finished(self, record: StepRecord) -> None:
        """Hook: a step execution is over; print its line and, on failure, why."""
        label, indent = self._label(record.workflow_id, record.step_id)
        if record.status == "skipped":
            self.line(("- ", "dim"), (label, "dim"), "  skipped", indent=indent)
            return
        ok = record.status == "succeeded"
        parts: list[_Part] = [
            ("✓ " if ok else "✗ ", "green" if ok else "red bold"),
            (label, "bold"),
        ]
        if record.request is not None:
            path = urlsplit(record.request.url).path or "/"
            parts.append(f"  {record.request.method} {path}")
        elif record.workflow is not None:
            parts.append(f"  workflow {record.workflow.workflow_id}")
        if record.status_code is not None:
            code = str(record.status_code)
            parts.append(("  " + code, "green" if 200 <= record.status_code < 300 else "yellow"))
        parts.append(f"  {record.duration:.3f} s")
        parts.append((f"  attempt {record.attempts}", "dim"))
        self.line(*parts, indent=indent)
        for warning in record.warnings:
            self.line(("warning: ", "yellow"), warning, indent=indent + 4)
        if not ok:
            self.failure(record, indent=indent + 4)

    # -- results -----------------------------------------------------------------

    def failure(self, record: StepRecord, *, indent: int = 4) -> None:
        """Print why a step failed: criteria (expected/actual), error, response excerpt."""
        for criterion in record.failed_criteria:
            kind = "" if criterion.kind == "simple" else f"  ({criterion.kind})"
            self.line(("criterion ", "dim"), criterion.condition, kind, indent=indent)
            self.line(("expected  ", "dim"), expected_text(criterion), indent=indent)
            self.line(("actual    ", "dim"), (show_value(criterion.actual), "red"), indent=indent)
            if criterion.reason:
                self.line(("reason    ", "dim"), criterion.reason, indent=indent)
        if record.error is not None:
            self.line(("error     ", "dim"), f"{record.error.type}: ", record.error.message,
                      indent=indent)  # fmt: skip
        if record.workflow is not None and record.workflow.status == "failed":
            self.line(("workflow  ", "dim"), record.workflow.explain(), indent=indent)
        if record.response is not None and not self.verbose:
            limit = SHORT_EXCERPT
            body = excerpt(record.response.body, limit) if record.response.body else "(empty)"
            self.block("response", f"{record.response.status_code} {body}", indent=indent)

    def result(self, result: WorkflowResult) -> None:
        """Print the workflow's outputs and a closing summary line."""
        self.close()
        if result.outputs:
            self.line(("outputs", "bold"))
            width = max(len(name) for name in result.outputs)
            for name, value in result.outputs.items():
                self.line(f"{name:<{width}}  ", show_value(value, LONG_EXCERPT), indent=2)
        total = sum(r.duration for r in result.steps)
        count = len(result.steps)
        steps = f"{count} step{'s' if count != 1 else ''} in {total:.3f} s"
        if result.succeeded:
            self.line(("workflow ", "green"), (result.workflow_id, "bold"),
                      (f" succeeded ({steps})", "green"))  # fmt: skip
        else:
            self.line(("workflow ", "red"), (result.workflow_id, "bold"),
                      (f" failed ({steps}): ", "red"), result.explain())  # fmt: skip

    def dry_run(self, workflow_id: str, plan: DryRunResult) -> None:
        """Print the requests a dry run would send, and where and why it stopped."""
        self.close()
        for planned in plan.requests:
            spec = planned.request
            self.line(("→ ", "cyan"), (planned.step_id, "bold"),
                      f"  {spec.method} {spec.redact(spec.url)}")  # fmt: skip
            for name, value in spec.redacted_headers():
                self.line((f"{name}: ", "dim"), value, indent=4)
            body = body_text(spec.body, SHORT_EXCERPT)
            if body is not None:
                self.block("body", spec.redact(body), indent=4)
        count = len(plan.requests)
        summary = f"dry run of {workflow_id}: {count} request{'s' if count != 1 else ''} planned"
        if plan.stopped_at is not None:
            self.line((summary, "bold"), f"; stopped at step {plan.stopped_at}",
                      f": {plan.reason}" if plan.reason else "")  # fmt: skip
        else:
            self.line((summary, "bold"), f"; {plan.reason}" if plan.reason else "")
        self.line(("nothing was sent", "dim"))
