"""One way to remember a derived value in a dict owned by what it derives from."""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar
from typing import cast

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Hashable

__all__ = ["memoized"]

T = TypeVar("T")


def memoized(memo: dict[Any, Any], key: Hashable, compute: Callable[[], T]) -> T:
    """Return ``memo[key]``, storing ``compute()`` there first when it is missing.

    Errors are not remembered: a failing ``compute`` runs (and fails) again next time.
    """
    try:
        return cast("T", memo[key])
    except KeyError:
        value = memo[key] = compute()
        return value
