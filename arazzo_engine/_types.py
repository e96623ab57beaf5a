"""Shared type aliases and the ``UNDEFINED`` sentinel."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any
from typing import Final
from typing import TypeAlias
from typing import final

JSONScalar: TypeAlias = str | int | float | bool | None
JSONValue: TypeAlias = Any
"""Any value that JSON (or YAML restricted to the JSON schema) can hold."""
JSONObject: TypeAlias = Mapping[str, Any]
JSONArray: TypeAlias = Sequence[Any]
Headers: TypeAlias = tuple[tuple[str, str], ...]
"""HTTP headers in order, names as sent; repeated names allowed."""


@final
class _Undefined:
    """The type of ``UNDEFINED``: a value that was looked for and not found.

    It is distinct from JSON ``null`` (``None``): ``$response.body#/missing``
    is ``UNDEFINED`` while ``{"missing": null}`` gives ``None``.
    """

    __slots__ = ()
    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNDEFINED"


UNDEFINED: Final = _Undefined()
"""The sentinel for "selected nothing", distinct from JSON ``null``."""

UndefinedType: TypeAlias = _Undefined
