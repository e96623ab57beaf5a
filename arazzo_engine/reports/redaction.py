"""Redaction of known credential values from every text the CLI and reports show."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote
from urllib.parse import quote_plus

from arazzo_engine.messages import REDACTED

MIN_SECRET_LENGTH = 4
"""Shorter values are not searched for in text: replacing every ``a`` would wreck the output."""


def secret_variants(value: str) -> set[str]:
    """Return the forms in which a credential value may show up in text.

    A ``user:password`` value also yields the password alone and the Base64 form that
    HTTP basic authentication sends; every value also yields its percent-encoded and
    JSON-escaped forms.

    Args:
        value: A credential value as the user gave it.

    Returns:
        The strings (of at least ``MIN_SECRET_LENGTH`` characters) never to be shown.
    """
    found: set[str] = set()
    if not value:
        return found
    bases = {value}
    if ":" in value:
        password = value.split(":", 1)[1]
        if password:
            bases.add(password)
        bases.add(base64.b64encode(value.encode("utf-8")).decode("ascii"))
    for base in bases:
        found.add(base)
        found.add(quote(base, safe=""))
        found.add(quote_plus(base, safe=""))
        found.add(json.dumps(base, ensure_ascii=False)[1:-1])
        found.add(json.dumps(base)[1:-1])
    return {v for v in found if len(v) >= MIN_SECRET_LENGTH}


class Redactor:
    """Replaces every known secret (and its encodings) with ``[REDACTED]``.

    The CLI runs all text it prints or writes through one ``Redactor`` holding every
    credential value it knows, as a final safety net behind the runner's own redaction.

    Args:
        secrets: Credential values as the user gave them.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        variants: set[str] = set()
        for secret in secrets:
            variants |= secret_variants(secret)
        # Longest first, so that a secret containing another is replaced whole.
        self._secrets: tuple[str, ...] = tuple(sorted(variants, key=len, reverse=True))

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def __repr__(self) -> str:
        return f"<Redactor of {len(self._secrets)} values>"

    def __call__(self, text: str) -> str:
        """Return ``text`` with every secret replaced.

        Args:
            text: Any text about to be shown or written.

        Returns:
            The redacted text.
        """
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def data(self, value: Any) -> Any:
        """Redact every string inside a JSON-like value (keys included).

        Redacting values rather than serialized text keeps JSON well-formed whatever the
        secret contains.

        Args:
            value: A value made of mappings, lists, tuples and scalars.

        Returns:
            A redacted copy (mappings become dicts, tuples become lists).
        """
        if isinstance(value, str):
            return self(value)
        if isinstance(value, Mapping):
            return {self(str(k)): self.data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v) for v in value]
        return value


NO_REDACTION = Redactor()
"""A redactor that knows no secrets."""
