"""SourceRegistry: loading each source once, sniffing, overrides, multi-file $refs, errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest

from arazzo_engine.errors import DocumentRetrievalError
from arazzo_engine.errors import SourceError
from arazzo_engine.errors import SourceReferenceError
from arazzo_engine.errors import SourceRetrievalError
from arazzo_engine.errors import UnsupportedFeatureError
from arazzo_engine.fetch import DEFAULT_FETCHER
from arazzo_engine.fetch import Resource
from arazzo_engine.location import Location
from arazzo_engine.openapi import BodyValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import check_request
from arazzo_engine.openapi import resolve_operation
from arazzo_engine.sources import SourceRegistry
from arazzo_engine.sources import SourceSpec
from arazzo_engine.sources import lint_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARAZZO_URI = (FIXTURES / "flow.arazzo.yaml").as_uri()
MINIMAL = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}
OWNER = {"Owner": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}}


class CountingFetcher:
    """Local files from disk, remote URLs from a dict; counts every fetch."""

    def __init__(self, remote: dict[str, str] | None = None) -> None:
        self.remote = remote or {}
        self.calls: list[str] = []

    def __call__(self, uri: str) -> Resource:
        self.calls.append(uri)
        if uri in self.remote:
            return Resource(uri, self.remote[uri])
        if uri.startswith("file:"):
            return DEFAULT_FETCHER(uri)
        raise DocumentRetrievalError(f"cannot fetch {uri}: connection refused")


@dataclass
class StandInSource:
    name: str
    url: str
    type: str | None = "openapi"
    location: Location | None = None


@dataclass
class StandInDocument:
    uri: str | None
    source_descriptions: list[StandInSource]
    arazzo_sources: dict[str, Any] = field(default_factory=dict)


def _fetcher():
    return CountingFetcher({"https://schemas.example.com/shared.json": json.dumps(OWNER)})


def _main_registry(fetcher=None):
    return SourceRegistry.build(
        [("pets", "main.yaml")], base_uri=ARAZZO_URI, fetcher=fetcher or _fetcher()
    )


def test_from_document_loads_each_source_once_relative_to_the_document():
    fetcher = _fetcher()
    doc = StandInDocument(ARAZZO_URI, [StandInSource("pets", "./main.yaml")])
    registry = SourceRegistry.from_document(doc, fetcher=fetcher)
    assert registry.names == ("pets",)
    source = registry.get("pets")
    assert source.uri == (FIXTURES / "main.yaml").as_uri()
    assert source.type == "openapi"
    assert source.openapi_version == "3.1.0"
    for op_id in ("getPet", "createPet", "getPet"):
        resolve_operation(registry, operation_id=op_id)
    assert fetcher.calls.count(source.uri) == 1


def test_yaml_dates_stay_strings():
    source = _main_registry().get("pets")
    assert (
        source.document["paths"]["/pets/{petId}"]["get"]["parameters"][1]["example"] == "2024-01-02"
    )


def test_type_is_sniffed_when_absent(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(MINIMAL))
    (tmp_path / "b.yaml").write_text("arazzo: 1.0.1\ninfo: {title: t, version: '1'}\n")
    registry = SourceRegistry.build(
        [("a", "a.json", None), ("b", "b.yaml", None)], base_uri=tmp_path.as_uri() + "/"
    )
    assert [s.type for s in registry] == ["openapi", "arazzo"]
    assert [s.name for s in registry.openapi_sources] == ["a"]


def test_http_sources_go_through_the_fetcher():
    fetcher = CountingFetcher({"https://example.com/api.json": json.dumps(MINIMAL)})
    registry = SourceRegistry.build([("api", "https://example.com/api.json")], fetcher=fetcher)
    assert registry.get("api").uri == "https://example.com/api.json"
    assert fetcher.calls == ["https://example.com/api.json"]


def test_overrides_load_another_file_instead(tmp_path):
    (tmp_path / "local.json").write_text(json.dumps(MINIMAL))
    fetcher = CountingFetcher()
    registry = SourceRegistry.build(
        [("api", "https://example.com/api.json")],
        fetcher=fetcher,
        overrides={"api": str(tmp_path / "local.json")},
    )
    assert registry.get("api").url == "https://example.com/api.json"
    assert fetcher.calls == [(tmp_path / "local.json").as_uri()]


def test_unreachable_source_names_source_url_and_location():
    location = Location("flow.arazzo.yaml", 7, 5, "/sourceDescriptions/0")
    with pytest.raises(SourceRetrievalError) as info:
        SourceRegistry.build(
            [SourceSpec("remote", "https://unreachable.example/api.yaml", "openapi", location)],
            fetcher=CountingFetcher(),
        )
    text = str(info.value)
    assert text.startswith("flow.arazzo.yaml:7:5 (/sourceDescriptions/0): ")
    assert "'remote'" in text
    assert "https://unreachable.example/api.yaml" in text
    assert "connection refused" in text
    assert isinstance(info.value.__cause__, DocumentRetrievalError)


def test_missing_local_file_is_a_retrieval_error(tmp_path):
    with pytest.raises(
        SourceRetrievalError, match=r"cannot load source description 'x'.*nope\.yaml"
    ):
        SourceRegistry.build([("x", "nope.yaml")], base_uri=tmp_path.as_uri() + "/")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("openapi: [unclosed", "cannot parse"),
        ("- just\n- a list\n", "not a mapping"),
        ('{"swagger": "2.0"}', "neither an OpenAPI nor an Arazzo document"),
    ],
)
def test_malformed_sources_are_retrieval_errors(tmp_path, text, message):
    (tmp_path / "bad.yaml").write_text(text)
    with pytest.raises(SourceRetrievalError, match=message):
        SourceRegistry.build([("bad", "bad.yaml")], base_uri=tmp_path.as_uri() + "/")


def test_declared_type_must_match(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(MINIMAL))
    with pytest.raises(SourceRetrievalError, match="declared as type 'arazzo' but is an openapi"):
        SourceRegistry.build([("a", "a.json", "arazzo")], base_uri=tmp_path.as_uri() + "/")


def test_unsupported_openapi_version(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({**MINIMAL, "openapi": "2.5.0"}))
    with pytest.raises(UnsupportedFeatureError, match="only 3.0.x and 3.1.x"):
        SourceRegistry.build([("a", "a.json")], base_uri=tmp_path.as_uri() + "/")


def test_unknown_source_name_suggests_the_nearest():
    with pytest.raises(SourceError, match="did you mean 'pets'"):
        _main_registry().get("pet")


def test_multi_file_refs_resolve_against_their_own_document():
    registry = _main_registry()
    op = resolve_operation(registry, operation_id="getPet")
    by_key = {(p.name, p.in_): p for p in op.parameters}
    assert by_key[("petId", "path")].schema == {"type": "integer", "minimum": 1}
    assert by_key[("X-Trace", "header")].required is True  # the operation's definition wins
    created = resolve_operation(
        registry, operation_id="createPet"
    )  # path item $ref'd into paths.yaml
    assert [(p.name, p.in_) for p in created.parameters] == [("limit", "query")]
    pet = created.request_body.content["application/json"]["schema"]
    assert pet["properties"]["children"]["items"]["$ref"].endswith(
        "components.yaml#/components/schemas/Pet"
    )


def test_remote_refs_go_through_the_fetcher_also_for_openapi_core():
    fetcher = _fetcher()
    registry = _main_registry(fetcher)
    op = resolve_operation(registry, operation_id="remoteBody")
    assert op.request_body.content["application/json"]["schema"]["required"] == ["id"]
    spec = bind_request(op, body=BodyValue({"id": "x"}))
    assert check_request(op, spec) == ['request body/id: type integer, got "x"']
    assert fetcher.calls.count("https://schemas.example.com/shared.json") == 1


def test_ref_to_nowhere_names_the_pointer_and_the_file():
    location = Location("flow.arazzo.yaml", 20, 9, "/workflows/0/steps/0")
    with pytest.raises(SourceReferenceError) as info:
        resolve_operation(_main_registry(), operation_id="brokenRef", location=location)
    text = str(info.value)
    assert "'#/components/parameters/Nope' points to nowhere in" in text
    assert "main.yaml" in text
    assert "GET /broken" in text
    assert text.startswith("flow.arazzo.yaml:20:9")


def test_ref_to_a_missing_file_is_a_reference_error(tmp_path):
    doc = {
        **MINIMAL,
        "paths": {
            "/a": {
                "get": {
                    "operationId": "a",
                    "parameters": [{"$ref": "gone.yaml#/P"}],
                    "responses": {},
                }
            }
        },
    }
    (tmp_path / "a.json").write_text(json.dumps(doc))
    registry = SourceRegistry.build([("a", "a.json")], base_uri=tmp_path.as_uri() + "/")
    with pytest.raises(
        SourceReferenceError, match=r"cannot load the referenced document .*gone\.yaml"
    ):
        resolve_operation(registry, operation_id="a")


def test_registry_is_immutable_and_with_source_returns_a_new_one(tmp_path):
    registry = _main_registry()
    (tmp_path / "a.json").write_text(json.dumps(MINIMAL))
    other = SourceRegistry.build([("a", "a.json")], base_uri=tmp_path.as_uri() + "/").get("a")
    bigger = registry.with_source(other)
    assert registry.names == ("pets",)
    assert bigger.names == ("pets", "a")
    assert "a" in bigger
    assert len(bigger) == 2


def test_lint_is_opt_in_and_reports_spec_problems(tmp_path):
    doc = {**MINIMAL, "paths": {"/a": {"get": {"responses": {"200": {}}}}}}
    (tmp_path / "a.json").write_text(json.dumps(doc))
    registry = SourceRegistry.build([("a", "a.json")], base_uri=tmp_path.as_uri() + "/")
    problems = lint_source(registry.get("a"))
    assert problems
    assert all(p.startswith("a: ") for p in problems)
    assert (
        "a: /paths/~1a/get/responses/200: {} is not valid under any of the given schemas"
        in problems
    )


def test_a_file_referenced_by_two_sources_is_fetched_once():
    fetcher = _fetcher()
    registry = SourceRegistry.build(
        [("a", "main.yaml"), ("b", "second.yaml", "openapi")],
        base_uri=ARAZZO_URI,
        fetcher=fetcher,
    )
    resolve_operation(registry, operation_id="$sourceDescriptions.a.getPet")
    deleted = resolve_operation(registry, operation_id="deletePet")
    assert deleted.parameters[0].schema == {"type": "integer", "minimum": 1}
    assert fetcher.calls.count((FIXTURES / "components.yaml").as_uri()) == 1


def test_loaded_arazzo_sources_are_not_fetched_again():
    fetcher = _fetcher()
    loaded = object()
    doc = StandInDocument(
        ARAZZO_URI,
        [StandInSource("pets", "main.yaml"), StandInSource("flows", "other.arazzo.yaml", "arazzo")],
        {"flows": loaded},
    )
    registry = SourceRegistry.from_document(doc, fetcher=fetcher)
    assert registry.get("flows").arazzo is loaded
    assert registry.get("flows").type == "arazzo"
    assert [s.name for s in registry.openapi_sources] == ["pets"]
    assert fetcher.calls == [(FIXTURES / "main.yaml").as_uri()]
