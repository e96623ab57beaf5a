"""Fixtures for the Studio simulator tests: a started simulator and an httpx client."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from arazzo_engine.simulators.studio import StudioSimulator
from tests.simulators.studio_helpers import flow_form

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def sim() -> Iterator[StudioSimulator]:
    with StudioSimulator(execution_duration=0.3, api_keys={"SK" + "a" * 32: "key-secret"}) as s:
        yield s


@pytest.fixture
def client(sim: StudioSimulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.url, auth=sim.auth, timeout=5.0) as c:
        yield c


@pytest.fixture
def flow_sid(client: httpx.Client) -> str:
    response = client.post("/v2/Flows", data=flow_form())
    assert response.status_code == 201, response.text
    return str(response.json()["sid"])
