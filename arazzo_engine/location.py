"""Where something came from: file, line, column and JSON pointer."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Location", "escape_token"]


def escape_token(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


@dataclass(frozen=True, slots=True)
class Location:
    """A place in an Arazzo (or OpenAPI) document.

    Rendered as ``file.yaml:41:9 (/workflows/0/steps/2/successCriteria/0)``;
    parts that are unknown are left out.

    Attributes:
        file: The path or URL of the document, or ``None`` for text or a mapping.
        line: 1-based line, when the document was parsed from text.
        column: 1-based column, when the document was parsed from text.
        pointer: RFC 6901 JSON pointer to the node (``""`` is the root).
    """

    file: str | None = None
    line: int | None = None
    column: int | None = None
    pointer: str = ""

    def child(self, *tokens: str | int) -> Location:
        """Return a location for a node below this one, without line information.

        Args:
            tokens: Object keys or array indices, unescaped.

        Returns:
            The child location; its line and column are unknown.
        """
        pointer = self.pointer + "".join("/" + escape_token(str(t)) for t in tokens)
        return Location(self.file, None, None, pointer)

    def __str__(self) -> str:
        place = self.file or "<document>"
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place} ({self.pointer or '/'})"
