"""Pydantic models of the Arazzo 1.0.x objects: frozen, located, pure data."""

from __future__ import annotations

from arazzo_engine.models._base import ArazzoModel
from arazzo_engine.models._frozen import FrozenDict
from arazzo_engine.models.actions import FailureAction
from arazzo_engine.models.actions import SuccessAction
from arazzo_engine.models.components import Components
from arazzo_engine.models.criteria import Criterion
from arazzo_engine.models.criteria import CriterionExpressionType
from arazzo_engine.models.document import ArazzoDocument
from arazzo_engine.models.document import Info
from arazzo_engine.models.document import SourceDescription
from arazzo_engine.models.reusable import ReusableObject
from arazzo_engine.models.workflow import Parameter
from arazzo_engine.models.workflow import PayloadReplacement
from arazzo_engine.models.workflow import RequestBody
from arazzo_engine.models.workflow import Step
from arazzo_engine.models.workflow import Workflow

__all__ = [
    "ArazzoDocument",
    "ArazzoModel",
    "Components",
    "Criterion",
    "CriterionExpressionType",
    "FailureAction",
    "FrozenDict",
    "Info",
    "Parameter",
    "PayloadReplacement",
    "RequestBody",
    "ReusableObject",
    "SourceDescription",
    "Step",
    "SuccessAction",
    "Workflow",
]
