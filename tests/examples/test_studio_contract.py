"""The example's Studio v2 description agrees with Twilio's, and the example files agree with it.

Compared with Twilio's own description (``shared/twilio/twilio_studio_v2.yaml``, or the
file named by ``$TWILIO_SPEC``): operationIds, paths, methods, parameters (names,
locations, required flags, SID patterns), request-body fields and their ``required``
lists, and the success (2xx) status codes. Our description also declares Twilio's
error responses, which Twilio's does not, so only the success codes are compared.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from arazzo_engine._yaml import parse_yaml
from arazzo_engine.simulators.studio.definitions import parse_definition

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "twilio-studio"
OURS = EXAMPLE / "openapi" / "studio-openapi-original.yml"
WORKFLOW = EXAMPLE / "arazzo" / "twilio-studio-create-flow-and-execute-workflow.yml"
INPUTS = EXAMPLE / "inputs.json"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _load(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else parse_yaml(text)
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def _twilio_spec_path() -> Path:
    path = Path(
        os.environ.get("TWILIO_SPEC", REPO.parent / "shared" / "twilio" / "twilio_studio_v2.yaml")
    )
    if not path.is_file():
        pytest.fail(
            f"Twilio's Studio v2 OpenAPI description not found at {path}: set TWILIO_SPEC "
            "or place the shared/ folder beside the checkout"
        )
    return path


def _arazzo_schema_path() -> Path:
    base = Path(os.environ.get("ARAZZO_SPEC_DIR", REPO.parent / "shared" / "arazzo-spec"))
    path = base / "schemas" / "v1.0" / "published" / "2025-10-15.json"
    if not path.is_file():
        pytest.fail(
            f"Arazzo 1.0 JSON Schema not found at {path}: set ARAZZO_SPEC_DIR "
            "or place the shared/ folder beside the checkout"
        )
    return path


def _resolve(doc: dict[str, Any], value: Any) -> Any:
    """Follow local ``$ref``s (repeatedly) to the referenced object."""
    while isinstance(value, dict) and "$ref" in value:
        node: Any = doc
        for token in value["$ref"].removeprefix("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        value = node
    return value


def _operations(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """operationId -> a comparable summary of the operation."""
    result: dict[str, dict[str, Any]] = {}
    for path, item in doc["paths"].items():
        shared = [_resolve(doc, p) for p in item.get("parameters", [])]
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            params = {(p["name"], p["in"]): p for p in shared}
            for p in operation.get("parameters", []):
                p = _resolve(doc, p)
                params[(p["name"], p["in"])] = p
            body_required: list[str] | None = None
            body_fields: set[str] | None = None
            body_types: tuple[str, ...] = ()
            if "requestBody" in operation:
                content = _resolve(doc, operation["requestBody"])["content"]
                body_types = tuple(sorted(content))
                schema = _resolve(doc, next(iter(content.values()))["schema"])
                body_required = sorted(schema.get("required", []))
                body_fields = set(schema.get("properties", {}))
            result[operation["operationId"]] = {
                "path": path,
                "method": method,
                "parameters": {
                    key: (
                        bool(p.get("required", False)),
                        _resolve(doc, p.get("schema", {})).get("pattern"),
                    )
                    for key, p in params.items()
                },
                "body_types": body_types,
                "body_required": body_required,
                "body_fields": body_fields,
                "success": sorted(c for c in operation["responses"] if str(c).startswith("2")),
            }
    return result


@pytest.fixture(scope="module")
def ours() -> dict[str, dict[str, Any]]:
    return _operations(_load(OURS))


@pytest.fixture(scope="module")
def twilio() -> dict[str, dict[str, Any]]:
    return _operations(_load(_twilio_spec_path()))


def test_same_operation_ids(ours: dict[str, Any], twilio: dict[str, Any]) -> None:
    assert len(twilio) == 19
    assert sorted(ours) == sorted(twilio)


@pytest.mark.parametrize(
    "aspect",
    ["path", "method", "parameters", "body_types", "body_required", "body_fields", "success"],
)
def test_operations_match_twilio(ours: dict[str, Any], twilio: dict[str, Any], aspect: str) -> None:
    mismatches = {
        op_id: {"ours": ours[op_id][aspect], "twilio": expected[aspect]}
        for op_id, expected in twilio.items()
        if op_id in ours and ours[op_id][aspect] != expected[aspect]
    }
    assert not mismatches, f"{aspect} differs from Twilio's description: {mismatches}"


def test_the_two_creates_answer_201(ours: dict[str, Any]) -> None:
    assert ours["CreateFlow"]["success"] == ["201"]
    assert ours["CreateExecution"]["success"] == ["201"]
    assert ours["FetchExecution"]["success"] == ["200"]


def test_security_and_server_match_twilio() -> None:
    mine, theirs = _load(OURS), _load(_twilio_spec_path())

    def schemes(doc: dict[str, Any]) -> dict[str, tuple[str, str]]:
        return {
            k: (v["type"], v["scheme"]) for k, v in doc["components"]["securitySchemes"].items()
        }

    assert schemes(mine) == schemes(theirs)
    assert mine["security"] == theirs["security"]
    assert [s["url"] for s in mine["servers"]] == [s["url"] for s in theirs["servers"]]


def test_untyped_fields_stay_untyped() -> None:
    """Definition and Parameters carry JSON text in a form field, as in Twilio's description."""
    doc = _load(OURS)
    schemas = doc["components"]["schemas"]
    for name, field in [
        ("CreateFlowRequest", "Definition"),
        ("UpdateFlowRequest", "Definition"),
        ("ValidateFlowRequest", "Definition"),
        ("CreateExecutionRequest", "Parameters"),
    ]:
        assert "type" not in schemas[name]["properties"][field], (name, field)


# -- the example files -------------------------------------------------------------------


def test_workflow_is_valid_arazzo() -> None:
    schema = json.loads(_arazzo_schema_path().read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [e.message for e in validator.iter_errors(_load(WORKFLOW))]
    assert errors == []


def test_workflow_steps_fit_the_description(ours: dict[str, Any]) -> None:
    document = _load(WORKFLOW)
    [source] = document["sourceDescriptions"]
    assert (EXAMPLE / "arazzo" / source["url"]).resolve() == OURS.resolve()
    [workflow] = document["workflows"]
    assert workflow["workflowId"] == "create-flow-and-execute"
    assert [s["stepId"] for s in workflow["steps"]] == [
        "createFlow",
        "triggerExecution",
        "fetchExecution",
    ]
    for step in workflow["steps"]:
        operation = ours[step["operationId"]]
        declared = set(operation["parameters"])
        for parameter in step.get("parameters", []):
            assert (parameter["name"], parameter["in"]) in declared, (step["stepId"], parameter)
        required_path = {k for k, (req, _) in operation["parameters"].items() if req}
        given = {(p["name"], p["in"]) for p in step.get("parameters", [])}
        assert required_path <= given, step["stepId"]
        if "requestBody" in step:
            assert step["requestBody"]["contentType"] in operation["body_types"]
            payload = set(step["requestBody"]["payload"])
            assert payload <= operation["body_fields"], step["stepId"]
            assert set(operation["body_required"]) <= payload, step["stepId"]
        [criterion] = step["successCriteria"]
        assert criterion["condition"] == f"$statusCode == {operation['success'][0]}"


def test_sample_inputs_fit_the_workflow() -> None:
    [workflow] = _load(WORKFLOW)["workflows"]
    inputs = json.loads(INPUTS.read_text(encoding="utf-8"))
    jsonschema.validate(inputs, workflow["inputs"])
    definition, issues = parse_definition(inputs["definition"])
    assert issues == []
    assert definition is not None
    assert definition["initial_state"] == "Trigger"
    assert isinstance(json.loads(inputs["parameters"]), dict)
