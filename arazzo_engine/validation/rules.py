"""Every rule of ``arazzo validate``: stable id, severity and what it checks."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING

from arazzo_engine.validation._base import Rule

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["RULES"]

# Sources and operations
SOURCE_UNAVAILABLE = Rule("source-unavailable", "error", "a source description cannot be loaded")
SOURCE_NO_SERVERS = Rule(
    "source-no-servers",
    "warning",
    "an OpenAPI source used by a step declares no servers (requests need --server)",
)
SOURCE_UNKNOWN = Rule(
    "source-unknown", "error", "a $sourceDescriptions reference names no source description"
)
OPERATION_NOT_FOUND = Rule(
    "operation-not-found", "error", "an operationId or operationPath names no operation"
)
OPERATION_AMBIGUOUS = Rule(
    "operation-ambiguous", "error", "an unqualified operationId exists in several sources"
)
OPERATION_REF = Rule(
    "operation-ref", "error", "a $ref inside the operation's description leads nowhere"
)
WORKFLOW_NOT_FOUND = Rule(
    "workflow-not-found", "error", "a step's workflowId or a dependsOn entry names no workflow"
)

# Parameters
PARAMETER_UNKNOWN = Rule(
    "parameter-unknown", "error", "a parameter the operation does not declare (with that 'in')"
)
PARAMETER_MISSING = Rule(
    "parameter-missing",
    "error",
    "a required parameter of the operation (every path parameter) is not supplied",
)
WORKFLOW_INPUT_UNKNOWN = Rule(
    "workflow-input-unknown",
    "warning",
    "a workflow step passes a parameter the called workflow does not declare as an input",
)
WORKFLOW_INPUT_MISSING = Rule(
    "workflow-input-missing",
    "error",
    "a workflow step does not pass an input the called workflow requires",
)

# Request bodies
BODY_UNEXPECTED = Rule(
    "body-unexpected", "error", "a requestBody for an operation that takes no body"
)
BODY_MISSING = Rule("body-missing", "error", "no requestBody for an operation that requires one")
BODY_CONTENT_TYPE = Rule(
    "body-content-type", "error", "a contentType the operation does not accept"
)
BODY_PROPERTY_MISSING = Rule(
    "body-property-missing", "error", "an object payload lacks a property the schema requires"
)
BODY_PROPERTY_UNKNOWN = Rule(
    "body-property-unknown",
    "error",
    "an object payload has a property the schema forbids (additionalProperties: false)",
)

# Expressions
EXPRESSION_SYNTAX = Rule(
    "expression-syntax", "error", "a runtime expression (output, context) does not parse"
)
EXPRESSION_LITERAL = Rule(
    "expression-literal",
    "warning",
    "a '$...' value or '{$...}' that does not parse, so it is sent as literal text",
)
EXPRESSION_SCOPE = Rule(
    "expression-scope",
    "error",
    "an expression reads something that does not exist where it is evaluated "
    "($statusCode in a workflow step, $response in a parameter, ...)",
)
TEMPLATE_QUOTED_STRUCTURE = Rule(
    "template-quoted-structure",
    "warning",
    "a JSON template puts an object or array input inside quotes (the body is not valid JSON)",
)
STEP_UNKNOWN = Rule("step-unknown", "error", "$steps.<id> names no step of the workflow")
STEP_ORDER = Rule(
    "step-order", "error", "$steps.<id> names a step that cannot have run before this point"
)
STEP_OUTPUT_UNKNOWN = Rule(
    "step-output-unknown", "error", "$steps.<id>.outputs.<name> names an output the step lacks"
)
INPUT_UNDECLARED = Rule(
    "input-undeclared", "error", "$inputs.<name> is not declared in the workflow's inputs"
)
INPUT_UNUSED = Rule("input-unused", "warning", "a required input is never used by the workflow")
WORKFLOW_REFERENCE = Rule(
    "workflow-reference", "error", "$workflows.<id> names no workflow, or an undeclared name"
)
COMPONENT_UNKNOWN = Rule(
    "component-unknown", "error", "$components.<kind>.<name> names no component"
)

# Criteria and actions
CRITERION_SYNTAX = Rule(
    "criterion-syntax", "error", "a condition, regex, JSONPath or XPath does not parse"
)
CRITERION_UNSUPPORTED = Rule(
    "criterion-unsupported", "error", "a criterion type/version this engine cannot evaluate"
)
STATUS_UNDECLARED = Rule(
    "status-undeclared",
    "error",
    "a success criterion expects a status code the operation does not declare",
)
ACTION_STATUS_UNDECLARED = Rule(
    "action-status-undeclared",
    "warning",
    "an action criterion tests a status code the operation does not declare",
)
ACTION_TARGET = Rule(
    "action-target", "error", "a goto/retry stepId or workflowId that does not exist"
)
STEP_UNREACHABLE = Rule(
    "step-unreachable", "warning", "no sequence of steps and gotos reaches the step"
)
GOTO_CYCLE = Rule(
    "goto-cycle",
    "warning",
    "steps that go to each other unconditionally on success: a loop with no way out",
)

RULES: Mapping[str, Rule] = MappingProxyType(
    {
        rule.id: rule
        for rule in (
            SOURCE_UNAVAILABLE,
            SOURCE_NO_SERVERS,
            SOURCE_UNKNOWN,
            OPERATION_NOT_FOUND,
            OPERATION_AMBIGUOUS,
            OPERATION_REF,
            WORKFLOW_NOT_FOUND,
            PARAMETER_UNKNOWN,
            PARAMETER_MISSING,
            WORKFLOW_INPUT_UNKNOWN,
            WORKFLOW_INPUT_MISSING,
            BODY_UNEXPECTED,
            BODY_MISSING,
            BODY_CONTENT_TYPE,
            BODY_PROPERTY_MISSING,
            BODY_PROPERTY_UNKNOWN,
            EXPRESSION_SYNTAX,
            EXPRESSION_LITERAL,
            EXPRESSION_SCOPE,
            TEMPLATE_QUOTED_STRUCTURE,
            STEP_UNKNOWN,
            STEP_ORDER,
            STEP_OUTPUT_UNKNOWN,
            INPUT_UNDECLARED,
            INPUT_UNUSED,
            WORKFLOW_REFERENCE,
            COMPONENT_UNKNOWN,
            CRITERION_SYNTAX,
            CRITERION_UNSUPPORTED,
            STATUS_UNDECLARED,
            ACTION_STATUS_UNDECLARED,
            ACTION_TARGET,
            STEP_UNREACHABLE,
            GOTO_CYCLE,
        )
    }
)
"""Every rule by id (the documented, stable set)."""
