"""The Twilio Studio example end to end, over real HTTP against the Studio simulator."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import httpx
import pytest

import arazzo_engine as az
from arazzo_engine.simulators.studio import StudioSimulator

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "twilio-studio"
WORKFLOW = EXAMPLE / "arazzo" / "twilio-studio-create-flow-and-execute-workflow.yml"
WORKFLOW_ID = "create-flow-and-execute"


@pytest.fixture
def inputs():
    return json.loads((EXAMPLE / "inputs.json").read_text(encoding="utf-8"))


@pytest.fixture
def studio():
    with StudioSimulator(execution_duration=None) as simulator:
        yield simulator


def run(document, studio, inputs, auth=None):
    return az.run(
        document,
        WORKFLOW_ID,
        inputs=inputs,
        servers={"studioApi": studio.url},
        auth={"studioApi": {"accountSid_authToken": auth or studio.auth}},
    )


def test_corrected_workflow_succeeds_with_outputs_of_the_right_shape(studio, inputs):
    result = run(az.load(WORKFLOW), studio, inputs)
    assert result.status == "succeeded", result.explain()
    assert [s.step_id for s in result.steps] == ["createFlow", "triggerExecution", "fetchExecution"]
    assert [s.status_code for s in result.steps] == [201, 201, 200]
    assert re.fullmatch(r"FW[0-9a-f]{32}", result.outputs["flowSid"])
    assert re.fullmatch(r"FN[0-9a-f]{32}", result.outputs["executionSid"])
    assert result.outputs["status"] == "active"
    # the flow really exists on the server, with the definition we sent
    flow = httpx.get(f"{studio.url}/v2/Flows/{result.outputs['flowSid']}", auth=studio.auth).json()
    assert flow["definition"] == json.loads(inputs["definition"])
    assert flow["status"] == "published"


def test_bad_credentials_fail_create_flow_with_twilios_message(studio, inputs):
    result = run(az.load(WORKFLOW), studio, inputs, auth=(studio.account_sid, "wrong-token"))
    assert result.status == "failed"
    (record,) = result.steps
    assert record.step_id == "createFlow"
    assert record.status_code == 401
    explanation = result.explain()
    assert explanation.startswith("step createFlow: expected $statusCode == 201, got 401")
    assert '"code": 20003' in explanation
    assert '"message": "Authenticate"' in explanation
    assert "wrong-token" not in result.to_json(detail=True)


def test_invalid_definition_fails_create_flow_with_81022_and_details(studio, inputs):
    definition = json.loads(inputs["definition"])
    definition["initial_state"] = "NoSuchWidget"
    inputs["definition"] = json.dumps(definition)
    result = run(az.load(WORKFLOW), studio, inputs)
    assert result.status == "failed"
    (record,) = result.steps
    assert record.status_code == 400
    body = json.loads(record.response.body)
    assert body["code"] == 81022
    assert body["details"]["errors"], body
    assert "81022" in result.explain()


def test_rate_limited_execution_is_retried_honouring_retry_after(studio, inputs):
    studio.faults.fail_next("/v2/Flows/", method="POST", status=429, retry_after=1)
    waits = []
    hooks = az.Hooks(retry_wait=[lambda workflow_id, step_id, seconds: waits.append(seconds)])
    result = az.run(
        az.load(WORKFLOW),
        WORKFLOW_ID,
        inputs=inputs,
        servers={"studioApi": studio.url},
        auth={"studioApi": {"accountSid_authToken": studio.auth}},
        hooks=hooks,
    )
    assert result.status == "succeeded", result.explain()
    trigger = result.step("triggerExecution")
    assert trigger.attempts == 2
    assert trigger.status_code == 201
    assert waits == [1.0]


def test_uncorrected_seed_fails_at_create_flow(studio, inputs):
    text = WORKFLOW.read_text(encoding="utf-8").replace("$statusCode == 201", "$statusCode == 200")
    assert text.count("$statusCode == 200") == 3
    document = az.load(text, base_uri=WORKFLOW.as_uri())
    result = run(document, studio, inputs)
    assert result.status == "failed"
    assert [s.step_id for s in result.steps] == ["createFlow"]
    assert result.explain() == "step createFlow: expected $statusCode == 200, got 201"
    with pytest.raises(az.StepFailedError, match=r"expected \$statusCode == 200, got 201"):
        result.raise_for_failure()


def test_run_script_against_the_simulator(capsys, monkeypatch):
    for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY", "TWILIO_API_SECRET"):
        monkeypatch.delenv(name, raising=False)
    import runpy

    namespace = runpy.run_path(str(EXAMPLE / "run.py"), run_name="example")
    assert namespace["main"]([]) == 0
    out = capsys.readouterr().out
    assert "running against the Studio simulator" in out
    for step in ("createFlow", "triggerExecution", "fetchExecution"):
        assert re.search(rf"✓ {step}\b", out), out
    assert re.search(r"flowSid = FW[0-9a-f]{32}", out)
    assert re.search(r"executionSid = FN[0-9a-f]{32}", out)
    assert "status = active" in out


@pytest.mark.twilio
@pytest.mark.skipif(
    not (os.environ.get("TWILIO_ACCOUNT_SID") and os.environ.get("TWILIO_AUTH_TOKEN")),
    reason="real-Twilio run is opt-in: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN "
    "(and TWILIO_TEST_INPUTS to an inputs file with your numbers)",
)
def test_example_against_real_twilio():
    account, token = os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"]
    inputs_file = Path(os.environ.get("TWILIO_TEST_INPUTS", EXAMPLE / "inputs.json"))
    inputs = json.loads(inputs_file.read_text(encoding="utf-8"))
    result = az.run(
        az.load(WORKFLOW),
        WORKFLOW_ID,
        inputs=inputs,
        auth={"studioApi": {"accountSid_authToken": (account, token)}},
    )
    flow_sid = result.outputs.get("flowSid")
    try:
        assert result.status == "succeeded", result.explain()
        assert re.fullmatch(r"FN[0-9a-f]{32}", result.outputs["executionSid"])
    finally:
        if flow_sid:
            deleted = httpx.delete(
                f"https://studio.twilio.com/v2/Flows/{flow_sid}", auth=(account, token)
            )
            assert deleted.status_code == 204
