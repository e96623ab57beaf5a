"""Credentials from the command line: ``--auth SOURCE.SCHEME=VALUE`` and the environment.

An environment variable ``ARAZZO_AUTH_<SOURCE>_<SCHEME>`` (each name upper-cased, every
character outside ``[A-Za-z0-9]`` replaced by ``_``) gives the credential for security
scheme ``SCHEME`` of source description ``SOURCE``; ``--auth`` wins over it.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import urljoin

import yaml

from arazzo_engine._inputs import env_name
from arazzo_engine._yaml import parse_yaml
from arazzo_engine.errors import ArazzoError

if TYPE_CHECKING:
    from arazzo_engine.fetch import Fetcher
    from arazzo_engine.models import ArazzoDocument

ENV_AUTH_PREFIX = "ARAZZO_AUTH_"
"""Environment variables with this prefix give credentials."""


def split_auth(text: str) -> tuple[str, str, str]:
    """Split ``SOURCE.SCHEME=VALUE``.

    Args:
        text: The ``--auth`` argument.

    Returns:
        The source name, the scheme name and the credential.

    Raises:
        ValueError: The shape is wrong; the message never contains the credential.
    """
    target, sep, value = text.partition("=")
    if not sep:
        raise ValueError("expected SOURCE.SCHEME=VALUE (no '=' found)")
    source, dot, scheme = target.partition(".")
    if not dot or not source.strip() or not scheme.strip():
        raise ValueError(f"expected SOURCE.SCHEME=VALUE, got {target!r} before '='")
    if not value:
        raise ValueError(f"the credential for {target} is empty")
    return source.strip(), scheme.strip(), value


def _source_uri(doc: ArazzoDocument, url: str) -> str | None:
    if "://" in url:
        return url
    if doc.uri:
        return urljoin(doc.uri, url)
    return None


def security_scheme_names(
    doc: ArazzoDocument, *, overrides: Mapping[str, str], fetcher: Fetcher
) -> dict[str, tuple[str, ...]]:
    """Return the security scheme names each OpenAPI source description declares.

    Sources that cannot be fetched or parsed are left out (the run reports them).

    Args:
        doc: The Arazzo document.
        overrides: ``--source`` replacements (source name -> URI).
        fetcher: Fetches a URI.

    Returns:
        Source name -> its ``components.securitySchemes`` names.
    """
    found: dict[str, tuple[str, ...]] = {}
    for source in doc.source_descriptions:
        if source.type not in (None, "openapi"):
            continue
        uri = overrides.get(source.name) or _source_uri(doc, source.url)
        if uri is None:
            continue
        try:
            data = parse_yaml(fetcher(uri).text)
        except (ArazzoError, ValueError, yaml.YAMLError):  # the run reports a source it cannot read
            continue
        components = data.get("components") if isinstance(data, Mapping) else None
        schemes = components.get("securitySchemes") if isinstance(components, Mapping) else None
        if isinstance(schemes, Mapping):
            found[source.name] = tuple(str(name) for name in schemes)
    return found


def collect_credentials(
    flags: Iterable[tuple[str, str, str]],
    *,
    environ: Mapping[str, str] | None = None,
    schemes: Mapping[str, Iterable[str]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Merge credentials from the environment and ``--auth`` flags (flags win).

    Args:
        flags: ``(source, scheme, value)`` from ``--auth``.
        environ: The environment.
        schemes: Source name -> its security scheme names (to look up variables for).

    Returns:
        Source name -> scheme name -> credential text (``user:password`` for basic).
    """
    credentials: dict[str, dict[str, Any]] = {}
    if environ and schemes:
        for source, names in schemes.items():
            for scheme in names:
                value = environ.get(env_name(ENV_AUTH_PREFIX, source, scheme))
                if value:
                    credentials.setdefault(source, {})[scheme] = value
    for source, scheme, value in flags:
        credentials.setdefault(source, {})[scheme] = value
    return credentials


def auth_variables(environ: Mapping[str, str]) -> list[str]:
    """Return the names of the ``ARAZZO_AUTH_*`` variables that are set (non-empty)."""
    return sorted(k for k, v in environ.items() if k.startswith(ENV_AUTH_PREFIX) and v)


def unmatched_variables(
    environ: Mapping[str, str], schemes: Mapping[str, Iterable[str]]
) -> list[str]:
    """Return the ``ARAZZO_AUTH_*`` variables that name no known security scheme.

    Args:
        environ: The environment.
        schemes: Source name -> its security scheme names.

    Returns:
        Variable names (never values), sorted.
    """
    known = {
        env_name(ENV_AUTH_PREFIX, source, scheme)
        for source, names in schemes.items()
        for scheme in names
    }
    return [name for name in auth_variables(environ) if name not in known]
