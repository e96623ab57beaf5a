"""Per-document runtime data: the loaded sources and what expressions may read of them."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeVar

from arazzo_engine._memo import memoized
from arazzo_engine.errors import ExecutionError
from arazzo_engine.errors import WorkflowNotFoundError

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Hashable
    from collections.abc import Mapping

    from arazzo_engine.models import ArazzoDocument
    from arazzo_engine.models import FailureAction
    from arazzo_engine.models import Parameter
    from arazzo_engine.models import ReusableObject
    from arazzo_engine.models import SuccessAction
    from arazzo_engine.models import Workflow
    from arazzo_engine.sources import SourceRegistry

_SOURCE_PREFIX = "$sourceDescriptions."
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DocumentRuntime:
    """One Arazzo document as a run sees it.

    Attributes:
        document: The document.
        registry: Its loaded source descriptions.
        sources: ``$sourceDescriptions`` as expressions read it.
        components: ``$components`` as expressions read it.
        children: Runtimes of the ``arazzo`` source documents, by source name.
        memo: What is worked out once per step and reused by every run (merged
            parameters and actions, resolved operations); see ``memoized``.
    """

    document: ArazzoDocument
    registry: SourceRegistry
    sources: Mapping[str, Any]
    components: Mapping[str, Any]
    children: Mapping[str, DocumentRuntime]
    memo: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    def memoized(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return ``compute()``, computed once per ``key`` for this document.

        Only for values that depend on the document alone (never on a run's inputs or
        responses); keys name the objects by ``id``, which the document keeps alive.
        Errors are not remembered: a failing ``compute`` fails again next time.
        """
        return memoized(self.memo, key, compute)

    @property
    def key(self) -> int:
        """Identity of the document within a run."""
        return id(self.document)

    def workflow(self, reference: str) -> tuple[DocumentRuntime, Workflow]:
        """Resolve a step's or action's ``workflowId`` to its document and workflow.

        Args:
            reference: A local workflowId, or ``$sourceDescriptions.<name>.<workflowId>``.

        Returns:
            The runtime of the document that holds it, and the workflow.

        Raises:
            WorkflowNotFoundError: Nothing matches.
        """
        if reference.startswith(_SOURCE_PREFIX):
            name, _, workflow_id = reference[len(_SOURCE_PREFIX) :].partition(".")
            child = self.children.get(name)
            if child is None:
                raise WorkflowNotFoundError(
                    f"{reference!r} names source {name!r}, which is not an arazzo source "
                    "description of this document",
                    hint="known arazzo sources: " + (", ".join(sorted(self.children)) or "none"),
                )
            return child, child.document.workflow(workflow_id)
        return self, self.document.workflow(reference)

    def parameter(self, ref: ReusableObject) -> Parameter:
        """Resolve a Reusable Object to the component parameter, applying its ``value``."""
        name = _component_name(ref.reference, "parameters")
        try:
            parameter = self.document.components.parameters[name]
        except KeyError:
            raise ExecutionError(
                f"reusable parameter {ref.reference!r} does not exist", location=ref.location
            ) from None
        if ref.has_value:
            return parameter.model_copy(update={"value": ref.value})
        return parameter

    def success_action(self, ref: ReusableObject) -> SuccessAction:
        """Resolve a Reusable Object to a component success action."""
        name = _component_name(ref.reference, "successActions")
        return self.document.components.success_actions[name]

    def failure_action(self, ref: ReusableObject) -> FailureAction:
        """Resolve a Reusable Object to a component failure action."""
        name = _component_name(ref.reference, "failureActions")
        return self.document.components.failure_actions[name]


def _component_name(reference: str, kind: str) -> str:
    prefix = f"$components.{kind}."
    return reference[len(prefix) :] if reference.startswith(prefix) else reference


def build_runtime(
    document: ArazzoDocument,
    registry_for: Any,
    _seen: dict[int, DocumentRuntime] | None = None,
) -> DocumentRuntime:
    """Build the runtime of ``document`` and of its ``arazzo`` sources.

    Args:
        document: The entry document.
        registry_for: ``fn(document) -> SourceRegistry``.

    Returns:
        The runtime.
    """
    seen = {} if _seen is None else _seen
    if id(document) in seen:
        return seen[id(document)]
    registry = registry_for(document)
    sources = MappingProxyType(
        {s.name: {"url": s.url, "type": s.type} for s in document.source_descriptions}
    )
    comps = document.components
    components = MappingProxyType(
        {
            "parameters": {k: v.model_dump(by_alias=True) for k, v in comps.parameters.items()},
            "successActions": {
                k: v.model_dump(by_alias=True) for k, v in comps.success_actions.items()
            },
            "failureActions": {
                k: v.model_dump(by_alias=True) for k, v in comps.failure_actions.items()
            },
        }
    )
    children: dict[str, DocumentRuntime] = {}
    runtime = DocumentRuntime(document, registry, sources, components, children)
    seen[id(document)] = runtime
    for name, child in document.arazzo_sources.items():
        children[name] = build_runtime(child, registry_for, seen)
    return runtime
