"""Runner fixtures: the scenario document, the shop server, and a driver per flavour."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from arazzo_engine.runner import AsyncRunner
from arazzo_engine.runner import Runner
from arazzo_engine.runner import WorkflowResult
from tests.loopback import LoopbackServer
from tests.loopback import Reply

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def scenarios() -> Any:
    from arazzo_engine.loader import load

    return load(FIXTURES / "scenarios.arazzo.yaml")


@pytest.fixture
def shop(server: LoopbackServer) -> LoopbackServer:
    """The shop API: login, items, orders, jobs, and misbehaving endpoints."""
    state: dict[str, Any] = {"job_polls": 0, "flaky": 0, "orders": itertools.count(1)}
    server.state = state  # type: ignore[attr-defined]

    @server.route("POST", "/login")
    def login(request, match):
        body = request.json()
        if body == {"username": "alice", "password": "s3cret"}:
            return Reply(200, {"token": "tok-alice"})
        return Reply(401, {"error": "bad credentials"})

    @server.route("GET", r"/items/(\d+)")
    def item(request, match):
        if request.headers.get("x-token") != "tok-alice":
            return Reply(403, {"error": "forbidden"})
        return Reply(200, {"id": int(match.group(1)), "name": "widget", "price": 2.5})

    @server.route("POST", "/orders")
    def order(request, match):
        body = request.json()
        state["last_order"] = body
        return Reply(201, {"orderId": f"ord-{next(state['orders'])}"})

    @server.route("GET", r"/jobs/([^/]+)")
    def job(request, match):
        state["job_polls"] += 1
        done = state["job_polls"] >= state.get("polls_until_done", 3)
        return Reply(200, {"id": match.group(1), "state": "done" if done else "pending"})

    @server.route("GET", "/flaky")
    def flaky(request, match):
        state["flaky"] += 1
        n = state["flaky"]
        script = state.get("flaky_script", [429, 429, 200])
        status = script[min(n, len(script)) - 1]
        headers = {"X-Attempt": str(n)}
        if status == 429:
            waits = state.get("retry_after", [0])
            headers["Retry-After"] = str(waits[min(n, len(waits)) - 1])
        return Reply(status, {"attempt": n}, headers)

    @server.route("GET", "/slow")
    def slow(request, match):
        return Reply(200, {"ok": True}, delay=state.get("slow_delay", 1.0))

    @server.route("GET", "/boom")
    def boom(request, match):
        return Reply(500, {"error": "boom"})

    @server.route("GET", "/text")
    def text(request, match):
        return Reply(200, "plain words, not JSON")

    return server


Drive = Callable[..., WorkflowResult]


@pytest.fixture(params=["sync", "async"])
def drive(request: pytest.FixtureRequest) -> Drive:
    """Run a workflow with the sync ``Runner`` or the async ``AsyncRunner``."""

    def run_sync(document: Any, workflow_id: str, **kwargs: Any) -> WorkflowResult:
        options = kwargs.pop("options", {})
        with Runner(**options) as runner:
            return runner.run(document, workflow_id, **kwargs)

    def run_async(document: Any, workflow_id: str, **kwargs: Any) -> WorkflowResult:
        options = kwargs.pop("options", {})

        async def main() -> WorkflowResult:
            async with AsyncRunner(**options) as runner:
                return await runner.run(document, workflow_id, **kwargs)

        return asyncio.run(main())

    return run_sync if request.param == "sync" else run_async
