"""Operation lookup by operationId and operationPath, with precise errors."""

from __future__ import annotations

import json

import pytest

from arazzo_engine.errors import AmbiguousOperationError
from arazzo_engine.errors import OperationNotFoundError
from arazzo_engine.location import Location
from arazzo_engine.openapi import resolve_operation
from arazzo_engine.sources import SourceRegistry
from tests.openapi.support import description


def _get(op_id, **extra):
    return {
        "operationId": op_id,
        "responses": {"200": {"description": "ok"}, "4XX": {"description": "bad"}},
        **extra,
    }


@pytest.fixture
def registry(tmp_path):
    pets = description(
        {
            "/pets/{petId}": {"get": _get("getPet"), "delete": _get("deletePet")},
            "/pets": {"get": _get("listPets"), "post": _get("createPet", security=[])},
            "/a~b": {"get": _get("tilde")},
        },
        security=[{"key": []}],
        components={"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "K"}}},
    )
    stores = description(
        {"/pets": {"get": _get("listPets")}, "/orders": {"post": _get("placeOrder")}}
    )
    (tmp_path / "pets.json").write_text(json.dumps(pets))
    (tmp_path / "stores.json").write_text(json.dumps(stores))
    return SourceRegistry.build(
        [("pets", "pets.json"), ("stores", "stores.json")], base_uri=tmp_path.as_uri() + "/"
    )


def test_qualified_operation_id(registry):
    op = resolve_operation(registry, operation_id="$sourceDescriptions.stores.listPets")
    assert (op.source, op.method, op.path_template, op.operation_id) == (
        "stores",
        "GET",
        "/pets",
        "listPets",
    )
    assert op.pointer == "/paths/~1pets/get"


def test_unqualified_operation_id_when_unique(registry):
    op = resolve_operation(registry, operation_id="getPet")
    assert op.source == "pets"
    assert op.responses == ("200", "4XX")
    assert op.security == ({"key": ()},)
    assert op.security_schemes["key"]["name"] == "K"
    assert resolve_operation(registry, operation_id="createPet").security == ()


def test_ambiguous_operation_id_names_the_candidates(registry):
    location = Location("flow.yaml", 3, 4, "/workflows/0/steps/1")
    with pytest.raises(AmbiguousOperationError) as info:
        resolve_operation(registry, operation_id="listPets", location=location)
    text = str(info.value)
    assert "$sourceDescriptions.pets.listPets" in text
    assert "$sourceDescriptions.stores.listPets" in text
    assert text.startswith("flow.yaml:3:4 (/workflows/0/steps/1)")


def test_unknown_operation_id_suggests_the_nearest(registry):
    with pytest.raises(OperationNotFoundError, match="did you mean 'getPet'"):
        resolve_operation(registry, operation_id="getPets")
    with pytest.raises(OperationNotFoundError, match="did you mean 'createPet'"):
        resolve_operation(registry, operation_id="$sourceDescriptions.pets.CREATEPET")
    with pytest.raises(OperationNotFoundError, match="names no source description 'pet'"):
        resolve_operation(registry, operation_id="$sourceDescriptions.pet.getPet")


def test_operation_path_with_escaped_pointer(registry):
    op = resolve_operation(
        registry, operation_path="{$sourceDescriptions.pets.url}#/paths/~1pets~1{petId}/delete"
    )
    assert (op.method, op.path_template, op.operation_id) == (
        "DELETE",
        "/pets/{petId}",
        "deletePet",
    )
    op = resolve_operation(
        registry, operation_path="{$sourceDescriptions.pets.url}#/paths/~1pets~1%7BpetId%7D/get"
    )
    assert op.operation_id == "getPet"
    assert (
        resolve_operation(
            registry, operation_path="{$sourceDescriptions.pets.url}#/paths/~1a~0b/get"
        ).operation_id
        == "tilde"
    )
    assert (
        resolve_operation(registry, operation_path="pets.json#/paths/~1pets/get").source == "pets"
    )


def test_operation_path_to_a_path_item_fails_precisely(registry):
    with pytest.raises(OperationNotFoundError) as info:
        resolve_operation(registry, operation_path="{$sourceDescriptions.pets.url}#/paths/~1pets")
    assert "points to the Path Item '/pets', not to an operation" in info.value.message
    assert "#/paths/~1pets/get" in info.value.hint
    assert "get, post" in info.value.hint


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("{$sourceDescriptions.pets.url}#/paths/~1pets/put", "has no 'put' operation"),
        ("{$sourceDescriptions.pets.url}#/paths/~1pet/get", "no path '/pet'"),
        ("{$sourceDescriptions.pets.url}#/components/schemas", "does not point into /paths"),
        (
            "{$sourceDescriptions.pets.url}#/paths/~1pets/get/responses",
            "points inside the GET operation",
        ),
        ("{$sourceDescriptions.nope.url}#/paths/~1pets/get", "does not name a source description"),
        ("#/paths/~1pets/get", "2 OpenAPI source descriptions"),
    ],
)
def test_operation_path_errors(registry, path, message):
    with pytest.raises(OperationNotFoundError, match=message):
        resolve_operation(registry, operation_path=path)


def test_bare_operation_path_with_a_single_source(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps(description({"/x": {"get": _get("x")}})))
    registry = SourceRegistry.build([("one", "one.json")], base_uri=tmp_path.as_uri() + "/")
    assert resolve_operation(registry, operation_path="#/paths/~1x/get").operation_id == "x"


def test_resolution_is_cached_per_source(registry):
    first = resolve_operation(registry, operation_id="getPet")
    again = resolve_operation(
        registry, operation_path="{$sourceDescriptions.pets.url}#/paths/~1pets~1{petId}/get"
    )
    assert first is again
