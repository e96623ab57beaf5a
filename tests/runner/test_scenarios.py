"""End-to-end runner scenarios over real loopback HTTP, under both drivers."""

from __future__ import annotations

import time

import pytest

from arazzo_engine.errors import InputValidationError
from arazzo_engine.errors import StepFailedError
from arazzo_engine.errors import WorkflowNotFoundError
from arazzo_engine.runner import Hooks

CREDS = {"username": "alice", "password": "s3cret"}


def servers(shop):
    return {"shop": shop.url}


def test_chain_passes_outputs_between_steps(scenarios, shop, drive):
    result = drive(scenarios, "chain", inputs=CREDS, servers=servers(shop))
    assert result.status == "succeeded", result.explain()
    assert result.outputs == {"orderId": "ord-1", "itemName": "widget"}
    assert [s.step_id for s in result.steps] == ["login", "getItem", "createOrder"]
    assert [s.status_code for s in result.steps] == [200, 200, 201]
    item_request = shop.requests[1]
    assert item_request.path == "/items/7"
    assert item_request.query == {"fields": ["name,price"]}
    assert item_request.headers["x-token"] == "tok-alice"
    # the JSON template kept its braces and the typed values
    assert shop.state["last_order"] == {"itemId": 7, "quantity": 1, "note": "for alice"}


def test_failed_criterion_is_explained(scenarios, shop, drive):
    result = drive(scenarios, "chain", inputs={**CREDS, "password": "nope"}, servers=servers(shop))
    assert result.status == "failed"
    assert [s.step_id for s in result.steps] == ["login"]
    assert result.steps[0].status_code == 401
    assert result.explain() == (
        "step login: expected $statusCode == 200, got 401; "
        'the response was: {"error": "bad credentials"}'
    )
    with pytest.raises(StepFailedError, match="expected \\$statusCode == 200, got 401"):
        result.raise_for_failure()


def test_goto_forward_and_backward_loop_ends_by_criteria(scenarios, shop, drive):
    shop.state["polls_until_done"] = 4
    result = drive(scenarios, "poll", inputs={"jobId": "j1"}, servers=servers(shop))
    assert result.status == "succeeded", result.explain()
    ids = [s.step_id for s in result.steps]
    assert ids == ["start", "check", "check", "check"]  # neverRuns skipped by the forward goto
    assert result.outputs == {"state": "done"}
    assert result.steps[0].action == "goto step check (skipAhead)"


def test_goto_another_workflow_is_one_way(scenarios, shop, drive):
    result = drive(scenarios, "jumpAway", servers=servers(shop))
    assert result.status == "succeeded", result.explain()
    assert [s.step_id for s in result.steps] == ["first"]
    assert not any(r.path == "/boom" for r in shop.requests)
    assert [r.path for r in shop.requests] == ["/jobs/j1", "/text"]


def test_retry_succeeds_on_third_attempt_honouring_retry_after(scenarios, shop, drive):
    shop.state["retry_after"] = [1, 0]
    waits = []
    hooks = Hooks(retry_wait=[lambda workflow_id, step_id, seconds: waits.append(seconds)])
    started = time.monotonic()
    result = drive(scenarios, "retrying", servers=servers(shop), options={"hooks": hooks})
    elapsed = time.monotonic() - started
    assert result.status == "succeeded", result.explain()
    (record,) = result.steps
    assert record.attempts == 3
    assert record.outputs == {"attempt": "3"}
    assert waits == [1.0]  # Retry-After: 1 wins over retryAfter: 0; Retry-After: 0 waits not
    assert elapsed >= 1.0


def test_retry_exhaustion_falls_through_to_next_failure_action(scenarios, shop, drive):
    shop.state["flaky_script"] = [503, 503, 503]
    result = drive(scenarios, "exhausted", servers=servers(shop))
    assert result.status == "succeeded", result.explain()
    assert [s.step_id for s in result.steps] == ["flaky", "recover"]
    assert result.steps[0].attempts == 2  # one retry (retryLimit: 1), then the goto
    assert result.steps[0].status == "failed"
    assert result.steps[0].action == "goto step recover (fallback)"
    assert result.outputs == {"text": "plain words, not JSON"}


def test_end_on_success_stops_the_workflow(scenarios, shop, drive):
    result = drive(scenarios, "endEarly", servers=servers(shop))
    assert result.status == "succeeded"
    assert [s.step_id for s in result.steps] == ["one"]
    assert result.outputs == {"text": "plain words, not JSON"}


def test_nested_workflow_outputs_and_depends_on(scenarios, shop, drive):
    result = drive(scenarios, "parent", inputs=CREDS, servers=servers(shop))
    assert result.status == "succeeded", result.explain()
    assert result.outputs == {
        "orderId": "ord-1",
        "nestedItem": "widget",
        "prerequisite": "plain words, not JSON",
    }
    # dependsOn ran first, once
    assert [r.path for r in shop.requests][0] == "/text"
    (call,) = result.steps
    assert call.workflow is not None
    assert [s.step_id for s in call.workflow.steps] == ["login", "getItem", "createOrder"]
    assert shop.state["last_order"]["quantity"] == 3


def test_workflow_level_action_overridden_by_name(scenarios, shop, drive):
    result = drive(scenarios, "overridden", servers=servers(shop))
    assert [s.step_id for s in result.steps] == ["breaks", "alternative"]
    assert result.status == "succeeded", result.explain()
    assert result.outputs == {"state": "pending"}


def test_transport_timeout_is_a_failed_step(scenarios, shop, drive):
    shop.state["slow_delay"] = 1.0
    result = drive(scenarios, "timeout", servers=servers(shop), options={"timeout": 0.1})
    assert result.status == "failed"
    (record,) = result.steps
    assert record.status_code is None
    assert record.error is not None
    assert record.error.type == "TransportTimeoutError"
    assert "timed out" in result.explain()


def test_server_error_fails_with_reason(scenarios, shop, drive):
    result = drive(scenarios, "serverError", servers=servers(shop))
    assert result.status == "failed"
    assert result.explain().startswith("step boom: expected $statusCode == 200, got 500; ")
    assert result.to_dict()["steps"][0]["failedCriteria"][0]["actual"] == 500


def test_jsonpath_on_non_json_body_fails_without_crash(scenarios, shop, drive):
    result = drive(scenarios, "textJsonPath", servers=servers(shop))
    assert result.status == "failed"
    (criterion,) = result.steps[0].failed_criteria
    assert criterion.kind == "jsonpath"
    assert criterion.reason


def test_unknown_workflow_names_the_known_ones(scenarios, shop, drive):
    with pytest.raises(WorkflowNotFoundError) as info:
        drive(scenarios, "chian", servers=servers(shop))
    assert "chain" in str(info.value)


def test_bad_inputs_are_refused_before_any_request(scenarios, shop, drive):
    with pytest.raises(InputValidationError, match="password"):
        drive(scenarios, "chain", inputs={"username": "alice"}, servers=servers(shop))
    assert shop.requests == []


def test_validating_and_running_a_sound_document_never_looks_up_positions(shop, drive, monkeypatch):
    from arazzo_engine import validate
    from arazzo_engine.loader import load
    from arazzo_engine.models import _tree
    from tests.runner.conftest import FIXTURES

    composed = []
    positions = _tree._positions
    monkeypatch.setattr(_tree, "_positions", lambda root: composed.append(1) or positions(root))
    document = load(FIXTURES / "scenarios.arazzo.yaml")
    problems = [p for p in validate(document) if p.severity == "error"]
    result = drive(document, "chain", inputs=CREDS, servers=servers(shop))
    assert (problems, result.status) == ([], "succeeded")
    assert composed == []  # nothing needed a line number
    step = document.workflow("chain").steps[1]
    assert "line=<deferred>" in repr(step.location)
    assert (step.location.line, step.location.column) == (32, 9)
    assert composed == [1]  # the text is composed again once, when a line is first read
    assert document.workflow("chain").location.line is not None
    assert composed == [1]
