"""The exception tree: one root, every class documented, messages built from data."""

from __future__ import annotations

import inspect
from pathlib import Path

import arazzo_engine
from arazzo_engine import errors
from arazzo_engine.location import Location
from arazzo_engine.problems import Problem

DOCS = Path(__file__).resolve().parents[1] / "docs" / "exceptions.md"


def error_classes():
    return [getattr(errors, name) for name in errors.__all__]


def test_every_error_is_an_arazzo_error_named_error():
    for cls in error_classes():
        assert issubclass(cls, errors.ArazzoError), cls
        assert cls.__name__.endswith("Error"), cls


def test_every_error_is_drawn_in_the_tree_and_the_docs_and_exported():
    tree = inspect.getdoc(errors) or ""
    docs = DOCS.read_text(encoding="utf-8")
    for cls in error_classes():
        assert cls.__name__ in tree, cls
        assert cls.__name__ in docs, cls
        assert getattr(arazzo_engine, cls.__name__) is cls


def test_message_carries_location_and_hint():
    exc = errors.OperationNotFoundError(
        "operationId 'getPett' not found",
        location=Location("wf.yaml", 41, 9, "/workflows/0/steps/2"),
        hint="did you mean 'getPet'?",
    )
    assert str(exc) == (
        "wf.yaml:41:9 (/workflows/0/steps/2): operationId 'getPett' not found "
        "(did you mean 'getPet'?)"
    )
    assert isinstance(exc, LookupError)


def test_syntax_error_renders_a_caret():
    exc = errors.ExpressionSyntaxError(
        "unexpected '='", expression="$statusCode === 200", offset=14
    )
    lines = exc.detailed_message.splitlines()
    assert lines[1].strip() == "$statusCode === 200"
    assert lines[2].index("^") - lines[1].index("$") == 14


def test_document_validation_error_lists_every_problem():
    problems = [
        Problem(
            "unknown-field",
            "error",
            "unknown field 'sucessCriteria'",
            Location("a.yaml", 3, 5, "/x"),
        ),
        Problem("step-id-unique", "error", "duplicate stepId 's1'", Location("a.yaml", 9, 7, "/y")),
    ]
    exc = errors.DocumentValidationError(problems)
    text = str(exc)
    assert text.splitlines()[0] == "2 problems in a.yaml:"
    assert "a.yaml:3:5 (/x): unknown field 'sucessCriteria'" in text
    assert "a.yaml:9:7 (/y): duplicate stepId 's1'" in text
    assert exc.problems == tuple(problems)


def test_unsupported_version_names_the_supported_ones():
    exc = errors.UnsupportedVersionError("2.0.0", ["1.0.0", "1.0.1"])
    assert "'2.0.0'" in str(exc)
    assert "1.0.0, 1.0.1" in str(exc)
