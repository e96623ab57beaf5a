"""Arazzo Object (the document), Info Object and Source Description Object."""

from __future__ import annotations

from collections.abc import Mapping  # noqa: TC003 - Pydantic needs it at runtime
from typing import Annotated
from typing import Literal

from pydantic import Field
from pydantic import PrivateAttr
from pydantic import StringConstraints

from arazzo_engine.errors import SourceReferenceError
from arazzo_engine.errors import WorkflowNotFoundError
from arazzo_engine.models._base import ExtensibleModel
from arazzo_engine.models._base import suggest
from arazzo_engine.models._frozen import FrozenDict
from arazzo_engine.models.components import Components
from arazzo_engine.models.workflow import Workflow  # noqa: TC001 - Pydantic needs it at runtime

__all__ = ["ArazzoDocument", "Info", "SourceDescription"]

SOURCE_NAME_PATTERN = r"^[A-Za-z0-9_\-]+$"
"""The pattern source description names must match."""


class Info(ExtensibleModel):
    """Metadata about the document.

    Attributes:
        title: A human-readable title.
        summary: A short summary.
        description: Free text (CommonMark).
        version: The document's own version (not the Arazzo version).
    """

    title: str
    summary: str | None = None
    description: str | None = None
    version: str


class SourceDescription(ExtensibleModel):
    """A description (OpenAPI or Arazzo) that the workflows call into.

    Attributes:
        name: Unique name, used in ``$sourceDescriptions.<name>``.
        url: Where it is; relative URLs are relative to the referring document.
        type: ``"openapi"``, ``"arazzo"``, or ``None`` (to be sniffed).
    """

    name: Annotated[str, StringConstraints(pattern=SOURCE_NAME_PATTERN)]
    url: str
    type: Literal["openapi", "arazzo"] | None = None


class ArazzoDocument(ExtensibleModel):
    """A whole Arazzo document, as loaded by ``arazzo_engine.loader.load``.

    Attributes:
        arazzo: The Arazzo version the document declares (``1.0.x``).
        info: Metadata.
        source_descriptions: The sources the workflows use (at least one).
        workflows: The workflows (at least one).
        components: Reusable objects (empty when absent).
    """

    arazzo: str
    info: Info
    source_descriptions: Annotated[tuple[SourceDescription, ...], Field(min_length=1)]
    workflows: Annotated[tuple[Workflow, ...], Field(min_length=1)]
    components: Components = Field(default_factory=Components)

    _uri: str | None = PrivateAttr(default=None)
    _arazzo_sources: Mapping[str, ArazzoDocument] = PrivateAttr(default_factory=FrozenDict)

    @property
    def uri(self) -> str | None:
        """The absolute URI the document was loaded from, or ``None`` for text/mappings."""
        return self._uri

    @property
    def arazzo_sources(self) -> Mapping[str, ArazzoDocument]:
        """Source name -> the loaded document, for every source of type ``arazzo``."""
        return self._arazzo_sources

    def workflow(self, workflow_id: str) -> Workflow:
        """Return the workflow with ``workflow_id``.

        Args:
            workflow_id: The workflow's id (case-sensitive).

        Returns:
            The workflow.

        Raises:
            WorkflowNotFoundError: No workflow has that id; the hint names the nearest one.
        """
        for workflow in self.workflows:
            if workflow.workflow_id == workflow_id:
                return workflow
        ids = [w.workflow_id for w in self.workflows]
        raise WorkflowNotFoundError(
            f"no workflow {workflow_id!r}",
            location=self.location,
            hint=suggest(workflow_id, ids) or "workflows: " + ", ".join(ids),
        )

    def source(self, name: str) -> SourceDescription:
        """Return the source description called ``name``.

        Args:
            name: The source's name (case-sensitive).

        Returns:
            The source description.

        Raises:
            SourceReferenceError: No source has that name; the hint names the nearest one.
        """
        for source in self.source_descriptions:
            if source.name == name:
                return source
        names = [s.name for s in self.source_descriptions]
        raise SourceReferenceError(
            f"no source description {name!r}",
            location=self.location,
            hint=suggest(name, names) or "sources: " + ", ".join(names),
        )

    def _bind(self, uri: str | None, sources: Mapping[str, ArazzoDocument]) -> None:
        """Record where the document came from and its loaded arazzo sources (loader only)."""
        self._uri = uri
        self._arazzo_sources = FrozenDict(sources)
