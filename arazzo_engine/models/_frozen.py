"""Read-only mappings for the models' mapping fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated
from typing import NoReturn
from typing import TypeAlias
from typing import TypeVar

from pydantic import AfterValidator

__all__ = ["FrozenDict", "FrozenMapping"]

_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenDict(dict[_K, _V]):
    """A ``dict`` that refuses changes, used for every mapping field of the models."""

    __slots__ = ()

    def _readonly(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} is read-only")

    __setitem__ = _readonly
    __delitem__ = _readonly
    clear = _readonly
    pop = _readonly
    popitem = _readonly
    setdefault = _readonly
    update = _readonly
    __ior__ = _readonly

    def __reduce__(self) -> tuple[type[FrozenDict[_K, _V]], tuple[dict[_K, _V]]]:
        return (type(self), (dict(self),))

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


FrozenMapping: TypeAlias = Annotated[Mapping[_K, _V], AfterValidator(FrozenDict)]
"""A mapping field: validated as a mapping, stored as a read-only ``FrozenDict``."""
