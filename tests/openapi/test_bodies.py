"""Request bodies: media types, encodings, replacements; openapi-core accepts and decodes them."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import defusedxml.ElementTree as SafeET
import pytest

from arazzo_engine.errors import RequestBindingError
from arazzo_engine.openapi import BodyValue
from arazzo_engine.openapi import bind_request
from arazzo_engine.openapi import check_request
from tests.openapi.support import decode
from tests.openapi.support import description
from tests.openapi.support import operation

PET = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string"}},
    },
}
FLOW = {
    "type": "object",
    "required": ["FriendlyName", "Definition"],
    "properties": {
        "FriendlyName": {"type": "string"},
        "Status": {"type": "string", "enum": ["draft", "published"]},
        "Definition": {"description": "untyped: any JSON"},
        "Parameters": {"description": "untyped: any JSON"},
        "Tags": {"type": "array", "items": {"type": "string"}},
    },
}
UPLOAD = {
    "type": "object",
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "note": {"type": "string"},
        "meta": {"type": "object", "properties": {"size": {"type": "integer"}}},
    },
}


def _post(content: dict, op_id: str = "op") -> dict:
    return {
        "post": {
            "operationId": op_id,
            "requestBody": {"required": True, "content": content},
            "responses": {"200": {"description": "ok"}},
        }
    }


def _op(tmp_path, content):
    doc = description({"/things": _post(content)}, components={"schemas": {"Pet": PET}})
    return operation(tmp_path, doc, "op")


def test_json_body_round_trips(tmp_path):
    op = _op(tmp_path, {"application/json": {"schema": PET}})
    pet = {"name": "Rex", "age": 3, "tags": ["a", "b"]}
    spec = bind_request(op, body=BodyValue(pet))
    assert spec.content_type == "application/json"
    assert json.loads(spec.body) == pet
    assert spec.payload == pet
    assert check_request(op, spec) == []
    assert decode(op, spec).body == pet


def test_plus_json_body_is_json(tmp_path):
    op = _op(tmp_path, {"application/merge-patch+json": {"schema": PET}})
    spec = bind_request(op, body=BodyValue({"name": "Rex"}))
    assert spec.content_type == "application/merge-patch+json"
    assert json.loads(spec.body) == {"name": "Rex"}
    assert check_request(op, spec) == []


def test_json_text_payload_is_sent_as_is(tmp_path):
    op = _op(tmp_path, {"application/json": {"schema": PET}})
    spec = bind_request(op, body=BodyValue('{"name": "Rex"}'))
    assert spec.body == b'{"name": "Rex"}'


def test_form_body_sends_arrays_as_repeated_keys_and_untyped_fields_as_json_text(tmp_path):
    op = _op(tmp_path, {"application/x-www-form-urlencoded": {"schema": FLOW}})
    definition = {"states": [{"name": "Trigger", "type": "trigger"}], "initial_state": "Trigger"}
    payload = {
        "FriendlyName": "My flow & co",
        "Status": "draft",
        "Definition": definition,
        "Parameters": ["a", 1],
        "Tags": ["x", "y"],
    }
    spec = bind_request(op, body=BodyValue(payload))
    pairs = parse_qsl(spec.body.decode(), keep_blank_values=True)
    assert pairs == [
        ("FriendlyName", "My flow & co"),
        ("Status", "draft"),
        ("Definition", json.dumps(definition, separators=(",", ":"))),
        ("Parameters", '["a",1]'),
        ("Tags", "x"),
        ("Tags", "y"),
    ]
    assert check_request(op, spec) == []
    decoded = decode(op, spec).body
    assert json.loads(decoded["Definition"]) == definition
    assert decoded["Tags"] == ["x", "y"]
    assert decoded["FriendlyName"] == "My flow & co"


def test_form_encoding_object_json_content_type_sends_json_text(tmp_path):
    schema = {"type": "object", "properties": {"meta": {"type": "object"}}}
    op = _op(
        tmp_path,
        {
            "application/x-www-form-urlencoded": {
                "schema": schema,
                "encoding": {"meta": {"contentType": "application/json"}},
            }
        },
    )
    spec = bind_request(op, body=BodyValue({"meta": {"a": 1}}))
    assert parse_qsl(spec.body.decode()) == [("meta", '{"a":1}')]


def test_form_string_payload_is_sent_as_is(tmp_path):
    op = _op(tmp_path, {"application/x-www-form-urlencoded": {"schema": FLOW}})
    spec = bind_request(op, body=BodyValue("FriendlyName=x&Definition=%7B%7D"))
    assert spec.body == b"FriendlyName=x&Definition=%7B%7D"


def test_multipart_body_with_bytes_and_path_files(tmp_path):
    op = _op(tmp_path, {"multipart/form-data": {"schema": UPLOAD}})
    upload = tmp_path / "report.txt"
    upload.write_bytes(b"file content")
    for file_value, expected in ((b"\x00\x01binary", b"\x00\x01binary"), (upload, b"file content")):
        spec = bind_request(
            op, body=BodyValue({"file": file_value, "note": "hi", "meta": {"size": 3}})
        )
        assert spec.content_type.startswith("multipart/form-data; boundary=")
        assert spec.header("content-type") == spec.content_type
        assert check_request(op, spec) == []
        decoded = decode(op, spec).body
        assert decoded["file"] == expected
        assert decoded["note"] == "hi"
        assert decoded["meta"] == {"size": 3}
    assert b'filename="report.txt"' in spec.body


def test_xml_body_is_sent_as_text(tmp_path):
    """openapi-core cannot check XML against a schema; the request is still accepted."""
    op = _op(tmp_path, {"application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}})
    xml = "<pet><name>Rex</name></pet>"
    spec = bind_request(op, body=BodyValue(xml))
    assert spec.body == xml.encode()
    assert spec.content_type == "application/xml"
    assert check_request(op, spec) == []
    assert SafeET.fromstring(spec.body).find("name").text == "Rex"


def test_xml_body_needs_a_string(tmp_path):
    op = _op(tmp_path, {"application/xml": {"schema": {}}})
    with pytest.raises(RequestBindingError, match="XML body"):
        bind_request(op, body=BodyValue({"name": "Rex"}))


def test_text_body_round_trips(tmp_path):
    op = _op(tmp_path, {"text/plain": {"schema": {"type": "string"}}})
    spec = bind_request(op, body=BodyValue("hello, world"))
    assert check_request(op, spec) == []
    assert decode(op, spec).body == "hello, world"


def test_binary_body_round_trips(tmp_path):
    op = _op(
        tmp_path, {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}
    )
    data = bytes(range(256))
    spec = bind_request(op, body=BodyValue(data))
    assert spec.body == data
    assert check_request(op, spec) == []
    assert decode(op, spec).body == data


def test_content_type_choice(tmp_path):
    both = {
        "application/x-www-form-urlencoded": {"schema": PET},
        "application/json": {"schema": PET},
    }
    op = _op(tmp_path, both)
    assert bind_request(op, body=BodyValue({"name": "a"})).content_type == "application/json"
    chosen = bind_request(op, body=BodyValue({"name": "a"}, "application/x-www-form-urlencoded"))
    assert chosen.body == b"name=a"
    only_form = _op(tmp_path, {"application/x-www-form-urlencoded": {"schema": PET}})
    assert bind_request(only_form, body=BodyValue({"name": "a"})).body == b"name=a"
    xml_first = _op(tmp_path, {"application/xml": {}, "text/plain": {}})
    assert bind_request(xml_first, body=BodyValue("<a/>")).content_type == "application/xml"


def test_json_pointer_replacements_create_the_final_member(tmp_path):
    op = _op(tmp_path, {"application/json": {"schema": PET}})
    payload = {"name": "Rex", "tags": ["a"]}
    spec = bind_request(
        op,
        body=BodyValue(
            payload,
            replacements=(("/name", "Max"), ("/age", 4), ("/tags/1", "b"), ("/tags/0", "z")),
        ),
    )
    assert spec.payload == {"name": "Max", "tags": ["z", "b"], "age": 4}
    assert payload == {"name": "Rex", "tags": ["a"]}  # the step's value is not mutated
    with pytest.raises(RequestBindingError, match=r"/owner does not exist"):
        bind_request(op, body=BodyValue(payload, replacements=(("/owner/name", "x"),)))


def test_xpath_replacements_on_xml(tmp_path):
    op = _op(tmp_path, {"application/xml": {"schema": {}}})
    xml = '<?xml version="1.0"?><order id="1"><status>new</status><qty>1</qty></order>'
    spec = bind_request(
        op, body=BodyValue(xml, replacements=(("/order/status", "placed"), ("/order/@id", 42)))
    )
    assert spec.payload.endswith('<order id="42"><status>placed</status><qty>1</qty></order>')
    with pytest.raises(RequestBindingError, match="selects no element"):
        bind_request(op, body=BodyValue(xml, replacements=(("/order/missing", 1),)))
