"""YAML/JSON text -> plain values, their mappings' JSON pointers, and positions by pointer."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeAlias

import yaml
from yaml.nodes import MappingNode
from yaml.nodes import Node
from yaml.nodes import ScalarNode
from yaml.nodes import SequenceNode

from arazzo_engine._yaml import IMPLICIT_RULES
from arazzo_engine._yaml import YAML12Loader
from arazzo_engine.errors import DocumentParseError
from arazzo_engine.location import Location
from arazzo_engine.location import escape_token
from arazzo_engine.models._json import JSONText
from arazzo_engine.models._json import loads as json_loads

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable

__all__ = ["MAX_DEPTH", "MAX_NODES", "ParsedText", "Position", "escape_token", "parse_text"]

MAX_DEPTH = 200
"""Deepest nesting accepted (JSON Schemas and payloads rarely pass 20)."""
MAX_NODES = 2_000_000
"""Most values a document may expand to, aliases counted each time they are used."""

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_TAG + t for t in ("str", "null", "bool", "int", "float"))
_MAP, _SEQ = _TAG + "map", _TAG + "seq"


_PLAIN = "arazzo-engine:plain"
"""The tag ``_Loader`` gives untagged plain scalars: the walker resolves them itself.

It is compared by identity (``is``), so the same text written as a tag in the
document (``!<arazzo-engine:plain>``) is an unknown tag, as any other."""

_RESOLVED_FIRST = frozenset(["", *"".join(first for _tag, _pattern, first in IMPLICIT_RULES)])
"""``text[:1]`` of the plain scalars that may not be strings (``""`` is null)."""


class _Loader(YAML12Loader):
    """``YAML12Loader`` whose per-node callbacks do as little as possible.

    libyaml's composer calls ``resolve`` for every untagged node and the two path
    resolver hooks around every node, all in Python. Collections get the default
    tags and there are no path resolvers, so those hooks do nothing here. Plain
    scalars get the ``_PLAIN`` tag: most are mapping keys, which are strings
    whatever they look like, so ``_Walker`` applies the YAML 1.2 rules to plain
    values only. Quoted scalars (and ``!``-tagged ones) are strings.
    """

    def resolve(self, kind: type[Node], _value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _MAP if kind is MappingNode else _SEQ

    def descend_resolver(self, current_node: Node | None, current_index: Any) -> None:
        """Do nothing: there are no path resolvers."""

    def ascend_resolver(self) -> None:
        """Do nothing: there are no path resolvers."""


Position: TypeAlias = tuple[int, int]
"""1-based (line, column)."""


def _no_scalar(_pointer: str) -> str | None:
    return None


@dataclass
class ParsedText:
    """The result of parsing a document's text.

    Positions and scalar texts are functions of a JSON pointer, so that they can be
    looked up from the kept text (JSON) rather than computed for every value up front.

    Attributes:
        value: The parsed value (plain dicts, lists and scalars).
        pointers: ``id()`` of every mapping in ``value`` -> its JSON pointer.
        position: JSON pointer -> the 1-based (line, column) of the key (or list item),
            or ``None`` when unknown; itself ``None`` when there is no text.
        scalar: JSON pointer -> original text of a plain scalar read as a number or
            boolean, else ``None``.
    """

    value: Any
    pointers: dict[int, str] = field(default_factory=dict)
    position: Callable[[str], Position | None] | None = None
    scalar: Callable[[str], str | None] = _no_scalar

    @classmethod
    def from_value(cls, value: Any) -> ParsedText:
        """Wrap an already parsed value (no positions), indexing its mappings."""
        parsed = cls(value)
        if isinstance(value, Mapping):
            _index(value, "", parsed.pointers, 0)
        return parsed


def _index(value: Any, pointer: str, pointers: dict[int, str], depth: int) -> None:
    if depth > MAX_DEPTH or id(value) in pointers:
        return
    if isinstance(value, list):
        items: Iterable[tuple[Any, Any]] = enumerate(value)
    else:
        pointers[id(value)] = pointer
        items = value.items()
    for key, item in items:
        # scalars first: the Mapping ABC check is slow, and most values are strings
        if isinstance(item, _SCALARS):
            continue
        if isinstance(item, dict | list) or isinstance(item, Mapping):  # noqa: SIM101
            _index(item, f"{pointer}/{escape_token(str(key))}", pointers, depth + 1)


_SCALARS = (str, int, float, type(None))


class _Fail(Exception):
    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.node = node


_WIDE = 1 << 32
"""Positions are kept as ``line * _WIDE + column`` (0-based): an int, no object to track."""


class _Walker:
    """Builds values and positions from a composed node tree, rejecting what JSON cannot hold.

    Plain strings, by far the most common values, are handled inline by the container
    loops; ``count`` (values built, aliases counted each time) is kept in a local
    there and written back before anything that reads it.
    """

    def __init__(self) -> None:
        self.positions: dict[str, int] = {}
        self.pointers: dict[int, str] = {}
        self.scalars: dict[str, str] = {}
        self.count = 0
        self.seen: dict[int, tuple[Any, int]] = {}

    def walk(self, node: Node, pointer: str, depth: int) -> Any:
        if type(node) is ScalarNode:
            self.count += 1
            return self.scalar(node, pointer)
        known = self.seen.get(id(node))
        if known is not None:  # an alias: share the value, count its expansion
            self.count += known[1]
            if self.count > MAX_NODES:
                raise _Fail(f"the document expands to more than {MAX_NODES} values", node)
            return known[0]
        if depth > MAX_DEPTH:
            raise _Fail(f"the document is nested more than {MAX_DEPTH} levels deep", node)
        start = self.count
        self.count += 1
        value: Any
        if type(node) is MappingNode:
            value = self.mapping(node, pointer, depth + 1)
        elif type(node) is SequenceNode:
            value = self.sequence(node, pointer, depth + 1)
        else:  # pragma: no cover - the composer makes only these three kinds
            raise _Fail("unsupported node", node)
        self.seen[id(node)] = (value, self.count - start)
        return value

    def mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            raise _Fail(f"unsupported tag {node.tag!r}", node)
        value: dict[str, Any] = {}
        self.pointers[id(value)] = pointer
        positions = self.positions
        prefix = pointer + "/"
        count = 0
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode or (
                key_node.tag is not _PLAIN and key_node.tag not in _SCALAR_TAGS
            ):  # any scalar but a non-JSON tag: its text is the key
                raise _Fail("mapping keys must be plain strings", key_node)
            key = key_node.value
            if key in value:
                raise _Fail(f"duplicate key {key!r}", key_node)
            child = prefix + (escape_token(key) if "~" in key or "/" in key else key)
            mark = key_node.start_mark
            positions[child] = mark.line * _WIDE + mark.column
            # the common case: a string
            if type(value_node) is ScalarNode and (
                (value_node.tag is _PLAIN and value_node.value[:1] not in _RESOLVED_FIRST)
                or value_node.tag == _STR
            ):
                count += 1
                value[key] = value_node.value
            else:
                self.count += count
                count = 0
                value[key] = self.walk(value_node, child, depth)
        self.count += count
        return value

    def sequence(self, node: SequenceNode, pointer: str, depth: int) -> list[Any]:
        if node.tag != _SEQ:
            raise _Fail(f"unsupported tag {node.tag!r}", node)
        value: list[Any] = []
        positions = self.positions
        prefix = pointer + "/"
        count = 0
        for index, item in enumerate(node.value):
            child = prefix + str(index)
            mark = item.start_mark
            positions[child] = mark.line * _WIDE + mark.column
            if type(item) is ScalarNode and (
                (item.tag is _PLAIN and item.value[:1] not in _RESOLVED_FIRST) or item.tag == _STR
            ):
                count += 1
                value.append(item.value)
            else:
                self.count += count
                count = 0
                value.append(self.walk(item, child, depth))
        self.count += count
        return value

    def scalar(self, node: ScalarNode, pointer: str) -> Any:
        tag, text = node.tag, node.value
        if tag is _PLAIN:
            tag = _implicit_tag(text)
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        try:
            value = _SCALAR_TAGS[tag](text)
        except (KeyError, ValueError):
            raise _Fail(f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}", node) from None
        if not node.style:  # plain (None from PyYAML, "" from libyaml)
            self.scalars[pointer] = text
        return value


def _bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ValueError(text)
    return lowered == "true"


def _int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _float(text: str) -> float:
    lowered = text.lower().lstrip("+")
    if lowered in (".inf", "-.inf", ".nan"):
        return float(lowered.replace(".", ""))
    return float(text)


_SCALAR_TAGS: dict[str, Callable[[str], Any]] = {
    _STR: str,
    _NULL: lambda _text: None,
    _BOOL: _bool,
    _INT: _int,
    _FLOAT: _float,
}


def _implicit_tag(text: str) -> str:
    """The tag YAML 1.2's JSON schema gives an untagged plain scalar."""
    if text[:1] in _RESOLVED_FIRST:
        for tag, pattern, _first in IMPLICIT_RULES:
            if pattern.match(text):
                return tag
    return _STR


def _location(file: str | None, node: Node | None, mark: Any = None) -> Location:
    mark = node.start_mark if node is not None else mark
    if mark is None:
        return Location(file)
    return Location(file, mark.line + 1, mark.column + 1)


def parse_text(text: str, file: str | None) -> ParsedText:
    """Parse YAML or JSON text with YAML 1.2 rules, recording where every value is.

    Text that is strict JSON (an object, no duplicate keys, no ``NaN``) is read by
    ``json.loads``, its positions found in the text on demand; everything else,
    malformed JSON included, is read (or reported) by the YAML parser.

    Args:
        text: The document's text.
        file: The document's display name, for messages.

    Returns:
        The value, its positions and the original text of non-string plain scalars.

    Raises:
        DocumentParseError: The text is not well-formed, uses tags JSON cannot
            represent, repeats a mapping key, or nests/expands too much.
    """
    if text.lstrip().startswith("{"):
        parsed = _parse_json(text)
        if parsed is not None:
            return parsed
        # A raw tab is only whitespace in JSON, but YAML refuses it in some places.
        text = text.replace("\t", " ")
    return _parse_yaml(text, file)


def _parse_yaml(text: str, file: str | None) -> ParsedText:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return _json_fallback(text, file, exc)
    except (yaml.YAMLError, RecursionError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DocumentParseError(
            f"not well-formed YAML: {message}", location=Location(file)
        ) from exc
    if node is None:
        return ParsedText(None, position=_no_position)
    walker = _Walker()
    walker.positions[""] = node.start_mark.line * _WIDE + node.start_mark.column
    try:
        value = walker.walk(node, "", 0)
    except _Fail as exc:
        raise DocumentParseError(str(exc), location=_location(file, exc.node)) from None
    return ParsedText(value, walker.pointers, _position_of(walker.positions), walker.scalars.get)


def _parse_json(text: str) -> ParsedText | None:
    loaded = json_loads(text, MAX_DEPTH)
    if loaded is None:
        return None
    located = JSONText(text)
    return ParsedText(loaded[0], loaded[1], located.position, located.scalar)


def _no_position(_pointer: str) -> Position | None:
    return None


def _position_of(positions: dict[str, int]) -> Callable[[str], Position | None]:
    def position(pointer: str) -> Position | None:
        found = positions.get(pointer)
        return None if found is None else (found // _WIDE + 1, found % _WIDE + 1)

    return position


def _json_fallback(text: str, file: str | None, exc: yaml.MarkedYAMLError) -> ParsedText:
    """JSON that PyYAML's YAML 1.1 scanner chokes on (surrogate pairs, say): parse it as JSON."""
    if text.lstrip().startswith(("{", "[")):
        try:
            return ParsedText.from_value(json.loads(text, object_pairs_hook=_unique_pairs))
        except (ValueError, RecursionError):
            pass
    problem = exc.problem or exc.context or "not well-formed"
    raise DocumentParseError(
        f"not well-formed YAML: {problem}", location=_location(file, None, exc.problem_mark)
    ) from exc


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result
