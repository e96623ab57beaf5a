"""Injected latency, rate limiting, error statuses and dropped connections (deterministic)."""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Fault", "FaultInjector"]


@dataclass(frozen=True)
class Fault:
    """What the simulator does instead of answering a request normally.

    Attributes:
        drop: Close the connection without sending any response.
        status: The HTTP status of the error response (when not ``drop``).
        retry_after: Seconds for a ``Retry-After`` header, or ``None`` for no header.
    """

    drop: bool = False
    status: int = 0
    retry_after: float | None = None


@dataclass
class _Rule:
    path_prefix: str
    method: str | None
    remaining: int
    fault: Fault

    def matches(self, method: str, path: str) -> bool:
        return path.startswith(self.path_prefix) and self.method in (None, method)


class FaultInjector:
    """Decides, per request, whether to delay it and whether to fail it.

    Scheduled faults (:meth:`fail_next`, :meth:`drop_next`) come first, then the rate
    limit, then the random faults. The random faults draw exactly one number per request
    from a generator seeded with ``seed``, so the same sequence of requests meets the same
    faults in every run.

    Args:
        latency: Seconds to wait before handling each request.
        error_rate: Probability (0–1) that a request gets an ``error_status`` response.
        error_status: The status of random error responses (500 by default).
        drop_rate: Probability (0–1) that a request's connection is closed unanswered.
        seed: Seed of the random generator.
        rate_limit: Most requests accepted per ``rate_window`` seconds (``None``: no limit);
            requests over it get 429 with a ``Retry-After`` header.
        rate_window: The rate limit's sliding window, in seconds.
        clock: Monotonic time source for the rate limit.
    """

    def __init__(
        self,
        *,
        latency: float = 0.0,
        error_rate: float = 0.0,
        error_status: int = 500,
        drop_rate: float = 0.0,
        seed: int = 0,
        rate_limit: int | None = None,
        rate_window: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.latency = latency
        self.error_rate = error_rate
        self.error_status = error_status
        self.drop_rate = drop_rate
        self.rate_limit = rate_limit
        self.rate_window = rate_window
        self._clock = clock
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._recent: deque[float] = deque()

    def fail_next(
        self,
        path_prefix: str = "/",
        *,
        status: int = 429,
        count: int = 1,
        retry_after: float | None = 1.0,
        method: str | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with an error status.

        Args:
            path_prefix: Requests whose path starts with this match (``/v2/Flows``).
            status: The HTTP status (429 gives Twilio's 20429 body).
            count: How many matching requests fail.
            retry_after: Seconds for the ``Retry-After`` header, ``None`` for none.
            method: Only this HTTP method matches (``None``: any).
        """
        fault = Fault(status=status, retry_after=retry_after)
        with self._lock:
            self._rules.append(_Rule(path_prefix, _upper(method), count, fault))

    def drop_next(
        self, path_prefix: str = "/", *, count: int = 1, method: str | None = None
    ) -> None:
        """Close the connection of the next ``count`` matching requests without answering.

        Args:
            path_prefix: Requests whose path starts with this match.
            count: How many matching requests are dropped.
            method: Only this HTTP method matches (``None``: any).
        """
        with self._lock:
            self._rules.append(_Rule(path_prefix, _upper(method), count, Fault(drop=True)))

    def clear(self) -> None:
        """Forget every scheduled fault and the rate-limit history."""
        with self._lock:
            self._rules.clear()
            self._recent.clear()

    def decide(self, method: str, path: str) -> Fault | None:
        """Return the fault for this request, or ``None`` to handle it normally.

        Args:
            method: The request method.
            path: The request path (without the query).

        Returns:
            A :class:`Fault` or ``None``.
        """
        with self._lock:
            draw = self._random.random()
            for rule in self._rules:
                if rule.matches(method, path):
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self._rules.remove(rule)
                    return rule.fault
            limited = self._rate_limited()
            if limited is not None:
                return limited
            if draw < self.drop_rate:
                return Fault(drop=True)
            if draw < self.drop_rate + self.error_rate:
                return Fault(status=self.error_status)
            return None

    def _rate_limited(self) -> Fault | None:
        if self.rate_limit is None:
            return None
        now = self._clock()
        while self._recent and self._recent[0] <= now - self.rate_window:
            self._recent.popleft()
        if len(self._recent) >= self.rate_limit:
            wait = self._recent[0] + self.rate_window - now
            return Fault(status=429, retry_after=float(max(1, math.ceil(wait))))
        self._recent.append(now)
        return None


def _upper(method: str | None) -> str | None:
    return method.upper() if method is not None else None
