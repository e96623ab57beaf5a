"""``ExpressionEnvironment``: the policy that evaluation follows (immutable; derive with evolve)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any
from typing import Final

__all__ = ["DEFAULT_ENVIRONMENT", "ExpressionEnvironment"]


@dataclass(frozen=True, slots=True)
class ExpressionEnvironment:
    """How expressions, conditions and criteria are evaluated.

    Attributes:
        strict: When true, a runtime expression that selects nothing raises
            ``UnresolvedReferenceError`` instead of yielding ``UNDEFINED``. Conditions
            and criteria still never raise: the error becomes the failure reason.
        case_insensitive: Compare strings case-insensitively (the spec's rule).
        max_text_length: Longest text (characters) that regex and XPath criteria will
            read; longer context values fail the criterion instead of being scanned.
    """

    strict: bool = False
    case_insensitive: bool = True
    max_text_length: int = 10_000_000

    def evolve(self, **changes: Any) -> ExpressionEnvironment:
        """Return a copy with some attributes changed.

        Args:
            changes: Attribute names and their new values.

        Returns:
            The new environment; this one is unchanged.
        """
        return dataclasses.replace(self, **changes)


DEFAULT_ENVIRONMENT: Final = ExpressionEnvironment()
"""Lenient evaluation (missing values are ``UNDEFINED``), case-insensitive strings."""
