"""Problems: findings about a document, reported as values and collected together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Literal
from typing import TypeAlias

if TYPE_CHECKING:
    from arazzo_engine.location import Location

Severity: TypeAlias = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a document.

    Attributes:
        rule: A stable identifier of the check, e.g. ``"step-id-unique"``.
        severity: ``"error"`` or ``"warning"``.
        message: What is wrong, in one sentence.
        location: Where it is.
        hint: How to fix it, when there is something useful to say.
    """

    rule: str
    severity: Severity
    message: str
    location: Location
    hint: str | None = None

    def __str__(self) -> str:
        loc = self.location
        place = loc.file or "<document>"
        place += f":{loc.line or 0}:{loc.column or 0}"
        text = f"{place} {self.severity} {self.rule} {self.message} ({loc.pointer or '/'})"
        if self.hint:
            text += f"; {self.hint}"
        return text

    def to_dict(self) -> dict[str, object]:
        """Return the JSON shape used by ``arazzo validate --format json``."""
        loc = self.location
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "location": {
                "file": loc.file,
                "line": loc.line,
                "column": loc.column,
                "pointer": loc.pointer,
            },
        }
