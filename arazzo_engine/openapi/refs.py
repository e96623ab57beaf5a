"""Parsing OpenAPI documents and following their ``$ref``s, across files, through a fetcher."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote
from urllib.parse import urldefrag
from urllib.parse import urljoin

import yaml

from arazzo_engine._yaml import parse_yaml
from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import SourceReferenceError
from arazzo_engine.fetch import Fetcher
from arazzo_engine.fetch import display_name

__all__ = [
    "HTTP_METHODS",
    "DocumentCache",
    "nearest_hint",
    "parse_document",
    "pointer_tokens",
    "walk_pointer",
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
"""The operation keys of a Path Item Object."""


def parse_document(text: str, uri: str = "") -> Any:
    """Parse JSON (fast path) or YAML text with YAML 1.2 scalar rules.

    Args:
        text: The document text.
        uri: Where it came from; a ``.json`` name selects the JSON parser first.

    Returns:
        The parsed value.

    Raises:
        ValueError: The text is neither JSON nor YAML (the message says why).
    """
    stripped = text.lstrip()
    if uri.lower().endswith(".json") or stripped[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            pass  # YAML flow style also starts with "{"; let the YAML parser decide
    try:
        return _string_keys(parse_yaml(text))
    except yaml.YAMLError as exc:
        raise ValueError(" ".join(str(exc).split())) from exc


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool) or key is None:
        return json.dumps(key)
    return str(key)


def _string_keys(document: Any) -> Any:
    """Make every mapping key a string, as in JSON (YAML reads ``200:`` as an integer)."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if not all(isinstance(k, str) for k in node):
                items = [(_key_text(k), v) for k, v in node.items()]
                node.clear()
                node.update(items)
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, dict | list))
    return document


def pointer_tokens(pointer: str) -> list[str]:
    """Split an RFC 6901 JSON pointer (``/a/b~1c``, or a URI fragment) into tokens.

    Args:
        pointer: The pointer; percent-escapes (as in URI fragments) are decoded.

    Returns:
        The unescaped reference tokens.

    Raises:
        ValueError: The pointer is not empty and does not start with ``/``.
    """
    pointer = unquote(pointer)
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer {pointer!r} must start with '/'")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def walk_pointer(document: Any, tokens: list[str]) -> Any:
    """Follow ``tokens`` into ``document``.

    Args:
        document: A parsed JSON/YAML value.
        tokens: Reference tokens from ``pointer_tokens``.

    Returns:
        The value at the pointer.

    Raises:
        LookupError: A token names nothing; the message names the first missing token.
    """
    node = document
    for index, token in enumerate(tokens):
        if isinstance(node, Mapping):
            if token in node:
                node = node[token]
                continue
            # YAML may have read `200:` as an integer key.
            alt = _int_key(token)
            if alt is not None and alt in node:
                node = node[alt]
                continue
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            continue
        where = "/" + "/".join(tokens[:index]) if index else "the document root"
        raise LookupError(f"no {token!r} under {where}")
    return node


def _int_key(token: str) -> int | None:
    return int(token) if token.isdigit() else None


class DocumentCache:
    """Parsed documents by URI, fetched at most once; resolves ``$ref``s between them.

    Args:
        fetcher: Fetches a referenced document that is not cached yet.
        documents: Documents already parsed, by absolute URI (without fragment).
    """

    def __init__(self, fetcher: Fetcher, documents: Mapping[str, Any] | None = None) -> None:
        self._fetcher = fetcher
        self._documents: dict[str, Any] = dict(documents or {})

    def add(self, uri: str, document: Any) -> None:
        """Record an already parsed document under ``uri`` (without fragment)."""
        self._documents[urldefrag(uri)[0]] = document

    def get(self, uri: str) -> Any:
        """Return the parsed document at ``uri`` (fetched and parsed on first use).

        Args:
            uri: An absolute URI; a fragment is ignored.

        Returns:
            The parsed document.

        Raises:
            SourceReferenceError: It cannot be fetched or parsed.
        """
        uri = urldefrag(uri)[0]
        if uri not in self._documents:
            try:
                resource = self._fetcher(uri)
                self._documents[uri] = parse_document(resource.text, uri)
            except (ArazzoError, ValueError) as exc:
                reason = exc.message if isinstance(exc, ArazzoError) else str(exc)
                raise SourceReferenceError(
                    f"cannot load the referenced document {display_name(uri)}: {reason}"
                ) from exc
        return self._documents[uri]

    def resolve(self, ref: str, base_uri: str) -> tuple[Any, str]:
        """Resolve one ``$ref`` value.

        Args:
            ref: The reference (``#/components/...``, ``other.yaml#/...``, a URL).
            base_uri: The URI of the document that holds the reference.

        Returns:
            The target value and its absolute URI (with fragment).

        Raises:
            SourceReferenceError: The document or the pointer target does not exist.
        """
        target = urljoin(base_uri, ref)
        doc_uri, fragment = urldefrag(target)
        document = self.get(doc_uri)
        try:
            value = walk_pointer(document, pointer_tokens(fragment))
        except (LookupError, ValueError) as exc:
            raise SourceReferenceError(
                f"$ref {ref!r} points to nowhere in {display_name(doc_uri)}: {exc}",
                hint=f"check that #{fragment} exists in {display_name(doc_uri)}",
            ) from exc
        return value, target

    def deref(self, value: Any, base_uri: str, _stack: tuple[str, ...] = ()) -> Any:
        """Return a copy of ``value`` with every ``$ref`` replaced by its target.

        A recursive reference (one already being expanded) is left as ``{"$ref": ...}``
        with the absolute URI, so recursive schemas stay finite.

        Args:
            value: A value from a document.
            base_uri: The URI of the document that holds ``value``.

        Returns:
            The dereferenced copy.

        Raises:
            SourceReferenceError: A reference leads nowhere.
        """
        if isinstance(value, Mapping):
            ref = value.get("$ref")
            if isinstance(ref, str):
                target_value, target = self.resolve(ref, base_uri)
                if target in _stack:
                    return {"$ref": target}
                return self.deref(target_value, urldefrag(target)[0], (*_stack, target))
            return {str(k): self.deref(v, base_uri, _stack) for k, v in value.items()}
        if isinstance(value, list):
            return [self.deref(v, base_uri, _stack) for v in value]
        return value

    def handlers(self) -> dict[str, Callable[[str], Any]]:
        """Handlers for ``jsonschema_path.SchemaPath``: every scheme goes through this cache.

        Returns:
            A mapping from URI scheme to a function returning the parsed document.
        """
        return {"file": self.get, "http": self.get, "https": self.get}


def nearest_hint(name: str, candidates: Iterable[str]) -> str | None:
    """A "did you mean" hint: same name in another case, else close matches, else some names.

    Args:
        name: What was asked for.
        candidates: What exists.

    Returns:
        The hint, or ``None`` when there are no candidates.
    """
    pool = list(candidates)
    folded = {c.casefold(): c for c in pool}
    if name.casefold() in folded:
        return f"did you mean {folded[name.casefold()]!r}?"
    close = difflib.get_close_matches(name, pool, n=3, cutoff=0.5)
    if not close:
        lowered = difflib.get_close_matches(name.casefold(), list(folded), n=3, cutoff=0.5)
        close = [folded[c] for c in lowered]
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    if pool:
        return "known: " + ", ".join(sorted(pool)[:10])
    return None
