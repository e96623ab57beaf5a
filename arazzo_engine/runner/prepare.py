"""Getting a run ready: the document, its sources, the workflow, and a fresh state."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.errors import WorkflowNotFoundError
from arazzo_engine.loader import load
from arazzo_engine.models import ArazzoDocument
from arazzo_engine.runner.compiling import compile_document
from arazzo_engine.runner.documents import DocumentRuntime
from arazzo_engine.runner.documents import build_runtime
from arazzo_engine.runner.flow import RunState
from arazzo_engine.sources import SourceRegistry

if TYPE_CHECKING:
    from collections.abc import Mapping

    from arazzo_engine.fetch import Fetcher
    from arazzo_engine.models import Workflow
    from arazzo_engine.runner.config import RunConfig
    from arazzo_engine.runner.hooks import Hooks

_CACHE_SIZE = 8


@dataclass(frozen=True, slots=True)
class Prepared:
    """Everything a run needs before its first step."""

    runtime: DocumentRuntime
    workflow: Workflow
    state: RunState
    inputs: Mapping[str, Any]


class RuntimeCache:
    """A small LRU of document runtimes, so a reused runner loads each source once.

    It holds at most a few documents: a long-lived runner does not grow.
    """

    def __init__(self, fetcher: Fetcher | None) -> None:
        self._fetcher = fetcher
        self._entries: OrderedDict[tuple[int, tuple[tuple[str, str], ...]], DocumentRuntime] = (
            OrderedDict()
        )

    def holds(self, document: object, sources: Mapping[str, str] | None) -> bool:
        """Tell whether ``document`` (with ``sources``) is ready, so preparing it needs no I/O."""
        key = (id(document), tuple(sorted((sources or {}).items())))
        runtime = self._entries.get(key)
        return runtime is not None and runtime.document is document

    def get(self, document: ArazzoDocument, sources: Mapping[str, str]) -> DocumentRuntime:
        """Return the runtime of ``document`` with ``sources`` overrides, loading it once.

        Raises:
            DocumentValidationError: An expression of the document does not compile.
            SourceError: A source description cannot be loaded.
        """
        key = (id(document), tuple(sorted(sources.items())))
        runtime = self._entries.get(key)
        if runtime is not None and runtime.document is document:
            self._entries.move_to_end(key)
            return runtime

        def registry_for(doc: ArazzoDocument) -> SourceRegistry:
            compile_document(doc)
            overrides = sources if doc is document else None
            return SourceRegistry.from_document(doc, fetcher=self._fetcher, overrides=overrides)

        runtime = build_runtime(document, registry_for)
        self._entries[key] = runtime
        while len(self._entries) > _CACHE_SIZE:
            self._entries.popitem(last=False)
        return runtime


def as_document(document: Any, fetcher: Fetcher | None) -> ArazzoDocument:
    """Return ``document`` itself, or ``load`` it (path, URL, text or mapping)."""
    if isinstance(document, ArazzoDocument):
        return document
    return load(document, fetcher=fetcher)


def choose_workflow(document: ArazzoDocument, workflow_id: str | None) -> Workflow:
    """The workflow to run: the one named, or the only one.

    Raises:
        WorkflowNotFoundError: The id is unknown, or none was given and there are several.
    """
    if workflow_id is not None:
        return document.workflow(workflow_id)
    if len(document.workflows) == 1:
        return document.workflows[0]
    ids = ", ".join(w.workflow_id for w in document.workflows)
    raise WorkflowNotFoundError(
        f"the document has {len(document.workflows)} workflows; say which one to run",
        hint=f"workflow ids: {ids}",
    )


def prepare(
    cache: RuntimeCache,
    config: RunConfig,
    hooks: Hooks,
    document: Any,
    workflow_id: str | None,
    *,
    inputs: Mapping[str, Any] | None,
    servers: Mapping[str, str] | None,
    auth: Mapping[str, Mapping[str, Any]] | None,
    sources: Mapping[str, str] | None,
    fetcher: Fetcher | None,
) -> Prepared:
    """Load and resolve what a run needs; raise before anything is sent.

    Raises:
        DocumentError: The document cannot be loaded.
        WorkflowNotFoundError: The workflow cannot be chosen.
        SourceError: A source description cannot be loaded.
    """
    doc = as_document(document, fetcher)
    workflow = choose_workflow(doc, workflow_id)
    runtime = cache.get(doc, dict(sources or {}))
    state = RunState(
        config=config,
        hooks=hooks,
        servers=MappingProxyType(dict(servers or {})),
        auth=MappingProxyType({k: MappingProxyType(dict(v)) for k, v in (auth or {}).items()}),
    )
    return Prepared(runtime, workflow, state, MappingProxyType(dict(inputs or {})))
