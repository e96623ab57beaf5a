"""Workflow inputs from the command line: typed by the workflow's inputs schema.

Sources, lowest precedence first: ``ARAZZO_INPUT_<NAME>`` environment variables,
the ``--inputs`` JSON file, then ``--input NAME=VALUE`` flags.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from typing import TextIO

from arazzo_engine.errors import DocumentRetrievalError
from arazzo_engine.errors import InputValidationError

ENV_INPUT_PREFIX = "ARAZZO_INPUT_"
"""Environment variables with this prefix give workflow inputs."""

_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")
_JSON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (tuple, "array"),
    (dict, "object"),
)
_MAX_REF_HOPS = 32


def env_name(prefix: str, *parts: str) -> str:
    """Return an environment variable name: ``prefix`` + the parts, normalized.

    Each part is upper-cased with every character outside ``[A-Za-z0-9]`` replaced
    by ``_``; parts are joined with ``_``.

    Args:
        prefix: ``ARAZZO_INPUT_`` or ``ARAZZO_AUTH_``.
        parts: Names as the document spells them.

    Returns:
        The variable name, e.g. ``ARAZZO_INPUT_FLOW_NAME`` for ``flow-name``.
    """
    return prefix + "_".join(_NOT_ALNUM.sub("_", part).upper() for part in parts)


def split_assignment(text: str) -> tuple[str, str]:
    """Split ``NAME=VALUE`` at the first ``=``.

    Args:
        text: The option's argument.

    Returns:
        The name and the value (which may be empty or contain ``=``).

    Raises:
        ValueError: There is no ``=`` or the name is empty.
    """
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError("expected NAME=VALUE")
    return name.strip(), value


def _deref(schema: Any, components_inputs: Mapping[str, Any]) -> Any:
    """Follow ``#/components/inputs/<name>`` references (the only ones inputs may use)."""
    hops = 0
    while isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
        ref: str = schema["$ref"]
        prefix = "#/components/inputs/"
        if not ref.startswith(prefix) or hops >= _MAX_REF_HOPS:
            return {}
        name = ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
        schema = components_inputs.get(name, {})
        hops += 1
    return schema


def input_properties(
    schema: Mapping[str, Any] | None, components_inputs: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], frozenset[str]]:
    """Return the declared inputs of a workflow and the required ones.

    Args:
        schema: The workflow's ``inputs`` JSON Schema (possibly a ``$ref``).
        components_inputs: The document's ``components.inputs``.

    Returns:
        Input name -> its (dereferenced) schema, and the set of required names.
    """
    components = components_inputs or {}
    top = _deref(schema, components)
    if not isinstance(top, Mapping):
        return {}, frozenset()
    props = top.get("properties")
    found: dict[str, Any] = {}
    if isinstance(props, Mapping):
        for name, prop in props.items():
            found[str(name)] = _deref(prop, components)
    required = top.get("required")
    names = (
        frozenset(str(n) for n in required) if isinstance(required, list | tuple) else frozenset()
    )
    return found, names


def _json_type(value: Any) -> str:
    for cls, name in _JSON_TYPES:
        if isinstance(value, cls):
            return name
    return "null"


def declared_types(schema: Any) -> frozenset[str] | None:
    """Return the JSON types a schema declares, or ``None`` when it declares none.

    ``type`` wins; otherwise the types of ``const``/``enum`` values, or the union over
    ``anyOf``/``oneOf`` branches (when every branch declares a type).

    Args:
        schema: A JSON Schema.

    Returns:
        The type names, or ``None``.
    """
    if not isinstance(schema, Mapping):
        return None
    declared = schema.get("type")
    if isinstance(declared, str):
        return frozenset({declared})
    if isinstance(declared, list | tuple) and declared:
        return frozenset(str(t) for t in declared)
    if "const" in schema:
        return frozenset({_json_type(schema["const"])})
    enum = schema.get("enum")
    if isinstance(enum, list | tuple) and enum:
        return frozenset(_json_type(v) for v in enum)
    for key in ("anyOf", "oneOf"):
        branches = schema.get(key)
        if isinstance(branches, list | tuple) and branches:
            union: set[str] = set()
            for branch in branches:
                types = declared_types(branch)
                if types is None:
                    return None
                union |= types
            return frozenset(union)
    return None


def describe_type(schema: Any) -> str:
    """Return a short type label for listings (``string``, ``integer|null``, ``any``)."""
    types = declared_types(schema)
    if types is None:
        return "any"
    return "|".join(sorted(types))


def coerce_input(name: str, text: str, schema: Any, *, origin: str = "--input") -> Any:
    """Turn a command-line text into an input value, by the input's declared type.

    A type that includes ``string`` keeps the text as given; other declared types are
    parsed as JSON; an undeclared input is parsed as JSON when it parses, else kept.

    Args:
        name: The input's name.
        text: The text given.
        schema: The input's schema (``None`` when undeclared).
        origin: Where the text came from, for messages.

    Returns:
        The typed value.

    Raises:
        InputValidationError: A non-string type is declared and the text is not JSON.
    """
    types = declared_types(schema)
    if types is not None and "string" in types:
        return text
    try:
        return json.loads(text)
    except ValueError as exc:
        if types is None:
            return text
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InputValidationError(
            f"{origin}: input {name!r} is declared as {'|'.join(sorted(types))} "
            f"but {shown!r} is not a JSON value",
            hint='give a JSON value, e.g. 3, true, [1, 2] or {"a": 1}',
        ) from exc


def read_inputs_file(path: str, stdin: TextIO) -> dict[str, Any]:
    """Read the ``--inputs`` file: a JSON object (``-`` reads standard input).

    Args:
        path: A file path, or ``-``.
        stdin: Standard input.

    Returns:
        The object's members.

    Raises:
        DocumentRetrievalError: The file cannot be read.
        InputValidationError: It is not JSON, or not an object.
    """
    where = "standard input" if path == "-" else path
    try:
        if path == "-":
            text = stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise DocumentRetrievalError(f"cannot read inputs file {where}: {reason}") from exc
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise InputValidationError(
            f"--inputs {where}: not valid JSON: {exc}", hint="give a JSON object of inputs"
        ) from exc
    if not isinstance(value, dict):
        raise InputValidationError(
            f"--inputs {where}: expected a JSON object, got {_json_type(value)}",
            hint='e.g. {"name": "value"}',
        )
    return value


def collect_inputs(
    properties: Mapping[str, Any],
    *,
    assignments: Iterable[tuple[str, str]] = (),
    file_values: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Merge the inputs from environment, file and flags (later ones win).

    Args:
        properties: Declared inputs (name -> schema) from ``input_properties``.
        assignments: ``--input`` name/text pairs, in order (the last one of a name wins).
        file_values: The ``--inputs`` object.
        environ: The environment; only declared inputs are read from it.

    Returns:
        The inputs to run with.

    Raises:
        InputValidationError: A value does not fit its declared type, or one
            environment variable would name two inputs.
    """
    inputs: dict[str, Any] = {}
    if environ:
        by_variable: dict[str, list[str]] = {}
        for name in properties:
            by_variable.setdefault(env_name(ENV_INPUT_PREFIX, name), []).append(name)
        for variable, names in by_variable.items():
            if variable not in environ:
                continue
            if len(names) > 1:
                raise InputValidationError(
                    f"environment variable {variable} would set inputs "
                    + ", ".join(repr(n) for n in names),
                    hint="use --input NAME=VALUE for these inputs",
                )
            inputs[names[0]] = coerce_input(
                names[0], environ[variable], properties[names[0]], origin=variable
            )
    if file_values:
        inputs.update(file_values)
    for name, text in assignments:
        inputs[name] = coerce_input(name, text, properties.get(name))
    return inputs
