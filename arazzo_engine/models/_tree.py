"""YAML/JSON text -> plain values, their mappings' JSON pointers, and positions by pointer."""

from __future__ import annotations

import json
import operator
import threading
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
from arazzo_engine.models._trail import Trail
from arazzo_engine.models._trail import pointer_of

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "ParsedText",
    "Position",
    "YAMLPositions",
    "escape_token",
    "parse_text",
]

MAX_DEPTH = 200
"""Deepest nesting accepted (JSON Schemas and payloads rarely pass 20)."""
MAX_NODES = 2_000_000
"""Most values a document may expand to, aliases counted each time they are used."""

_TAG = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL, _INT, _FLOAT = (_TAG + t for t in ("str", "null", "bool", "int", "float"))
_MAP, _SEQ = _TAG + "map", _TAG + "seq"


_PLAIN = "arazzo-engine:plain"
"""The tag ``_Loader`` gives plain scalars that may be more than a string: the walker
resolves them itself.

It is compared by identity (``is``), so the same text written as a tag in the
document (``!<arazzo-engine:plain>``) is an unknown tag, as any other."""

_RESOLVED_FIRST = frozenset(["", *"".join(first for _tag, _pattern, first in IMPLICIT_RULES)])
"""``text[:1]`` of the plain scalars that may not be strings (``""`` is null)."""


class _Loader(YAML12Loader):
    """``YAML12Loader`` whose per-node callbacks do as little as possible.

    libyaml's composer calls ``resolve`` for every untagged node and the two path
    resolver hooks around every node. Collections get the default tags and there
    are no path resolvers, so those hooks do nothing here. Quoted scalars, and
    plain ones that no YAML 1.2 rule can match by their first character, get this
    module's ``_STR`` object, which the walker takes as a string by identity.
    Other plain scalars get ``_PLAIN``: mapping keys are strings whatever they
    look like, so ``_Walker`` applies the rules to values only. (``!!str`` written
    in the document is an equal string, not the same object, and takes the
    walker's longer road to the same result.)
    """

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] and value[:1] in _RESOLVED_FIRST else _STR
        return _MAP if kind is MappingNode else _SEQ

    # There are no path resolvers, so these two do nothing. They are built-ins that
    # ignore their result (``operator.is_(node, index)``, ``tuple()``) rather than Python
    # methods: the composer calls each once per node, and a Python call costs a frame.
    descend_resolver = staticmethod(operator.is_)  # type: ignore[assignment]
    ascend_resolver = staticmethod(tuple)  # type: ignore[assignment]


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
        pointers: ``id()`` of every mapping in ``value`` -> its JSON pointer, as a ``Trail``.
        position: JSON pointer -> the 1-based (line, column) of the key (or list item),
            or ``None`` when unknown; itself ``None`` when there is no text.
        scalar: JSON pointer -> original text of a plain scalar read as a number or
            boolean, else ``None``.
    """

    value: Any
    pointers: dict[int, Trail] = field(default_factory=dict)
    position: Callable[[str], Position | None] | None = None
    scalar: Callable[[str], str | None] = _no_scalar

    @classmethod
    def from_value(cls, value: Any) -> ParsedText:
        """Wrap an already parsed value (no positions), indexing its mappings."""
        parsed = cls(value)
        if isinstance(value, Mapping):
            _index(value, "", parsed.pointers, 0)
        return parsed


def _index(value: Any, pointer: Trail, pointers: dict[int, Trail], depth: int) -> None:
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
            _index(item, (pointer, key if isinstance(key, int) else str(key)), pointers, depth + 1)


_SCALARS = (str, int, float, type(None))


class _Fail(Exception):
    def __init__(self, message: str, node: Node) -> None:
        super().__init__(message)
        self.node = node


_WIDE = 1 << 32
"""Positions are kept as ``line * _WIDE + column`` (0-based): an int, no object to track."""


class _Walker:
    """Builds values from a composed node tree, rejecting what JSON cannot hold.

    Strings, by far the most common values, are taken inline by the container loops
    (``_Loader`` has already tagged them ``_STR``). ``count`` is the number of values
    built, aliases counted each time they are used. Aliased nodes are remembered only
    when the text can have anchors at all.
    """

    def __init__(self, aliases: bool) -> None:
        self.pointers: dict[int, Trail] = {}
        self.scalars: dict[str, str] = {}
        self.count = 0
        self.seen: dict[int, tuple[Any, int]] | None = {} if aliases else None

    def walk(self, node: Node, pointer: Trail, depth: int) -> Any:
        if type(node) is ScalarNode:
            return self.scalar(node, pointer)
        seen = self.seen
        if seen is not None and id(node) in seen:  # an alias: share the value, count it again
            value, count = seen[id(node)]
            self.count += count
            if self.count > MAX_NODES:
                raise _Fail(f"the document expands to more than {MAX_NODES} values", node)
            return value
        if depth > MAX_DEPTH:
            raise _Fail(f"the document is nested more than {MAX_DEPTH} levels deep", node)
        start = self.count
        self.count += len(node.value)
        if self.count > MAX_NODES:
            raise _Fail(f"the document expands to more than {MAX_NODES} values", node)
        if type(node) is MappingNode:
            value = self.mapping(node, pointer, depth + 1)
        elif type(node) is SequenceNode:
            value = self.sequence(node, pointer, depth + 1)
        else:  # pragma: no cover - the composer makes only these three kinds
            raise _Fail("unsupported node", node)
        if seen is not None:
            seen[id(node)] = (value, self.count - start)
        return value

    def mapping(self, node: MappingNode, pointer: Trail, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            raise _Fail(f"unsupported tag {node.tag!r}", node)
        pairs = node.value
        value: dict[str, Any] = {}
        self.pointers[id(value)] = pointer
        for key_node, value_node in pairs:
            tag = key_node.tag
            if (
                tag is not _STR
                and tag is not _PLAIN
                and not (type(key_node) is ScalarNode and tag in _SCALAR_TAGS)
            ):  # any scalar but a non-JSON tag: its text is the key
                raise _Fail("mapping keys must be plain strings", key_node)
            if value_node.tag is _STR:
                value[key_node.value] = value_node.value
            else:
                key = key_node.value
                value[key] = self.walk(value_node, (pointer, key), depth)
        if len(value) != len(pairs):
            _duplicate_key(pairs)
        return value

    def sequence(self, node: SequenceNode, pointer: Trail, depth: int) -> list[Any]:
        if node.tag != _SEQ:
            raise _Fail(f"unsupported tag {node.tag!r}", node)
        return [
            item.value if item.tag is _STR else self.walk(item, (pointer, index), depth)
            for index, item in enumerate(node.value)
        ]

    def scalar(self, node: ScalarNode, pointer: Trail) -> Any:
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
            self.scalars[pointer_of(pointer)] = text
        return value


def _duplicate_key(pairs: list[tuple[Node, Node]]) -> None:
    keys: set[str] = set()
    for key_node, _value_node in pairs:
        if key_node.value in keys:
            raise _Fail(f"duplicate key {key_node.value!r}", key_node)
        keys.add(key_node.value)


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
    """The tag YAML 1.2's JSON schema gives a plain scalar that ``_Loader`` tagged ``_PLAIN``."""
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
    walker = _Walker(aliases="&" in text)
    try:
        value = walker.walk(node, "", 0)
    except _Fail as exc:
        raise DocumentParseError(str(exc), location=_location(file, exc.node)) from None
    return ParsedText(value, walker.pointers, YAMLPositions(text), walker.scalars.get)


def _parse_json(text: str) -> ParsedText | None:
    loaded = json_loads(text, MAX_DEPTH)
    if loaded is None:
        return None
    located = JSONText(text)
    return ParsedText(loaded[0], loaded[1], located.position, located.scalar)


def _no_position(_pointer: str) -> Position | None:
    return None


class YAMLPositions:
    """JSON pointer -> position in a YAML text, found by composing the text again on first use.

    A document that loads without problems seldom needs a position: they are for
    messages and ``location``. Recording one for every key and item while loading
    cost about a fifth of the walk and kept a large table alive; instead the text
    is kept and composed once more, into a table, when the first position is asked for.

    Args:
        text: Text that ``parse_text`` has read without error.
    """

    __slots__ = ("_lock", "_table", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._table: dict[str, int] | None = None
        self._lock = threading.Lock()

    def __call__(self, pointer: str) -> Position | None:
        table = self._table
        if table is None:
            with self._lock:
                if self._table is None:
                    root = yaml.compose(self._text, Loader=_Loader)
                    self._table = _positions(root) if root is not None else {}
                    del self._text
                table = self._table
        found = table.get(pointer)
        return None if found is None else (found // _WIDE + 1, found % _WIDE + 1)


def _positions(root: Node) -> dict[str, int]:
    """Every key's and item's position by JSON pointer, as ``_Walker`` assigns pointers.

    Like the walker, it goes in document order and does not enter a node twice, so
    what an alias repeats keeps the pointers of the anchored original.
    """
    table = {"": root.start_mark.line * _WIDE + root.start_mark.column}
    entered: set[int] = set()

    def enter(node: Node, pointer: str) -> None:
        if type(node) is ScalarNode or id(node) in entered:
            return
        entered.add(id(node))
        prefix = pointer + "/"
        if type(node) is MappingNode:
            children = [(escape_token(str(k.value)), k, v) for k, v in node.value]
        else:
            children = [(str(i), item, item) for i, item in enumerate(node.value)]
        for token, marked, child in children:
            mark = marked.start_mark
            table[prefix + token] = mark.line * _WIDE + mark.column
            enter(child, prefix + token)

    enter(root, "")
    return table


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
