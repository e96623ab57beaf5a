"""Where something came from: file, line, column and JSON pointer."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import TYPE_CHECKING
from typing import Any
from typing import NoReturn

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable

__all__ = ["Location", "escape_token", "join_pointer"]

Position = tuple[int | None, int | None]
"""1-based (line, column); either may be unknown."""


def escape_token(token: str) -> str:
    """Escape one JSON-pointer reference token (RFC 6901)."""
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def join_pointer(tokens: Iterable[str | int]) -> str:
    """The JSON pointer of ``tokens`` (keys and indexes, unescaped) below the root."""
    return "".join("/" + escape_token(str(token)) for token in tokens)


class Location:
    """A place in an Arazzo (or OpenAPI) document.

    Rendered as ``file.yaml:41:9 (/workflows/0/steps/2/successCriteria/0)``;
    parts that are unknown are left out. Immutable and hashable; two locations are
    equal when their four parts are.

    The locations of a loaded document's objects find their line and column only
    when one of them is first read (see ``deferred``), so that loading and running
    a document that has no problems never pays for positions.

    Attributes:
        file: The path or URL of the document, or ``None`` for text or a mapping.
        line: 1-based line, when the document was parsed from text.
        column: 1-based column, when the document was parsed from text.
        pointer: RFC 6901 JSON pointer to the node (``""`` is the root).
    """

    __slots__ = ("_column", "_line", "_position", "file", "pointer")
    __match_args__ = ("file", "line", "column", "pointer")

    file: str | None
    pointer: str
    _line: int | None
    _column: int | None
    _position: Callable[[], Position | None] | None

    def __init__(
        self,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        pointer: str = "",
    ) -> None:
        init = object.__setattr__
        init(self, "file", file)
        init(self, "_line", line)
        init(self, "_column", column)
        init(self, "pointer", pointer)
        init(self, "_position", None)

    @classmethod
    def deferred(
        cls, file: str | None, pointer: str, position: Callable[[], Position | None]
    ) -> Location:
        """A location whose line and column are ``position()``, called when first needed.

        Args:
            file: The document's display name.
            pointer: The JSON pointer.
            position: Returns the 1-based (line, column), or ``None`` when unknown;
                called at most once per location.

        Returns:
            The location.
        """
        location = cls(file, None, None, pointer)
        object.__setattr__(location, "_position", position)
        return location

    def _settle(self) -> None:
        position = self._position
        if position is not None:
            found = position()
            line, column = found if found is not None else (None, None)
            object.__setattr__(self, "_line", line)
            object.__setattr__(self, "_column", column)
            object.__setattr__(self, "_position", None)

    @property
    def line(self) -> int | None:
        """1-based line, when the document was parsed from text."""
        if self._position is not None:
            self._settle()
        return self._line

    @property
    def column(self) -> int | None:
        """1-based column, when the document was parsed from text."""
        if self._position is not None:
            self._settle()
        return self._column

    def child(self, *tokens: str | int) -> Location:
        """Return a location for a node below this one, without line information.

        Args:
            tokens: Object keys or array indices, unescaped.

        Returns:
            The child location; its line and column are unknown.
        """
        return Location(self.file, None, None, self._below(tokens))

    def within(self, *tokens: str | int) -> Location:
        """Return a location for a node below this one that keeps this one's line and column.

        For a field that has no position of its own (a default, say), the object
        that holds it is the nearest place to point at.

        Args:
            tokens: Object keys or array indices, unescaped.

        Returns:
            The location: the child's pointer, this location's line and column.
        """
        if self._position is None:
            return Location(self.file, self._line, self._column, self._below(tokens))
        return Location.deferred(self.file, self._below(tokens), lambda: (self.line, self.column))

    def _below(self, tokens: tuple[str | int, ...]) -> str:
        return self.pointer + join_pointer(tokens)

    def _parts(self) -> tuple[str | None, int | None, int | None, str]:
        return (self.file, self.line, self.column, self.pointer)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Location:
            return NotImplemented
        if self.file != other.file or self.pointer != other.pointer:
            return False  # without looking up lines
        return self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash((self.file, self.pointer))  # equal locations agree on these

    def __repr__(self) -> str:
        # Not looked up here: asyncio.run, for one, builds the repr of a task's result.
        line, column = (
            ("<deferred>",) * 2 if self._position else (repr(self._line), repr(self._column))
        )
        return (
            f"Location(file={self.file!r}, line={line}, column={column}, pointer={self.pointer!r})"
        )

    def __reduce__(self) -> tuple[type[Location], tuple[str | None, int | None, int | None, str]]:
        return (Location, self._parts())

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __str__(self) -> str:
        place = self.file or "<document>"
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        return f"{place} ({self.pointer or '/'})"
