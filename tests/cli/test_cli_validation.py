"""``arazzo validate`` output, and ``arazzo run`` refusing to send when validation finds errors."""

from __future__ import annotations

import json

import pytest

from arazzo_engine.cli import main
from tests.cli.test_cli_run import AUTH
from tests.cli.test_cli_run import orders_api
from tests.cli.test_cli_run import run

INPUTS = ["--input", "item=tea", "--input", "qty=3"]


@pytest.fixture
def wrong_status(fixtures, tmp_path):
    """The orders document checking 200 where createOrder declares 201 (and 503)."""
    text = (fixtures / "orders.arazzo.yaml").read_text().replace("== 201", "== 200")
    (tmp_path / "orders.openapi.yaml").write_text((fixtures / "orders.openapi.yaml").read_text())
    path = tmp_path / "wrong.arazzo.yaml"
    path.write_text(text)
    return path


def test_validate_prints_file_line_col_severity_rule_message(capsys, wrong_status):
    assert main(["validate", str(wrong_status)]) == 1
    first, summary = capsys.readouterr().out.splitlines()
    place, severity, rule, message = first.split(" ", 3)
    assert place.endswith("wrong.arazzo.yaml:34:13")
    assert (severity, rule) == ("error", "status-undeclared")
    assert message.startswith("'$statusCode == 200' expects 200, but orders.createOrder")
    assert summary.endswith(": 1 error(s), 0 warning(s)")


def test_validate_json_lists_the_problem(capsys, wrong_status):
    assert main(["validate", str(wrong_status), "--format", "json"]) == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem["rule"] == "status-undeclared"
    assert problem["location"]["pointer"] == "/workflows/0/steps/0/successCriteria/0"
    assert problem["location"]["line"] == 34


def test_run_validates_first_and_sends_nothing_on_errors(capsys, wrong_status, server):
    orders_api(server)
    code = main(["run", str(wrong_status), "--server", f"orders={server.url}/v1", *AUTH, *INPUTS])
    captured = capsys.readouterr()
    assert code == 2
    assert server.requests == []
    lines = captured.err.splitlines()
    assert lines[0].startswith("arazzo run: ")
    assert " error status-undeclared " in lines[0]
    assert lines[-1] == (
        "arazzo run: error: 1 validation error(s); nothing was sent "
        "(fix them, or run with --no-validate)"
    )
    assert captured.out == ""


def test_run_dry_run_is_validated_too(capsys, wrong_status, server):
    code = main(["run", str(wrong_status), "--server", f"orders={server.url}/v1", "--dry-run",
                 *AUTH, *INPUTS])  # fmt: skip
    assert code == 2
    assert "status-undeclared" in capsys.readouterr().err


def test_no_validate_runs_anyway(capsys, wrong_status, server):
    orders_api(server)
    code = main(["run", str(wrong_status), "--server", f"orders={server.url}/v1", "--no-validate",
                 *AUTH, *INPUTS])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1  # the 201 the server sends fails the (wrong) criterion
    assert len(server.requests) == 1
    assert "expected $statusCode == 200, got 201" in out


def test_a_valid_document_runs_without_validation_output(capsys, fixtures, server):
    orders_api(server)
    assert run(fixtures, server, *AUTH, *INPUTS) == 0
    assert capsys.readouterr().err == ""


def test_only_the_workflows_the_run_uses_are_checked(capsys, fixtures, server, tmp_path):
    """An error in an unrelated workflow of the document does not block this run."""
    text = (fixtures / "orders.arazzo.yaml").read_text()
    text += (
        "  - workflowId: unrelated\n    steps:\n      - {stepId: x, operationId: noSuchOperation}\n"
    )
    (tmp_path / "orders.openapi.yaml").write_text((fixtures / "orders.openapi.yaml").read_text())
    path = tmp_path / "two.arazzo.yaml"
    path.write_text(text)
    assert main(["validate", str(path)]) == 1
    capsys.readouterr()
    orders_api(server)
    code = main(["run", str(path), "--workflow", "place-order",
                 "--server", f"orders={server.url}/v1", *AUTH, *INPUTS])  # fmt: skip
    assert code == 0, capsys.readouterr()
