"""Per-operation plans that confirm a conforming request or response without openapi-core's setup.

openapi-core rebuilds its deserializers and JSON Schema validators, and walks the description
through ``jsonschema_path`` accessors, on every call. A plan does that walk once per operation
(and once per media type and status code seen), keeping the very objects openapi-core would
build from the validator's own factories. Checking a message then runs the same steps, in the
same order, with those prebuilt objects.

A plan only ever answers "conforms": as soon as a step fails, raises anything, or meets a
feature the plan does not cover, the caller asks openapi-core itself, which produces the
findings. Findings therefore always come from openapi-core, unchanged.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from openapi_core import OpenAPI

    from arazzo_engine.openapi.adapter import OpenAPIRequest
    from arazzo_engine.openapi.adapter import OpenAPIResponse
    from arazzo_engine.sources import Source

__all__ = ["RequestPlan", "ResponsePlan", "request_plan", "response_plan"]

# Media types / status codes remembered per plan (they repeat; the bound keeps odd
# inputs, e.g. multipart boundaries, from growing the memo without limit).
_MEMO_LIMIT = 64


class _Unsupported(Exception):
    """The description uses something plans do not cover: always ask openapi-core."""


class _Value:
    """A parameter or header, as openapi-core reads and checks it."""

    __slots__ = (
        "check_empty",
        "content",
        "default",
        "deserializer",
        "has_default",
        "name",
        "required",
        "validator",
    )

    def __init__(self, validator: Any, node: Any, name: str) -> None:
        from openapi_core.schema.parameters import get_style_and_explode

        self.name = name
        self.required = (node / "required").read_bool(default=False)
        self.content: _Content | None = None
        if "content" in node:
            # Complex: the raw value, decoded as the first declared media type.
            self.content = _Content(validator, node / "content")
            return
        allow_empty = (node / "allowEmptyValue").read_bool(default=None)
        schema = node / "schema"
        style, explode = get_style_and_explode(node)
        self.deserializer = validator.style_deserializers_factory.create(
            validator.spec, schema, style, explode, name=name
        )
        self.has_default = "default" in schema
        self.default = (schema / "default").read_value() if self.has_default else None
        self.check_empty = not allow_empty and (node / "in").read_str("header") == "query"
        self.validator = _schema_validator(validator, schema)

    def conforms(self, location: Any) -> bool:
        try:
            if self.content is not None:
                return self.content.conforms(location[self.name], None)
            try:
                value = self.deserializer.deserialize(location)
            except KeyError:
                if not self.has_default:
                    raise
                value = self.default
            else:
                if self.check_empty and value == "":
                    return False
            self.validator.validate(value)
        except KeyError:
            return not self.required
        return True


class _Content:
    """A ``content`` map: media type entries built on first use, per sent media type."""

    __slots__ = ("_content", "_memo", "_validator")

    def __init__(self, validator: Any, content: Any) -> None:
        self._validator = validator
        self._content = content
        self._memo: dict[str | None, tuple[Any, Any] | None] = {}

    def conforms(self, raw: Any, mimetype: str | None) -> bool:
        if mimetype in self._memo:
            entry = self._memo[mimetype]
        else:
            entry = self._build(mimetype)
            if len(self._memo) < _MEMO_LIMIT:
                self._memo[mimetype] = entry
        if entry is None:
            return False
        deserializer, schema_validator = entry
        value = deserializer.deserialize(raw)
        if schema_validator is not None:
            schema_validator.validate(value)
        return True

    def _build(self, mimetype: str | None) -> tuple[Any, Any] | None:
        from openapi_core.templating.media_types.finders import MediaTypeFinder

        v = self._validator
        finder = MediaTypeFinder(self._content)
        try:
            found = finder.get_first() if mimetype is None else finder.find(mimetype)
            mime_type, parameters, media_type = found
            schema = media_type.get("schema")
            encoding = media_type.get("encoding") if "encoding" in media_type else None
            schema_validator = None if schema is None else _schema_validator(v, schema)
            deserializer = v.media_type_deserializers_factory.create(
                v.spec,
                mime_type,
                schema=schema,
                schema_validator=schema_validator,
                parameters=parameters,
                encoding=encoding,
                extra_media_type_deserializers=v.extra_media_type_deserializers,
            )
            if "schema" not in media_type:
                schema_validator = None
        except Exception:  # noqa: BLE001 - not found or not understood: openapi-core reports it
            return None
        return deserializer, schema_validator


class RequestPlan:
    """What openapi-core checks in a request to one operation, built once.

    Args:
        validator: The app's request validator (its factories build the parts).
        operation: The operation node.
        path: The path item node.

    Raises:
        _Unsupported: The operation uses something plans do not cover.
    """

    __slots__ = ("_body", "_body_required", "_params")

    def __init__(self, validator: Any, operation: Any, path: Any) -> None:
        from jsonschema_path import SchemaPath

        _check_security(validator, operation)
        empty = SchemaPath.from_dict({})
        seen: set[tuple[str, str]] = set()
        self._params: list[tuple[str, _Value]] = []
        for group in (operation.get("parameters", empty), path.get("parameters", empty)):
            for param in group:
                name = (param / "name").read_str()
                where = (param / "in").read_str()
                if (name, where) in seen:
                    continue
                seen.add((name, where))
                if where not in ("query", "header", "cookie", "path"):
                    raise _Unsupported
                self._params.append((where, _Value(validator, param, name)))
        self._body: _Content | None = None
        self._body_required = False
        if "requestBody" in operation:
            body = operation / "requestBody"
            self._body_required = (body / "required").read_bool(default=False)
            self._body = _Content(validator, body / "content")

    def conforms(self, request: OpenAPIRequest) -> bool:
        """Whether openapi-core would find nothing wrong with ``request``.

        Args:
            request: The adapted request.

        Returns:
            True when the request conforms; False means "ask openapi-core".
        """
        parameters = request.parameters
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                for where, value in self._params:
                    if not value.conforms(getattr(parameters, where)):
                        return False
                if self._body is not None:
                    if not request.body:
                        return not self._body_required
                    return self._body.conforms(request.body, request.content_type)
            except Exception:  # noqa: BLE001 - any failure: openapi-core reports it
                return False
        return True


class _Response:
    """One declared response: its content and headers."""

    __slots__ = ("content", "headers")

    def __init__(self, validator: Any, node: Any) -> None:
        self.content = _Content(validator, node / "content") if "content" in node else None
        self.headers: list[_Value] = []
        if "headers" in node:
            for name, header in (node / "headers").str_items():
                if name.lower() != "content-type":
                    self.headers.append(_Value(validator, header, name))


class ResponsePlan:
    """What openapi-core checks in a response from one operation, built once per status.

    Args:
        validator: The app's response validator (its factories build the parts).
        operation: The operation node.
    """

    __slots__ = ("_memo", "_operation", "_validator")

    def __init__(self, validator: Any, operation: Any) -> None:
        self._validator = validator
        self._operation = operation
        self._memo: dict[int, _Response | None] = {}

    def conforms(self, response: OpenAPIResponse) -> bool:
        """Whether openapi-core would find nothing wrong with ``response``.

        Args:
            response: The adapted response.

        Returns:
            True when the response conforms; False means "ask openapi-core".
        """
        status = response.status_code
        if status in self._memo:
            declared = self._memo[status]
        else:
            declared = self._build(status)
            if len(self._memo) < _MEMO_LIMIT:
                self._memo[status] = declared
        if declared is None:
            return False
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                content = declared.content
                if content is not None and (
                    not response.data or not content.conforms(response.data, response.content_type)
                ):
                    return False
                headers = response.headers
                return all(h.conforms(headers) for h in declared.headers)
            except Exception:  # noqa: BLE001 - any failure: openapi-core reports it
                return False

    def _build(self, status: int) -> _Response | None:
        from openapi_core.templating.responses.finders import ResponseFinder

        try:
            node = ResponseFinder(self._operation / "responses").find(str(status))
            return _Response(self._validator, node)
        except Exception:  # noqa: BLE001 - undeclared or not understood: openapi-core reports it
            return None


def request_plan(source: Source, app: OpenAPI, method: str, name: str) -> RequestPlan | None:
    """Return the request plan for an operation, built once per source.

    Args:
        source: The loaded source (plans are kept with it).
        app: The source's ``OpenAPI`` object.
        method: The lower-case method, as the adapted request carries it.
        name: The URL openapi-core's path finder is asked for.

    Returns:
        The plan, or ``None`` when only openapi-core can check this operation.
    """

    def build() -> RequestPlan:
        validator: Any = app.request_validator
        if not _security_unchecked(validator):
            raise _Unsupported
        found = validator.path_finder.find(method, name)
        return RequestPlan(validator, found.operation, found.path)

    return _memoised(source, ("request", method, name), build)  # type: ignore[no-any-return]


def response_plan(source: Source, app: OpenAPI, method: str, name: str) -> ResponsePlan | None:
    """Return the response plan for an operation, built once per source.

    Args:
        source: The loaded source (plans are kept with it).
        app: The source's ``OpenAPI`` object.
        method: The lower-case method, as the adapted request carries it.
        name: The URL openapi-core's path finder is asked for.

    Returns:
        The plan, or ``None`` when only openapi-core can check this operation.
    """

    def build() -> ResponsePlan:
        validator: Any = app.response_validator
        found = validator.path_finder.find(method, name)
        return ResponsePlan(validator, found.operation)

    return _memoised(source, ("response", method, name), build)  # type: ignore[no-any-return]


def _memoised(source: Source, key: tuple[str, str, str], build: Callable[[], Any]) -> Any:
    """The plan stored under ``key``, built on first use (``None`` when it cannot be)."""
    plans = _plans(source)
    if key not in plans:
        try:
            plans[key] = build()
        except Exception:  # noqa: BLE001 - whatever it is, openapi-core reports it
            plans[key] = None
    return plans[key]


def _plans(source: Source) -> dict[tuple[str, str, str], Any]:
    plans: dict[tuple[str, str, str], Any] = source.extras.setdefault("openapi-plans", {})
    return plans


def _schema_validator(validator: Any, schema: Any) -> Any:
    # The same call openapi-core makes before each validation (BaseValidator._validate_schema).
    return validator.schema_validators_factory.create(
        validator.spec,
        schema,
        format_validators=validator.format_validators,
        extra_format_validators=validator.extra_format_validators,
        forbid_unspecified_additional_properties=validator.forbid_unspecified_additional_properties,
        enforce_properties_required=validator.enforce_properties_required,
    )


def _security_unchecked(validator: Any) -> bool:
    from arazzo_engine.openapi.adapter import accepts_any_credentials

    return accepts_any_credentials(validator.security_provider_factory)


def _check_security(validator: Any, operation: Any) -> None:
    # Security is not checked (the adapter's provider accepts everything), so this step of
    # openapi-core never fails; walk it once so that a description it would trip over
    # (an unreadable requirement, say) is left to openapi-core.
    spec = validator.spec
    holder = operation if "security" in operation else spec if "security" in spec else None
    if holder is None:
        return
    schemes = None
    for requirement in holder / "security":
        for scheme_name in requirement.str_keys():
            if schemes is None:
                schemes = spec / "components#securitySchemes"
            if scheme_name in schemes:
                validator.security_provider_factory.create(schemes[scheme_name])
        return
