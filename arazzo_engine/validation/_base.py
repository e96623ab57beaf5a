"""The shared state of one validation pass: the document, its sources and the findings."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine.errors import ArazzoError
from arazzo_engine.models import Parameter
from arazzo_engine.models import ReusableObject
from arazzo_engine.models._base import suggest
from arazzo_engine.problems import Problem
from arazzo_engine.problems import Severity
from arazzo_engine.sources import Source
from arazzo_engine.sources import SourceRegistry
from arazzo_engine.sources import SourceSpec

if TYPE_CHECKING:
    from arazzo_engine.fetch import Fetcher
    from arazzo_engine.location import Location
    from arazzo_engine.models import ArazzoDocument
    from arazzo_engine.models import Step
    from arazzo_engine.models import Workflow
    from arazzo_engine.models._base import ArazzoModel
    from arazzo_engine.openapi import ResolvedOperation

__all__ = [
    "QUALIFIER",
    "Pass",
    "Rule",
    "at",
    "input_names",
    "input_schema",
    "is_structured",
    "nearest",
]

QUALIFIER = "$sourceDescriptions."
"""How an ``operationId`` / ``workflowId`` names its source description."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A check's stable id and severity.

    Attributes:
        id: The rule id printed with every finding, e.g. ``operation-not-found``.
        severity: ``error`` or ``warning``.
        summary: What the rule checks, in one line.
    """

    id: str
    severity: Severity
    summary: str


def at(model: ArazzoModel, *tokens: str | int) -> Location:
    """The location of a field below ``model``, with the model's own line and column.

    Args:
        model: A document object.
        tokens: Keys or indices below it.

    Returns:
        The location (pointer to the field, line of the object that holds it).
    """
    return model.location.within(*tokens) if tokens else model.location


def nearest(word: str, choices: Iterable[str], what: str) -> str:
    """A "did you mean" hint, or the list of valid choices."""
    options = sorted(set(choices))
    close = suggest(word, options)
    if close:
        return close
    if not options:
        return f"there are no {what}"
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f"{what}: {shown}"


class Pass:
    """One validation pass over a document: what it knows and what it found.

    Args:
        document: The loaded document.
        sources: Source name -> path or URL to load instead of its ``url``.
        fetcher: How source descriptions are fetched.
    """

    def __init__(
        self,
        document: ArazzoDocument,
        *,
        sources: Mapping[str, str] | None,
        fetcher: Fetcher | None,
    ) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.unavailable: set[str] = set()
        """Names of the source descriptions that could not be loaded."""
        self.registry = self._load_sources(sources, fetcher)
        self.operations: dict[int, ResolvedOperation | None] = {}
        """Step ``id()`` -> its resolved operation (``None`` when it does not resolve)."""

    # -- reporting --------------------------------------------------------------------

    def report(self, rule: Rule, message: str, location: Location, hint: str | None = None) -> None:
        """Record one finding of ``rule``."""
        self.problems.append(Problem(rule.id, rule.severity, message, location, hint))

    # -- sources ----------------------------------------------------------------------

    def _load_sources(
        self, overrides: Mapping[str, str] | None, fetcher: Fetcher | None
    ) -> SourceRegistry:
        from arazzo_engine.validation.rules import SOURCE_UNAVAILABLE

        doc = self.document
        loaded: list[Source] = []
        for sd in doc.source_descriptions:
            spec = SourceSpec(sd.name, sd.url, sd.type, sd.location)
            try:
                registry = SourceRegistry.build(
                    [spec],
                    base_uri=doc.uri,
                    fetcher=fetcher,
                    overrides={k: v for k, v in (overrides or {}).items() if k == sd.name},
                    arazzo_documents=doc.arazzo_sources,
                )
            except ArazzoError as exc:
                self.unavailable.add(sd.name)
                self.report(
                    SOURCE_UNAVAILABLE,
                    " ".join(exc.message.split()),
                    at(sd, "url"),
                    exc.hint or "check the url, or load it from elsewhere with --source NAME=PATH",
                )
                continue
            loaded.extend(registry)
        return SourceRegistry(loaded, base_uri=doc.uri)

    def source_names(self) -> list[str]:
        """Every source description name of the document."""
        return [sd.name for sd in self.document.source_descriptions]

    def openapi_source(self, name: str) -> Source | None:
        """The loaded ``openapi`` source called ``name``, else ``None``."""
        if name in self.registry:
            source = self.registry.get(name)
            return source if source.type == "openapi" else None
        return None

    # -- document helpers -------------------------------------------------------------

    def workflow_ids(self) -> list[str]:
        """The ids of the document's workflows."""
        return [w.workflow_id for w in self.document.workflows]

    def find_workflow(self, reference: str) -> tuple[Workflow | None, str | None]:
        """Resolve a local or ``$sourceDescriptions.<name>.<id>`` workflow reference.

        Returns:
            ``(workflow, None)`` when found, else ``(None, why)``; ``(None, "")`` when
            it lives in a source that could not be loaded (nothing to report).
        """
        if reference.startswith(QUALIFIER):
            name, _, workflow_id = reference[len(QUALIFIER) :].partition(".")
            if name in self.unavailable:
                return None, ""
            child = self.document.arazzo_sources.get(name)
            if child is None:
                if name in self.source_names():
                    return None, f"source description {name!r} is not an arazzo document"
                return None, f"there is no source description {name!r}"
            for workflow in child.workflows:
                if workflow.workflow_id == workflow_id:
                    return workflow, None
            return None, f"source description {name!r} has no workflow {workflow_id!r}"
        for workflow in self.document.workflows:
            if workflow.workflow_id == reference:
                return workflow, None
        return None, f"there is no workflow {reference!r}"

    def parameters(self, holder: Workflow | Step) -> Iterator[tuple[Parameter, Location]]:
        """The parameters of a workflow or step, Reusable Objects resolved (value applied)."""
        components = self.document.components.parameters
        for index, item in enumerate(holder.parameters):
            if isinstance(item, ReusableObject):
                name = item.reference.removeprefix("$components.parameters.")
                parameter = components.get(name)
                if parameter is None:  # the loader reports dangling references
                    continue
                if item.has_value:
                    parameter = parameter.model_copy(update={"value": item.value})
                yield parameter, at(item)
            else:
                yield item, at(item) if item.location.pointer else at(holder, "parameters", index)

    def merged_parameters(self, workflow: Workflow, step: Step) -> list[tuple[Parameter, Location]]:
        """Workflow then step parameters, later ones replacing by ``(name, in)``."""
        merged: dict[tuple[str, str | None], tuple[Parameter, Location]] = {}
        for holder in (workflow, step):
            for parameter, location in self.parameters(holder):
                key = parameter.name.lower() if parameter.in_ == "header" else parameter.name
                merged[(key, parameter.in_)] = (parameter, location)
        return list(merged.values())


def input_names(schema: Any, components: Mapping[str, Any]) -> tuple[set[str] | None, set[str]]:
    """The property names (``None``: unknown, any name may be valid) and required names.

    Follows ``$ref: '#/components/inputs/<name>'`` and ``allOf`` / ``oneOf`` / ``anyOf``.
    """
    names: set[str] | None = set()
    required: set[str] = set()

    def visit(node: Any, depth: int, top: bool) -> None:
        nonlocal names
        if depth > 20 or not isinstance(node, Mapping):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            prefix = "#/components/inputs/"
            target = components.get(ref[len(prefix) :]) if ref.startswith(prefix) else None
            if target is None:
                names = None
                return
            visit(target, depth + 1, top)
        props = node.get("properties")
        if isinstance(props, Mapping) and names is not None:
            names.update(str(k) for k in props)
        if top:
            req = node.get("required")
            if isinstance(req, list):
                required.update(str(r) for r in req)
        if node.get("patternProperties") or isinstance(node.get("additionalProperties"), Mapping):
            names = None
        for key in ("allOf", "oneOf", "anyOf"):
            branches = node.get(key)
            if isinstance(branches, list):
                for branch in branches:
                    visit(branch, depth + 1, top and key == "allOf")

    visit(schema, 0, True)
    return names, required


def is_structured(schema: Any, components: Mapping[str, Any], depth: int = 0) -> bool:
    """Whether every value ``schema`` allows is a JSON object or array."""
    if depth > 20 or not isinstance(schema, Mapping):
        return False
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/inputs/"):
        return is_structured(
            components.get(ref[len("#/components/inputs/") :]), components, depth + 1
        )
    kind = schema.get("type")
    if isinstance(kind, str):
        return kind in ("object", "array")
    if isinstance(kind, list):
        return bool(kind) and all(k in ("object", "array") for k in kind)
    for key in ("oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list) and branches:
            return all(is_structured(b, components, depth + 1) for b in branches)
    return False


def input_schema(
    schema: Any, components: Mapping[str, Any], name: str, pointer: tuple[str, ...]
) -> Any:
    """The schema of input ``name`` (then of ``pointer`` inside it), or ``None`` if unknown."""
    node = _deref(schema, components)
    for token in (name, *pointer):
        if not isinstance(node, Mapping):
            return None
        props = node.get("properties")
        if isinstance(props, Mapping) and token in props:
            node = _deref(props[token], components)
        elif token.isdigit() and isinstance(node.get("items"), Mapping):
            node = _deref(node["items"], components)
        else:
            return None
    return node


def _deref(schema: Any, components: Mapping[str, Any]) -> Any:
    for _ in range(20):
        ref = schema.get("$ref") if isinstance(schema, Mapping) else None
        if not (isinstance(ref, str) and ref.startswith("#/components/inputs/")):
            return schema
        schema = components.get(ref[len("#/components/inputs/") :])
    return schema
