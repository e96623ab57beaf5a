"""The report writers and the terminal renderer, on hand-built run results."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

from rich.console import Console

from arazzo_engine._types import UNDEFINED
from arazzo_engine.criteria import CriterionResult
from arazzo_engine.messages import REDACTED
from arazzo_engine.messages import RequestSpec
from arazzo_engine.messages import ResponseView
from arazzo_engine.reports import Redactor
from arazzo_engine.reports import TerminalRenderer
from arazzo_engine.reports import junit_element
from arazzo_engine.reports import result_object
from arazzo_engine.reports import write_json_report
from arazzo_engine.reports import write_junit
from arazzo_engine.runner.state import ErrorInfo
from arazzo_engine.runner.state import RequestSummary
from arazzo_engine.runner.state import ResponseSummary
from arazzo_engine.runner.state import StepRecord
from arazzo_engine.runner.state import WorkflowResult

SECRET = "hunter2-secret"


def passed(condition: str, actual: object) -> CriterionResult:
    return CriterionResult(True, condition, "simple", None, actual, None)


def failed(condition: str, actual: object, reason: str) -> CriterionResult:
    return CriterionResult(False, condition, "simple", None, actual, reason)


def make_result() -> WorkflowResult:
    """create succeeds after a retry, fetch fails a criterion; its response leaks the secret."""
    create = StepRecord(
        step_id="create",
        workflow_id="place-order",
        status="succeeded",
        attempts=2,
        status_code=201,
        outputs={"orderId": "ord-1"},
        criteria=(passed("$statusCode == 201", 201),),
        request=RequestSummary(
            "POST", "http://api.test/v1/orders", (("Authorization", "Basic x"),)
        ),
        response=ResponseSummary(201, (), '{"id": "ord-1"}'),
        duration=0.25,
    )
    fetch = StepRecord(
        step_id="fetch",
        workflow_id="place-order",
        status="failed",
        status_code=200,
        outputs={"status": "placed"},
        criteria=(
            passed("$statusCode == 200", 200),
            failed(
                "$response.body#/status == 'shipped'",
                "placed",
                "expected $response.body#/status == 'shipped', got 'placed'",
            ),
        ),
        request=RequestSummary("GET", "http://api.test/v1/orders/ord-1?expand=items"),
        response=ResponseSummary(200, (), f'{{"status": "placed", "echo": "{SECRET}\x01"}}'),
        duration=0.125,
        warnings=("response body: 'extra' is not allowed",),
    )
    return WorkflowResult(
        workflow_id="place-order",
        status="failed",
        outputs={"orderId": "ord-1", "status": "placed", "nothing": UNDEFINED},
        steps=(create, fetch),
        error=ErrorInfo("StepFailedError", "step fetch failed"),
    )


def test_junit_report_parses_and_counts(tmp_path):
    path = tmp_path / "reports" / "junit.xml"
    write_junit(make_result(), path, redact=Redactor([SECRET]))
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("name") == "place-order"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("2", "1", "0")
    assert float(suite.get("time")) == 0.375
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["create", "fetch"]
    assert {c.get("classname") for c in cases} == {"place-order"}
    assert cases[0].find("failure") is None
    assert "attempts: 2" in cases[0].findtext("system-out")
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "step fetch: expected $response.body#/status == 'shipped', got 'placed'"
    )
    assert "criterion: $response.body#/status == 'shipped'" in failure.text
    assert '"placed"' in failure.text
    assert "response: 200" in failure.text
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties == {
        "status": "failed",
        "output.orderId": "ord-1",
        "output.status": "placed",
        "output.nothing": "null",
    }
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text
    assert REDACTED in text


def test_junit_names_repeated_executions_and_marks_skips():
    steps = (
        StepRecord(step_id="poll", workflow_id="w", status="succeeded"),
        StepRecord(step_id="poll", workflow_id="w", status="succeeded"),
        StepRecord(step_id="later", workflow_id="w", status="skipped"),
    )
    root = junit_element(WorkflowResult("w", "succeeded", steps=steps))
    suite = root.find("testsuite")
    assert [c.get("name") for c in suite.findall("testcase")] == [
        "poll",
        "poll (execution 2)",
        "later",
    ]
    assert suite.get("skipped") == "1"
    assert suite.findall("testcase")[2].find("skipped") is not None


def test_junit_run_failure_without_failed_step_adds_a_workflow_case():
    result = WorkflowResult(
        "w",
        "failed",
        steps=(StepRecord(step_id="a", workflow_id="w", status="succeeded"),),
        error=ErrorInfo("MaxStepsExceededError", "the run executed more than 1 steps"),
    )
    suite = junit_element(result).find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    case = suite.findall("testcase")[-1]
    assert case.get("name") == "(workflow)"
    assert case.find("failure").get("type") == "MaxStepsExceededError"


def test_json_report_is_the_detailed_result_object_redacted(tmp_path):
    path = tmp_path / "report.json"
    write_json_report(make_result(), path, redact=Redactor([SECRET]))
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text
    data = json.loads(text)
    assert set(data) == {"workflowId", "status", "outputs", "steps", "error"}
    assert data["workflowId"] == "place-order"
    assert data["status"] == "failed"
    assert data["outputs"] == {"orderId": "ord-1", "status": "placed", "nothing": None}
    assert data["error"] == {"type": "StepFailedError", "message": "step fetch failed"}
    assert [s["stepId"] for s in data["steps"]] == ["create", "fetch"]
    for step in data["steps"]:
        assert isinstance(step["attempts"], int)
        assert isinstance(step["statusCode"], int)
        assert isinstance(step["durationSeconds"], float)
        assert isinstance(step["criteria"], list)
        assert set(step["request"]) == {"method", "url", "headers", "body"}
        assert set(step["response"]) == {"statusCode", "headers", "body"}
    fetch = data["steps"][1]
    assert fetch["failedCriteria"] == [
        {
            "condition": "$response.body#/status == 'shipped'",
            "actual": "placed",
            "reason": "expected $response.body#/status == 'shipped', got 'placed'",
        }
    ]
    assert REDACTED in fetch["response"]["body"]


def test_format_json_object_has_no_detail():
    data = result_object(make_result())
    assert set(data["steps"][0]) == {
        "stepId",
        "status",
        "statusCode",
        "attempts",
        "outputs",
        "failedCriteria",
    }


def render(renderer_calls, *, verbose=False, redact=None) -> str:
    redact = redact or Redactor([SECRET])
    out = io.StringIO()
    console = Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=True)
    renderer = TerminalRenderer(console, verbose=verbose, redact=redact, workflow_id="place-order")
    renderer_calls(renderer)
    renderer.close()
    return out.getvalue()


def test_terminal_lines_for_steps_failure_details_and_outputs():
    result = make_result()

    def calls(renderer: TerminalRenderer) -> None:
        renderer.step_started("place-order", "create", 1)
        renderer.retry_wait("place-order", "create", 2.0)
        renderer.step_started("place-order", "create", 2)
        renderer.step_finished(result.steps[0])
        renderer.step_started("place-order", "fetch", 1)
        renderer.step_finished(result.steps[1])
        renderer.result(result)

    text = render(calls)
    lines = text.splitlines()
    assert "\x1b[" not in text  # not a terminal: no colour
    assert "waiting 2.0 s before retry 2 of step create" in text
    assert lines[1] == "✓ create  POST /v1/orders  201  0.250 s  attempt 2"
    assert lines[2] == "✗ fetch  GET /v1/orders/ord-1  200  0.125 s  attempt 1"
    assert "criterion $response.body#/status == 'shipped'" in text
    assert "expected  == 'shipped'" in text
    assert 'actual    "placed"' in text
    assert "warning: response body: 'extra' is not allowed" in text
    assert "response  200 " in text
    assert SECRET not in text
    assert "outputs" in lines
    assert '  orderId  "ord-1"' in lines
    assert "  nothing  (nothing selected)" in lines
    assert lines[-1].startswith("workflow place-order failed (2 steps in 0.375 s): step fetch")


def test_terminal_verbose_shows_redacted_request_and_response():
    basic = "Basic " + "YWxpY2U6aHVudGVyMi1zZWNyZXQ="  # alice:hunter2-secret
    spec = RequestSpec(
        "POST",
        "http://api.test/v1/orders?key=" + SECRET,
        headers=(("Authorization", basic), ("Content-Type", "application/json")),
        body=b'{"item": "tea"}',
        secrets=frozenset({SECRET}),
    )
    response = ResponseView.build(
        201,
        (("Content-Type", "application/json"), ("Set-Cookie", "session=cookie-value")),
        b'{"id": "ord-1"}',
        elapsed=0.0123,
    )

    def calls(renderer: TerminalRenderer) -> None:
        renderer.request(spec)
        renderer.response(spec, response)

    text = render(calls, verbose=True, redact=Redactor(["alice:" + SECRET]))
    assert f"→ POST http://api.test/v1/orders?key={REDACTED}" in text
    assert f"Authorization: Basic {REDACTED}" in text
    assert '{"item": "tea"}' in text
    assert "← 201 in 12 ms" in text
    assert '{"id": "ord-1"}' in text
    assert f"Set-Cookie: {REDACTED}" in text
    assert SECRET not in text
    assert "YWxpY2U6aHVudGVyMi1zZWNyZXQ=" not in text


def test_terminal_nested_workflow_steps_are_indented():
    inner = StepRecord(step_id="a", workflow_id="inner", status="succeeded", status_code=200)
    outer = StepRecord(
        step_id="call",
        workflow_id="place-order",
        status="succeeded",
        workflow=WorkflowResult("inner", "succeeded", steps=(inner,)),
    )

    def calls(renderer: TerminalRenderer) -> None:
        renderer.step_started("place-order", "call", 1)
        renderer.step_started("inner", "a", 1)
        renderer.step_finished(inner)
        renderer.step_finished(outer)

    lines = render(calls).splitlines()
    assert lines[0].startswith("  ✓ inner.a")
    assert lines[1].startswith("✓ call  workflow inner")


def test_terminal_colour_on_a_terminal_and_not_with_no_color(monkeypatch):
    result = make_result()
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, highlight=False, markup=False)
    TerminalRenderer(console).result(result)
    assert "\x1b[" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, highlight=False, markup=False)
    TerminalRenderer(console).result(result)
    assert "\x1b[3" not in out.getvalue()


def test_terminal_spinner_on_a_terminal_starts_and_stops():
    result = make_result()
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, highlight=False, markup=False)
    renderer = TerminalRenderer(console, workflow_id="place-order")
    renderer.step_started("place-order", "create", 1)
    renderer.retry_wait("place-order", "create", 0.5)
    renderer.step_started("place-order", "create", 2)
    renderer.step_finished(result.steps[0])
    renderer.result(result)
    renderer.close()
    assert "waiting 0.5 s before retry 2 of step create" in out.getvalue()
    assert "create" in out.getvalue()


def test_expected_text_by_kind():
    from arazzo_engine.reports.terminal import expected_text

    assert expected_text(failed("$statusCode >= 200", 100, "")) == ">= 200"
    assert expected_text(failed("$a == 1 && $b == 2", 1, "")) == "$a == 1 && $b == 2 to hold"
    assert expected_text(failed("!($a == 1)", 1, "")) == "!($a == 1) to hold"
    regex = CriterionResult(False, "^ok$", "regex", "$response.body", "no", None)
    assert expected_text(regex) == "$response.body to match ^ok$"
