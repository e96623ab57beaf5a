"""The official Arazzo 1.0.0 examples: every openapi step resolves, or fails precisely."""

from __future__ import annotations

import os
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest

from arazzo_engine._yaml import parse_yaml
from arazzo_engine.errors import OperationNotFoundError
from arazzo_engine.errors import SourceRetrievalError
from arazzo_engine.location import Location
from arazzo_engine.openapi import ParameterValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import check_request
from arazzo_engine.openapi import resolve_operation
from arazzo_engine.sources import SourceRegistry

REPO = Path(__file__).resolve().parents[2]
SPEC_DIR = Path(os.environ.get("ARAZZO_SPEC_DIR", REPO.parent / "shared" / "arazzo-spec"))
EXAMPLES = SPEC_DIR / "examples" / "1.0.0"
PETSTORE = (
    SPEC_DIR
    / "external"
    / "swagger-api"
    / "swagger-petstore"
    / "src"
    / "main"
    / "resources"
    / "openapi.yaml"
)

# Remote sources replaced by the local copies the corpus holds.
OVERRIDES = {
    "LoginAndRetrievePets.arazzo.yaml": {"petStoreDescription": str(PETSTORE)},
    "bnpl-arazzo.yaml": {"BnplApi": str(EXAMPLES / "bnpl-openapi.yaml")},
}
# Known defects of the examples, and the precise error each must produce.
DEFECTS = {
    ("FAPI-PAR.arazzo.yaml", "PARStep"): (
        OperationNotFoundError,
        "no operationId 'PAR' in source description 'auth-api' (did you mean 'Par'?)",
    ),
    ("LoginAndRetrievePets.arazzo.yaml", "getPetStep"): (
        OperationNotFoundError,
        "points to the Path Item '/pet/findByStatus', not to an operation",
    ),
}


@dataclass
class StandInSource:
    name: str
    url: str
    type: str | None
    location: Location


@dataclass
class StandInDocument:
    uri: str
    source_descriptions: list[StandInSource]
    arazzo_sources: dict[str, Any] = field(default_factory=dict)


def _examples() -> list[str]:
    if not EXAMPLES.is_dir():
        pytest.fail(f"Arazzo examples not found at {EXAMPLES}: set ARAZZO_SPEC_DIR")
    return sorted(p.name for p in EXAMPLES.glob("*.yaml") if "arazzo" in p.name)


def _load(name: str) -> tuple[dict[str, Any], StandInDocument]:
    path = EXAMPLES / name
    raw = parse_yaml(path.read_text(encoding="utf-8"))
    sources = [
        StandInSource(
            sd["name"],
            sd["url"],
            sd.get("type"),
            Location(name, None, None, f"/sourceDescriptions/{i}"),
        )
        for i, sd in enumerate(raw["sourceDescriptions"])
    ]
    return raw, StandInDocument(path.as_uri(), sources)


def _steps(raw):
    for w, workflow in enumerate(raw["workflows"]):
        for s, step in enumerate(workflow["steps"]):
            if "workflowId" not in step:
                yield step, Location(None, None, None, f"/workflows/{w}/steps/{s}")


@pytest.mark.parametrize("name", _examples())
def test_every_openapi_step_resolves_or_fails_precisely(name):
    raw, doc = _load(name)
    if name == "ExtendedParametersExample.arazzo.yaml":
        # Its ./animals.yaml is not published with the example.
        with pytest.raises(SourceRetrievalError) as info:
            SourceRegistry.from_document(doc)
        assert "'animals'" in str(info.value)
        assert "animals.yaml" in str(info.value)
        assert info.value.location.pointer == "/sourceDescriptions/0"
        return
    registry = SourceRegistry.from_document(doc, overrides=OVERRIDES.get(name))
    steps = list(_steps(raw))
    assert steps
    for step, location in steps:
        defect = DEFECTS.get((name, step["stepId"]))
        kwargs = {
            "operation_id": step.get("operationId"),
            "operation_path": step.get("operationPath"),
        }
        if defect is not None:
            with pytest.raises(defect[0]) as info:
                resolve_operation(registry, location=location, **kwargs)
            assert defect[1] in str(info.value)
            assert info.value.location == location
            continue
        op = resolve_operation(registry, location=location, **kwargs)
        parameters = [
            ParameterValue(p["name"], p.get("in"), "x")
            for p in step.get("parameters", [])
            if "reference" not in p
        ]
        parameters += [
            ParameterValue(p.name, "path", "1") for p in op.parameters if p.in_ == "path"
        ]
        credentials = {
            name: ("user", "pass") if scheme.get("scheme") == "basic" else "token"
            for name, scheme in op.security_schemes.items()
        }
        spec = bind_request(
            op, parameters=parameters, credentials=credentials, server_url="http://127.0.0.1:9"
        )
        assert spec.method == op.method
        assert spec.url.startswith("http://127.0.0.1:9")
        findings = check_request(op, spec)  # the referee runs on real descriptions too
        assert all(isinstance(f, str) for f in findings)


def test_every_listed_defect_exists_in_the_examples():
    for name, step_id in DEFECTS:
        raw, _ = _load(name)
        assert step_id in {step["stepId"] for step, _ in _steps(raw)}
