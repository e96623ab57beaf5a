"""Injected faults: scheduled 429/5xx, rate limit, random errors and drops, latency."""

from __future__ import annotations

import time

import httpx
import pytest

from arazzo_engine.simulators.studio import FaultInjector
from arazzo_engine.simulators.studio import StudioSimulator
from tests.simulators.studio_helpers import flow_form


def test_fail_next_gives_429_20429_with_retry_after(
    sim: StudioSimulator, client: httpx.Client
) -> None:
    sim.fail_next("/v2/Flows", status=429, count=2, retry_after=1)
    for _ in range(2):
        response = client.post("/v2/Flows", data=flow_form())
        assert response.status_code == 429
        assert response.headers["retry-after"] == "1"
        assert response.json() == {
            "code": 20429,
            "message": "Too Many Requests",
            "more_info": "https://www.twilio.com/docs/errors/20429",
            "status": 429,
        }
    assert client.post("/v2/Flows", data=flow_form()).status_code == 201


def test_fail_next_matches_method_and_path_prefix(
    sim: StudioSimulator, client: httpx.Client, flow_sid: str
) -> None:
    sim.fail_next(f"/v2/Flows/{flow_sid}/Executions", status=503, method="POST", retry_after=None)
    assert client.get(f"/v2/Flows/{flow_sid}/Executions").status_code == 200
    assert client.get("/v2/Flows").status_code == 200
    response = client.post(f"/v2/Flows/{flow_sid}/Executions", data={"To": "+1", "From": "+2"})
    assert response.status_code == 503
    assert response.json()["code"] == 20503
    assert "retry-after" not in response.headers


def test_drop_next_closes_the_connection_unanswered(
    sim: StudioSimulator, client: httpx.Client
) -> None:
    sim.drop_next("/v2/Flows", method="GET")
    with pytest.raises(httpx.TransportError):
        client.get("/v2/Flows")
    assert client.get("/v2/Flows").status_code == 200


def test_rate_limit_answers_429_over_the_window() -> None:
    sim = StudioSimulator(rate_limit=3, rate_window=60)
    with sim, httpx.Client(base_url=sim.url, auth=sim.auth) as client:
        statuses = [client.get("/v2/Flows").status_code for _ in range(5)]
        limited = client.get("/v2/Flows")
    assert statuses == [200, 200, 200, 429, 429]
    assert limited.json()["code"] == 20429
    assert 1 <= int(limited.headers["retry-after"]) <= 60


def test_random_faults_are_deterministic_for_a_seed() -> None:
    def outcomes(seed: int) -> list[str]:
        faults = FaultInjector(error_rate=0.3, drop_rate=0.2, seed=seed)
        result = []
        for _ in range(200):
            fault = faults.decide("GET", "/v2/Flows")
            result.append("ok" if fault is None else "drop" if fault.drop else str(fault.status))
        return result

    first = outcomes(7)
    assert first == outcomes(7)
    assert first != outcomes(8)
    assert 20 < first.count("drop") < 60
    assert 40 < first.count("500") < 90


def test_injected_5xx_and_drops_reach_the_client() -> None:
    sim = StudioSimulator(error_rate=0.5, drop_rate=0.25, seed=3)
    seen: set[str] = set()
    with sim, httpx.Client(base_url=sim.url, auth=sim.auth) as client:
        for _ in range(40):
            try:
                seen.add(str(client.get("/v2/Flows").status_code))
            except httpx.TransportError:
                seen.add("transport error")
    assert seen == {"200", "500", "transport error"}
    assert sim.request_count == 40


def test_latency_delays_each_response() -> None:
    sim = StudioSimulator(latency=0.05)
    with sim, httpx.Client(base_url=sim.url, auth=sim.auth) as client:
        client.get("/v2/Flows")
        started = time.perf_counter()
        client.get("/v2/Flows")
        assert time.perf_counter() - started >= 0.05
