"""Reusable Object: a reference to a component, with an optional value override."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from typing import ClassVar

from pydantic import field_serializer

from arazzo_engine._types import UNDEFINED
from arazzo_engine.models._base import ArazzoModel

__all__ = ["ReusableObject", "reusable_tag"]


class ReusableObject(ArazzoModel):
    """A reference to a component: ``$components.parameters.<name>`` and friends.

    The spec says properties other than ``reference`` and ``value`` MUST be ignored,
    so they are accepted and dropped (``x-`` keys included; nothing is recorded).

    Attributes:
        reference: ``$components.parameters.<name>``, ``$components.successActions.<name>``
            or ``$components.failureActions.<name>``.
        value: For parameter references, overrides the component's ``value``;
            ``UNDEFINED`` when not given.
    """

    _ignores_unknown: ClassVar[bool] = True

    reference: str
    value: Any = UNDEFINED

    @field_serializer("value")
    def _serialize_value(self, value: Any) -> Any:
        return None if value is UNDEFINED else value

    @property
    def has_value(self) -> bool:
        """Whether the document gave a ``value`` (``null`` counts as given)."""
        return self.value is not UNDEFINED


def reusable_tag(value: Any) -> str:
    """Discriminate an inline object from a Reusable Object (it has ``reference``).

    Args:
        value: The raw (or already built) list item.

    Returns:
        ``"<reusable>"`` or ``"<inline>"``, the tags used in the union annotations.
    """
    if isinstance(value, dict):  # the common case, before the slower ABC check
        return "<reusable>" if "reference" in value else "<inline>"
    if isinstance(value, ReusableObject):
        return "<reusable>"
    if isinstance(value, Mapping) and "reference" in value:
        return "<reusable>"
    return "<inline>"
