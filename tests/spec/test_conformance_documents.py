"""Conformance: the official Arazzo example documents and schema test fixtures.

Data: ``$ARAZZO_SPEC_DIR`` or ``../shared/arazzo-spec`` beside the checkout (a copy of
OAI/Arazzo-Specification's ``examples/`` and ``tests/``; see its MANIFEST.json).
Every file is either expected to load, expected to fail with a named rule, or listed
below by name with the reason we differ.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from arazzo_engine.errors import DocumentParseError
from arazzo_engine.errors import DocumentValidationError
from arazzo_engine.errors import UnsupportedVersionError
from arazzo_engine.fetch import HttpxFetcher
from arazzo_engine.fetch import Resource
from arazzo_engine.loader import load

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = Path(os.environ.get("ARAZZO_SPEC_DIR", REPO.parent / "shared" / "arazzo-spec"))
if not SPEC_DIR.is_dir():
    pytest.fail(
        f"Arazzo conformance data not found at {SPEC_DIR}: set ARAZZO_SPEC_DIR or place "
        "the shared/ folder (with arazzo-spec/) beside the checkout",
        pytrace=False,
    )

EXAMPLES = [
    "ExtendedParametersExample.arazzo.yaml",  # its ./animals.yaml is missing: openapi, not loaded
    "FAPI-PAR.arazzo.yaml",
    "LoginAndRetrievePets.arazzo.yaml",
    "bnpl-arazzo.yaml",
    "oauth.arazzo.yaml",
    "pet-coupons.arazzo.yaml",
]
PASS_1_0 = sorted(p.name for p in (SPEC_DIR / "tests" / "v1.0" / "pass").glob("*.yaml"))
FAIL_1_0 = {
    "invalid-arazzo-version.yaml": UnsupportedVersionError,  # arazzo: 2
    "not-an-object.yaml": DocumentParseError,  # a YAML list
}

# 1.1 fixtures that break a rule 1.0 has too: loaded as 1.0.1, they fail for that rule.
FAIL_1_1_AS_1_0 = {
    "invalid-openapi-parameter-without-in.arazzo.yaml": "parameter-in",
    "invalid-openapi-success-criteria.arazzo.yaml": "min-items",
    "invalid-workflow-step-with-operationId.arazzo.yaml": "operation-target",
    "invalid-workflow-success-criteria.arazzo.yaml": "min-items",
    "openapi-both-operationId-and-operationPath.arazzo.yaml": "operation-target",
    "openapi-duplicate-parameters.arazzo.yaml": "parameter-unique",
    "openapi-missing-operation-target.arazzo.yaml": "operation-target",
    "workflow-duplicate-parameters.arazzo.yaml": "parameter-unique",
    "workflow-missing-workflowId.arazzo.yaml": "operation-target",
}
# Known deviations: 1.1 fixtures whose fault needs a 1.1 construct. Loaded as 1.0.1 they
# are still rejected, but because 1.0 has no such field or value, not for the 1.1 rule.
ONLY_1_1 = {
    "async-both-operationId-and-channelPath.arazzo.yaml": "AsyncAPI steps (channelPath) are 1.1",
    "async-channelPath-without-action.arazzo.yaml": "AsyncAPI steps (action) are 1.1",
    "async-depends-on-duplicate-values.arazzo.yaml": "step-level dependsOn is 1.1",
    "async-depends-on-empty.arazzo.yaml": "step-level dependsOn is 1.1",
    "async-depends-on-invalid-reference.arazzo.yaml": "step-level dependsOn is 1.1",
    "channel-path-is-invalid-for-openapi.arazzo.yaml": "channelPath is 1.1",
    "invalid-async-correlation-id-non-receive-action.arazzo.yaml": "correlationId is 1.1",
    "invalid-async-parameter-without-in.arazzo.yaml": "AsyncAPI sources are 1.1",
    "invalid-async.arazzo.yaml": "AsyncAPI sources are 1.1",
    "invalid-expression-type-object.arazzo.yaml": "Selector Objects in outputs are 1.1",
    "invalid-querystring-without-value.arazzo.yaml": "in: querystring is 1.1",
    "invalid-selector-object.arazzo.yaml": "Selector Objects are 1.1",
    "invalid-self-fragment.arazzo.yaml": "$self is 1.1",
    "invalid-targetSelectorType.arazzo.yaml": "targetSelectorType is 1.1",
    "workflow-step-with-action.arazzo.yaml": "the step 'action' field is 1.1",
    "workflow-step-with-channelPath.arazzo.yaml": "channelPath is 1.1",
}
# The version and shape fixtures are the 1.0 ones again.
SAME_AS_1_0 = {"invalid-arazzo-version.yaml", "not-an-object.yaml"}
UNKNOWN_CONSTRUCT = {"unknown-field", "invalid-value", "wrong-type", "required-field"}

FAIL_1_1 = sorted(p.name for p in (SPEC_DIR / "tests" / "v1.1" / "fail").glob("*.yaml"))


class NoHttpFetcher(HttpxFetcher):
    """Reads local files; any HTTP request fails the test (sources must not be fetched)."""

    def __init__(self) -> None:
        def refuse(request: httpx.Request) -> httpx.Response:
            raise AssertionError(f"load() fetched {request.url}")

        super().__init__(client=httpx.Client(transport=httpx.MockTransport(refuse)))
        self.calls: list[str] = []

    def __call__(self, uri: str) -> Resource:
        self.calls.append(uri)
        return super().__call__(uri)


def as_1_0(path: Path) -> str:
    """The fixture's text with its ``arazzo`` field set to 1.0.1."""
    return re.sub(r"(?m)^arazzo:.*$", "arazzo: 1.0.1", path.read_text(encoding="utf-8"))


def test_the_example_list_is_complete() -> None:
    found = sorted(
        p.name
        for p in (SPEC_DIR / "examples" / "1.0.0").glob("*.yaml")
        if re.search(r"(?m)^arazzo:", p.read_text(encoding="utf-8"))
    )
    assert found == sorted(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_documents_load_without_fetching_openapi_sources(name: str) -> None:
    path = SPEC_DIR / "examples" / "1.0.0" / name
    fetcher = NoHttpFetcher()
    doc = load(path, fetcher=fetcher)
    assert doc.arazzo.startswith("1.0.")
    assert doc.workflows
    assert all(step.location.line for w in doc.workflows for step in w.steps)
    assert fetcher.calls == [path.resolve().as_uri()]
    assert doc.arazzo_sources == {}


@pytest.mark.parametrize("name", PASS_1_0)
def test_schema_pass_fixtures_load(name: str) -> None:
    doc = load(SPEC_DIR / "tests" / "v1.0" / "pass" / name, fetcher=NoHttpFetcher())
    assert doc.workflows


def test_schema_pass_fixture_list_is_the_known_one() -> None:
    assert PASS_1_0 == ["bnpl-example.yaml", "oauth-example.yaml", "pet-coupons-example.yaml"]


@pytest.mark.parametrize("name", sorted(FAIL_1_0))
def test_schema_fail_fixtures_are_rejected(name: str) -> None:
    path = SPEC_DIR / "tests" / "v1.0" / "fail" / name
    with pytest.raises((UnsupportedVersionError, DocumentParseError)) as info:
        load(path)
    assert type(info.value) is FAIL_1_0[name]
    assert info.value.location is not None
    assert info.value.location.line == 1
    assert name in str(info.value)


def test_every_1_1_fail_fixture_is_classified() -> None:
    classified = set(FAIL_1_1_AS_1_0) | set(ONLY_1_1) | SAME_AS_1_0
    assert sorted(classified) == FAIL_1_1


@pytest.mark.parametrize("name", sorted(FAIL_1_1_AS_1_0))
def test_1_1_fail_fixtures_break_the_same_rule_in_1_0(name: str) -> None:
    with pytest.raises(DocumentValidationError) as info:
        load(as_1_0(SPEC_DIR / "tests" / "v1.1" / "fail" / name))
    rules = {p.rule for p in info.value.problems}
    assert FAIL_1_1_AS_1_0[name] in rules
    assert all(p.location.line for p in info.value.problems)


@pytest.mark.parametrize("name", sorted(ONLY_1_1))
def test_1_1_only_fail_fixtures_are_rejected_as_unknown_constructs(name: str) -> None:
    with pytest.raises(DocumentValidationError) as info:
        load(as_1_0(SPEC_DIR / "tests" / "v1.1" / "fail" / name))
    assert {p.rule for p in info.value.problems} <= UNKNOWN_CONSTRUCT, ONLY_1_1[name]


def test_1_1_fixtures_keep_their_version_and_are_not_interpreted_yet() -> None:
    path = SPEC_DIR / "tests" / "v1.1" / "pass" / "minimal.arazzo.yaml"
    with pytest.raises(UnsupportedVersionError) as info:
        load(path)
    assert info.value.version == "1.1.0"


# Where the spec text wins over the 1.0 JSON Schema (spec-notes section 7): documents the
# schema rejects but the spec allows load; each entry is (reason, document fragment).
SCHEMA_DEVIATIONS = {
    "nested-criterion-type": (
        "#336: type may be a Criterion Expression Type Object",
        "successCriteria: [{context: $response.body, condition: $.a,"
        " type: {type: jsonpath, version: draft-goessner-dispatch-jsonpath-00}}]",
    ),
    "simple-without-context": (
        "PR #499: context is needed only for regex/jsonpath/xpath",
        "successCriteria: [{condition: $statusCode == 200, type: simple}]",
    ),
    "retry-without-target": (
        "#341/#342: retry needs neither a target nor retryAfter",
        "onFailure: [{name: again, type: retry}]",
    ),
    "replacement-value-not-a-string": (
        "Payload Replacement value is Any",
        "requestBody: {payload: {a: 1}, replacements: [{target: /a, value: 2}]}",
    ),
}


@pytest.mark.parametrize("name", sorted(SCHEMA_DEVIATIONS))
def test_spec_text_wins_over_the_schema(name: str) -> None:
    _reason, fragment = SCHEMA_DEVIATIONS[name]
    text = (
        "arazzo: 1.0.1\ninfo: {title: T, version: '1'}\n"
        "sourceDescriptions: [{name: api, url: ./api.yaml}]\n"
        "workflows:\n  - workflowId: wf\n    steps:\n      - stepId: s\n"
        f"        operationId: a\n        {fragment}\n"
    )
    assert load(text).workflows[0].steps[0].step_id == "s"
