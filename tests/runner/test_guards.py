"""Limits, hooks, logging, cancellation and reuse of runners."""

from __future__ import annotations

import asyncio
import gc
import logging
import tracemalloc
from pathlib import Path

import httpx
import pytest

from arazzo_engine.loader import load
from arazzo_engine.runner import AsyncRunner
from arazzo_engine.runner import Hooks
from arazzo_engine.runner import Runner

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def guards():
    return load(FIXTURES / "guards.arazzo.yaml")


def test_goto_loop_is_stopped_by_the_step_budget(guards, shop, drive):
    result = drive(guards, "forever", servers={"shop": shop.url}, options={"max_steps": 25})
    assert result.status == "failed"
    assert result.error is not None
    assert result.error.type == "MaxStepsExceededError"
    assert len(result.steps) == 25
    assert len(shop.requests) == 25


def test_recursion_is_stopped_by_the_depth_limit(guards, shop, drive):
    result = drive(guards, "recursive", servers={"shop": shop.url}, options={"max_depth": 5})
    assert result.status == "failed"
    assert result.error is not None
    assert result.error.type == "MaxDepthExceededError"
    assert "depth 6" in result.error.message
    assert shop.requests == []


def test_deadline_stops_the_run(guards, shop, drive):
    shop.state["slow_delay"] = 0.3
    result = drive(guards, "slowChain", servers={"shop": shop.url}, options={"deadline": 0.2})
    assert result.status == "failed"
    assert result.error is not None
    assert result.error.type == "DeadlineExceededError"
    assert [s.step_id for s in result.steps] == ["first"]


def test_hooks_see_every_event_in_order(scenarios, shop, drive):
    events = []
    hooks = Hooks(
        step_started=[lambda wf, step, attempt: events.append(("started", step, attempt))],
        request=[lambda request: events.append(("request", request.method, request.path_template))],
        response=[lambda request, response: events.append(("response", response.status_code))],
        step_finished=[lambda record: events.append(("finished", record.step_id, record.status))],
    )
    result = drive(
        scenarios,
        "chain",
        inputs={"username": "alice", "password": "s3cret"},
        servers={"shop": shop.url},
        options={"hooks": hooks},
    )
    assert result.succeeded
    assert events[:4] == [
        ("started", "login", 1),
        ("request", "POST", "/login"),
        ("response", 200),
        ("finished", "login", "succeeded"),
    ]
    assert [e for e in events if e[0] == "finished"] == [
        ("finished", "login", "succeeded"),
        ("finished", "getItem", "succeeded"),
        ("finished", "createOrder", "succeeded"),
    ]


def test_one_info_line_per_step_on_the_library_logger(guards, shop, caplog):
    logger = logging.getLogger("arazzo_engine")
    assert logger.handlers == []  # the library never configures logging
    with caplog.at_level(logging.INFO, logger="arazzo_engine"), Runner() as runner:
        runner.run(guards, "single", servers={"shop": shop.url})
    lines = [r for r in caplog.records if r.name == "arazzo_engine" and r.levelno == logging.INFO]
    assert len(lines) == 1
    assert "single.only succeeded" in lines[0].getMessage()


def test_cancelling_an_async_run_leaves_no_open_connection(guards, shop):
    shop.state["slow_delay"] = 2.0

    async def main():
        async with httpx.AsyncClient() as client:
            runner = AsyncRunner(client=client)
            task = asyncio.create_task(runner.run(guards, "slowChain", servers={"shop": shop.url}))
            await asyncio.sleep(0.3)
            assert len(shop.requests) == 1  # the first request is in flight
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            pool = client._transport._pool  # no public API exposes the pool's connections
            return [c for c in pool.connections if not c.is_closed()]

    open_connections = asyncio.run(main())
    assert open_connections == []
    assert len(shop.requests) == 1  # nothing was sent after the cancellation


def test_a_reused_runner_does_not_grow(guards, shop):
    hooks = Hooks(step_finished=[lambda record: None])
    with Runner(hooks=hooks, openapi_validation="off") as runner:
        for _ in range(20):
            runner.run(guards, "single", servers={"shop": shop.url})
        gc.collect()
        tracemalloc.start(12)
        before = tracemalloc.take_snapshot()
        for _ in range(100):
            result = runner.run(guards, "single", servers={"shop": shop.url})
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
    assert result.outputs == {"text": "plain words, not JSON"}
    # count what the engine's own code keeps: not the test server's request log, and not
    # httpx/httpcore, which keep about one small object per two requests on their own
    ours = [tracemalloc.Filter(True, "*arazzo_engine*", all_frames=True)] + [
        tracemalloc.Filter(False, f"*/{library}/*", all_frames=True)
        for library in ("httpx", "httpcore", "h11", "openapi_core", "jsonschema", "re")
    ]
    kept = after.filter_traces(ours).compare_to(before.filter_traces(ours), "filename")
    growth = sum(stat.size_diff for stat in kept)
    assert growth < 20_000, f"{growth} bytes retained after 100 runs"
    assert len(runner.hooks.step_finished) == 1
    assert len(runner._cache._entries) == 1


def test_a_condition_that_does_not_parse_stops_the_run_before_sending(shop, drive):
    from arazzo_engine.errors import DocumentValidationError

    text = (FIXTURES / "guards.arazzo.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "        outputs:\n          text: $response.body\n",
        "        successCriteria:\n          - condition: $statusCode === 200\n"
        "        outputs:\n          text: $respons.body\n",
    )
    document = load(text, base_uri=(FIXTURES / "guards.arazzo.yaml").as_uri())
    with pytest.raises(DocumentValidationError) as info:
        drive(document, "single", servers={"shop": shop.url})
    rules = [p.rule for p in info.value.problems]
    assert rules == ["criterion-syntax", "expression-syntax"]
    assert info.value.problems[0].location.pointer == "/workflows/3/steps/0/successCriteria/0"
    assert shop.requests == []
