"""What the sans-I/O flow asks its driver to do: send a request, or wait."""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeAlias
from typing import TypeVar

if TYPE_CHECKING:
    from arazzo_engine.messages import RequestSpec

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Send:
    """Send ``request``; the driver replies with a ``ResponseView`` or a ``TransportError``."""

    request: RequestSpec


@dataclass(frozen=True, slots=True)
class Sleep:
    """Wait ``seconds``; the driver replies with ``None``."""

    seconds: float


Effect: TypeAlias = Send | Sleep
Flow: TypeAlias = Generator[Effect, Any, T]
"""A generator that yields effects, receives their results, and returns a ``T``."""
