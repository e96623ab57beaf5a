"""openapi-core as referee: check a bound request and its response against the description."""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.openapi.adapter import OpenAPIRequest
from arazzo_engine.openapi.adapter import OpenAPIResponse
from arazzo_engine.openapi.adapter import finder_url
from arazzo_engine.openapi.adapter import openapi_for
from arazzo_engine.openapi.fastpath import request_plan
from arazzo_engine.openapi.fastpath import response_plan

if TYPE_CHECKING:
    from arazzo_engine.messages import RequestSpec
    from arazzo_engine.messages import ResponseView
    from arazzo_engine.openapi.operation import ResolvedOperation

__all__ = ["check_request", "check_response", "describe_error"]


def check_request(op: ResolvedOperation, spec: RequestSpec) -> list[str]:
    """Check a bound request against the operation's description.

    Args:
        op: The resolved operation.
        spec: The request built by ``bind_request``.

    Returns:
        Readable findings (empty when the request conforms).
    """
    app = openapi_for(op.document)
    plan = request_plan(op.document, app, spec.method.lower(), finder_url(op.path_template))
    if plan is not None and plan.conforms(OpenAPIRequest(op, spec)):
        return []
    skip = _is_xml(spec.content_type)
    return [
        spec.redact(m) for m in _collect(app.iter_request_errors, skip, OpenAPIRequest(op, spec))
    ]


def check_response(op: ResolvedOperation, spec: RequestSpec, response: ResponseView) -> list[str]:
    """Check a response against the operation's declared responses.

    Args:
        op: The resolved operation.
        spec: The request that was sent.
        response: What came back.

    Returns:
        Readable findings (an undeclared status is a finding, not an error).
    """
    app = openapi_for(op.document)
    plan = response_plan(op.document, app, spec.method.lower(), finder_url(op.path_template))
    if plan is not None and plan.conforms(OpenAPIResponse(response)):
        return []
    skip = _is_xml(response.content_type)
    return [
        spec.redact(m)
        for m in _collect(
            app.iter_response_errors, skip, OpenAPIRequest(op, spec), OpenAPIResponse(response)
        )
    ]


_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def _is_xml(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media.endswith(("/xml", "+xml"))


def _collect(func: Any, skip_body_schema: bool, *args: Any) -> list[str]:
    from openapi_core.exceptions import OpenAPIError
    from referencing.exceptions import Unresolvable

    messages: list[str] = []
    with warnings.catch_warnings():
        # openapi-core warns about deprecated description features (allowEmptyValue,
        # ...): facts about the description, not about this request, and not errors.
        warnings.simplefilter("ignore")
        try:
            for error in func(*args):
                if _skipped(error, skip_body_schema):
                    continue
                messages.extend(describe_error(error))
        except (OpenAPIError, Unresolvable) as exc:
            messages.extend(describe_error(exc))
    return messages


def _skipped(error: BaseException, skip_body_schema: bool) -> bool:
    # openapi-core decodes XML into an Element that no JSON Schema type matches, so
    # schema checks of XML bodies would always fail: they are skipped.
    if skip_body_schema and type(error).__name__ in ("InvalidRequestBody", "InvalidData"):
        return True
    # OAS: header parameters named Accept, Content-Type or Authorization are ignored.
    return (
        getattr(error, "location", None) == "header"
        and str(getattr(error, "name", "")).lower() in _IGNORED_HEADERS
    )


def describe_error(error: BaseException) -> list[str]:
    """Turn one openapi-core error into readable ``field: expected ..., got ...`` lines.

    Args:
        error: An error yielded or raised by openapi-core.

    Returns:
        One or more messages (one per JSON Schema error).
    """
    where = _field(error)
    schema_errors = _schema_errors(error)
    if schema_errors:
        return [
            f"{where}{_path(e)}: {_expected(e)}, got {_show(e.instance)}" for e in schema_errors
        ]
    kind = type(error).__name__
    cause = error.__cause__
    if kind == "ResponseNotFound":
        declared = ", ".join(str(s) for s in getattr(error, "availableresponses", []))
        return [
            f"status: expected one of the declared responses ({declared}), got "
            f"{getattr(error, 'http_status', '?')}"
        ]
    if kind in ("MissingRequiredParameter", "MissingParameter"):
        return [f"{where}: required, but not sent"]
    if kind in ("MissingRequiredRequestBody",):
        return ["request body: required, but not sent"]
    if kind == "MissingData":
        return ["response body: expected content, got an empty body"]
    if kind in ("MissingRequiredHeader", "MissingHeader"):
        return [f"{where}: required, but not sent"]
    detail = str(cause) if cause is not None else str(error)
    if "MediaTypeNotFound" in (type(cause).__name__ if cause else kind):
        source = cause if cause is not None else error
        valid = ", ".join(getattr(source, "availableMimetypes", []) or [])
        got = getattr(source, "mimetype", "?")
        return [f"{where}: expected media type {valid or '(none declared)'}, got {got!r}"]
    return [f"{where}: {detail}"]


def _field(error: BaseException) -> str:
    name = getattr(error, "name", None)
    location = getattr(error, "location", None)
    if name is not None and location is not None:
        return f"{location} parameter {name!r}"
    kind = type(error).__name__
    if "Header" in kind and name is not None:
        return f"response header {name!r}"
    if "RequestBody" in kind:
        return "request body"
    if "Data" in kind:
        return "response body"
    return "request"


def _schema_errors(error: BaseException) -> list[Any]:
    node: BaseException | None = error
    while node is not None:
        found = getattr(node, "schema_errors", None)
        if found:
            return list(found)
        node = node.__cause__
    return []


def _path(error: Any) -> str:
    parts = list(getattr(error, "absolute_path", []) or [])
    return "".join(f"/{p}" for p in parts)


def _expected(error: Any) -> str:
    validator, value = getattr(error, "validator", None), getattr(error, "validator_value", None)
    if validator == "required":
        missing = [
            p
            for p in value or []
            if isinstance(error.instance, Mapping) and p not in error.instance
        ]
        return "required property " + ", ".join(repr(m) for m in missing) if missing else "required"
    if validator == "additionalProperties":
        return "no additional properties"
    if validator in ("type", "enum", "const", "format", "pattern"):
        shown = value if isinstance(value, str) else _show(value)
        return f"{validator} {shown}"
    if validator is not None:
        return f"{validator} {_show(value)}"
    return str(getattr(error, "message", error))


def _show(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = str(value)
    return text if len(text) <= 120 else text[:117] + "..."
