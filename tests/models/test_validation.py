"""Structural validation: every problem reported together, with rule id and location."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.errors import UnsupportedVersionError
from arazzo_engine.loader import load

CASES_FILE = Path(__file__).parent / "cases" / "invalid.yaml"


@dataclass(frozen=True)
class Case:
    id: str
    description: str
    document: str
    problems: list[list[Any]]


CASES = [Case(**raw) for raw in yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))]

MINIMAL = """\
arazzo: {version}
info: {{title: T, version: "1"}}
sourceDescriptions: [{{name: api, url: ./api.yaml}}]
workflows:
  - workflowId: wf
    steps: [{{stepId: s, operationId: a}}]
"""


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_invalid_document_reports_every_problem(case: Case) -> None:
    with pytest.raises(DocumentValidationError) as info:
        load(case.document)
    found = [(p.rule, p.location.pointer, p.location.line) for p in info.value.problems]
    expected = [(rule, pointer, line) for rule, pointer, line, _ in case.problems]
    assert found == expected, case.description
    for problem, (*_, text) in zip(info.value.problems, case.problems, strict=True):
        assert text in f"{problem.message} ({problem.hint})"
        assert problem.severity == "error"
        assert problem.location.column is not None


def test_several_problems_are_reported_together_in_document_order() -> None:
    text = """\
arazzo: 1.0.1
info: {title: T}
sourceDescriptions: [{name: api, url: ./api.yaml}]
workflows:
  - workflowId: wf
    steps:
      - stepId: s
        operationId: a
        operationPath: b
      - stepId: s
        operationId: a
        outputs: {ok: [1]}
"""
    with pytest.raises(DocumentValidationError) as info:
        load(text)
    rules = [p.rule for p in info.value.problems]
    assert rules == ["required-field", "operation-target", "step-id-unique", "wrong-type"]
    lines = [p.location.line or 0 for p in info.value.problems]
    assert lines == sorted(lines)
    rendered = str(info.value)
    assert rendered.startswith("4 problems in the document:")
    assert "missing required field 'version'" in rendered


def test_validation_error_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.arazzo.yaml"
    path.write_text(MINIMAL.format(version="1.0.1").replace("stepId: s, ", ""), encoding="utf-8")
    with pytest.raises(DocumentValidationError) as info:
        load(path)
    (problem,) = info.value.problems
    assert problem.location.file is not None
    assert problem.location.file.endswith("bad.arazzo.yaml")
    assert f"{problem.location.file}:6:" in str(info.value)


@pytest.mark.parametrize("version", ["1.0.0", "1.0.1", "1.0.7", "1.0.1-rc", "'1.0.0'"])
def test_every_1_0_patch_version_is_accepted(version: str) -> None:
    assert load(MINIMAL.format(version=version)).arazzo == version.strip("'")


@pytest.mark.parametrize("version", ["2", "1.1.0", "0.9", "1.0", "1.0.1.2", "'v1.0.1'", "true"])
def test_other_versions_raise_unsupported_version(version: str) -> None:
    with pytest.raises(UnsupportedVersionError) as info:
        load(MINIMAL.format(version=version))
    assert info.value.version == version.strip("'")
    assert info.value.supported == ("1.0.x",)
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.pointer) == (1, "/arazzo")
    assert "supported versions: 1.0.x" in str(info.value)


def test_missing_arazzo_field_is_a_required_field_problem() -> None:
    text = MINIMAL.format(version="1.0.1").replace("arazzo: 1.0.1\n", "")
    with pytest.raises(DocumentValidationError) as info:
        load(text)
    assert [(p.rule, p.message) for p in info.value.problems] == [
        ("required-field", "missing required field 'arazzo'")
    ]


def test_snake_case_names_are_not_accepted_in_documents() -> None:
    text = MINIMAL.format(version="1.0.1").replace("stepId: s", "step_id: s")
    with pytest.raises(DocumentValidationError) as info:
        load(text)
    assert {p.rule for p in info.value.problems} == {"unknown-field", "required-field"}
    unknown = next(p for p in info.value.problems if p.rule == "unknown-field")
    assert unknown.hint == "did you mean 'stepId'?"


def test_unknown_field_without_a_close_match_lists_valid_fields() -> None:
    text = MINIMAL.format(version="1.0.1").replace("info: {", "info: {zzz: 1, ")
    with pytest.raises(DocumentValidationError) as info:
        load(text)
    (problem,) = info.value.problems
    assert problem.hint == "valid fields: description, summary, title, version and x- extensions"


def test_an_openapi_description_is_not_an_arazzo_document() -> None:
    from arazzo_engine.errors import DocumentParseError

    with pytest.raises(DocumentParseError, match="OpenAPI description, not an Arazzo"):
        load({"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {}})
