"""Source descriptions: each loaded once into an immutable ``SourceRegistry``."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from urllib.parse import urljoin
from urllib.parse import urlsplit

from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import SourceError
from arazzo_engine.errors import SourceRetrievalError
from arazzo_engine.errors import UnsupportedFeatureError
from arazzo_engine.fetch import DEFAULT_FETCHER
from arazzo_engine.fetch import Fetcher
from arazzo_engine.fetch import display_name
from arazzo_engine.fetch import path_to_uri
from arazzo_engine.openapi.refs import DocumentCache
from arazzo_engine.openapi.refs import nearest_hint
from arazzo_engine.openapi.refs import parse_document

if TYPE_CHECKING:
    from jsonschema_path import SchemaPath

    from arazzo_engine.location import Location

__all__ = ["Source", "SourceRegistry", "SourceSpec", "lint_source"]

SourceType = Literal["openapi", "arazzo"]
_SUPPORTED_OPENAPI = ("3.0", "3.1")


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """What a ``sourceDescription`` declares: enough to load it.

    Attributes:
        name: The source's name.
        url: Its ``url`` as written.
        type: ``"openapi"``, ``"arazzo"``, or ``None`` to sniff it from the content.
        location: Where the ``sourceDescription`` is in the Arazzo document.
    """

    name: str
    url: str
    type: str | None = None
    location: Location | None = None


@dataclass(frozen=True, eq=False)
class Source:
    """One loaded source description.

    Attributes:
        name: The source's name in the Arazzo document.
        url: The ``url`` as written in the Arazzo document.
        uri: The absolute URI it was loaded from (an override's, when given).
        type: ``"openapi"`` or ``"arazzo"``.
        document: The parsed document, as a plain mapping.
        location: Where its ``sourceDescription`` is, when known.
        arazzo: For ``arazzo`` sources, the loaded document object when the caller had one.
    """

    name: str
    url: str
    uri: str
    type: SourceType
    document: Mapping[str, Any]
    location: Location | None = None
    arazzo: Any = field(default=None, repr=False)
    refs: DocumentCache = field(default_factory=lambda: DocumentCache(DEFAULT_FETCHER), repr=False)

    @property
    def openapi_version(self) -> str | None:
        """The ``openapi`` field of an OpenAPI description, else ``None``."""
        version = self.document.get("openapi")
        return str(version) if version is not None else None

    @cached_property
    def operations(self) -> Mapping[str, tuple[str, str]]:
        """Index ``operationId -> (path template, method)``, built once from the raw document."""
        from arazzo_engine.openapi.resolver import index_operations

        return MappingProxyType(index_operations(self))

    @cached_property
    def spec(self) -> SchemaPath:
        """A ``jsonschema_path.SchemaPath`` over the document; ``$ref``s go through our fetcher."""
        from jsonschema_path import SchemaPath

        return SchemaPath.from_dict(
            dict(self.document), base_uri=self.uri, handlers=self.refs.handlers()
        )

    @cached_property
    def resolved(self) -> dict[tuple[str, str], Any]:
        """Cache of resolved operations by ``(template, method)`` (filled by the resolver)."""
        return {}

    @cached_property
    def extras(self) -> dict[str, Any]:
        """Lazily created helper objects (the openapi-core ``OpenAPI`` object, say)."""
        return {}


class SourceRegistry:
    """An immutable mapping of source names to loaded source descriptions.

    Build it with ``from_document`` (from an Arazzo document) or ``build``
    (from explicit ``(name, url, type)`` triples). Each source is fetched and
    parsed exactly once, when the registry is built; openapi-core objects are
    created on first use.

    Args:
        sources: The loaded sources.
        base_uri: The URI of the Arazzo document the sources belong to, if known.
    """

    def __init__(self, sources: Iterable[Source] = (), *, base_uri: str | None = None) -> None:
        self._sources: dict[str, Source] = {s.name: s for s in sources}
        self.base_uri = base_uri
        """The Arazzo document's URI (relative source URLs resolve against it), or ``None``."""

    @classmethod
    def from_document(
        cls,
        doc: Any,
        *,
        fetcher: Fetcher | None = None,
        overrides: Mapping[str, str] | None = None,
    ) -> SourceRegistry:
        """Load every ``sourceDescription`` of an Arazzo document.

        Args:
            doc: The Arazzo document (anything with ``uri``, ``source_descriptions``
                (each with ``name``, ``url``, ``type``, ``location``) and, optionally,
                ``arazzo_sources``).
            fetcher: Fetches files and URLs; ``DEFAULT_FETCHER`` when omitted.
            overrides: Source name -> path or URL to load instead of its ``url``.

        Returns:
            The registry.

        Raises:
            SourceRetrievalError: A source cannot be fetched or parsed, or is not
                the type it says.
            UnsupportedFeatureError: An OpenAPI version other than 3.0 / 3.1.
        """
        specs = [
            SourceSpec(sd.name, sd.url, sd.type, getattr(sd, "location", None))
            for sd in doc.source_descriptions
        ]
        loaded = getattr(doc, "arazzo_sources", None) or {}
        return cls.build(
            specs,
            base_uri=getattr(doc, "uri", None),
            fetcher=fetcher,
            overrides=overrides,
            arazzo_documents=loaded,
        )

    @classmethod
    def build(
        cls,
        sources: Iterable[SourceSpec | tuple[str, str] | tuple[str, str, str | None]],
        *,
        base_uri: str | None = None,
        fetcher: Fetcher | None = None,
        overrides: Mapping[str, str] | None = None,
        arazzo_documents: Mapping[str, Any] | None = None,
    ) -> SourceRegistry:
        """Load sources given explicitly.

        Args:
            sources: ``SourceSpec``s or ``(name, url[, type])`` tuples.
            base_uri: The Arazzo document's URI; relative ``url``s resolve against it
                (against the working directory when ``None``).
            fetcher: Fetches files and URLs; ``DEFAULT_FETCHER`` when omitted.
            overrides: Source name -> path or URL to load instead of its ``url``;
                relative paths resolve against the working directory.
            arazzo_documents: Already loaded ``arazzo`` sources by name (not fetched again).

        Returns:
            The registry.

        Raises:
            SourceRetrievalError: A source cannot be fetched or parsed, or is not
                the type it says.
            UnsupportedFeatureError: An OpenAPI version other than 3.0 / 3.1.
        """
        fetch = fetcher or DEFAULT_FETCHER
        # One document cache for the registry: a file referenced from several sources
        # (or a source referenced from another) is fetched once.
        refs = DocumentCache(fetch)
        overrides = overrides or {}
        loaded = arazzo_documents or {}
        out: list[Source] = []
        for item in sources:
            spec = item if isinstance(item, SourceSpec) else SourceSpec(*item)
            if spec.name in overrides:
                uri = _absolute(overrides[spec.name], None)
            else:
                uri = _absolute(spec.url, base_uri)
            if spec.type == "arazzo" and spec.name in loaded and spec.name not in overrides:
                out.append(
                    Source(spec.name, spec.url, uri, "arazzo", {}, spec.location, loaded[spec.name])
                )
                continue
            out.append(_load(spec, uri, refs, fetch))
        return cls(out, base_uri=base_uri)

    def get(self, name: str) -> Source:
        """Return the source called ``name``.

        Args:
            name: A ``sourceDescription`` name.

        Returns:
            The loaded source.

        Raises:
            SourceError: No source has that name (the message lists the nearest).
        """
        try:
            return self._sources[name]
        except KeyError:
            raise SourceError(
                f"no source description named {name!r}", hint=nearest_hint(name, self.names)
            ) from None

    def with_source(self, source: Source) -> SourceRegistry:
        """Return a new registry with ``source`` added (replacing one of the same name)."""
        kept = [s for s in self if s.name != source.name]
        return SourceRegistry([*kept, source], base_uri=self.base_uri)

    @property
    def names(self) -> tuple[str, ...]:
        """Source names, in document order."""
        return tuple(self._sources)

    @property
    def openapi_sources(self) -> tuple[Source, ...]:
        """The ``openapi`` sources, in document order."""
        return tuple(s for s in self._sources.values() if s.type == "openapi")

    def __iter__(self) -> Iterator[Source]:
        return iter(self._sources.values())

    def __len__(self) -> int:
        return len(self._sources)

    def __contains__(self, name: object) -> bool:
        return name in self._sources

    def __repr__(self) -> str:
        return f"<SourceRegistry {list(self._sources)}>"


def lint_source(source: Source) -> list[str]:
    """Validate an OpenAPI source against the OpenAPI specification (opt-in; can be slow).

    Args:
        source: A loaded ``openapi`` source.

    Returns:
        One readable message per problem found (empty when valid).
    """
    from openapi_spec_validator.shortcuts import get_validator_cls

    validator = get_validator_cls(dict(source.document))(source.spec)
    messages = []
    for error in validator.iter_errors():
        pointer = "".join(
            "/" + str(p).replace("~", "~0").replace("/", "~1")
            for p in getattr(error, "absolute_path", ())
        )
        messages.append(f"{source.name}: {pointer or '/'}: {error.message}")
    return messages


def _absolute(url: str, base_uri: str | None) -> str:
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https", "file"):
        return url
    if len(scheme) == 1:  # a Windows drive letter, not a scheme
        return path_to_uri(url)
    if base_uri:
        return urljoin(base_uri, url)
    return path_to_uri(Path(url))


def _load(spec: SourceSpec, uri: str, refs: DocumentCache, fetch: Fetcher) -> Source:
    where = f"source description {spec.name!r} ({display_name(uri)})"
    try:
        resource = fetch(uri)
    except ArazzoError as exc:
        raise SourceRetrievalError(
            f"cannot load {where}: {exc.message}", location=spec.location, hint=exc.hint
        ) from exc
    try:
        document = parse_document(resource.text, resource.uri)
    except ValueError as exc:
        raise SourceRetrievalError(f"cannot parse {where}: {exc}", location=spec.location) from exc
    if not isinstance(document, Mapping):
        raise SourceRetrievalError(
            f"{where} is not a mapping at the top level", location=spec.location
        )
    sniffed: SourceType | None = (
        "openapi" if "openapi" in document else "arazzo" if "arazzo" in document else None
    )
    if sniffed is None:
        hint = (
            "Swagger 2.0 is not supported; convert it to OpenAPI 3"
            if "swagger" in document
            else "an OpenAPI description has an 'openapi' field, an Arazzo one an 'arazzo' field"
        )
        raise SourceRetrievalError(
            f"{where} is neither an OpenAPI nor an Arazzo document",
            location=spec.location,
            hint=hint,
        )
    if spec.type is not None and spec.type != sniffed:
        raise SourceRetrievalError(
            f"{where} is declared as type {spec.type!r} but is an {sniffed} document",
            location=spec.location,
        )
    if sniffed == "openapi":
        version = str(document["openapi"])
        if not version.startswith(_SUPPORTED_OPENAPI):
            raise UnsupportedFeatureError(
                f"{where} is OpenAPI {version}; only 3.0.x and 3.1.x are supported",
                location=spec.location,
            )
    refs.add(resource.uri, document)
    refs.add(uri, document)
    return Source(spec.name, spec.url, resource.uri, sniffed, document, spec.location, None, refs)
