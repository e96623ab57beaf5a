"""The one place that sets the model policy: frozen, camelCase aliases, ``x-`` capture."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from typing import ClassVar
from typing import Self

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import ValidationError
from pydantic import ValidationInfo
from pydantic import ValidatorFunctionWrapHandler
from pydantic import model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import InitErrorDetails
from pydantic_core import PydanticCustomError

from arazzo_engine.location import Location
from arazzo_engine.models._frozen import FrozenDict
from arazzo_engine.models._frozen import FrozenMapping
from arazzo_engine.models._trail import Trail
from arazzo_engine.models._trail import pointer_of

__all__ = [
    "DOCUMENT_CONTEXT",
    "RULE_IDS",
    "ArazzoModel",
    "ExtensibleModel",
    "LocationIndex",
    "fail",
    "suggest",
]

DOCUMENT_CONTEXT = "arazzo_document"
"""Validation-context key for the document's ``LocationIndex``, set by the loader.

When present, only the spec's own (camelCase) names are accepted and every object
gets its location."""

RULE_IDS = frozenset(
    {
        "unknown-field",
        "operation-target",
        "parameter-in",
        "action-target",
        "action-fields",
        "criterion-context",
        "criterion-type",
    }
)
"""Custom Pydantic error types raised by the models; each is also the Problem's rule id."""


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """Return a "did you mean" hint for ``word`` among ``choices``, or ``None``.

    Args:
        word: What was written.
        choices: What would have been valid.

    Returns:
        The hint text, or ``None`` when nothing is close.
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def fail(title: str, errors: Iterable[tuple[str, str, tuple[str | int, ...], str | None]]) -> None:
    """Raise one ``ValidationError`` carrying several rule errors, if there are any.

    Args:
        title: The model name, for Pydantic's error title.
        errors: ``(rule, message, loc, hint)`` tuples; ``loc`` is relative to the model.

    Raises:
        ValidationError: When ``errors`` is not empty (the loader turns it into Problems).
    """
    details = [
        InitErrorDetails(
            type=PydanticCustomError(rule, message, {"hint": hint} if hint else None),
            loc=loc,
            input=None,
        )
        for rule, message, loc, hint in errors
    ]
    if details:
        raise ValidationError.from_exception_data(title, details)


def _reraisable(error: Any) -> InitErrorDetails:
    """Turn one entry of ``ValidationError.errors()`` back into raisable details."""
    if error["type"] in RULE_IDS:
        ctx = error.get("ctx")
        return InitErrorDetails(
            type=PydanticCustomError(error["type"], error["msg"], ctx),
            loc=error["loc"],
            input=error["input"],
        )
    return InitErrorDetails(
        type=error["type"], loc=error["loc"], input=error["input"], ctx=error.get("ctx", {})
    )


class LocationIndex:
    """Where the raw mappings of one document are: handed to validation in its context.

    Models keep a reference to it and their pointer, and ask it for their ``Location``
    only when ``location`` is first read.

    Args:
        file: The document's display name.
        position: JSON pointer -> 1-based (line, column), ``None`` when not known;
            ``None`` itself when the document had no text.
        pointers: ``id()`` of each raw mapping -> its JSON pointer (a ``Trail``); only validation
            needs it (the loader empties it afterwards).
    """

    __slots__ = ("file", "pointers", "position")

    def __init__(
        self,
        file: str | None,
        position: Callable[[str], tuple[int, int] | None] | None,
        pointers: Mapping[int, Trail],
    ) -> None:
        self.file = file
        self.position = position
        self.pointers = pointers

    def locate(self, pointer: str) -> Location:
        """Return the Location of ``pointer``, with the line of its nearest known ancestor.

        The line and column are looked up when first read.

        Args:
            pointer: A JSON pointer into the document.

        Returns:
            The location (line and column ``None`` when the document had no text).
        """
        if self.position is None:
            return Location(self.file, None, None, pointer)
        return Location.deferred(self.file, pointer, lambda: self._position(pointer))

    def _position(self, pointer: str) -> tuple[int, int] | None:
        assert self.position is not None
        position = self.position(pointer)
        at = pointer
        while position is None and at:
            at = at[: at.rindex("/")]
            position = self.position(at)
        return position


class ArazzoModel(BaseModel):
    """Base of every Arazzo object: frozen, snake_case fields with camelCase aliases.

    Keys that name no field are rejected with a ``unknown-field`` error that suggests
    the nearest valid name; subclasses that allow ``x-`` extensions capture them.
    Every instance knows where it came from through ``location`` (kept in a slot,
    not a Pydantic private attribute, because that costs a hook on every instance).
    Validation stores only the document's ``LocationIndex`` and the object's pointer
    there; the line and column are looked up when ``location`` is first read.
    """

    __slots__ = ("_index", "_loc")

    model_config = ConfigDict(
        frozen=True,
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
    )

    _allows_extensions: ClassVar[bool] = False
    _ignores_unknown: ClassVar[bool] = False
    _aliases: ClassVar[frozenset[str]] = frozenset()
    _names: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        fields = cls.model_fields
        cls._aliases = frozenset(f.alias or n for n, f in fields.items() if n != "extensions")
        cls._names = frozenset(fields)

    @property
    def location(self) -> Location:
        """Where this object is in its document (unknown parts are ``None``)."""
        location = getattr(self, "_loc", None)
        if location is None:
            return Location()
        if type(location) is not Location:  # a Trail; validation also set the document's index
            location = self._index.locate(pointer_of(location))  # type: ignore[attr-defined]
            self._set_location(location)
        return location

    def _set_location(self, location: Location) -> None:
        object.__setattr__(self, "_loc", location)

    def __copy__(self) -> Self:
        new = super().__copy__()
        new._set_location(self.location)
        return new

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        new = super().__deepcopy__(memo)
        new._set_location(self.location)
        return new

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        state["_loc"] = self.location
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        state = dict(state)
        location = state.pop("_loc", None)
        super().__setstate__(state)
        if location is not None:
            self._set_location(location)

    @classmethod
    def _valid_names(cls) -> str:
        extra = " and x- extensions" if cls._allows_extensions else ""
        return "valid fields: " + ", ".join(sorted(cls._aliases)) + extra

    @model_validator(mode="wrap")
    @classmethod
    def _sort_keys(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        """Capture ``x-`` keys into ``extensions``, report unknown keys, record the location."""
        if not (isinstance(data, dict) or isinstance(data, Mapping)):  # noqa: SIM101 - dict is fast
            return handler(data)
        context = info.context
        index = context.get(DOCUMENT_CONTEXT) if context else None
        if cls._aliases.issuperset(data):  # the common case: nothing to sort out
            model = handler(data)
        else:
            model = cls._validate_sorted(data, handler, index is not None)
        if index is not None:
            pointer = index.pointers.get(id(data))
            if pointer is not None:
                object.__setattr__(model, "_index", index)
                object.__setattr__(model, "_loc", pointer)
        return model

    @classmethod
    def _validate_sorted(
        cls, data: Mapping[Any, Any], handler: ValidatorFunctionWrapHandler, document: bool
    ) -> Any:
        aliases = cls._aliases
        clean: dict[str, Any] = {}
        extensions: dict[str, Any] = {}
        unknown: list[str] = []
        for key, value in data.items():
            if key in aliases:
                clean[key] = value
            elif isinstance(key, str) and key.startswith("x-") and cls._allows_extensions:
                extensions[key] = value
            elif not document and key in cls._names:
                clean[key] = value
            elif not cls._ignores_unknown:
                unknown.append(key)
        if extensions:
            clean["extensions"] = {**clean.get("extensions", {}), **extensions}
        if not unknown:
            return handler(clean)
        errors = [
            InitErrorDetails(
                type=PydanticCustomError(
                    "unknown-field",
                    f"unknown field {key!r} in {cls.__name__}",
                    {"hint": suggest(str(key), aliases) or cls._valid_names()},
                ),
                loc=(key,),
                input=data[key],
            )
            for key in unknown
        ]
        try:
            handler(clean)
        except ValidationError as exc:
            errors.extend(_reraisable(e) for e in exc.errors(include_url=False))
        raise ValidationError.from_exception_data(cls.__name__, errors)


class ExtensibleModel(ArazzoModel):
    """An Arazzo object that may carry specification extensions (``x-`` keys)."""

    _allows_extensions: ClassVar[bool] = True

    extensions: FrozenMapping[str, Any] = Field(default_factory=FrozenDict)
    """The object's ``x-`` keys and their values, as written."""
