"""Workflow inputs: defaults applied, then validated against the ``inputs`` JSON Schema.

``$ref``s in an inputs schema resolve against the Arazzo document
(``#/components/inputs/...``), as the spec requires. A schema is compiled once
(registry, validator, defaults) and reused by every run of the workflow.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
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
_CACHE_SIZE = 64
_VALID_CACHE_SIZE = 256
_compiled: OrderedDict[tuple[int, int], InputsSchema] = OrderedDict()
_NO_COMPONENTS: Mapping[str, Any] = {}


def _resolved(schema: Any, resolver: Resolver[Any]) -> Any:
    seen = 0
    while isinstance(schema, Mapping) and "$ref" in schema and seen < 32:
        resolved = resolver.lookup(schema["$ref"])
        schema, resolver = resolved.contents, resolved.resolver
        seen += 1
    return schema


def _has_ref(schema: Any) -> bool:
    if isinstance(schema, Mapping):
        return "$ref" in schema or any(_has_ref(v) for v in schema.values())
    if isinstance(schema, list | tuple):
        return any(_has_ref(v) for v in schema)
    return False


@dataclass(frozen=True, slots=True)
class InputsSchema:
    """A workflow's ``inputs`` schema, compiled: its validator and top-level defaults."""

    schema: Mapping[str, Any]
    components: Mapping[str, Any]
    validator: jsonschema.protocols.Validator
    defaults: Mapping[str, Any]
    _valid: OrderedDict[str, None] = field(default_factory=OrderedDict, repr=False)

    def errors(self, inputs: Mapping[str, Any]) -> list[jsonschema.ValidationError]:
        """Validate ``inputs``; an input set that passed before is not validated again.

        Runs that repeat the same inputs (polling, load tests) skip the schema walk: the
        last few hundred valid input sets are remembered by their canonical JSON text.
        """
        key = _canonical(inputs)
        if key is not None and key in self._valid:
            self._valid.move_to_end(key)
            return []
        errors = sorted(self.validator.iter_errors(inputs), key=lambda e: list(e.path))
        if not errors and key is not None:
            self._valid[key] = None
            if len(self._valid) > _VALID_CACHE_SIZE:
                self._valid.popitem(last=False)
        return errors

    @classmethod
    def compile(
        cls, schema: Mapping[str, Any], components: Mapping[str, Any], where: str
    ) -> InputsSchema:
        """Resolve ``schema`` against the document's components and build its validator.

        Raises:
            InputValidationError: A ``$ref`` in the schema leads nowhere.
        """
        contents = {"components": {"inputs": dict(components)}, "x-inputs": schema}
        resource = referencing.Resource.from_contents(contents, default_specification=DRAFT202012)
        registry: referencing.Registry[Any] = referencing.Registry().with_resource(_ROOT, resource)
        resolver = registry.resolver(base_uri=_ROOT)
        defaults: dict[str, Any] = {}
        try:
            top = _resolved(schema, resolver.lookup(f"{_ROOT}#/x-inputs").resolver)
            properties = top.get("properties") if isinstance(top, Mapping) else None
            for name, prop in (properties or {}).items():
                prop = _resolved(prop, resolver)
                if isinstance(prop, Mapping) and "default" in prop:
                    defaults[name] = prop["default"]
        except referencing.exceptions.Unresolvable as exc:
            raise InputValidationError(
                f"{where}: its inputs schema has a $ref that leads nowhere: {exc}"
            ) from exc
        if isinstance(top, Mapping) and not _has_ref(top):
            # self-contained (the common case): validate it directly, without lookups
            validator = jsonschema.Draft202012Validator(top)
        else:
            validator = jsonschema.Draft202012Validator(
                {"$ref": f"{_ROOT}#/x-inputs"}, registry=registry
            )
        return cls(schema, components, validator, defaults)


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any, depth: int = 0) -> bool:
    kind = type(value)
    if kind in _SCALARS:
        return True
    if depth > 32:
        return False
    if kind is dict:
        return all(type(k) is str and _plain(v, depth + 1) for k, v in value.items())
    if kind is list:
        return all(_plain(v, depth + 1) for v in value)
    return False


def _canonical(inputs: Mapping[str, Any]) -> str | None:
    """Canonical JSON text of plain-JSON inputs, else ``None`` (a tuple, bytes, a Path...)."""
    if not _plain(dict(inputs)):
        return None
    try:
        return json.dumps(inputs, sort_keys=True, allow_nan=False)
    except ValueError:  # NaN or infinity
        return None


def _compiled_schema(
    schema: Mapping[str, Any], components: Mapping[str, Any], where: str
) -> InputsSchema:
    key = (id(schema), id(components))
    entry = _compiled.get(key)
    if entry is None or entry.schema is not schema or entry.components is not components:
        entry = InputsSchema.compile(schema, components, where)
        _compiled[key] = entry
        while len(_compiled) > _CACHE_SIZE:
            _compiled.popitem(last=False)
    else:
        _compiled.move_to_end(key)
    return entry


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
    where = f"workflow {workflow_id!r}"
    try:
        compiled = _compiled_schema(schema, components_inputs or _NO_COMPONENTS, where)
    except InputValidationError as exc:
        raise InputValidationError(exc.message, location=location) from exc
    for name, value in compiled.defaults.items():
        inputs.setdefault(name, value)
    try:
        errors = compiled.errors(inputs)
    except referencing.exceptions.Unresolvable as exc:
        raise InputValidationError(
            f"{where}: its inputs schema has a $ref that leads nowhere: {exc}",
            location=location,
        ) from exc
    if errors:
        parts = []
        for error in errors:
            field = "/".join(str(p) for p in error.absolute_path) or "(inputs)"
            parts.append(f"{field}: {error.message} (rule {error.validator!r})")
        raise InputValidationError(
            f"{where} got invalid inputs: " + "; ".join(parts),
            location=location,
            hint="check the values against the workflow's inputs schema",
        )
    return inputs
