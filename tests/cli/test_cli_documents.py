"""``arazzo list`` and ``arazzo validate``."""

from __future__ import annotations

import json

from arazzo_engine.cli import main


def test_list_text_shows_workflows_inputs_and_outputs(capsys, fixtures):
    assert main(["list", str(fixtures / "orders.arazzo.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "place-order  Create an order and read it back"
    assert "  steps: create, fetch" in lines
    assert "    item*  string  What to order" in lines
    assert "    qty*   integer" in lines
    assert "    note   string" in lines
    assert "    orderId  $steps.create.outputs.orderId" in lines


def test_list_json_resolves_component_inputs(capsys, fixtures):
    assert main(["list", str(fixtures / "orders-multi.arazzo.yaml"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["workflowId"] for w in data] == ["check-order", "ship-order"]
    assert data[0]["inputs"] == [
        {"name": "orderId", "type": "string", "required": True, "description": None},
        {"name": "flags", "type": "array", "required": False, "description": None},
    ]
    assert data[0]["outputs"] == {"status": "$steps.fetch.outputs.status"}
    assert data[1]["summary"].startswith("Expect an order")


def test_validate_ok(capsys, fixtures):
    path = fixtures / "orders.arazzo.yaml"
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.strip().endswith(": valid")


def test_validate_json_ok_is_an_empty_array(capsys, fixtures):
    assert main(["validate", str(fixtures / "orders.arazzo.yaml"), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_validate_structural_problems_exit_1_with_lines(capsys, fixtures):
    path = fixtures / "broken.arazzo.yaml"
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    problems = [line for line in lines if " error " in line]
    assert problems, lines
    for line in problems:
        place, severity, _rule, _message = line.split(" ", 3)
        assert severity == "error"
        file, row, column = place.rsplit(":", 2)
        assert file.endswith("broken.arazzo.yaml")
        assert row.isdigit()
        assert column.isdigit()
    assert lines[-1].endswith("warning(s)")


def test_validate_structural_problems_json(capsys, fixtures):
    assert main(["validate", str(fixtures / "broken.arazzo.yaml"), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)
    assert problems
    for problem in problems:
        assert set(problem) == {"rule", "severity", "message", "hint", "location"}
        assert set(problem["location"]) == {"file", "line", "column", "pointer"}
        assert problem["severity"] in ("error", "warning")


def test_validate_malformed_yaml_exits_2_with_one_problem(capsys, fixtures):
    assert main(["validate", str(fixtures / "malformed.arazzo.yaml"), "--format", "json"]) == 2
    problems = json.loads(capsys.readouterr().out)
    assert len(problems) == 1
    assert problems[0]["rule"] == "document-parse"


def test_validate_source_override(capsys, fixtures, tmp_path):
    doc = (
        (fixtures / "orders.arazzo.yaml")
        .read_text()
        .replace("./orders.openapi.yaml", "./nowhere.yaml")
    )
    (tmp_path / "doc.arazzo.yaml").write_text(doc)
    source = f"orders={fixtures / 'orders.openapi.yaml'}"
    assert main(["validate", str(tmp_path / "doc.arazzo.yaml"), "--source", source]) == 0
    capsys.readouterr()


def test_validate_unknown_source_name_is_a_usage_error(capsys, fixtures):
    code = main(["validate", str(fixtures / "orders.arazzo.yaml"), "--source", "nope=x.yaml"])
    assert code == 2
    assert "no source description 'nope'" in capsys.readouterr().err


def _fake_validate(problems):
    def validate(doc, *, sources=None):
        assert doc.workflows[0].workflow_id == "place-order"
        return list(problems)

    return validate


def test_validate_warnings_only_exit_0(capsys, fixtures, monkeypatch):
    import arazzo_engine
    from arazzo_engine.location import Location
    from arazzo_engine.problems import Problem

    warning = Problem(
        "literal-dollar",
        "warning",
        "'$nope' does not parse; it is a literal",
        Location("doc.yaml", 7, 3, "/workflows/0"),
        hint="quote it",
    )
    monkeypatch.setattr(arazzo_engine, "validate", _fake_validate([warning]))
    assert main(["validate", str(fixtures / "orders.arazzo.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "doc.yaml:7:3 warning literal-dollar '$nope' does not parse; it is a literal "
        "(/workflows/0); quote it"
    )
    assert lines[1].endswith(": 0 error(s), 1 warning(s)")


def test_validate_error_problems_exit_1_and_json(capsys, fixtures, monkeypatch):
    import arazzo_engine
    from arazzo_engine.location import Location
    from arazzo_engine.problems import Problem

    error = Problem("goto-target", "error", "no step 'x'", Location("doc.yaml", 9, 11, "/a"))
    monkeypatch.setattr(arazzo_engine, "validate", _fake_validate([error]))
    assert main(["validate", str(fixtures / "orders.arazzo.yaml"), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [error.to_dict()]
