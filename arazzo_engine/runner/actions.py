"""Choosing what happens after a step: ``end``, ``goto``, ``retry``, or the defaults.

Step-level actions come first; a workflow-level action applies unless the step
has one of the same ``name``. The first action whose criteria all pass is
taken. A ``retry`` has a budget per action per step execution (``retryLimit``
absent: one retry; ``0``: none); once spent, the next matching failure action
is considered.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Literal
from typing import TypeAlias

from arazzo_engine.criteria import compile_criterion_of
from arazzo_engine.models import FailureAction
from arazzo_engine.models import ReusableObject
from arazzo_engine.models import SuccessAction

if TYPE_CHECKING:
    from collections.abc import Iterable
    from collections.abc import Iterator
    from collections.abc import MutableMapping
    from collections.abc import Sequence

    from arazzo_engine.expressions import ExpressionContext
    from arazzo_engine.messages import ResponseView
    from arazzo_engine.models import Criterion
    from arazzo_engine.runner.documents import DocumentRuntime

Action: TypeAlias = SuccessAction | FailureAction
Kind: TypeAlias = Literal["next", "end", "fail", "goto_step", "goto_workflow", "retry"]


@dataclass(frozen=True, slots=True)
class Decision:
    """What the flow does next.

    Attributes:
        kind: ``next`` (the default after success), ``end``, ``fail`` (the
            default after failure), ``goto_step``, ``goto_workflow`` or ``retry``.
        target: The step or workflow reference for ``goto_*`` and a retry's pre-step.
        action: The action taken, when one was.
        wait: Seconds to wait before a retry.
    """

    kind: Kind
    target: str | None = None
    action: Action | None = None
    wait: float = 0.0

    def describe(self) -> str:
        """A short label for reports: ``next``, ``goto step x``, ``retry (name)``."""
        label: str = self.kind
        if self.kind == "goto_step":
            label = f"goto step {self.target}"
        elif self.kind == "goto_workflow":
            label = f"goto workflow {self.target}"
        if self.action is not None:
            label += f" ({self.action.name})"
        return label


def merge_actions(
    runtime: DocumentRuntime,
    step_level: Sequence[Action | ReusableObject],
    workflow_level: Sequence[Action | ReusableObject],
    *,
    failure: bool,
) -> tuple[Action, ...]:
    """Resolve reusable actions and merge the step's list over the workflow's by name."""

    def resolve(item: Action | ReusableObject) -> Action:
        if isinstance(item, ReusableObject):
            if failure:
                return runtime.failure_action(item)
            return runtime.success_action(item)
        return item

    own = [resolve(a) for a in step_level]
    names = {a.name for a in own}
    inherited = [a for a in (resolve(a) for a in workflow_level) if a.name not in names]
    return (*own, *inherited)


def criteria_pass(criteria: Iterable[Criterion], ctx: ExpressionContext) -> bool:
    """Tell whether every criterion passes (an empty list passes)."""
    for criterion in criteria:
        compiled = compile_criterion_of(criterion)
        if not compiled.evaluate(ctx).passed:
            return False
    return True


def _matching(actions: Iterable[Action], ctx: ExpressionContext) -> Iterator[Action]:
    for action in actions:
        if criteria_pass(action.criteria, ctx):
            yield action


def _goto(action: Action) -> Decision:
    if action.step_id is not None:
        return Decision("goto_step", action.step_id, action)
    return Decision("goto_workflow", action.workflow_id, action)


def choose_on_success(actions: Sequence[Action], ctx: ExpressionContext) -> Decision:
    """The decision after a step succeeded: the first matching action, else ``next``."""
    for action in _matching(actions, ctx):
        if action.type == "end":
            return Decision("end", action=action)
        return _goto(action)
    return Decision("next")


def choose_on_failure(
    actions: Sequence[Action],
    ctx: ExpressionContext,
    retries_used: MutableMapping[str, int],
    *,
    max_wait: float,
) -> Decision:
    """The decision after a step failed: the first matching action with budget, else ``fail``.

    Args:
        actions: The merged failure actions.
        ctx: The step's context (its response included).
        retries_used: Retries spent per action name in this step execution (updated).
        max_wait: Upper bound of one wait, in seconds.
    """
    for action in _matching(actions, ctx):
        if action.type == "retry" and isinstance(action, FailureAction):
            limit = 1 if action.retry_limit is None else action.retry_limit
            used = retries_used.get(action.name, 0)
            if used >= limit:
                continue
            retries_used[action.name] = used + 1
            wait = retry_wait(action.retry_after, ctx.response, max_wait=max_wait)
            target = action.step_id or action.workflow_id
            return Decision("retry", target, action, wait)
        if action.type == "end":
            return Decision("end", action=action)
        return _goto(action)
    return Decision("fail")


def retry_wait(
    retry_after: float | None, response: ResponseView | None, *, max_wait: float
) -> float:
    """Seconds to wait: ``retryAfter``, or the response's ``Retry-After`` when larger."""
    wait = float(retry_after or 0.0)
    header = response.header("retry-after") if response is not None else None
    if isinstance(header, str):
        wait = max(wait, parse_retry_after(header))
    return min(max(wait, 0.0), max_wait)


def parse_retry_after(value: str, *, now: float | None = None) -> float:
    """Parse a ``Retry-After`` value: delay-seconds or an HTTP date; ``0`` when malformed."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return 0.0
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)
