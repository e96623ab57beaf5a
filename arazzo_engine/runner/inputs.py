"""Workflow inputs: defaults applied, then validated against the ``inputs`` JSON Schema.

``$ref``s in an inputs schema resolve against the Arazzo document
(``#/components/inputs/...``), as the spec requires.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

import jsonschema
import referencing
import referencing.exceptions
from referencing.jsonschema import DRAFT202012

from arazzo_engine.errors import InputValidationError

if TYPE_CHECKING:
    from referencing._core import Resolver

    from arazzo_engine.location import Location

_ROOT = "urn:arazzo-engine:document"


def _registry(components_inputs: Mapping[str, Any], schema: Any) -> referencing.Registry[Any]:
    contents = {"components": {"inputs": dict(components_inputs)}, "x-inputs": schema}
    resource = referencing.Resource.from_contents(contents, default_specification=DRAFT202012)
    return referencing.Registry().with_resource(_ROOT, resource)  # type: ignore[no-any-return]


def _resolved(schema: Any, resolver: Resolver[Any]) -> Any:
    seen = 0
    while isinstance(schema, Mapping) and "$ref" in schema and seen < 32:
        resolved = resolver.lookup(schema["$ref"])
        schema, resolver = resolved.contents, resolved.resolver
        seen += 1
    return schema


def prepare_inputs(
    schema: Mapping[str, Any] | None,
    given: Mapping[str, Any] | None,
    *,
    components_inputs: Mapping[str, Any] | None = None,
    workflow_id: str = "",
    location: Location | None = None,
) -> dict[str, Any]:
    """Apply top-level defaults to ``given`` and validate the result against ``schema``.

    Args:
        schema: The workflow's ``inputs`` (a JSON Schema, possibly a ``$ref``).
        given: The caller's inputs.
        components_inputs: The document's ``components.inputs``.
        workflow_id: For messages.
        location: Where the workflow's ``inputs`` are, for messages.

    Returns:
        The inputs to run with.

    Raises:
        InputValidationError: They do not match; the message names every field and rule.
    """
    inputs = dict(given or {})
    if not schema:
        return inputs
    registry = _registry(components_inputs or {}, schema)
    resolver = registry.resolver(base_uri=_ROOT)
    try:
        top = _resolved(schema, resolver.lookup(f"{_ROOT}#/x-inputs").resolver)
    except referencing.exceptions.Unresolvable as exc:
        raise InputValidationError(
            f"workflow {workflow_id!r}: its inputs schema has a $ref that leads nowhere: {exc}",
            location=location,
        ) from exc
    if isinstance(top, Mapping):
        for name, prop in (top.get("properties") or {}).items():
            if name not in inputs:
                try:
                    prop = _resolved(prop, resolver)
                except referencing.exceptions.Unresolvable:
                    continue
                if isinstance(prop, Mapping) and "default" in prop:
                    inputs[name] = prop["default"]
    validator = jsonschema.Draft202012Validator({"$ref": f"{_ROOT}#/x-inputs"}, registry=registry)
    try:
        errors = sorted(validator.iter_errors(inputs), key=lambda e: list(e.absolute_path))
    except referencing.exceptions.Unresolvable as exc:
        raise InputValidationError(
            f"workflow {workflow_id!r}: its inputs schema has a $ref that leads nowhere: {exc}",
            location=location,
        ) from exc
    if errors:
        parts = []
        for error in errors:
            field = "/".join(str(p) for p in error.absolute_path) or "(inputs)"
            parts.append(f"{field}: {error.message} (rule {error.validator!r})")
        raise InputValidationError(
            f"workflow {workflow_id!r} got invalid inputs: " + "; ".join(parts),
            location=location,
            hint="check the values against the workflow's inputs schema",
        )
    return inputs
