"""Checks of what a step sends: its parameters and request body against the operation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.validation import rules as r
from arazzo_engine.validation._base import at
from arazzo_engine.validation._base import input_names
from arazzo_engine.validation._base import nearest

if TYPE_CHECKING:
    from arazzo_engine.models import Parameter
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.openapi import ResolvedOperation
    from arazzo_engine.validation._base import Pass

__all__ = [
    "check_callee_inputs",
    "check_parameters",
    "check_request_body",
    "declares",
    "parameter_key",
]

# OpenAPI: header parameters with these names are ignored (content negotiation and
# security set them), so supplying them is never "unknown" and never required.
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_TEMPLATE_VARIABLE = re.compile(r"{([^{}]+)}")
_JSON = re.compile(r"^application/(.+\+)?json$")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _security_parameters(op: ResolvedOperation) -> set[tuple[str, str]]:
    """``(name, in)`` of parameters that security schemes of the source put in requests."""
    components = op.document.document.get("components") or {}
    schemes = components.get("securitySchemes") if isinstance(components, Mapping) else None
    found: set[tuple[str, str]] = set()
    for raw in (schemes or {}).values() if isinstance(schemes, Mapping) else ():
        scheme = raw
        if isinstance(raw, Mapping) and isinstance(raw.get("$ref"), str):
            try:
                scheme, _ = op.document.refs.resolve(raw["$ref"], op.source_uri)
            except Exception:  # noqa: BLE001 - a broken scheme only loses leniency here
                continue
        if not isinstance(scheme, Mapping):
            continue
        if scheme.get("type") == "apiKey":
            name, where = str(scheme.get("name", "")), str(scheme.get("in", ""))
            found.add((name.lower() if where == "header" else name, where))
    return found


def declares(op: ResolvedOperation, name: str, in_: str) -> bool:
    """Whether ``op`` accepts parameter ``(name, in_)`` (declared, security, or ignored)."""
    if op.parameter(name, in_) is not None:
        return True
    if in_ == "header" and name.lower() in _IGNORED_HEADERS:
        return True
    if in_ == "path" and name in _TEMPLATE_VARIABLE.findall(op.path_template):
        return True
    key = name.lower() if in_ == "header" else name
    return (key, in_) in _security_parameters(op)


def _unknown_hint(op: ResolvedOperation, name: str, in_: str) -> str:
    elsewhere = [p.in_ for p in op.parameters if p.name == name and p.in_ != in_]
    if elsewhere:
        return f"the operation declares {name!r} in {elsewhere[0]}; set in: {elsewhere[0]}"
    same = [p.name for p in op.parameters if p.in_ == in_]
    return nearest(name, same, f"{in_} parameters of {op}")


def check_parameters(
    p: Pass,
    workflow: Workflow,
    step: Step,
    op: ResolvedOperation,
    used: set[tuple[str, str | None]],
) -> None:
    """Step parameters exist on ``op``; every required parameter is supplied.

    Args:
        p: The validation pass.
        workflow: The step's workflow.
        step: The step.
        op: Its resolved operation.
        used: ``parameter_key`` of the workflow-level parameters some operation
            declares (updated).
    """
    for parameter, location in p.parameters(step):
        if parameter.in_ is None:
            continue  # the models report a missing 'in' on operation steps
        if not declares(op, parameter.name, parameter.in_):
            p.report(
                r.PARAMETER_UNKNOWN,
                f"{op} has no {parameter.in_} parameter {parameter.name!r}",
                location,
                _unknown_hint(op, parameter.name, parameter.in_),
            )
    for parameter, _location in p.parameters(workflow):
        if parameter.in_ is not None and declares(op, parameter.name, parameter.in_):
            used.add(parameter_key(parameter))
    supplied = {
        (q.name.lower() if q.in_ == "header" else q.name, q.in_)
        for q, _ in p.merged_parameters(workflow, step)
        if q.in_ is not None
    }
    missing = [
        d.name
        for d in op.parameters
        if d.required
        and not (d.in_ == "header" and d.name.lower() in _IGNORED_HEADERS)
        and not (isinstance(d.schema, Mapping) and "default" in d.schema)
        and (d.name.lower() if d.in_ == "header" else d.name, d.in_) not in supplied
    ]
    declared_path = {d.name for d in op.parameters if d.in_ == "path"}
    missing += [
        v
        for v in _TEMPLATE_VARIABLE.findall(op.path_template)
        if v not in declared_path and (v, "path") not in supplied
    ]
    for name in missing:
        definition = next((d for d in op.parameters if d.name == name), None)
        in_ = definition.in_ if definition is not None else "path"
        p.report(
            r.PARAMETER_MISSING,
            f"step {step.step_id!r} does not supply the required {in_} parameter {name!r} of {op}",
            at(step, "parameters") if step.parameters else at(step),
            f"add {{name: {name}, in: {in_}, value: ...}} to the step's parameters",
        )


def parameter_key(parameter: Parameter) -> tuple[str, str | None]:
    """``(name, in)``, the header name lower-cased: how parameters replace each other."""
    name = parameter.name.lower() if parameter.in_ == "header" else parameter.name
    return name, parameter.in_


def check_callee_inputs(p: Pass, workflow: Workflow, step: Step, callee: Workflow) -> None:
    """A workflow step passes inputs the callee declares, and every one it requires."""
    owner = p.document
    if step.workflow_id is not None and step.workflow_id.startswith("$sourceDescriptions."):
        name = step.workflow_id.split(".")[1]
        owner = p.document.arazzo_sources.get(name, owner)
    names, required = input_names(callee.inputs, owner.components.inputs)
    passed = {q.name for q, _ in p.merged_parameters(workflow, step) if q.in_ is None}
    for parameter, location in p.parameters(step):
        if parameter.in_ is None and names is not None and parameter.name not in names:
            p.report(
                r.WORKFLOW_INPUT_UNKNOWN,
                f"workflow {callee.workflow_id!r} declares no input {parameter.name!r}",
                location,
                nearest(parameter.name, names, "its inputs"),
            )
    for name in sorted(required - passed):
        p.report(
            r.WORKFLOW_INPUT_MISSING,
            f"step {step.step_id!r} does not pass {name!r}, which workflow "
            f"{callee.workflow_id!r} requires",
            at(step, "parameters") if step.parameters else at(step),
            f"add {{name: {name}, value: ...}} to the step's parameters",
        )


def _media_match(given: str, declared: str) -> bool:
    given = given.split(";")[0].strip().lower()
    declared = declared.split(";")[0].strip().lower()
    if declared in ("*/*", given):
        return True
    if declared.endswith("/*"):
        return given.startswith(declared[:-1])
    return False


def _object_schema(schema: Any) -> tuple[set[str], set[str], bool] | None:
    """``(properties, required, closed)`` of an object schema, or ``None`` if unclear."""
    if not isinstance(schema, Mapping) or "$ref" in schema:
        return None
    properties: set[str] = set()
    required: set[str] = set()
    parts = [schema]
    for branch in schema.get("allOf") or ():
        if not isinstance(branch, Mapping) or "$ref" in branch:
            return None
        parts.append(branch)
    for part in parts:
        props = part.get("properties")
        if isinstance(props, Mapping):
            properties.update(str(k) for k in props)
        req = part.get("required")
        if isinstance(req, list):
            required.update(str(x) for x in req)
    read_only = {
        str(k)
        for part in parts
        for k, v in (part.get("properties") or {}).items()
        if isinstance(v, Mapping) and v.get("readOnly") is True
    }
    required -= read_only
    closed = (
        schema.get("additionalProperties") is False or schema.get("unevaluatedProperties") is False
    ) and not any(k in schema for k in ("oneOf", "anyOf", "patternProperties"))
    return properties, required, closed


def check_request_body(p: Pass, step: Step, op: ResolvedOperation) -> None:
    """The body is expected, its content type accepted, its object payload complete."""
    body = step.request_body
    declared = op.request_body
    if body is None:
        if declared is not None and declared.required:
            p.report(
                r.BODY_MISSING,
                f"{op} requires a request body; step {step.step_id!r} has none",
                at(step),
                "add a requestBody with a payload",
            )
        return
    where = at(body) if body.location.pointer else at(step, "requestBody")
    if declared is None:
        p.report(
            r.BODY_UNEXPECTED,
            f"{op} ({op.method} {op.path_template}) takes no request body",
            where,
            "remove the requestBody, or check that the step calls the right operation",
        )
        return
    media_types = list(declared.content)
    chosen: str | None = None
    if body.content_type is not None:
        chosen = next((m for m in media_types if _media_match(body.content_type, m)), None)
        if chosen is None and media_types:
            p.report(
                r.BODY_CONTENT_TYPE,
                f"{op} does not accept {body.content_type!r}",
                at(body, "contentType") if body.location.pointer else where,
                "it accepts: " + ", ".join(media_types),
            )
            return
    elif media_types:
        chosen = next((m for m in media_types if _JSON.match(m.split(";")[0])), media_types[0])
    if chosen is None:
        return
    kind = (body.content_type or chosen).split(";")[0].strip().lower()
    if not (_JSON.match(kind) or kind in _FORMS) or not isinstance(body.payload, Mapping):
        return
    shape = _object_schema((declared.content.get(chosen) or {}).get("schema"))
    if shape is None:
        return
    properties, required, closed = shape
    present = {str(k) for k in body.payload}
    for replacement in body.replacements:
        tokens = replacement.target.lstrip("/").split("/")
        if replacement.target.startswith("/") and tokens[0]:
            present.add(tokens[0].replace("~1", "/").replace("~0", "~"))
    payload_at = at(body, "payload") if body.location.pointer else where
    for name in sorted(required - present):
        p.report(
            r.BODY_PROPERTY_MISSING,
            f"the payload lacks {name!r}, which the {chosen} body of {op} requires",
            payload_at,
            f"add {name!r} to the payload",
        )
    if closed:
        for name in sorted(present - properties):
            p.report(
                r.BODY_PROPERTY_UNKNOWN,
                f"the {chosen} body of {op} allows no property {name!r}",
                at(body, "payload", name) if body.location.pointer else where,
                nearest(name, properties, "its properties"),
            )
