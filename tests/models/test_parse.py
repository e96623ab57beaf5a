"""Reading text: YAML 1.2 scalars, positions, malformed input, and nothing foreign escapes."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from arazzo_engine.errors import ArazzoError
from arazzo_engine.errors import DocumentParseError
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.loader import load

if TYPE_CHECKING:
    from pathlib import Path

DOC = """\
arazzo: 1.0.1
info:
  title: Pets
  version: {version}
  x-released: 2024-01-31
  x-flags: [yes, no, on, off, y, n]
  x-octal: 012
sourceDescriptions:
  - name: api
    url: ./api.yaml
workflows:
  - workflowId: wf
    steps:
      - stepId: s
        operationId: {operation}
"""


def doc(version: str = "1.0.0", operation: str = "getPet") -> str:
    return DOC.format(version=version, operation=operation)


def test_malformed_yaml_reports_line_and_column() -> None:
    with pytest.raises(DocumentParseError) as info:
        load("arazzo: 1.0.1\ninfo:\n  title: [unclosed\n  version: 1\n")
    location = info.value.location
    assert location is not None
    assert (location.line, location.column) == (4, 10)
    assert "not well-formed YAML" in info.value.message
    assert str(info.value).startswith("<document>:4:10 ")


def test_malformed_yaml_in_a_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("a: b: c\n", encoding="utf-8")
    with pytest.raises(DocumentParseError) as info:
        load(path)
    assert info.value.location is not None
    assert info.value.location.file == str(path)
    assert info.value.location.line == 1


@pytest.mark.parametrize(
    ("text", "what"),
    [("- a\n- b\n", "a list"), ("just text\n", "a string"), ("42\n", "a number"), ("\n", "null")],
)
def test_a_document_that_is_not_a_mapping_is_rejected(text: str, what: str) -> None:
    with pytest.raises(DocumentParseError, match=f"must be a mapping at the top, not {what}"):
        load(text)


def test_duplicate_keys_are_rejected_with_the_second_key_location() -> None:
    text = doc().replace("  title: Pets\n", "  title: Pets\n  title: Cats\n")
    with pytest.raises(DocumentParseError) as info:
        load(text)
    assert info.value.message == "duplicate key 'title'"
    assert info.value.location is not None
    assert (info.value.location.line, info.value.location.column) == (4, 3)


def test_duplicate_keys_in_json_are_rejected() -> None:
    with pytest.raises(DocumentParseError, match="duplicate key 'arazzo'"):
        load('{"arazzo": "1.0.1", "arazzo": "1.0.0"}')


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("1.0", "1.0"),
        ("1.10", "1.10"),
        ("2", "2"),
        ("1e3", "1e3"),
        ("true", "true"),
        ("'1.0'", "1.0"),
    ],
)
def test_string_fields_keep_the_scalar_text_as_written(written: str, read: str) -> None:
    assert load(doc(version=written)).info.version == read


def test_yaml_1_1_booleans_and_dates_stay_strings() -> None:
    info = load(doc()).info
    assert info.extensions["x-released"] == "2024-01-31"
    assert info.extensions["x-flags"] == ["yes", "no", "on", "off", "y", "n"]
    assert info.extensions["x-octal"] == 12  # YAML 1.2: a decimal integer, not octal 10


def test_a_step_id_written_as_a_number_becomes_its_text() -> None:
    text = doc().replace("stepId: s", "stepId: 007")
    assert load(text).workflows[0].steps[0].step_id == "007"


def test_any_typed_values_keep_their_yaml_type() -> None:
    text = doc() + "        parameters:\n          - {name: n, in: query, value: 1.50}\n"
    param = load(text).workflows[0].steps[0].parameters[0]
    assert param.value == 1.5
    assert isinstance(param.value, float)


def test_mapping_input_is_not_coerced() -> None:
    data = {
        "arazzo": "1.0.1",
        "info": {"title": "T", "version": 1.0},
        "sourceDescriptions": [{"name": "api", "url": "./api.yaml"}],
        "workflows": [{"workflowId": "wf", "steps": [{"stepId": "s", "operationId": "a"}]}],
    }
    with pytest.raises(DocumentValidationError) as info:
        load(data)
    (problem,) = info.value.problems
    assert problem.rule == "wrong-type"
    assert problem.hint == "quote it to make it a string"


def test_json_text_with_tabs_and_surrogate_pairs_loads() -> None:
    data = {
        "arazzo": "1.0.1",
        "info": {"title": "Pets \U0001f600", "version": "1"},
        "sourceDescriptions": [{"name": "api", "url": "./api.yaml"}],
        "workflows": [{"workflowId": "wf", "steps": [{"stepId": "s", "operationId": "a"}]}],
    }
    assert load(json.dumps(data, indent="\t")).info.title == "Pets \U0001f600"
    assert load(json.dumps(data, ensure_ascii=True)).info.title == "Pets \U0001f600"


def test_json_text_has_locations() -> None:
    data = {
        "arazzo": "1.0.1",
        "info": {"title": "T", "version": "1"},
        "sourceDescriptions": [{"name": "api", "url": "./api.yaml"}],
        "workflows": [{"workflowId": "wf", "steps": [{"stepId": "s", "operationId": "a"}]}],
    }
    step = load(json.dumps(data, indent=2)).workflows[0].steps[0]
    assert (step.location.line, step.location.column, step.location.pointer) == (
        17,
        9,
        "/workflows/0/steps/0",
    )


NASTY = [
    pytest.param(b"\x00\x01\x02\xff\xfe", id="binary-garbage"),
    pytest.param("\x00\x01arazzo: 1\n", id="control-characters"),
    pytest.param("!!python/object/apply:os.system ['echo hi']\n", id="python-object-apply"),
    pytest.param("arazzo: !!python/name:os.system\nx: 1\n", id="python-name"),
    pytest.param("a: !custom 1\nb: 2\n", id="custom-tag"),
    pytest.param("a: !!timestamp 2024-01-01\nb: 2\n", id="explicit-timestamp"),
    pytest.param("a: !!set {x, y}\nb: 2\n", id="set"),
    pytest.param("? [a, b]\n: c\n", id="complex-key"),
    pytest.param("[" * 5000 + "]" * 5000, id="deeply-nested-flow"),
    pytest.param("a:\n" + "".join("  " * i + "- \n" for i in range(1, 400)), id="deep-block"),
    pytest.param(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(8)
        )
        + "x: 1\n",
        id="billion-laughs",
    ),
    pytest.param("a: *nowhere\n", id="undefined-alias"),
    pytest.param("%YAML 1.1\n---\na: 1\n--- \nb: 2\n", id="two-documents"),
    pytest.param("a: !!int nope\nb: 1\n", id="bad-explicit-int"),
    pytest.param("a: 'unterminated\n", id="unterminated-quote"),
    pytest.param("\ta: 1\n", id="tab-indent"),
    pytest.param('{"a": "\\ud800"}', id="lone-surrogate"),
    pytest.param("{" + '"a":' * 3000 + "1" + "}" * 3000, id="deep-json"),
]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_input_raises_only_arazzo_errors(text: str | bytes) -> None:
    with pytest.raises(ArazzoError):
        load(text)


def test_python_tags_are_rejected_without_running_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DocumentParseError, match="unsupported tag"):
        load("!!python/object/apply:pathlib.Path.touch [pwned]\n")
    assert not (tmp_path / "pwned").exists()


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.one_of(
        st.text(max_size=200),
        st.binary(max_size=100),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
            lambda children: (
                st.lists(children, max_size=4)
                | st.dictionaries(st.text(max_size=8), children, max_size=4)
            ),
            max_leaves=20,
        ),
    )
)
def test_arbitrary_input_raises_only_arazzo_errors(source: object) -> None:
    if isinstance(source, str) and "\n" not in source and not source.lstrip().startswith("{"):
        source = source + "\n"  # keep it text: a bare string would be read as a path
    with contextlib.suppress(ArazzoError):
        load(source)  # type: ignore[arg-type]


def test_a_path_with_a_nul_character_is_a_retrieval_error() -> None:
    from arazzo_engine.errors import DocumentRetrievalError

    with pytest.raises(DocumentRetrievalError, match="embedded null byte"):
        load("flow\x00.yaml")


def test_bytes_are_always_text() -> None:
    with pytest.raises(DocumentParseError, match="must be a mapping at the top, not a string"):
        load(b"flow.yaml")


def test_load_restores_the_gc_and_files_the_document_in_the_oldest_generation() -> None:
    import gc

    assert gc.isenabled()
    document = load(doc())
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    young = {id(o) for o in gc.get_objects(0)} | {id(o) for o in gc.get_objects(1)}
    assert id(document) not in young
    assert id(document.workflows[0].steps[0]) not in young


def test_load_leaves_frozen_objects_and_a_disabled_gc_alone() -> None:
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        load(doc())
        assert gc.get_freeze_count() >= frozen  # nothing the program froze was released
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    gc.disable()
    try:
        load(doc())
        assert not gc.isenabled()
    finally:
        gc.enable()
