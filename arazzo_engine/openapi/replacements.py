"""Payload replacements: JSON pointers into structured payloads, XPath into XML."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.errors import RequestBindingError
from arazzo_engine.messages import is_json_media_type
from arazzo_engine.openapi.refs import pointer_tokens
from arazzo_engine.openapi.serialize import scalar_text

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["apply_replacements"]


def apply_replacements(
    payload: Any, replacements: Sequence[tuple[str, Any]], content_type: str
) -> Any:
    """Return a copy of ``payload`` with each replacement applied, in order.

    JSON pointers (``/a/0/b``, optionally ``#``-prefixed) work on mappings and lists:
    the final member is created when its parent exists. For an XML payload (a string
    with an XML media type) the target is an XPath selecting elements (their text is
    replaced) or ending in ``/@name`` (that attribute is set).

    Args:
        payload: The body value.
        replacements: ``(target, value)`` pairs.
        content_type: The body's media type.

    Returns:
        The new payload.

    Raises:
        RequestBindingError: A target's parent does not exist, or an XPath selects nothing.
    """
    if not replacements:
        return payload
    media = content_type.split(";", 1)[0].strip().lower()
    if isinstance(payload, str) and "xml" in media:
        return _xml_replace(payload, replacements)
    if isinstance(payload, str) and is_json_media_type(content_type):
        try:
            payload = json.loads(payload)
        except ValueError as exc:
            raise RequestBindingError(
                "payload replacements need a JSON payload, but the payload text is not JSON"
            ) from exc
    result = copy.deepcopy(payload)
    for target, value in replacements:
        result = _set_pointer(result, target, value)
    return result


def _set_pointer(document: Any, target: str, value: Any) -> Any:
    try:
        tokens = pointer_tokens(target[1:] if target.startswith("#") else target)
    except ValueError as exc:
        raise RequestBindingError(f"payload replacement target {target!r}: {exc}") from exc
    if not tokens:
        return value
    parent = document
    for depth, token in enumerate(tokens[:-1]):
        if isinstance(parent, dict) and token in parent:
            parent = parent[token]
        elif isinstance(parent, list) and token.isdigit() and int(token) < len(parent):
            parent = parent[int(token)]
        else:
            where = "/" + "/".join(tokens[: depth + 1])
            raise RequestBindingError(
                f"payload replacement target {target!r}: {where} does not exist in the payload"
            )
    last = tokens[-1]
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list) and (
        last == "-" or (last.isdigit() and int(last) <= len(parent))
    ):
        if last == "-" or int(last) == len(parent):
            parent.append(value)
        else:
            parent[int(last)] = value
    else:
        raise RequestBindingError(
            f"payload replacement target {target!r}: its parent is not an object or array"
        )
    return document


def _xml_replace(payload: str, replacements: Sequence[tuple[str, Any]]) -> str:
    import defusedxml.ElementTree as SafeET
    import elementpath

    try:
        root = SafeET.fromstring(payload)
    except (ET.ParseError, ValueError) as exc:
        raise RequestBindingError(f"the XML payload does not parse: {exc}") from exc
    tree = ET.ElementTree(root)
    for target, value in replacements:
        text = scalar_text(value)
        path, _, attribute = target.rpartition("/@")
        select = path if attribute and "/" not in attribute and "[" not in attribute else target
        try:
            found = elementpath.select(tree, select)
        except elementpath.ElementPathError as exc:
            raise RequestBindingError(f"XPath replacement target {target!r}: {exc}") from exc
        elements = [n for n in found if isinstance(n, ET.Element)]
        if not elements:
            raise RequestBindingError(
                f"XPath replacement target {target!r} selects no element in the payload"
            )
        for element in elements:
            if select != target:
                element.set(attribute, text)
            else:
                element.text = text
    declaration = payload.lstrip().startswith("<?xml")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body if declaration else body
