"""Criterion Object and Criterion Expression Type Object (data only, no evaluation)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated
from typing import Any
from typing import Literal

from pydantic import Discriminator
from pydantic import Tag
from pydantic import model_validator

from arazzo_engine.models._base import ExtensibleModel
from arazzo_engine.models._base import fail
from arazzo_engine.models._base import suggest

__all__ = ["CRITERION_KINDS", "EXPRESSION_TYPE_VERSIONS", "Criterion", "CriterionExpressionType"]

CRITERION_KINDS = ("simple", "regex", "jsonpath", "xpath")
"""The criterion types of Arazzo 1.0.x; ``simple`` is the default."""

EXPRESSION_TYPE_VERSIONS: Mapping[str, tuple[str, ...]] = {
    "jsonpath": ("draft-goessner-dispatch-jsonpath-00",),
    "xpath": ("xpath-30", "xpath-20", "xpath-10"),
}
"""The ``version`` values a Criterion Expression Type Object may name, by ``type``."""


class CriterionExpressionType(ExtensibleModel):
    """Names the dialect of a ``jsonpath`` or ``xpath`` criterion.

    Attributes:
        type: ``"jsonpath"`` or ``"xpath"``.
        version: ``draft-goessner-dispatch-jsonpath-00`` for jsonpath;
            ``xpath-30``, ``xpath-20`` or ``xpath-10`` for xpath.
    """

    type: Literal["jsonpath", "xpath"]
    version: str

    @model_validator(mode="after")
    def _check_version(self) -> CriterionExpressionType:
        allowed = EXPRESSION_TYPE_VERSIONS[self.type]
        if self.version not in allowed:
            fail(
                type(self).__name__,
                [
                    (
                        "criterion-type",
                        f"{self.version!r} is not a {self.type} version",
                        ("version",),
                        suggest(self.version, allowed) or "one of: " + ", ".join(allowed),
                    )
                ],
            )
        return self


def _type_tag(value: Any) -> str:
    if isinstance(value, str):
        return "<string>"
    if isinstance(value, Mapping | CriterionExpressionType):
        return "<object>"
    return "<string>"


class Criterion(ExtensibleModel):
    """An assertion that decides a step's success or whether an action applies.

    Attributes:
        context: A runtime expression for the value the condition is applied to;
            required for ``regex``, ``jsonpath`` and ``xpath`` criteria.
        condition: The condition (a simple expression, a regex, a JSONPath or XPath).
        type: ``simple`` (default), ``regex``, ``jsonpath``, ``xpath``, or an
            expression type object naming a jsonpath/xpath dialect.
    """

    context: str | None = None
    condition: str
    type: (
        Annotated[
            Annotated[str, Tag("<string>")] | Annotated[CriterionExpressionType, Tag("<object>")],
            Discriminator(_type_tag),
        ]
        | None
    ) = None

    @property
    def kind(self) -> Literal["simple", "regex", "jsonpath", "xpath"]:
        """The criterion's kind: ``simple`` when ``type`` is absent."""
        if self.type is None:
            return "simple"
        if isinstance(self.type, CriterionExpressionType):
            return self.type.type
        return self.type  # type: ignore[return-value]  # checked by _check_type

    @property
    def version(self) -> str | None:
        """The dialect version from an expression type object, else ``None``."""
        return self.type.version if isinstance(self.type, CriterionExpressionType) else None

    @model_validator(mode="after")
    def _check_type(self) -> Criterion:
        if self.type is None:  # simple: nothing to check
            return self
        errors: list[tuple[str, str, tuple[str | int, ...], str | None]] = []
        if isinstance(self.type, str) and self.type not in CRITERION_KINDS:
            hint = suggest(self.type, CRITERION_KINDS) or "one of: " + ", ".join(CRITERION_KINDS)
            errors.append(
                ("criterion-type", f"unknown criterion type {self.type!r}", ("type",), hint)
            )
        elif self.kind != "simple" and self.context is None:
            errors.append(
                (
                    "criterion-context",
                    f"a {self.kind} criterion needs a 'context'",
                    (),
                    "add the runtime expression it applies to, e.g. context: $response.body",
                )
            )
        fail(type(self).__name__, errors)
        return self
