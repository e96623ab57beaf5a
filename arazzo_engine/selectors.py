"""Selection engines behind criteria: regex, JSONPath (RFC 9535 / Goessner) and XPath."""

from __future__ import annotations

import functools
import io
import json
import re
from typing import Any
from typing import Final

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ExpressionEvaluationError
from arazzo_engine.errors import ExpressionSyntaxError
from arazzo_engine.errors import UnsupportedFeatureError

__all__ = [
    "GOESSNER",
    "RFC9535",
    "XPATH_VERSIONS",
    "JSONPathSelector",
    "XPathSelector",
    "compile_jsonpath",
    "compile_regex",
    "compile_xpath",
    "json_context",
    "parse_xml",
]

RFC9535: Final = "rfc9535"
GOESSNER: Final = "draft-goessner-dispatch-jsonpath-00"
XPATH_VERSIONS: Final = ("xpath-10", "xpath-20", "xpath-30", "xpath-31")
_SCRIPT = re.compile(r"\[\s*\(")
_LENGTH = re.compile(r"\.length\b")


@functools.lru_cache(maxsize=1024)
def compile_regex(pattern: str) -> re.Pattern[str]:
    """Compile a regex criterion (Python ``re`` syntax; matched with ``search``).

    Raises:
        ExpressionSyntaxError: The pattern is not a valid regular expression.
    """
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ExpressionSyntaxError(
            f"invalid regular expression: {exc.msg}", expression=pattern, offset=exc.pos or 0
        ) from exc


class JSONPathSelector:
    """A compiled JSONPath query; ``select`` returns the nodelist's values."""

    __slots__ = ("dialect", "query", "text")

    def __init__(self, text: str, dialect: str, query: Any) -> None:
        self.text = text
        self.dialect = dialect
        self.query = query

    def select(self, value: Any) -> list[Any]:
        """Run the query on a JSON value.

        Raises:
            ExpressionEvaluationError: The query fails on this value.
        """
        import jsonpath_rfc9535

        try:
            return list(self.query.find(value).values())
        except jsonpath_rfc9535.JSONPathError as exc:
            raise ExpressionEvaluationError(f"jsonpath {self.text}: {exc}") from exc


@functools.lru_cache(maxsize=1024)
def compile_jsonpath(text: str, dialect: str = RFC9535) -> JSONPathSelector:
    """Compile a JSONPath query.

    ``rfc9535`` is RFC 9535 exactly. ``draft-goessner-dispatch-jsonpath-00`` is
    read with the RFC 9535 grammar, which covers Goessner's names, wildcards,
    ``..``, slices, unions and ``?()`` filters; script expressions ``[(...)]`` and
    JavaScript's ``.length`` have no RFC equivalent and are refused.

    Args:
        text: The query.
        dialect: ``RFC9535`` or ``GOESSNER``.

    Returns:
        The compiled selector.

    Raises:
        ExpressionSyntaxError: Not a valid query.
        UnsupportedFeatureError: A Goessner construct that cannot be honoured.
    """
    import jsonpath_rfc9535

    if dialect == GOESSNER:
        for pattern, what, hint in (
            (_SCRIPT, "script expressions [(...)]", "use an index or a ?() filter"),
            (_LENGTH, "JavaScript '.length'", "use the RFC 9535 function length(@.x)"),
        ):
            found = pattern.search(text)
            if found:
                raise UnsupportedFeatureError(
                    f"Goessner JSONPath {what} are not supported (in {text!r}, offset "
                    f"{found.start()})",
                    hint=hint,
                )
    try:
        query = jsonpath_rfc9535.compile(text)
    except jsonpath_rfc9535.JSONPathError as exc:
        token = getattr(exc, "token", None)
        offset = getattr(token, "index", 0) if token is not None else 0
        message = getattr(token, "message", None) or str(exc)
        raise ExpressionSyntaxError(
            f"invalid JSONPath query: {message}", expression=text, offset=offset
        ) from exc
    return JSONPathSelector(text, dialect, query)


def json_context(value: Any) -> Any:
    """Prepare a context value for JSONPath: JSON text is parsed, bytes decoded first.

    Raises:
        ExpressionEvaluationError: The value is ``UNDEFINED`` (nothing to query).
    """
    if value is UNDEFINED:
        raise ExpressionEvaluationError("the context selected nothing")
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def parse_xml(text: str | bytes, max_length: int) -> tuple[Any, dict[str, str]]:
    """Parse XML safely: no DTD entities, no external references, no network.

    Args:
        text: The XML document.
        max_length: Refuse longer documents.

    Returns:
        The root element and the namespace prefixes declared in the document
        (the first binding of each prefix; the default namespace is left out).

    Raises:
        ExpressionEvaluationError: Not well-formed, too long, or uses forbidden features.
    """
    import defusedxml
    import defusedxml.ElementTree as safe_tree

    if len(text) > max_length:
        raise ExpressionEvaluationError(f"XML context longer than {max_length} characters")
    data = text.encode("utf-8") if isinstance(text, str) else text
    namespaces: dict[str, str] = {}
    root = None
    try:
        events = safe_tree.iterparse(
            io.BytesIO(data), events=("start", "start-ns"), forbid_dtd=False
        )
        for event, item in events:
            if event == "start-ns":
                if item[0]:
                    namespaces.setdefault(item[0], item[1])
            elif root is None:
                root = item
    except defusedxml.DefusedXmlException as exc:
        raise ExpressionEvaluationError(
            f"XML refused: {type(exc).__name__} ({exc}); entity and external references "
            "are not expanded"
        ) from exc
    except SyntaxError as exc:  # xml.etree.ElementTree.ParseError
        raise ExpressionEvaluationError(f"XML is not well-formed: {exc}") from exc
    if root is None:
        raise ExpressionEvaluationError("XML document has no root element")
    return root, namespaces


def _parser_class(version: str) -> Any:
    if version == "xpath-10":
        from elementpath import XPath1Parser

        return XPath1Parser
    if version == "xpath-20":
        from elementpath import XPath2Parser

        return XPath2Parser
    if version == "xpath-30":
        from elementpath.xpath30 import XPath30Parser

        return XPath30Parser
    from elementpath.xpath31 import XPath31Parser

    return XPath31Parser


@functools.lru_cache(maxsize=1024)
def _parse_xpath(text: str, version: str, namespaces: tuple[tuple[str, str], ...]) -> Any:
    from elementpath import ElementPathError

    try:
        return _parser_class(version)(namespaces=dict(namespaces)).parse(text)
    except ElementPathError as exc:
        span = getattr(getattr(exc, "token", None), "span", (0,))
        offset = min(max(int(span[0]) - 1, 0), len(text)) if span else 0
        raise ExpressionSyntaxError(
            f"invalid XPath ({version}): [{exc.code}] {exc.message}",
            expression=text,
            offset=offset,
        ) from exc


class XPathSelector:
    """A compiled XPath condition; ``select`` gives its effective boolean value."""

    __slots__ = ("text", "version")

    def __init__(self, text: str, version: str) -> None:
        self.text = text
        self.version = version

    def select(self, xml: Any, max_length: int) -> tuple[bool, Any]:
        """Evaluate on an XML document.

        Args:
            xml: XML text or bytes.
            max_length: Longest document accepted.

        Returns:
            ``(effective boolean value, a short excerpt of the result)``.

        Raises:
            ExpressionEvaluationError: The document cannot be read or the expression fails.
        """
        from elementpath import ElementPathError
        from elementpath import XPathContext

        if not isinstance(xml, str | bytes):
            raise ExpressionEvaluationError(
                f"an xpath criterion needs XML text, the context is {type(xml).__name__}"
                if xml is not UNDEFINED
                else "the context selected nothing"
            )
        root, namespaces = parse_xml(xml, max_length)
        token = _parse_xpath(self.text, self.version, tuple(sorted(namespaces.items())))
        try:
            result = token.evaluate(XPathContext(root))
            passed = bool(token.boolean_value(result))
        except ElementPathError as exc:
            raise ExpressionEvaluationError(f"xpath {self.text}: {exc.message}") from exc
        return passed, _excerpt(result)


def _excerpt(result: Any) -> Any:
    items = result if isinstance(result, list) else [result]
    out: list[Any] = []
    for item in items[:5]:
        elem = getattr(item, "elem", None)
        if elem is not None:
            out.append(f"<{elem.tag}>{(elem.text or '').strip()[:40]}")
        else:
            value = getattr(item, "value", item)
            out.append(value if isinstance(value, str | int | float | bool) else str(value))
    return out if isinstance(result, list) else out[0]


def compile_xpath(text: str, version: str = "xpath-31") -> XPathSelector:
    """Compile an XPath condition.

    The syntax is checked now; prefixes are bound at evaluation time from the
    namespaces the XML document declares (Arazzo has no binding syntax), so an
    undeclared prefix is not an error here.

    Raises:
        ExpressionSyntaxError: The expression does not parse.
    """
    try:
        _parse_xpath(text, version, ())
    except ExpressionSyntaxError as exc:
        if "XPST0081" not in exc.message:
            raise
    return XPathSelector(text, version)
