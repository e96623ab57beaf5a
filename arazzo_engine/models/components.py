"""Components Object: reusable inputs, parameters and actions of one document."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from arazzo_engine.models._base import ExtensibleModel
from arazzo_engine.models._frozen import FrozenDict
from arazzo_engine.models._frozen import FrozenMapping
from arazzo_engine.models.actions import FailureAction  # noqa: TC001 - Pydantic needs it at runtime
from arazzo_engine.models.actions import SuccessAction  # noqa: TC001 - Pydantic needs it at runtime
from arazzo_engine.models.reusable import ReusableObject
from arazzo_engine.models.workflow import OutputName  # noqa: TC001 - Pydantic needs it at runtime
from arazzo_engine.models.workflow import Parameter  # noqa: TC001 - Pydantic needs it at runtime

__all__ = ["Components", "ReusableObject"]


class Components(ExtensibleModel):
    r"""Reusable objects, referenced as ``$components.<kind>.<name>`` in the same document.

    Keys MUST match ``^[a-zA-Z0-9.\\-_]+$``.

    Attributes:
        inputs: JSON Schemas, referenced with ``$ref: '#/components/inputs/<name>'``.
        parameters: Parameters, referenced from parameter lists.
        success_actions: Success actions, referenced from ``onSuccess``/``successActions``.
        failure_actions: Failure actions, referenced from ``onFailure``/``failureActions``.
    """

    inputs: FrozenMapping[OutputName, Any] = Field(default_factory=FrozenDict)
    parameters: FrozenMapping[OutputName, Parameter] = Field(default_factory=FrozenDict)
    success_actions: FrozenMapping[OutputName, SuccessAction] = Field(default_factory=FrozenDict)
    failure_actions: FrozenMapping[OutputName, FailureAction] = Field(default_factory=FrozenDict)
