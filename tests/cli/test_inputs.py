"""Typing --input values, reading --inputs files and the environment, credentials, redaction."""

from __future__ import annotations

import base64
import io

import pytest

from arazzo_engine._credentials import collect_credentials
from arazzo_engine._credentials import split_auth
from arazzo_engine._inputs import coerce_input
from arazzo_engine._inputs import collect_inputs
from arazzo_engine._inputs import declared_types
from arazzo_engine._inputs import describe_type
from arazzo_engine._inputs import env_name
from arazzo_engine._inputs import input_properties
from arazzo_engine._inputs import read_inputs_file
from arazzo_engine._inputs import split_assignment
from arazzo_engine.errors import DocumentRetrievalError
from arazzo_engine.errors import InputValidationError
from arazzo_engine.messages import REDACTED
from arazzo_engine.reports.redaction import Redactor

SCHEMA = {
    "type": "object",
    "required": ["qty"],
    "properties": {
        "name": {"type": "string"},
        "qty": {"type": "integer"},
        "flags": {"type": ["array", "null"]},
        "either": {"type": ["string", "integer"]},
        "ref": {"$ref": "#/components/inputs/color"},
        "choice": {"enum": [1, 2]},
    },
}
COMPONENTS = {"color": {"type": "string", "enum": ["red", "blue"]}}


def test_string_input_keeps_json_text_as_given():
    definition = '{"states": [{"name": "Trigger"}]}'
    assert coerce_input("name", definition, {"type": "string"}) == definition


def test_declared_integer_is_parsed_as_json():
    assert coerce_input("qty", "3", {"type": "integer"}) == 3


def test_declared_non_string_that_is_not_json_is_an_input_error():
    with pytest.raises(InputValidationError, match="'qty' is declared as integer"):
        coerce_input("qty", "three", {"type": "integer"})


@pytest.mark.parametrize(
    ("text", "value"),
    [("3", 3), ("true", True), ("null", None), ('{"a": 1}', {"a": 1}), ("hello", "hello")],
)
def test_undeclared_input_is_json_when_it_parses_else_text(text, value):
    assert coerce_input("x", text, None) == value


def test_a_type_that_includes_string_keeps_the_text():
    assert coerce_input("either", "3", SCHEMA["properties"]["either"]) == "3"


def test_enum_values_declare_the_type():
    assert declared_types({"enum": [1, 2]}) == {"integer"}
    assert coerce_input("choice", "2", {"enum": [1, 2]}) == 2


def test_any_of_types_are_united_and_untyped_branches_make_it_undeclared():
    assert declared_types({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == {
        "integer",
        "null",
    }
    assert declared_types({"anyOf": [{"type": "integer"}, {}]}) is None


def test_input_properties_follow_component_refs():
    properties, required = input_properties({"$ref": "#/components/inputs/order"}, {
        "order": {"properties": {"c": {"$ref": "#/components/inputs/color"}}, "required": ["c"]},
        "color": {"type": "string"},
    })  # fmt: skip
    assert properties == {"c": {"type": "string"}}
    assert required == {"c"}
    assert describe_type(properties["c"]) == "string"
    assert describe_type({}) == "any"


def test_env_names_are_upper_cased_with_non_alphanumerics_as_underscores():
    assert env_name("ARAZZO_INPUT_", "flow-name.v2") == "ARAZZO_INPUT_FLOW_NAME_V2"
    assert env_name("ARAZZO_AUTH_", "studioApi", "accountSid_authToken") == (
        "ARAZZO_AUTH_STUDIOAPI_ACCOUNTSID_AUTHTOKEN"
    )


def test_flags_win_over_the_file_which_wins_over_the_environment():
    properties, _ = input_properties(SCHEMA, COMPONENTS)
    environ = {"ARAZZO_INPUT_QTY": "1", "ARAZZO_INPUT_NAME": "env", "ARAZZO_INPUT_REF": "red"}
    inputs = collect_inputs(
        properties,
        assignments=[("qty", "3"), ("extra", "[1]")],
        file_values={"name": "file", "qty": 2},
        environ=environ,
    )
    assert inputs == {"qty": 3, "name": "file", "ref": "red", "extra": [1]}


def test_environment_values_are_typed_like_flags():
    properties, _ = input_properties(SCHEMA, COMPONENTS)
    inputs = collect_inputs(properties, environ={"ARAZZO_INPUT_FLAGS": '["a"]'})
    assert inputs == {"flags": ["a"]}


def test_one_variable_naming_two_inputs_is_an_error():
    properties = {"a-b": {}, "a.b": {}}
    with pytest.raises(InputValidationError, match="ARAZZO_INPUT_A_B"):
        collect_inputs(properties, environ={"ARAZZO_INPUT_A_B": "1"})


def test_inputs_file_from_stdin_and_errors(tmp_path):
    assert read_inputs_file("-", io.StringIO('{"a": 1}')) == {"a": 1}
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(InputValidationError, match="expected a JSON object"):
        read_inputs_file(str(bad), io.StringIO())
    bad.write_text("{nope")
    with pytest.raises(InputValidationError, match="not valid JSON"):
        read_inputs_file(str(bad), io.StringIO())
    with pytest.raises(DocumentRetrievalError, match="cannot read inputs file"):
        read_inputs_file(str(tmp_path / "missing.json"), io.StringIO())


def test_split_assignment_keeps_equals_signs_in_the_value():
    assert split_assignment("q=a=b") == ("q", "a=b")
    assert split_assignment("q=") == ("q", "")
    with pytest.raises(ValueError, match="NAME=VALUE"):
        split_assignment("novalue")


def test_split_auth_errors_never_contain_the_credential():
    assert split_auth("api.basic=user:pa=ss") == ("api", "basic", "user:pa=ss")
    for bad in ("topsecret", "nodot=topsecret", ".scheme=topsecret", "api.=topsecret"):
        with pytest.raises(ValueError, match="SOURCE.SCHEME=VALUE") as info:
            split_auth(bad)
        assert "topsecret" not in str(info.value)


def test_credentials_flags_win_over_environment():
    environ = {"ARAZZO_AUTH_ORDERS_BASICAUTH": "env:pw", "ARAZZO_AUTH_ORDERS_APIKEY": "k1"}
    credentials = collect_credentials(
        [("orders", "basicAuth", "flag:pw")],
        environ=environ,
        schemes={"orders": ("basicAuth", "apiKey")},
    )
    assert credentials == {"orders": {"basicAuth": "flag:pw", "apiKey": "k1"}}


def test_redactor_covers_password_basic_header_and_encodings():
    redact = Redactor(["alice:p@ss w/rd"])
    token = base64.b64encode(b"alice:p@ss w/rd").decode()
    text = f"Basic {token} p@ss w/rd p%40ss%20w%2Frd p%40ss+w%2Frd alice"
    assert redact(text) == f"Basic {REDACTED} {REDACTED} {REDACTED} {REDACTED} alice"


def test_redactor_keeps_json_well_formed():
    redact = Redactor(['se"cret'])
    data = redact.data({"a": ['x se"cret y', 1, None], 'se"cret': True})
    assert data == {"a": [f"x {REDACTED} y", 1, None], REDACTED: True}
    assert "se" not in repr(redact)


def test_redactor_ignores_values_too_short_to_search_for():
    redact = Redactor(["k", "a:bc"])
    assert redact("workflow k a:bc YTpiYw==") == f"workflow k {REDACTED} {REDACTED}"
