"""Applying an operation's security requirements from the caller's credentials."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import quote

from arazzo_engine.errors import MissingCredentialError
from arazzo_engine.errors import RequestBindingError
from arazzo_engine.errors import UnsupportedFeatureError

if TYPE_CHECKING:
    from arazzo_engine.openapi.operation import ResolvedOperation

__all__ = ["AppliedSecurity", "apply_security"]


@dataclass(slots=True)
class AppliedSecurity:
    """What satisfying the security requirements adds to a request.

    Attributes:
        headers: Headers to add.
        query: Encoded query pairs to add.
        cookies: Cookie pairs to add.
        secrets: Every credential value, as it may appear in the request.
        schemes: The names of the schemes applied.
    """

    headers: list[tuple[str, str]] = field(default_factory=list)
    query: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[tuple[str, str]] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)
    schemes: list[str] = field(default_factory=list)


def _carrier(scheme: Mapping[str, Any]) -> tuple[str, str]:
    """Where a scheme's credential travels: ``(in, name)``."""
    if scheme.get("type") == "apiKey":
        return str(scheme.get("in", "header")), str(scheme.get("name", ""))
    return "header", "Authorization"


def _value_form(scheme: Mapping[str, Any]) -> str:
    kind = scheme.get("type")
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        return "USER:PASS"
    if kind == "apiKey":
        return "KEY"
    return "TOKEN"


def _python_form(scheme: Mapping[str, Any]) -> str:
    form = _value_form(scheme)
    return "(user, password)" if form == "USER:PASS" else f"'{form.lower()}'"


def apply_security(
    op: ResolvedOperation,
    credentials: Mapping[str, Any] | None,
    *,
    supplied: Sequence[tuple[str, str]] = (),
) -> AppliedSecurity:
    """Pick the first security alternative the credentials satisfy and apply it.

    Args:
        op: The resolved operation.
        credentials: Security scheme name -> credential: ``(user, password)`` or
            ``"user:password"`` for http basic; a token for http bearer, oauth2 and
            openIdConnect; the key for apiKey.
        supplied: ``(in, lower-cased name)`` of parameters the step sends itself; a
            scheme whose carrier is among them counts as satisfied (and is not applied).

    Returns:
        The additions to the request.

    Raises:
        MissingCredentialError: No alternative can be satisfied; names the schemes
            and how to supply them.
        UnsupportedFeatureError: The chosen scheme cannot be applied (``mutualTLS``).
        RequestBindingError: A credential has the wrong shape.
    """
    creds = credentials or {}
    if not op.security:
        return AppliedSecurity()
    given = {(where, name.lower()) for where, name in supplied}
    anonymous = False
    for requirement in op.security:
        if not requirement:
            anonymous = True
            continue
        names = list(requirement)
        if all(
            name in creds
            or (name in op.security_schemes and _carrier_key(op.security_schemes[name]) in given)
            for name in names
        ):
            applied = AppliedSecurity()
            for name in names:
                if name in creds:
                    _apply(op, name, creds[name], applied)
            return applied
    if anonymous:
        return AppliedSecurity()
    raise _missing(op)


def _carrier_key(scheme: Mapping[str, Any]) -> tuple[str, str]:
    where, name = _carrier(scheme)
    return where, name.lower()


def _missing(op: ResolvedOperation) -> MissingCredentialError:
    def described(name: str) -> str:
        return f"{name!r} ({_describe(op.security_schemes.get(name))})"

    alternatives = [" + ".join(described(n) for n in req) for req in op.security if req]
    first = next(req for req in op.security if req)
    cli = " ".join(
        f"--auth {op.source}.{n}={_value_form(op.security_schemes.get(n, {}))}" for n in first
    )
    py = ", ".join(f"{n!r}: {_python_form(op.security_schemes.get(n, {}))}" for n in first)
    wanted = (
        f"security scheme {alternatives[0]}"
        if len(alternatives) == 1
        else "one of " + " or ".join(alternatives)
    )
    return MissingCredentialError(
        f"operation {op} needs credentials for {wanted}",
        hint=f"supply them: {cli} or auth={{{op.source!r}: {{{py}}}}}",
    )


def _describe(scheme: Mapping[str, Any] | None) -> str:
    if scheme is None:
        return "not declared in components/securitySchemes"
    kind = str(scheme.get("type", "?"))
    if kind == "http":
        return f"http {scheme.get('scheme', '?')}"
    if kind == "apiKey":
        return f"apiKey in {scheme.get('in', '?')} {scheme.get('name', '?')!r}"
    return kind


def _apply(op: ResolvedOperation, name: str, value: Any, out: AppliedSecurity) -> None:
    scheme = op.security_schemes.get(name)
    if scheme is None:
        raise RequestBindingError(
            f"security scheme {name!r} of operation {op} is not declared in "
            "components/securitySchemes"
        )
    kind = scheme.get("type")
    out.schemes.append(name)
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        user, password = _basic(name, value)
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        out.headers.append(("Authorization", f"Basic {token}"))
        out.secrets.update({token, f"{user}:{password}", password})
    elif kind in ("http", "oauth2", "openIdConnect"):
        token = _token(name, value)
        prefix = str(scheme.get("scheme", "Bearer")) if kind == "http" else "Bearer"
        prefix = "Bearer" if prefix.lower() == "bearer" else prefix
        out.headers.append(("Authorization", f"{prefix} {token}"))
        out.secrets.add(token)
    elif kind == "apiKey":
        key = _token(name, value)
        where, carrier = _carrier(scheme)
        if where == "query":
            out.query.append((quote(carrier, safe=""), quote(key, safe="")))
            out.secrets.add(quote(key, safe=""))
        elif where == "cookie":
            out.cookies.append((carrier, key))
        else:
            out.headers.append((carrier, key))
        out.secrets.add(key)
    else:
        raise UnsupportedFeatureError(
            f"security scheme {name!r} of type {kind!r} cannot be applied to a request"
        )


def _basic(name: str, value: Any) -> tuple[str, str]:
    if isinstance(value, str) and ":" in value:
        user, _, password = value.partition(":")
        return user, password
    if isinstance(value, list | tuple) and len(value) == 2:
        return str(value[0]), str(value[1])
    if isinstance(value, Mapping) and "username" in value:
        return str(value["username"]), str(value.get("password", ""))
    raise RequestBindingError(
        f"credential for http basic scheme {name!r} must be (user, password) or 'user:password'"
    )


def _token(name: str, value: Any) -> str:
    if isinstance(value, Mapping) and "token" in value:
        value = value["token"]
    if isinstance(value, str) and value:
        return value
    raise RequestBindingError(f"credential for security scheme {name!r} must be a non-empty string")
