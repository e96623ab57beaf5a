"""Every simulator operation's request and response conform to the example's OpenAPI description."""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import urlsplit

import httpx
import pytest
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers
from werkzeug.datastructures import ImmutableMultiDict

from arazzo_engine._yaml import parse_yaml
from tests.simulators.studio_helpers import FROM
from tests.simulators.studio_helpers import TO
from tests.simulators.studio_helpers import flow_form

if TYPE_CHECKING:
    from collections.abc import Iterator

    from arazzo_engine.simulators.studio import StudioSimulator

REPO = Path(__file__).resolve().parents[2]
DESCRIPTION = REPO / "examples" / "twilio-studio" / "openapi" / "studio-openapi-original.yml"


@dataclass
class _Request:
    """openapi-core's Request protocol over an httpx.Request."""

    request: httpx.Request
    parameters: RequestParameters = field(init=False)

    def __post_init__(self) -> None:
        url = urlsplit(str(self.request.url))
        self.parameters = RequestParameters(
            query=ImmutableMultiDict([(k, v) for k, vs in parse_qs(url.query).items() for v in vs]),
            header=Headers(dict(self.request.headers)),
        )

    @property
    def host_url(self) -> str:
        url = self.request.url
        return f"{url.scheme}://{url.netloc.decode()}"

    @property
    def path(self) -> str:
        return self.request.url.path

    @property
    def method(self) -> str:
        return self.request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self.request.content or None

    @property
    def content_type(self) -> str:
        return str(self.request.headers.get("content-type", "")).lower()


@dataclass
class _Response:
    """openapi-core's Response protocol over an httpx.Response."""

    response: httpx.Response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str:
        return str(self.response.headers.get("content-type", "")).lower()

    @property
    def headers(self) -> Headers:
        return Headers(dict(self.response.headers))

    @property
    def data(self) -> bytes | None:
        return self.response.content or None


@pytest.fixture
def checked_client(sim: StudioSimulator) -> Iterator[tuple[httpx.Client, list[str]]]:
    spec: dict[str, Any] = parse_yaml(DESCRIPTION.read_text(encoding="utf-8"))
    spec["servers"] = [{"url": sim.url}]
    openapi = OpenAPI.from_dict(spec)
    problems: list[str] = []

    def check(response: httpx.Response) -> None:
        response.read()
        request = _Request(response.request)
        where = f"{response.request.method} {response.request.url.path}"
        try:
            if response.status_code < 400:  # error cases send invalid requests on purpose
                openapi.validate_request(request)
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            problems.append(f"request {where}: {exc!r} {exc.__cause__!r}")
        try:
            openapi.validate_response(request, _Response(response))
        except Exception as exc:  # noqa: BLE001 - collected and reported below
            problems.append(f"response {where} {response.status_code}: {exc!r} {exc.__cause__!r}")

    with httpx.Client(base_url=sim.url, auth=sim.auth, event_hooks={"response": [check]}) as client:
        yield client, problems


def test_all_operations_conform(checked_client: tuple[httpx.Client, list[str]]) -> None:
    client, problems = checked_client
    flow = client.post("/v2/Flows", data=flow_form(CommitMessage="one")).json()
    sid = flow["sid"]
    client.get("/v2/Flows", params={"PageSize": 1})
    client.post("/v2/Flows/Validate", data=flow_form())
    client.get(f"/v2/Flows/{sid}")
    client.post(f"/v2/Flows/{sid}", data={"Status": "published", "CommitMessage": "two"})
    client.get(f"/v2/Flows/{sid}/Revisions")
    client.get(f"/v2/Flows/{sid}/Revisions/1")
    client.get(f"/v2/Flows/{sid}/TestUsers")
    client.post(f"/v2/Flows/{sid}/TestUsers", data={"TestUsers": ["alice", "bob"]})
    execution = client.post(
        f"/v2/Flows/{sid}/Executions",
        data={"To": TO, "From": FROM, "Parameters": json.dumps({"name": "Ada"})},
    ).json()
    base = f"/v2/Flows/{sid}/Executions/{execution['sid']}"
    client.get(f"/v2/Flows/{sid}/Executions", params={"status": "active"})
    client.get(base)
    client.get(f"{base}/Context")
    steps = client.get(f"{base}/Steps").json()["steps"]
    client.get(f"{base}/Steps/{steps[0]['sid']}")
    client.get(f"{base}/Steps/{steps[0]['sid']}/Context")
    client.post(base, data={"Status": "ended"})
    client.delete(base)
    client.delete(f"/v2/Flows/{sid}")
    # Declared error responses too.
    client.get(f"/v2/Flows/{sid}")
    client.post("/v2/Flows", data={"Status": "draft"})
    assert problems == []
