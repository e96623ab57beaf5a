"""Where documents come from: paths, URLs, text, mappings, and ``arazzo`` sources."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import yaml

from arazzo_engine.errors import DocumentRetrievalError
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.errors import SourceCycleError
from arazzo_engine.fetch import HttpxFetcher
from arazzo_engine.fetch import Resource
from arazzo_engine.fetch import path_to_uri
from arazzo_engine.loader import load


def document(*sources: tuple[str, str, str | None], title: str = "T") -> str:
    lines = [
        "arazzo: 1.0.1",
        f"info: {{title: {title}, version: '1'}}",
        "sourceDescriptions:",
    ]
    for name, url, kind in sources:
        lines.append(f"  - {{name: {name}, url: '{url}'" + (f", type: {kind}}}" if kind else "}"))
    lines += [
        "workflows:",
        "  - workflowId: wf",
        "    steps:",
        "      - stepId: s",
        "        operationId: a",
        "",
    ]
    return "\n".join(lines)


SIMPLE = document(("api", "./openapi.yaml", "openapi"))


class FakeFetcher:
    """Serves documents from a dict and records what was asked for."""

    def __init__(self, documents: dict[str, str]) -> None:
        self.documents = documents
        self.calls: list[str] = []

    def __call__(self, uri: str) -> Resource:
        self.calls.append(uri)
        if uri not in self.documents:
            raise DocumentRetrievalError(f"cannot fetch {uri}: not found")
        return Resource(uri, self.documents[uri])


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "flow.arazzo.yaml"
    path.write_text(SIMPLE, encoding="utf-8")
    doc = load(path)
    assert doc.uri == path_to_uri(path)
    assert doc.location.file == str(path)
    assert doc.workflows[0].steps[0].location.line == 8


def test_load_from_str_path(tmp_path: Path) -> None:
    path = tmp_path / "flow.arazzo.yaml"
    path.write_text(SIMPLE, encoding="utf-8")
    assert load(str(path)).uri == path_to_uri(path)


def test_missing_file_raises_retrieval_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.arazzo.yaml"
    with pytest.raises(DocumentRetrievalError, match="nowhere.arazzo.yaml"):
        load(str(missing))


def test_load_from_url_through_the_fetcher() -> None:
    fetcher = FakeFetcher({"https://example.com/flows/pets.arazzo.yaml": SIMPLE})
    doc = load("https://example.com/flows/pets.arazzo.yaml", fetcher=fetcher)
    assert doc.uri == "https://example.com/flows/pets.arazzo.yaml"
    assert doc.workflows[0].location.file == "https://example.com/flows/pets.arazzo.yaml"
    assert fetcher.calls == ["https://example.com/flows/pets.arazzo.yaml"]


def test_load_from_url_with_an_httpx_mock_transport() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/pets.arazzo.yaml"
        return httpx.Response(200, text=SIMPLE, headers={"content-type": "application/yaml"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        doc = load("http://api.test/pets.arazzo.yaml", fetcher=HttpxFetcher(client=client))
    assert doc.info.title == "T"


def test_http_error_status_is_a_retrieval_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404)

    with (
        httpx.Client(transport=httpx.MockTransport(handler)) as client,
        pytest.raises(DocumentRetrievalError, match="404"),
    ):
        load("http://api.test/missing.yaml", fetcher=HttpxFetcher(client=client))


def test_a_fetcher_raising_anything_becomes_a_retrieval_error() -> None:
    def fetcher(uri: str) -> Resource:
        raise ConnectionResetError("peer went away")

    with pytest.raises(DocumentRetrievalError, match="ConnectionResetError: peer went away"):
        load("https://example.com/a.yaml", fetcher=fetcher)


def test_load_from_file_url(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(SIMPLE, encoding="utf-8")
    assert load(path.as_uri()).info.title == "T"


def test_load_from_yaml_text_has_no_uri() -> None:
    doc = load(SIMPLE)
    assert doc.uri is None
    assert doc.location.file is None
    assert doc.location.line == 1


def test_load_from_json_text() -> None:
    data = yaml.safe_load(SIMPLE)
    assert load(json.dumps(data)).workflows[0].workflow_id == "wf"


def test_load_from_bytes() -> None:
    assert load(SIMPLE.encode("utf-8")).info.title == "T"


def test_load_from_mapping_has_pointers_but_no_lines() -> None:
    doc = load(yaml.safe_load(SIMPLE))
    step = doc.workflows[0].steps[0]
    assert (step.location.pointer, step.location.line) == ("/workflows/0/steps/0", None)


def test_base_uri_resolves_arazzo_sources_of_text(tmp_path: Path) -> None:
    (tmp_path / "child.arazzo.yaml").write_text(SIMPLE, encoding="utf-8")
    parent = document(("child", "./child.arazzo.yaml", "arazzo"))
    doc = load(parent, base_uri=str(tmp_path / "parent.arazzo.yaml"))
    assert doc.uri == path_to_uri(tmp_path / "parent.arazzo.yaml")
    assert doc.arazzo_sources["child"].uri == path_to_uri(tmp_path / "child.arazzo.yaml")


def test_arazzo_sources_load_recursively_relative_to_the_referrer() -> None:
    fetcher = FakeFetcher(
        {
            "https://x.test/a/root.yaml": document(
                ("mid", "../b/mid.yaml", "arazzo"), ("api", "./openapi.yaml", "openapi")
            ),
            "https://x.test/b/mid.yaml": document(("leaf", "leaf.yaml", "arazzo"), title="Mid"),
            "https://x.test/b/leaf.yaml": document(("api", "api.json", None), title="Leaf"),
        }
    )
    doc = load("https://x.test/a/root.yaml", fetcher=fetcher)
    mid = doc.arazzo_sources["mid"]
    assert mid.info.title == "Mid"
    assert mid.arazzo_sources["leaf"].info.title == "Leaf"
    assert list(doc.arazzo_sources) == ["mid"]
    # openapi and typeless sources are left to the SourceRegistry: never fetched here
    assert fetcher.calls == [
        "https://x.test/a/root.yaml",
        "https://x.test/b/mid.yaml",
        "https://x.test/b/leaf.yaml",
    ]


def test_a_source_shared_by_two_documents_is_loaded_once() -> None:
    fetcher = FakeFetcher(
        {
            "https://x.test/root.yaml": document(
                ("one", "one.yaml", "arazzo"), ("two", "two.yaml", "arazzo")
            ),
            "https://x.test/one.yaml": document(("common", "common.yaml", "arazzo")),
            "https://x.test/two.yaml": document(("common", "common.yaml", "arazzo")),
            "https://x.test/common.yaml": SIMPLE,
        }
    )
    doc = load("https://x.test/root.yaml", fetcher=fetcher)
    one, two = doc.arazzo_sources["one"], doc.arazzo_sources["two"]
    assert one.arazzo_sources["common"] is two.arazzo_sources["common"]
    assert fetcher.calls.count("https://x.test/common.yaml") == 1


def test_cyclic_arazzo_sources_raise_with_the_chain(tmp_path: Path) -> None:
    (tmp_path / "a.arazzo.yaml").write_text(
        document(("b", "./b.arazzo.yaml", "arazzo")), encoding="utf-8"
    )
    (tmp_path / "b.arazzo.yaml").write_text(
        document(("a", "./a.arazzo.yaml", "arazzo")), encoding="utf-8"
    )
    with pytest.raises(SourceCycleError) as info:
        load(tmp_path / "a.arazzo.yaml")
    names = [Path(name).name for name in info.value.chain]
    assert names == ["a.arazzo.yaml", "b.arazzo.yaml", "a.arazzo.yaml"]
    assert info.value.location is not None
    assert info.value.location.pointer == "/sourceDescriptions/0"
    assert Path(info.value.location.file or "").name == "b.arazzo.yaml"
    assert "a.arazzo.yaml -> " in str(info.value)


def test_a_document_naming_itself_as_a_source_is_a_cycle(tmp_path: Path) -> None:
    path = tmp_path / "self.yaml"
    path.write_text(document(("me", "self.yaml", "arazzo")), encoding="utf-8")
    with pytest.raises(SourceCycleError):
        load(path)


def test_problems_in_an_arazzo_source_name_that_file() -> None:
    fetcher = FakeFetcher(
        {
            "https://x.test/root.yaml": document(("child", "child.yaml", "arazzo")),
            "https://x.test/child.yaml": SIMPLE.replace("stepId: s", "stepid: s"),
        }
    )
    with pytest.raises(DocumentValidationError) as info:
        load("https://x.test/root.yaml", fetcher=fetcher)
    assert info.value.problems[0].location.file == "https://x.test/child.yaml"
