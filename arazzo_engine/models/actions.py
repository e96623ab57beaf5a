"""Success Action and Failure Action Objects, and the rules on their fields."""

from __future__ import annotations

from typing import Annotated
from typing import Literal
from typing import TypeAlias

from pydantic import Discriminator
from pydantic import Field
from pydantic import Strict
from pydantic import Tag
from pydantic import model_validator

from arazzo_engine.models._base import ExtensibleModel
from arazzo_engine.models._base import fail
from arazzo_engine.models.criteria import Criterion  # noqa: TC001 - Pydantic needs it at runtime
from arazzo_engine.models.reusable import ReusableObject
from arazzo_engine.models.reusable import reusable_tag

__all__ = ["FailureAction", "FailureActionOrReference", "SuccessAction", "SuccessActionOrReference"]

_Error: TypeAlias = tuple[str, str, tuple[str | int, ...], str | None]


def _target_errors(
    action: SuccessAction | FailureAction,
) -> list[_Error]:
    """The rules shared by both action kinds: which targets each ``type`` takes."""
    targets = [
        name
        for name, value in (("stepId", action.step_id), ("workflowId", action.workflow_id))
        if value is not None
    ]
    if action.type == "goto" and len(targets) != 1:
        what = "both " + " and ".join(targets) if targets else "neither stepId nor workflowId"
        return [
            (
                "action-target",
                f"a goto action needs exactly one of stepId or workflowId, found {what}",
                (),
                None,
            )
        ]
    if action.type == "end" and targets:
        return [
            (
                "action-target",
                f"an end action takes no target, found {' and '.join(targets)}",
                (targets[0],),
                "remove it, or use type: goto",
            )
        ]
    if action.type == "retry" and len(targets) > 1:
        return [
            (
                "action-target",
                "a retry action takes at most one of stepId or workflowId, found both",
                (),
                None,
            )
        ]
    return []


class SuccessAction(ExtensibleModel):
    """What to do when a step succeeds: ``end`` the workflow or ``goto`` a step/workflow.

    Attributes:
        name: The action's name (unique within its list).
        type: ``"end"`` or ``"goto"``.
        workflow_id: The workflow to go to (``goto`` only).
        step_id: The step of the current workflow to go to (``goto`` only).
        criteria: Conditions that must all hold for the action to apply.
    """

    name: str
    type: Literal["end", "goto"]
    workflow_id: str | None = None
    step_id: str | None = None
    criteria: Annotated[tuple[Criterion, ...], Field(min_length=1)] = ()

    @model_validator(mode="after")
    def _check_fields(self) -> SuccessAction:
        fail(type(self).__name__, _target_errors(self))
        return self


class FailureAction(ExtensibleModel):
    """What to do when a step fails: ``end``, ``goto`` or ``retry``.

    Attributes:
        name: The action's name (unique within its list).
        type: ``"end"``, ``"goto"`` or ``"retry"``.
        workflow_id: The workflow to go to, or to run before retrying.
        step_id: The step to go to, or to run before retrying.
        retry_after: Seconds to wait before retrying (``retry`` only, >= 0).
        retry_limit: How many times to retry at most (``retry`` only, >= 0).
        criteria: Conditions that must all hold for the action to apply.
    """

    name: str
    type: Literal["end", "goto", "retry"]
    workflow_id: str | None = None
    step_id: str | None = None
    retry_after: Annotated[float, Strict(), Field(ge=0)] | None = None
    retry_limit: Annotated[int, Strict(), Field(ge=0)] | None = None
    criteria: tuple[Criterion, ...] = ()

    @model_validator(mode="after")
    def _check_fields(self) -> FailureAction:
        errors = _target_errors(self)
        if self.type != "retry":
            for alias, value in (
                ("retryAfter", self.retry_after),
                ("retryLimit", self.retry_limit),
            ):
                if value is not None:
                    errors.append(
                        (
                            "action-fields",
                            f"{alias!r} only applies to retry actions, not {self.type}",
                            (alias,),
                            "remove it, or use type: retry",
                        )
                    )
        fail(type(self).__name__, errors)
        return self


SuccessActionOrReference: TypeAlias = Annotated[
    Annotated[SuccessAction, Tag("<inline>")] | Annotated[ReusableObject, Tag("<reusable>")],
    Discriminator(reusable_tag),
]
"""An inline Success Action, or a Reusable Object pointing at one."""

FailureActionOrReference: TypeAlias = Annotated[
    Annotated[FailureAction, Tag("<inline>")] | Annotated[ReusableObject, Tag("<reusable>")],
    Discriminator(reusable_tag),
]
"""An inline Failure Action, or a Reusable Object pointing at one."""
