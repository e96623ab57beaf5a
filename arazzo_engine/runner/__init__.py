"""Running workflows: the sans-I/O flow and its sync and async drivers."""

from __future__ import annotations

from arazzo_engine.runner.config import RunConfig
from arazzo_engine.runner.dryrun import DryRunResult
from arazzo_engine.runner.dryrun import PlannedRequest
from arazzo_engine.runner.hooks import Hooks
from arazzo_engine.runner.runner import AsyncRunner
from arazzo_engine.runner.runner import Runner
from arazzo_engine.runner.state import ErrorInfo
from arazzo_engine.runner.state import RequestSummary
from arazzo_engine.runner.state import ResponseSummary
from arazzo_engine.runner.state import StepRecord
from arazzo_engine.runner.state import WorkflowResult

__all__ = [
    "AsyncRunner",
    "DryRunResult",
    "ErrorInfo",
    "Hooks",
    "PlannedRequest",
    "RequestSummary",
    "ResponseSummary",
    "RunConfig",
    "Runner",
    "StepRecord",
    "WorkflowResult",
]
