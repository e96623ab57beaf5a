"""Load Arazzo documents from paths, URLs, text or mappings, with locations and all problems."""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import urljoin

from pydantic import ValidationError

from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import DocumentParseError
from arazzo_engine.errors import DocumentRetrievalError
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.errors import SourceCycleError
from arazzo_engine.errors import UnsupportedVersionError
from arazzo_engine.fetch import DEFAULT_FETCHER
from arazzo_engine.fetch import Fetcher
from arazzo_engine.fetch import Resource
from arazzo_engine.fetch import display_name
from arazzo_engine.fetch import path_to_uri
from arazzo_engine.models._base import DOCUMENT_CONTEXT
from arazzo_engine.models._base import LocationIndex
from arazzo_engine.models._problems import json_type
from arazzo_engine.models._problems import string_patches
from arazzo_engine.models._problems import to_problems
from arazzo_engine.models._tree import ParsedText
from arazzo_engine.models._tree import parse_text
from arazzo_engine.models.document import ArazzoDocument
from arazzo_engine.models.rules import Finding
from arazzo_engine.models.rules import check_document
from arazzo_engine.problems import Problem

if TYPE_CHECKING:
    from arazzo_engine.location import Location

__all__ = ["SUPPORTED_VERSIONS", "VersionSpec", "load"]

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


@dataclass(frozen=True, slots=True)
class VersionSpec:
    """How to read documents of one Arazzo minor version.

    Attributes:
        label: The versions covered, for messages (``"1.0.x"``).
        pattern: Matches the ``arazzo`` field values covered.
        model: The document model to validate with.
        check: The cross-object rules of that version.
    """

    label: str
    pattern: re.Pattern[str]
    model: type[ArazzoDocument]
    check: Callable[[Mapping[str, Any]], list[Finding]]


SUPPORTED_VERSIONS: tuple[VersionSpec, ...] = (
    VersionSpec("1.0.x", re.compile(r"^1\.0\.\d+(-.+)?$"), ArazzoDocument, check_document),
)
"""The versions interpreted; the patch number (and a pre-release suffix) is ignored."""


def load(
    source: str | os.PathLike[str] | Mapping[str, Any] | bytes,
    *,
    fetcher: Fetcher | None = None,
    base_uri: str | None = None,
) -> ArazzoDocument:
    """Load and structurally validate an Arazzo document and its ``arazzo`` sources.

    A ``str`` is text when it contains a newline or starts with ``{``, a URL when it
    starts with a scheme (``https://``, ``file://``), and otherwise a path.

    Args:
        source: A path, a URL, YAML or JSON text, or an already parsed mapping.
        fetcher: Reads URIs (``file://`` included); ``DEFAULT_FETCHER`` when omitted.
        base_uri: The URI of a document given as text or a mapping, used to resolve
            its relative source URLs (and recorded as its ``uri``).

    Returns:
        The document, every object located, ``arazzo`` sources loaded.

    Raises:
        DocumentRetrievalError: The file or URL cannot be read.
        DocumentParseError: Not well-formed YAML/JSON, not a mapping, duplicate keys.
        UnsupportedVersionError: The ``arazzo`` version is not 1.0.x.
        DocumentValidationError: Structural problems; ``problems`` lists them all.
        SourceCycleError: ``arazzo`` source descriptions refer to each other in a cycle.
    """
    with _gc_paused():
        return _Loader(fetcher or DEFAULT_FETCHER).load(source, base_uri)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while a document is built, then file what it built as old.

    Building ~10^5 acyclic objects otherwise triggers it over and over (measured
    4-5x slower on a 2 MB document). When it is re-enabled, those objects would all
    be in the youngest generation, and the first allocation after ``load()`` would
    scan them (then the middle generation again, later): ~0.1 s for the benchmark's
    document. A loaded document is long-lived by nature, so ``gc.freeze()`` then
    ``gc.unfreeze()`` moves every tracked object straight to the oldest generation,
    which only full collections scan (as they would have anyway). That is skipped
    when the program froze objects itself, which ``unfreeze()`` would release.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def _as_uri(base: str) -> str:
    if _URL.match(base):
        return base
    uri = _path_uri(base)
    return uri + "/" if Path(base).is_dir() else uri


def _path_uri(path: str | os.PathLike[str]) -> str:
    try:
        return path_to_uri(os.fspath(path))
    except (OSError, ValueError) as exc:  # e.g. an embedded NUL character
        raise DocumentRetrievalError(f"cannot read {os.fspath(path)!r}: {exc}") from exc


class _Loader:
    def __init__(self, fetcher: Fetcher) -> None:
        self.fetcher = fetcher
        self.done: dict[str, ArazzoDocument] = {}

    def load(self, source: object, base_uri: str | None) -> ArazzoDocument:
        base = _as_uri(base_uri) if base_uri is not None else None
        if isinstance(source, bytes):  # always text, never a path
            try:
                text = source.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise DocumentParseError(f"the document is not UTF-8 text: {exc}") from exc
            return self.build(parse_text(text, display_name(base) if base else None), base, ())
        if isinstance(source, os.PathLike):
            return self.load_uri(_path_uri(source), ())
        if not isinstance(source, str):  # a parsed value: a mapping, or rejected as not one
            return self.build(ParsedText.from_value(source), base, ())
        if "\n" in source or source.lstrip().startswith("{"):
            name = display_name(base) if base else None
            return self.build(parse_text(source, name), base, ())
        if _URL.match(source):
            return self.load_uri(source, ())
        return self.load_uri(_path_uri(source), ())

    def load_uri(self, uri: str, chain: tuple[str, ...]) -> ArazzoDocument:
        resource = self.fetch(uri)
        return self.build(
            parse_text(resource.text, display_name(resource.uri)), resource.uri, chain
        )

    def fetch(self, uri: str) -> Resource:
        try:
            return self.fetcher(uri)
        except ArazzoError:
            raise
        except Exception as exc:  # a user-supplied fetcher may raise anything
            raise DocumentRetrievalError(
                f"cannot fetch {uri}: {type(exc).__name__}: {exc}"
            ) from exc

    def build(self, parsed: ParsedText, uri: str | None, chain: tuple[str, ...]) -> ArazzoDocument:
        name = display_name(uri) if uri else None
        data = parsed.value
        if not isinstance(data, Mapping):
            raise DocumentParseError(
                f"an Arazzo document must be a mapping at the top, not {json_type(data)}",
                location=LocationIndex(name, parsed.position, {}).locate(""),
            )
        index = LocationIndex(name, parsed.position, parsed.pointers)
        spec = _version(data, parsed, index.locate)
        document = self.validate(spec, data, parsed, index)
        chain = (*chain, uri or "<document>")
        sources: dict[str, ArazzoDocument] = {}
        for source in document.source_descriptions:
            if source.type == "arazzo":
                target = _resolve(source.url, uri)
                if target in chain:
                    shown = [display_name(u) for u in (*chain[chain.index(target) :], target)]
                    raise SourceCycleError(shown, location=source.location)
                if target not in self.done:
                    self.done[target] = self.load_uri(target, chain)
                sources[source.name] = self.done[target]
        document._bind(uri, sources)
        return document

    def validate(
        self,
        spec: VersionSpec,
        data: Mapping[str, Any],
        parsed: ParsedText,
        index: LocationIndex,
    ) -> ArazzoDocument:
        context = {DOCUMENT_CONTEXT: index}
        locate = index.locate
        errors = []
        for _ in range(2):
            try:
                document = spec.model.model_validate(data, context=context)
            except ValidationError as exc:
                errors = exc.errors(include_url=False)
                patches = string_patches(errors, data, parsed.scalar)
                if not patches:
                    break
                for container, key, text in patches:  # YAML 1.2 rule: keep the text as written
                    container[key] = text
            else:
                errors = []
                break
        index.pointers = {}  # the models have their pointers; the raw mappings' ids are stale
        problems = to_problems(errors, data, locate) if errors else []
        problems += [
            Problem(f.rule, "error", f.message, locate(f.pointer), f.hint) for f in spec.check(data)
        ]
        if problems:
            problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
            raise DocumentValidationError(problems, file=index.file)
        return document


def _version(
    data: Mapping[str, Any], parsed: ParsedText, locate: Callable[[str], Location]
) -> VersionSpec:
    if "arazzo" not in data:
        if "openapi" in data or "swagger" in data:
            raise DocumentParseError(
                "this is an OpenAPI description, not an Arazzo document", location=locate("")
            )
        return SUPPORTED_VERSIONS[0]  # reported as a missing required field
    value = data["arazzo"]
    text = value if isinstance(value, str) else parsed.scalar("/arazzo") or str(value)
    for spec in SUPPORTED_VERSIONS:
        if spec.pattern.match(text):
            return spec
    raise UnsupportedVersionError(
        text, [s.label for s in SUPPORTED_VERSIONS], location=locate("/arazzo")
    )


def _resolve(url: str, base: str | None) -> str:
    if _URL.match(url):
        return url
    return urljoin(base or path_to_uri(Path.cwd()) + "/", url)
