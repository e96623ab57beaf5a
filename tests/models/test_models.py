"""The models: frozen, located, extensions kept, convenience lookups."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest
from pydantic import ValidationError

from arazzo_engine._types import UNDEFINED
from arazzo_engine.errors import ExecutionError
from arazzo_engine.errors import SourceReferenceError
from arazzo_engine.errors import WorkflowNotFoundError
from arazzo_engine.loader import load
from arazzo_engine.models import ArazzoDocument
from arazzo_engine.models import Components
from arazzo_engine.models import Criterion
from arazzo_engine.models import CriterionExpressionType
from arazzo_engine.models import FailureAction
from arazzo_engine.models import Parameter
from arazzo_engine.models import ReusableObject
from arazzo_engine.models import Step
from arazzo_engine.models import SuccessAction

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "arazzo" / "pets.arazzo.yaml"


@pytest.fixture(scope="module")
def doc() -> ArazzoDocument:
    return load(FIXTURE)


def test_extensions_are_kept_per_object(doc: ArazzoDocument) -> None:
    assert doc.info.extensions == {"x-owner": "pets-team"}
    assert doc.workflows[0].extensions == {"x-sla": {"p99": "250ms"}}
    assert doc.extensions == {}


def test_models_are_frozen(doc: ArazzoDocument) -> None:
    step = doc.workflows[0].steps[0]
    with pytest.raises(ValidationError, match="frozen"):
        step.step_id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError, match="read-only"):
        step.outputs["x"] = "y"  # type: ignore[index]
    with pytest.raises(TypeError, match="read-only"):
        doc.info.extensions.update({"x-new": 1})  # type: ignore[attr-defined]
    assert isinstance(doc.workflows, tuple)
    assert isinstance(step.parameters, tuple)


def test_locations_point_at_each_object(doc: ArazzoDocument) -> None:
    workflow = doc.workflows[0]
    step = workflow.steps[1]
    assert (step.location.line, step.location.column) == (39, 9)
    assert step.location.pointer == "/workflows/0/steps/1"
    assert step.location.file is not None
    assert step.location.file.endswith("pets.arazzo.yaml")
    assert str(step.location).endswith("pets.arazzo.yaml:39:9 (/workflows/0/steps/1)")
    criterion_type = workflow.steps[0].success_criteria[1].type
    assert isinstance(criterion_type, CriterionExpressionType)
    assert (criterion_type.location.line, criterion_type.location.pointer) == (
        32,
        "/workflows/0/steps/0/successCriteria/1/type",
    )
    retry = doc.components.failure_actions["retryLater"]
    assert (retry.location.line, retry.location.pointer) == (
        72,
        "/components/failureActions/retryLater",
    )
    assert doc.location.line == 1


def test_copies_and_pickles_keep_the_location(doc: ArazzoDocument) -> None:
    step = doc.workflows[0].steps[0]
    for clone in (
        copy.copy(step),
        copy.deepcopy(step),
        step.model_copy(),
        pickle.loads(pickle.dumps(step)),
    ):
        assert clone == step
        assert clone.location == step.location


def test_step_target_kind(doc: ArazzoDocument) -> None:
    kinds = [s.target_kind for s in doc.workflows[0].steps]
    assert kinds == ["operationId", "operationPath", "workflowId"]


def test_criteria_kind_and_version(doc: ArazzoDocument) -> None:
    simple, jsonpath = doc.workflows[0].steps[0].success_criteria
    regex = doc.workflow("notifyOwner").steps[0].success_criteria[0]
    assert (simple.kind, simple.version, simple.context) == ("simple", None, None)
    assert (jsonpath.kind, jsonpath.version) == ("jsonpath", "draft-goessner-dispatch-jsonpath-00")
    assert (regex.kind, regex.version, regex.condition) == ("regex", None, r"^2\d\d$")


def test_reusable_objects_keep_reference_and_value_and_drop_the_rest(doc: ArazzoDocument) -> None:
    plain, reusable = doc.workflows[0].steps[0].parameters
    assert isinstance(plain, Parameter)
    assert (plain.name, plain.in_, plain.value) == ("status", "query", "$inputs.status")
    assert isinstance(reusable, ReusableObject)
    assert (reusable.reference, reusable.value, reusable.has_value) == (
        "$components.parameters.pageSize",
        5,
        True,
    )
    assert not hasattr(reusable, "extensions")
    (action,) = doc.workflows[0].steps[0].on_failure
    assert isinstance(action, ReusableObject)
    assert action.value is UNDEFINED
    assert not action.has_value


def test_components_are_typed(doc: ArazzoDocument) -> None:
    retry = doc.components.failure_actions["retryLater"]
    assert (retry.type, retry.retry_after, retry.retry_limit) == ("retry", 1.5, 3)
    assert doc.components.parameters["pageSize"].in_ == "query"
    minimal = {
        "arazzo": "1.0.1",
        "info": {"title": "T", "version": "1"},
        "sourceDescriptions": [{"name": "api", "url": "./api.yaml"}],
        "workflows": [{"workflowId": "wf", "steps": [{"stepId": "s", "operationId": "a"}]}],
    }
    assert load(minimal).components == Components()


def test_request_body_and_replacements(doc: ArazzoDocument) -> None:
    body = doc.workflows[0].steps[1].request_body
    assert body is not None
    assert body.content_type == "application/json"
    assert body.payload == {"petId": "{$steps.findPets.outputs.petId}"}
    assert [(r.target, r.value) for r in body.replacements] == [("/note", "adopted")]


def test_workflow_lookup_with_a_hint(doc: ArazzoDocument) -> None:
    assert doc.workflow("notifyOwner").workflow_id == "notifyOwner"
    with pytest.raises(WorkflowNotFoundError) as info:
        doc.workflow("adoptPets")
    assert info.value.hint == "did you mean 'adoptPet'?"
    assert isinstance(info.value, LookupError)


def test_source_and_step_lookup(doc: ArazzoDocument) -> None:
    assert doc.source("petStore").type == "openapi"
    with pytest.raises(SourceReferenceError, match="no source description 'petstore'") as info:
        doc.source("petstore")
    assert info.value.hint == "did you mean 'petStore'?"
    workflow = doc.workflows[0]
    assert workflow.step("adopt").operation_path is not None
    with pytest.raises(ExecutionError, match="has no step 'adpot'") as step_info:
        workflow.step("adpot")
    assert step_info.value.hint == "did you mean 'adopt'?"


def test_models_can_be_built_by_field_name() -> None:
    step = Step(
        step_id="s",
        operation_id="op",
        parameters=(Parameter(name="id", in_="path", value=1),),
        on_success=(SuccessAction(name="end", type="end"),),
        on_failure=(FailureAction(name="again", type="retry", retry_limit=2),),
        success_criteria=(Criterion(condition="$statusCode == 200"),),
        extensions={"x-note": "hi"},
    )
    assert step.target_kind == "operationId"
    assert step.extensions == {"x-note": "hi"}
    assert step.location.line is None


def test_models_enforce_their_own_rules_when_built_directly() -> None:
    with pytest.raises(ValidationError, match="exactly one of operationId"):
        Step(step_id="s")
    with pytest.raises(ValidationError, match="needs a 'context'"):
        Criterion(condition="^2", type="regex")


def test_model_dump_uses_the_spec_names(doc: ArazzoDocument) -> None:
    dumped = doc.workflows[0].steps[0].model_dump(by_alias=True, exclude_defaults=True)
    assert dumped["stepId"] == "findPets"
    assert dumped["parameters"][1] == {"reference": "$components.parameters.pageSize", "value": 5}
    assert doc.model_dump_json()  # serialises without warnings
