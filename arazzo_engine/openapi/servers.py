"""Choosing an operation's server and expanding its variables into a base URL."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin
from urllib.parse import urlsplit

from arazzo_engine.errors import RequestBindingError
from arazzo_engine.fetch import display_name

if TYPE_CHECKING:
    from collections.abc import Mapping

    from arazzo_engine.openapi.operation import ResolvedOperation
    from arazzo_engine.openapi.operation import ServerDef

__all__ = ["base_url", "expand_server"]


def expand_server(server: ServerDef, variables: Mapping[str, str] | None = None) -> str:
    """Fill a server URL template with its variables.

    Args:
        server: The server definition.
        variables: Values that replace the variables' defaults.

    Returns:
        The URL (still relative when the template is).

    Raises:
        RequestBindingError: A value is not in the variable's ``enum``, or a variable
            has neither a value nor a default.
    """
    given = dict(variables or {})
    url = server.url
    for name, var in server.variables.items():
        if name in given:
            value = str(given[name])
            enum = var.get("enum")
            if enum and value not in [str(e) for e in enum]:
                raise RequestBindingError(
                    f"server variable {name!r}={value!r} is not one of its enum values",
                    hint="allowed: " + ", ".join(str(e) for e in enum),
                )
        elif "default" in var:
            value = str(var["default"])
        else:
            raise RequestBindingError(f"server variable {name!r} has no value and no default")
        url = url.replace("{" + name + "}", value)
    return url


def base_url(
    op: ResolvedOperation,
    *,
    server_url: str | None = None,
    variables: Mapping[str, str] | None = None,
) -> str:
    """Return the absolute base URL requests for ``op`` go to (no trailing ``/``).

    The first effective server (operation, else path item, else root, else ``/``) is
    expanded and, when relative, resolved against the source description's URI.

    Args:
        op: The resolved operation.
        server_url: Replaces the whole server URL (the caller's per-source override).
        variables: Server variable values that replace the defaults.

    Returns:
        The base URL.

    Raises:
        RequestBindingError: The server URL is relative and the source was loaded from
            a local file (so there is nothing to resolve it against), or a server
            variable is wrong.
    """
    if server_url is not None:
        url = server_url
    else:
        url = expand_server(op.servers[0], variables) if op.servers else "/"
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        base_scheme = urlsplit(op.source_uri).scheme.lower()
        if server_url is not None or base_scheme not in ("http", "https"):
            raise RequestBindingError(
                f"operation {op} has no absolute server URL ({url!r} relative to "
                f"{display_name(op.source_uri)})",
                hint=f"give a server URL for source {op.source!r}, e.g. "
                f"--server {op.source}=https://api.example.com or "
                f"servers={{{op.source!r}: 'https://api.example.com'}}",
            )
        url = urljoin(op.source_uri, url)
    return url.rstrip("/")
