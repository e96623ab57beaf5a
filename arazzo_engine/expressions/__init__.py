"""The Arazzo expression language: runtime expressions, {$...} templates, simple conditions."""

from __future__ import annotations

from arazzo_engine.expressions.compiled import Condition
from arazzo_engine.expressions.compiled import ConditionResult
from arazzo_engine.expressions.compiled import Expression
from arazzo_engine.expressions.compiled import compile_condition
from arazzo_engine.expressions.compiled import compile_expression
from arazzo_engine.expressions.compiled import compile_template
from arazzo_engine.expressions.compiled import compile_value
from arazzo_engine.expressions.compiled import evaluate_value
from arazzo_engine.expressions.compiled import iter_references
from arazzo_engine.expressions.context import ExpressionContext
from arazzo_engine.expressions.environment import DEFAULT_ENVIRONMENT
from arazzo_engine.expressions.environment import ExpressionEnvironment
from arazzo_engine.expressions.nodes import Reference
from arazzo_engine.expressions.template import Template
from arazzo_engine.expressions.template import to_text

__all__ = [
    "DEFAULT_ENVIRONMENT",
    "Condition",
    "ConditionResult",
    "Expression",
    "ExpressionContext",
    "ExpressionEnvironment",
    "Reference",
    "Template",
    "compile_condition",
    "compile_expression",
    "compile_template",
    "compile_value",
    "evaluate_value",
    "iter_references",
    "to_text",
]
