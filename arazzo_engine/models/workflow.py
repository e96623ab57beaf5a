"""Workflow, Step, Parameter, Request Body and Payload Replacement Objects."""

from __future__ import annotations

from typing import Annotated
from typing import Any
from typing import Literal
from typing import TypeAlias

from pydantic import Discriminator
from pydantic import Field
from pydantic import StringConstraints
from pydantic import Tag
from pydantic import model_validator

from arazzo_engine.errors import StepNotFoundError
from arazzo_engine.models._base import ExtensibleModel
from arazzo_engine.models._base import fail
from arazzo_engine.models._base import suggest
from arazzo_engine.models._frozen import FrozenDict
from arazzo_engine.models._frozen import FrozenMapping
from arazzo_engine.models.actions import FailureActionOrReference  # noqa: TC001 - Pydantic needs it at runtime
from arazzo_engine.models.actions import SuccessActionOrReference  # noqa: TC001 - Pydantic needs it at runtime
from arazzo_engine.models.criteria import Criterion  # noqa: TC001 - Pydantic needs it at runtime
from arazzo_engine.models.reusable import ReusableObject
from arazzo_engine.models.reusable import reusable_tag

__all__ = [
    "NAME_PATTERN",
    "OutputName",
    "Parameter",
    "ParameterOrReference",
    "PayloadReplacement",
    "RequestBody",
    "Step",
    "Workflow",
]

NAME_PATTERN = r"^[a-zA-Z0-9\.\-_]+$"
"""The pattern output names and component keys MUST match."""

OutputName: TypeAlias = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
_Error: TypeAlias = tuple[str, str, tuple[str | int, ...], str | None]


class Parameter(ExtensibleModel):
    """A value passed to an operation (with ``in``) or to a called workflow (without).

    Attributes:
        name: The parameter's name (case-sensitive).
        in_: Where it goes (alias ``in``): path, query, header or cookie; ``None``
            for parameters of ``workflowId`` steps.
        value: A constant, a runtime expression, or a structure containing them.
    """

    name: str
    in_: Literal["path", "query", "header", "cookie"] | None = Field(default=None, alias="in")
    value: Any


ParameterOrReference: TypeAlias = Annotated[
    Annotated[Parameter, Tag("<inline>")] | Annotated[ReusableObject, Tag("<reusable>")],
    Discriminator(reusable_tag),
]
"""An inline Parameter, or a Reusable Object pointing at a component parameter."""


class PayloadReplacement(ExtensibleModel):
    """Replaces the part of a request payload that ``target`` points at with ``value``.

    Attributes:
        target: A JSON pointer (or XPath for XML payloads) into the payload.
        value: The replacement: a constant or a runtime expression.
    """

    target: str
    value: Any


class RequestBody(ExtensibleModel):
    """The body sent with an operation step.

    Attributes:
        content_type: The media type; taken from the operation when absent.
        payload: The body: any value, possibly with embedded ``{$...}`` expressions.
        replacements: Changes applied to ``payload`` before sending.
    """

    content_type: str | None = None
    payload: Any = None
    replacements: tuple[PayloadReplacement, ...] = ()


class Step(ExtensibleModel):
    """One call: an API operation (``operationId``/``operationPath``) or a workflow.

    Attributes:
        step_id: Unique within the workflow.
        description: Free text (CommonMark).
        operation_id: The operation to call, plain or ``$sourceDescriptions.<name>.<id>``.
        operation_path: ``{$sourceDescriptions.<name>.url}#<JSON pointer>`` to an operation.
        workflow_id: The workflow to run, local or ``$sourceDescriptions.<name>.<id>``.
        parameters: Inline parameters or references to component parameters.
        request_body: The body for an operation step.
        success_criteria: All must hold for the step to succeed.
        on_success: Actions to consider when the step succeeds.
        on_failure: Actions to consider when the step fails.
        outputs: Output name -> runtime expression.
    """

    step_id: str
    description: str | None = None
    operation_id: str | None = None
    operation_path: str | None = None
    workflow_id: str | None = None
    parameters: tuple[ParameterOrReference, ...] = ()
    request_body: RequestBody | None = None
    success_criteria: Annotated[tuple[Criterion, ...], Field(min_length=1)] = ()
    on_success: tuple[SuccessActionOrReference, ...] = ()
    on_failure: tuple[FailureActionOrReference, ...] = ()
    outputs: FrozenMapping[OutputName, str] = Field(default_factory=FrozenDict)

    @property
    def target_kind(self) -> Literal["operationId", "operationPath", "workflowId"]:
        """Which of ``operationId``, ``operationPath`` or ``workflowId`` the step uses."""
        if self.operation_id is not None:
            return "operationId"
        if self.operation_path is not None:
            return "operationPath"
        return "workflowId"

    @model_validator(mode="after")
    def _check_step(self) -> Step:
        targets = [
            alias
            for alias, value in (
                ("operationId", self.operation_id),
                ("operationPath", self.operation_path),
                ("workflowId", self.workflow_id),
            )
            if value is not None
        ]
        errors: list[_Error] = []
        if len(targets) != 1:
            found = " and ".join(targets) if targets else "none"
            errors.append(
                (
                    "operation-target",
                    "a step needs exactly one of operationId, operationPath or workflowId"
                    f", found {found}",
                    (),
                    "a step calls one operation or one workflow",
                )
            )
        else:
            calls_workflow = targets[0] == "workflowId"
            for index, param in enumerate(self.parameters):
                if not isinstance(param, Parameter):
                    continue
                if calls_workflow and param.in_ is not None:
                    message = f"parameter {param.name!r} of a workflow step takes no 'in'"
                    hint = "workflow step parameters become the called workflow's inputs"
                    errors.append(("parameter-in", message, ("parameters", index, "in"), hint))
                elif not calls_workflow and param.in_ is None:
                    message = f"parameter {param.name!r} of an operation step needs 'in'"
                    hint = "one of: path, query, header, cookie"
                    errors.append(("parameter-in", message, ("parameters", index), hint))
        fail(type(self).__name__, errors)
        return self


class Workflow(ExtensibleModel):
    """A sequence of steps with inputs, outputs and shared actions and parameters.

    Attributes:
        workflow_id: Unique within the document.
        summary: A short summary.
        description: Free text (CommonMark).
        inputs: A JSON Schema for the workflow's inputs, as written.
        depends_on: Workflows that must complete first.
        steps: The steps, in order (at least one).
        success_actions: Actions applying to every step's success.
        failure_actions: Actions applying to every step's failure.
        outputs: Output name -> runtime expression.
        parameters: Parameters applying to every step.
    """

    workflow_id: str
    summary: str | None = None
    description: str | None = None
    inputs: FrozenMapping[str, Any] | None = None
    depends_on: tuple[str, ...] = ()
    steps: Annotated[tuple[Step, ...], Field(min_length=1)]
    success_actions: tuple[SuccessActionOrReference, ...] = ()
    failure_actions: tuple[FailureActionOrReference, ...] = ()
    outputs: FrozenMapping[OutputName, str] = Field(default_factory=FrozenDict)
    parameters: tuple[ParameterOrReference, ...] = ()

    def step(self, step_id: str) -> Step:
        """Return the step with ``step_id``.

        Args:
            step_id: The step's id (case-sensitive).

        Returns:
            The step.

        Raises:
            StepNotFoundError: No step has that id; the hint names the nearest one.
        """
        for step in self.steps:
            if step.step_id == step_id:
                return step
        raise StepNotFoundError(
            f"workflow {self.workflow_id!r} has no step {step_id!r}",
            location=self.location,
            hint=suggest(step_id, [s.step_id for s in self.steps]),
        )
