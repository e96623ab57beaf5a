"""The drivers: ``Runner`` sends with ``httpx.Client``, ``AsyncRunner`` with ``httpx.AsyncClient``.

Both drive the same sans-I/O flow (``runner/flow.py``); they only send
requests and sleep.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING
from typing import Any

import httpx

from arazzo_engine.errors import TransportError
from arazzo_engine.runner.config import RunConfig
from arazzo_engine.runner.config import Severity
from arazzo_engine.runner.dryrun import DryRunResult
from arazzo_engine.runner.dryrun import dry_run
from arazzo_engine.runner.effects import Flow
from arazzo_engine.runner.effects import Send
from arazzo_engine.runner.flow import workflow_flow
from arazzo_engine.runner.hooks import NO_HOOKS
from arazzo_engine.runner.hooks import Hooks
from arazzo_engine.runner.prepare import Prepared
from arazzo_engine.runner.prepare import RuntimeCache
from arazzo_engine.runner.prepare import prepare
from arazzo_engine.transport import asend
from arazzo_engine.transport import send

if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import TracebackType

    from arazzo_engine.fetch import Fetcher
    from arazzo_engine.runner.state import WorkflowResult

__all__ = ["AsyncRunner", "Runner"]


class _BaseRunner:
    def __init__(
        self,
        *,
        timeout: float | None = 30.0,
        max_steps: int = 1000,
        max_depth: int = 32,
        deadline: float | None = None,
        openapi_validation: Severity = "warn",
        hooks: Hooks | None = None,
        fetcher: Fetcher | None = None,
        config: RunConfig | None = None,
    ) -> None:
        if config is None:
            config = RunConfig(
                timeout=timeout,
                max_steps=max_steps,
                max_depth=max_depth,
                deadline=deadline,
                openapi_validation=openapi_validation,
            )
        self.config = config
        """The limits and policies of every run."""
        self.hooks = hooks or NO_HOOKS
        """The event hooks called during every run."""
        self._fetcher = fetcher
        self._cache = RuntimeCache(fetcher)

    def _prepare(
        self,
        document: Any,
        workflow_id: str | None,
        inputs: Mapping[str, Any] | None,
        servers: Mapping[str, str] | None,
        auth: Mapping[str, Mapping[str, Any]] | None,
        sources: Mapping[str, str] | None,
    ) -> Prepared:
        return prepare(
            self._cache,
            self.config,
            self.hooks,
            document,
            workflow_id,
            inputs=inputs,
            servers=servers,
            auth=auth,
            sources=sources,
            fetcher=self._fetcher,
        )

    def _flow(self, prepared: Prepared) -> Flow[WorkflowResult]:
        return workflow_flow(prepared.state, prepared.runtime, prepared.workflow, prepared.inputs)

    def dry_run(
        self,
        document: Any,
        workflow_id: str | None = None,
        *,
        inputs: Mapping[str, Any] | None = None,
        servers: Mapping[str, str] | None = None,
        auth: Mapping[str, Mapping[str, Any]] | None = None,
        sources: Mapping[str, str] | None = None,
    ) -> DryRunResult:
        """Bind the requests a run would send, sending nothing.

        The first step's request is always bound; later steps are bound while
        their values do not depend on earlier responses.

        Raises:
            DocumentError: The document cannot be loaded.
            WorkflowNotFoundError: The workflow cannot be chosen.
            SourceError: A source description cannot be loaded.
            InputValidationError: The inputs do not match the workflow's schema.
        """
        prepared = self._prepare(document, workflow_id, inputs, servers, auth, sources)
        return dry_run(prepared)


class Runner(_BaseRunner):
    """Runs workflows, sending with an ``httpx.Client``.

    Args:
        client: The client to send with (bring your own proxies, TLS, transport);
            when omitted the runner creates one and closes it in ``close()``.
        timeout: Per-request timeout in seconds.
        max_steps: Step executions allowed in one run (bounds ``goto`` loops).
        max_depth: How deeply workflows may nest.
        deadline: Seconds a whole run may take.
        openapi_validation: ``off``, ``warn`` or ``error``.
        hooks: Event hooks.
        fetcher: How documents and source descriptions are fetched.
        config: A complete ``RunConfig`` (overrides the individual limits).

    Example:
        >>> runner = Runner()  # doctest: +SKIP
        >>> result = runner.run("arazzo.yaml", inputs={"username": "x"})  # doctest: +SKIP
    """

    def __init__(self, *, client: httpx.Client | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_client = client is None
        self._client = client if client is not None else httpx.Client()

    def run(
        self,
        document: Any,
        workflow_id: str | None = None,
        *,
        inputs: Mapping[str, Any] | None = None,
        servers: Mapping[str, str] | None = None,
        auth: Mapping[str, Mapping[str, Any]] | None = None,
        sources: Mapping[str, str] | None = None,
    ) -> WorkflowResult:
        """Run a workflow to its end.

        Args:
            document: An ``ArazzoDocument``, or anything ``load`` accepts.
            workflow_id: The workflow to run; may be omitted when there is one.
            inputs: The workflow's inputs.
            servers: Base URL per source description name.
            auth: Credentials per source name, then per security scheme name.
            sources: Where to load source descriptions from instead of their ``url``.

        Returns:
            The result; a failed workflow is a result, not an exception
            (see ``WorkflowResult.raise_for_failure``).

        Raises:
            DocumentError: The document cannot be loaded.
            WorkflowNotFoundError: The workflow cannot be chosen.
            SourceError: A source description cannot be loaded.
            InputValidationError: The inputs do not match the workflow's schema.
        """
        prepared = self._prepare(document, workflow_id, inputs, servers, auth, sources)
        flow = self._flow(prepared)
        timeout = self.config.timeout
        reply: Any = None
        try:
            while True:
                effect = flow.send(reply)
                if isinstance(effect, Send):
                    try:
                        reply = send(self._client, effect.request, timeout=timeout)
                    except TransportError as exc:
                        reply = exc
                else:
                    time.sleep(effect.seconds)
                    reply = None
        except StopIteration as stop:
            result: WorkflowResult = stop.value
            return result
        finally:
            flow.close()

    def close(self) -> None:
        """Close the client, if the runner created it."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Runner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncRunner(_BaseRunner):
    """Runs workflows, sending with an ``httpx.AsyncClient``; the twin of ``Runner``.

    Loading a document and its source descriptions (the first run of each)
    happens in a worker thread, so the event loop is never blocked on files or
    the network. Cancelling the task that awaits ``run`` stops the run at its
    current request or wait; use ``async with`` so the client is closed.
    """

    def __init__(self, *, client: httpx.AsyncClient | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_client = client is None
        self._client = client if client is not None else httpx.AsyncClient()

    async def run(
        self,
        document: Any,
        workflow_id: str | None = None,
        *,
        inputs: Mapping[str, Any] | None = None,
        servers: Mapping[str, str] | None = None,
        auth: Mapping[str, Mapping[str, Any]] | None = None,
        sources: Mapping[str, str] | None = None,
    ) -> WorkflowResult:
        """Run a workflow to its end; see ``Runner.run``.

        Raises:
            DocumentError: The document cannot be loaded.
            WorkflowNotFoundError: The workflow cannot be chosen.
            SourceError: A source description cannot be loaded.
            InputValidationError: The inputs do not match the workflow's schema.
        """
        args = (document, workflow_id, inputs, servers, auth, sources)
        if self._cache.holds(document, sources):
            prepared = self._prepare(*args)
        else:  # loading the document or its sources reads files or the network
            prepared = await asyncio.to_thread(self._prepare, *args)
        flow = self._flow(prepared)
        timeout = self.config.timeout
        reply: Any = None
        try:
            while True:
                effect = flow.send(reply)
                if isinstance(effect, Send):
                    try:
                        reply = await asend(self._client, effect.request, timeout=timeout)
                    except TransportError as exc:
                        reply = exc
                else:
                    await asyncio.sleep(effect.seconds)
                    reply = None
        except StopIteration as stop:
            result: WorkflowResult = stop.value
            return result
        finally:
            flow.close()

    async def aclose(self) -> None:
        """Close the client, if the runner created it."""
        if self._owns_client:
            await self._client.aclose()

    async def __aenter__(self) -> AsyncRunner:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
