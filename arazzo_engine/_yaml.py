"""A YAML loader that resolves plain scalars the YAML 1.2 (JSON-compatible) way.

PyYAML implements YAML 1.1, where ``yes``/``no``/``on``/``off`` are booleans,
``2024-01-01`` is a date and ``012`` is octal. Arazzo and OpenAPI documents are
meant to be read with YAML 1.2's JSON schema, so this loader keeps only the
1.2 core rules: ``true``/``false`` (any case style), ``null``/``~``/empty,
decimal/``0x``/``0o`` integers and decimal floats with ``.inf``/``.nan``.
Everything else, dates and ``yes``/``no`` included, stays a string. It never
constructs arbitrary Python objects (it is a ``SafeLoader``), and uses the C
loader when PyYAML was built with libyaml.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

__all__ = ["IMPLICIT_RULES", "YAML12Loader", "YAML12PositionLoader", "parse_yaml"]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


IMPLICIT_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("tag:yaml.org,2002:bool", _BOOL, "tTfF"),
    ("tag:yaml.org,2002:null", _NULL, "~nN"),  # and the empty scalar
    ("tag:yaml.org,2002:int", _INT, "-+0123456789"),
    ("tag:yaml.org,2002:float", _FLOAT, "-+0123456789."),
)
"""The YAML 1.2 rules for plain scalars, in the order tried: (tag, pattern, first characters).

A plain scalar that no pattern matches is a string; each pattern only matches text
that starts with one of its first characters (or, for null, the empty text)."""


def _install_resolvers(loader: type[Any]) -> None:
    loader.yaml_implicit_resolvers = {}
    for tag, pattern, first in IMPLICIT_RULES:
        loader.add_implicit_resolver(
            tag, pattern, [*first, ""] if pattern is _NULL else list(first)
        )


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


class YAML12Loader(_BaseLoader):
    """A safe (C when available) loader with YAML 1.2 JSON-schema scalar resolution."""


class YAML12PositionLoader(yaml.SafeLoader):
    """The pure-Python twin of ``YAML12Loader``, for composing nodes with positions."""


for _loader in (YAML12Loader, YAML12PositionLoader):
    _install_resolvers(_loader)
    _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)


def parse_yaml(text: str) -> Any:
    """Parse YAML (or JSON) text with YAML 1.2 scalar rules.

    Args:
        text: The document text.

    Returns:
        The parsed value.

    Raises:
        yaml.YAMLError: The text is not well-formed; callers translate it.
    """
    return yaml.load(text, Loader=YAML12Loader)  # noqa: S506 - a SafeLoader subclass
