"""arazzo-engine: a general-purpose interpreter for the Arazzo Specification.

High-level API::

    import arazzo_engine as az

    doc = az.load("workflow.arazzo.yaml")
    problems = az.validate(doc)
    result = az.run(doc, "my-workflow", inputs={...})
    result.raise_for_failure()

The low-level expression API (``compile_expression``, ``compile_condition``,
``compile_template``, ``compile_criterion``, ``ExpressionContext``) is public too.
"""

from __future__ import annotations

from arazzo_engine.__about__ import __version__
from arazzo_engine._types import UNDEFINED
from arazzo_engine.api import arun
from arazzo_engine.api import run
from arazzo_engine.api import validate
from arazzo_engine.criteria import CompiledCriterion
from arazzo_engine.criteria import CriterionResult
from arazzo_engine.criteria import compile_criterion
from arazzo_engine.errors import AmbiguousOperationError
from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import DeadlineExceededError
from arazzo_engine.errors import DocumentError
from arazzo_engine.errors import DocumentParseError
from arazzo_engine.errors import DocumentRetrievalError
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.errors import ExecutionError
from arazzo_engine.errors import ExpressionError
from arazzo_engine.errors import ExpressionEvaluationError
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import InputValidationError
from arazzo_engine.errors import MaxDepthExceededError
from arazzo_engine.errors import MaxStepsExceededError
from arazzo_engine.errors import MissingCredentialError
from arazzo_engine.errors import MissingParameterError
from arazzo_engine.errors import OpenAPIValidationError
from arazzo_engine.errors import OperationNotFoundError
from arazzo_engine.errors import RequestBindingError
from arazzo_engine.errors import SourceCycleError
from arazzo_engine.errors import SourceError
from arazzo_engine.errors import SourceReferenceError
from arazzo_engine.errors import SourceRetrievalError
from arazzo_engine.errors import StepFailedError
from arazzo_engine.errors import StepNotFoundError
from arazzo_engine.errors import TransportError
from arazzo_engine.errors import TransportTimeoutError
from arazzo_engine.errors import UnresolvedReferenceError
from arazzo_engine.errors import UnsupportedFeatureError
from arazzo_engine.errors import UnsupportedVersionError
from arazzo_engine.errors import WorkflowNotFoundError
from arazzo_engine.expressions import Condition
from arazzo_engine.expressions import Expression
from arazzo_engine.expressions import ExpressionContext
from arazzo_engine.expressions import ExpressionEnvironment
from arazzo_engine.expressions import Template
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions import compile_expression
from arazzo_engine.expressions import compile_template
from arazzo_engine.expressions import evaluate_value
from arazzo_engine.fetch import Fetcher
from arazzo_engine.fetch import HttpxFetcher
from arazzo_engine.fetch import Resource
from arazzo_engine.loader import load
from arazzo_engine.location import Location
from arazzo_engine.messages import RequestSpec
from arazzo_engine.messages import ResponseView
from arazzo_engine.models import ArazzoDocument
from arazzo_engine.models import Components
from arazzo_engine.models import Criterion
from arazzo_engine.models import CriterionExpressionType
from arazzo_engine.models import FailureAction
from arazzo_engine.models import Info
from arazzo_engine.models import Parameter
from arazzo_engine.models import PayloadReplacement
from arazzo_engine.models import RequestBody
from arazzo_engine.models import ReusableObject
from arazzo_engine.models import SourceDescription
from arazzo_engine.models import Step
from arazzo_engine.models import SuccessAction
from arazzo_engine.models import Workflow
from arazzo_engine.problems import Problem
from arazzo_engine.runner import AsyncRunner
from arazzo_engine.runner import DryRunResult
from arazzo_engine.runner import Hooks
from arazzo_engine.runner import PlannedRequest
from arazzo_engine.runner import RunConfig
from arazzo_engine.runner import Runner
from arazzo_engine.runner import StepRecord
from arazzo_engine.runner import WorkflowResult
from arazzo_engine.sources import SourceRegistry

__all__ = [
    "UNDEFINED",
    "AmbiguousOperationError",
    "ArazzoDocument",
    "ArazzoError",
    "AsyncRunner",
    "CompiledCriterion",
    "Components",
    "Condition",
    "Criterion",
    "CriterionExpressionType",
    "CriterionResult",
    "DeadlineExceededError",
    "DocumentError",
    "DocumentParseError",
    "DocumentRetrievalError",
    "DocumentValidationError",
    "DryRunResult",
    "ExecutionError",
    "Expression",
    "ExpressionContext",
    "ExpressionEnvironment",
    "ExpressionError",
    "ExpressionEvaluationError",
    "ExpressionSyntaxError",
    "FailureAction",
    "Fetcher",
    "Hooks",
    "HttpxFetcher",
    "Info",
    "InputValidationError",
    "Location",
    "MaxDepthExceededError",
    "MaxStepsExceededError",
    "MissingCredentialError",
    "MissingParameterError",
    "OpenAPIValidationError",
    "OperationNotFoundError",
    "Parameter",
    "PayloadReplacement",
    "PlannedRequest",
    "Problem",
    "RequestBindingError",
    "RequestBody",
    "RequestSpec",
    "Resource",
    "ResponseView",
    "ReusableObject",
    "RunConfig",
    "Runner",
    "SourceCycleError",
    "SourceDescription",
    "SourceError",
    "SourceReferenceError",
    "SourceRegistry",
    "SourceRetrievalError",
    "Step",
    "StepFailedError",
    "StepNotFoundError",
    "StepRecord",
    "SuccessAction",
    "Template",
    "TransportError",
    "TransportTimeoutError",
    "UnresolvedReferenceError",
    "UnsupportedFeatureError",
    "UnsupportedVersionError",
    "Workflow",
    "WorkflowNotFoundError",
    "WorkflowResult",
    "__version__",
    "arun",
    "compile_condition",
    "compile_criterion",
    "compile_expression",
    "compile_template",
    "evaluate_value",
    "load",
    "run",
    "validate",
]
