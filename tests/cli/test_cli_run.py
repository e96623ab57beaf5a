"""``arazzo run`` end to end against a loopback HTTP server."""

from __future__ import annotations

import base64
import io
import json
import xml.etree.ElementTree as ET

import pytest

from arazzo_engine.cli import main
from tests.loopback import Reply

USER, PASSWORD, API_KEY = "alice", "pw-Zq81!secret", "key-7f3a9c-secret"
BASIC = f"{USER}:{PASSWORD}"
AUTH = ["--auth", f"orders.basicAuth={BASIC}", "--auth", f"orders.apiKey={API_KEY}"]


def orders_api(server, *, status="placed", create=None, echo_secrets=False):
    """Script the Orders API: POST /v1/orders and GET /v1/orders/{id}."""
    replies = list(create or [Reply(201, {"id": "ord-1", "status": "placed"})])

    @server.route("POST", "/v1/orders")
    def _create(request, match):
        return replies.pop(0) if len(replies) > 1 else replies[0]

    @server.route("GET", "/v1/orders/(?P<id>[^/]+)")
    def _get(request, match):
        body = {"id": match["id"], "status": status}
        if echo_secrets:  # a server that leaks what it was sent
            body["echo"] = {k: v for k, v in request.headers.items()}
        return Reply(200, body)


def run(fixtures, server, *args, doc="orders.arazzo.yaml"):
    return main(["run", str(fixtures / doc), "--server", f"orders={server.url}/v1", *args])


def test_run_succeeds_with_step_lines_and_outputs(capsys, fixtures, server):
    orders_api(server)
    code = run(fixtures, server, *AUTH, "--input", "item=tea", "--input", "qty=3")
    out = capsys.readouterr().out
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0].startswith("✓ create  POST /v1/orders  201  ")
    assert lines[0].endswith("attempt 1")
    assert lines[1].startswith("✓ fetch  GET /v1/orders/ord-1  200  ")
    assert "outputs" in lines
    assert '  orderId  "ord-1"' in lines
    assert '  status   "placed"' in lines
    assert lines[-1].startswith("workflow place-order succeeded (2 steps in ")
    assert "\x1b[" not in out


def test_run_sends_typed_inputs_params_and_credentials(capsys, fixtures, server):
    orders_api(server)
    definition = '{"flow": [1, 2]}'
    code = run(
        fixtures, server, *AUTH, "--input", "item=tea", "--input", "qty=3",
        "--input", f"note={definition}",
    )  # fmt: skip
    assert code == 0, capsys.readouterr().out
    create, fetch = server.requests
    assert create.json()["item"] == "tea"
    assert create.json()["quantity"] == 3  # integer input parsed as JSON
    assert create.json()["note"] == definition  # string input kept as text
    scheme, token = create.headers["authorization"].split(" ")
    assert (scheme, base64.b64decode(token).decode()) == ("Basic", BASIC)
    assert fetch.path == "/v1/orders/ord-1"
    assert fetch.query == {"expand": ["items"]}
    assert fetch.headers["x-api-key"] == API_KEY


def test_inputs_file_stdin_and_environment(capsys, fixtures, server, monkeypatch, tmp_path):
    orders_api(server)
    monkeypatch.setenv("ARAZZO_INPUT_ITEM", "coffee")
    monkeypatch.setattr("sys.stdin", io.StringIO('{"qty": 2, "item": "from-file"}'))
    assert run(fixtures, server, *AUTH, "--inputs", "-", "--input", "qty=5") == 0
    assert server.requests[0].json()["item"] == "from-file"  # the file wins over the environment
    assert server.requests[0].json()["quantity"] == 5  # --input wins over the file
    inputs = tmp_path / "inputs.json"
    inputs.write_text('{"qty": 1}')
    assert run(fixtures, server, *AUTH, "--inputs", str(inputs)) == 0
    body = server.requests[2].json()
    assert (body["item"], body["quantity"]) == ("coffee", 1)  # item from the environment
    capsys.readouterr()


def test_credentials_from_the_environment(capsys, fixtures, server, monkeypatch):
    orders_api(server)
    monkeypatch.setenv("ARAZZO_AUTH_ORDERS_BASICAUTH", BASIC)
    monkeypatch.setenv("ARAZZO_AUTH_ORDERS_APIKEY", API_KEY)
    assert run(fixtures, server, "--input", "item=tea", "--input", "qty=1") == 0
    capsys.readouterr()
    assert server.requests[1].headers["x-api-key"] == API_KEY
    token = server.requests[0].headers["authorization"].split(" ")[1]
    assert base64.b64decode(token).decode() == BASIC


def test_format_json_prints_only_the_result_object(capsys, fixtures, server):
    orders_api(server)
    code = run(fixtures, server, *AUTH, "--input", "item=tea", "--input", "qty=3",
               "--format", "json")  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0
    data = json.loads(captured.out)
    assert set(data) == {"workflowId", "status", "outputs", "steps", "error"}
    assert data["status"] == "succeeded"
    assert data["outputs"] == {"orderId": "ord-1", "status": "placed"}
    assert [s["stepId"] for s in data["steps"]] == ["create", "fetch"]
    assert data["steps"][0]["statusCode"] == 201
    assert data["error"] is None
    assert captured.err == ""


def test_failed_criterion_exits_1_and_explains(capsys, fixtures, server):
    orders_api(server, status="placed")
    code = run(fixtures, server, *AUTH, "--workflow", "ship-order", "--input", "orderId=ord-9",
               doc="orders-multi.arazzo.yaml")  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert "✗ fetch  GET /v1/orders/ord-9  200" in out
    assert "criterion $response.body#/status == 'shipped'" in out
    assert "expected  == 'shipped'" in out
    assert 'actual    "placed"' in out
    assert 'response  200 {"id": "ord-9", "status": "placed"}' in out
    assert "workflow ship-order failed" in out.splitlines()[-1]


def test_retry_wait_is_shown_and_attempts_counted(capsys, fixtures, server):
    orders_api(server, create=[Reply(503, {"busy": True}), Reply(201, {"id": "ord-1"})])
    code = run(fixtures, server, *AUTH, "--input", "item=tea", "--input", "qty=3")
    out = capsys.readouterr().out
    assert code == 0, out
    assert "waiting 0.05 s before retry 2 of step create" in out
    assert "✓ create  POST /v1/orders  201" in out
    assert [line for line in out.splitlines() if line.startswith("✓ create")][0].endswith(
        "attempt 2"
    )


def test_reports_on_failure(capsys, fixtures, server, tmp_path):
    orders_api(server)
    junit, report = tmp_path / "out" / "junit.xml", tmp_path / "out" / "report.json"
    code = run(fixtures, server, *AUTH, "--workflow", "ship-order", "--input", "orderId=ord-1",
               "--report-junit", str(junit), "--report-json", str(report),
               doc="orders-multi.arazzo.yaml")  # fmt: skip
    assert code == 1
    capsys.readouterr()
    suite = ET.parse(junit).getroot().find("testsuite")
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == (
        "ship-order",
        "1",
        "1",
    )
    case = suite.find("testcase")
    assert (case.get("name"), case.get("classname")) == ("fetch", "ship-order")
    assert case.find("failure").get("message").startswith("step fetch:")
    data = json.loads(report.read_text())
    assert data["status"] == "failed"
    step = data["steps"][0]
    assert step["request"]["method"] == "GET"
    assert step["request"]["url"].endswith("/v1/orders/ord-1")
    assert step["response"]["statusCode"] == 200
    assert step["failedCriteria"][0]["condition"] == "$response.body#/status == 'shipped'"


def test_report_that_cannot_be_written_exits_2(capsys, fixtures, server, tmp_path):
    orders_api(server)
    code = run(fixtures, server, *AUTH, "--input", "item=tea", "--input", "qty=3",
               "--report-json", str(tmp_path))  # fmt: skip
    assert code == 2
    assert "cannot write report" in capsys.readouterr().err


@pytest.mark.parametrize("source", ["flags", "environment"])
def test_credentials_never_appear_anywhere(capsys, fixtures, server, tmp_path, monkeypatch, source):
    orders_api(server, echo_secrets=True)
    if source == "flags":
        auth = AUTH
    else:
        auth = []
        monkeypatch.setenv("ARAZZO_AUTH_ORDERS_BASICAUTH", BASIC)
        monkeypatch.setenv("ARAZZO_AUTH_ORDERS_APIKEY", API_KEY)
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    texts = []
    for fmt in ("text", "json"):
        code = run(fixtures, server, *auth, "-v", "--workflow", "ship-order",
                   "--input", "orderId=ord-1", "--format", fmt,
                   "--report-junit", str(junit), "--report-json", str(report),
                   doc="orders-multi.arazzo.yaml")  # fmt: skip
        assert code == 1
        captured = capsys.readouterr()
        texts += [captured.out, captured.err, junit.read_text(), report.read_text()]
    assert "[REDACTED]" in texts[0]
    token = base64.b64encode(BASIC.encode()).decode()
    for text in texts:
        for secret in (PASSWORD, API_KEY, token, BASIC):
            assert secret not in text
    assert server.requests[0].headers["x-api-key"] == API_KEY  # it was really sent


def test_verbose_shows_requests_and_responses(capsys, fixtures, server):
    orders_api(server)
    assert run(fixtures, server, *AUTH, "-v", "--input", "item=tea", "--input", "qty=3") == 0
    out = capsys.readouterr().out
    assert f"→ POST {server.url}/v1/orders" in out
    assert "Authorization: Basic [REDACTED]" in out
    assert '"item": "tea"' in out or '"item":"tea"' in out
    assert "← 201 in " in out


def test_dry_run_sends_nothing(capsys, fixtures, server):
    orders_api(server)
    code = run(fixtures, server, *AUTH, "--dry-run", "--input", "item=tea", "--input", "qty=3")
    out = capsys.readouterr().out
    assert code == 0
    assert server.requests == []
    assert f"→ create  POST {server.url}/v1/orders" in out
    assert "Authorization: Basic [REDACTED]" in out
    assert "stopped at step fetch" in out
    assert "nothing was sent" in out
    assert PASSWORD not in out


def test_dry_run_json(capsys, fixtures, server):
    code = run(fixtures, server, *AUTH, "--dry-run", "--format", "json",
               "--input", "item=tea", "--input", "qty=3")  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["workflowId"] == "place-order"
    assert data["dryRun"] is True
    assert [r["stepId"] for r in data["requests"]] == ["create"]
    assert data["requests"][0]["method"] == "POST"
    assert data["stoppedAt"] == "fetch"


def test_several_workflows_need_workflow_and_list_ids(capsys, fixtures, server):
    assert run(fixtures, server, doc="orders-multi.arazzo.yaml") == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "arazzo run: error: the document has 2 workflows; choose one with --workflow ID:"
    )
    assert err[1:] == ["  check-order  Read an order", "  ship-order  Expect an order to be "
                       "shipped (fails while it is only placed)"]  # fmt: skip


def test_unknown_workflow_exits_2_with_ids(capsys, fixtures, server):
    assert run(fixtures, server, "--workflow", "nope") == 2
    err = capsys.readouterr().err
    assert "no workflow 'nope'" in err
    assert "place-order" in err
    assert server.requests == []


def test_undeclared_input_is_allowed(capsys, fixtures, server):
    orders_api(server)
    code = run(fixtures, server, *AUTH, "--input", "item=tea", "--input", "qty=3",
               "--input", "extra=anything")  # fmt: skip
    assert code == 0, capsys.readouterr().out


def test_badly_typed_input_exits_2(capsys, fixtures, server):
    assert run(fixtures, server, *AUTH, "--input", "item=tea", "--input", "qty=many") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "input 'qty' is declared as integer" in err
    assert server.requests == []


def test_missing_required_input_exits_2(capsys, fixtures, server):
    assert run(fixtures, server, *AUTH, "--input", "item=tea") == 2
    err = capsys.readouterr().err
    assert err.startswith("arazzo: error: ")
    assert "qty" in err
    assert server.requests == []


def test_unknown_source_in_server_or_auth_exits_2(capsys, fixtures, server):
    assert run(fixtures, server, "--server", "nope=http://127.0.0.1:9") == 2
    assert "--server: the document has no source description 'nope'" in capsys.readouterr().err
    assert run(fixtures, server, "--auth", "nope.basic=a:b") == 2
    err = capsys.readouterr().err
    assert "--auth: the document has no source description 'nope'" in err
    assert "source descriptions: orders" in err


def test_source_override_loads_the_description_from_elsewhere(capsys, fixtures, server, tmp_path):
    orders_api(server)
    doc = (
        (fixtures / "orders.arazzo.yaml")
        .read_text()
        .replace("./orders.openapi.yaml", "./nowhere.yaml")
    )
    (tmp_path / "doc.arazzo.yaml").write_text(doc)
    args = ["run", str(tmp_path / "doc.arazzo.yaml"), "--server", f"orders={server.url}/v1",
            "--source", f"orders={fixtures / 'orders.openapi.yaml'}", *AUTH,
            "--input", "item=tea", "--input", "qty=3"]  # fmt: skip
    assert main(args) == 0, capsys.readouterr()


def test_missing_credential_fails_the_step_with_a_hint(capsys, fixtures, server):
    orders_api(server)
    assert run(fixtures, server, "--input", "item=tea", "--input", "qty=3") == 1
    out = capsys.readouterr().out
    assert "✗ create" in out
    assert "MissingCredentialError" in out
    assert "--auth orders.basicAuth=USER:PASS" in out
    assert server.requests == []


def test_auth_for_an_unknown_scheme_exits_2_with_the_schemes(capsys, fixtures, server):
    assert run(fixtures, server, "--auth", "orders.basicauth=alice:pw") == 2
    err = capsys.readouterr().err
    assert "source 'orders' has no security scheme 'basicauth'" in err
    assert "security schemes of orders: basicAuth, apiKey" in err
    assert "alice:pw" not in err


def test_auth_variable_naming_no_scheme_is_warned_about_by_name(
    capsys, fixtures, server, monkeypatch
):
    orders_api(server)
    monkeypatch.setenv("ARAZZO_AUTH_ORDERS_BASIC", "typo-secret-value")
    code = run(fixtures, server, *AUTH, "--input", "item=tea", "--input", "qty=3")
    captured = capsys.readouterr()
    assert code == 0
    assert "warning: ARAZZO_AUTH_ORDERS_BASIC names no security scheme" in captured.err
    assert "typo-secret-value" not in captured.out + captured.err
