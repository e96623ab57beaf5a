"""Local HTTP simulators of real APIs, for the examples, the tests and the benchmarks."""

from __future__ import annotations

__all__: list[str] = []
