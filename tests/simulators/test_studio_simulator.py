"""The Studio simulator over real HTTP: auth, flows, revisions, executions, steps, errors."""

from __future__ import annotations

import base64
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from arazzo_engine.simulators.studio import StudioSimulator
from tests.simulators.studio_helpers import FROM
from tests.simulators.studio_helpers import TO
from tests.simulators.studio_helpers import flow_form
from tests.simulators.studio_helpers import make_definition

FW = re.compile(r"^FW[0-9a-f]{32}$")
FN = re.compile(r"^FN[0-9a-f]{32}$")
FT = re.compile(r"^FT[0-9a-f]{32}$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
AUTH_ERROR = {
    "code": 20003,
    "message": "Authenticate",
    "more_info": "https://www.twilio.com/docs/errors/20003",
    "status": 401,
}


def start_execution(client: httpx.Client, flow_sid: str, **form: str) -> httpx.Response:
    return client.post(f"/v2/Flows/{flow_sid}/Executions", data={"To": TO, "From": FROM, **form})


# -- auth ------------------------------------------------------------------------------


def test_account_sid_and_auth_token_are_accepted(sim: StudioSimulator) -> None:
    response = httpx.get(f"{sim.url}/v2/Flows", auth=sim.auth)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"


def test_api_key_sid_and_secret_are_accepted(sim: StudioSimulator) -> None:
    response = httpx.get(f"{sim.url}/v2/Flows", auth=("SK" + "a" * 32, "key-secret"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "auth",
    [None, ("AC" + "0" * 32, "nope"), ("SK" + "a" * 32, "wrong-secret")],
    ids=["missing", "wrong-token", "wrong-key-secret"],
)
def test_bad_credentials_get_twilio_20003(
    sim: StudioSimulator, auth: tuple[str, str] | None
) -> None:
    response = httpx.get(f"{sim.url}/v2/Flows", auth=auth)
    assert response.status_code == 401
    assert response.json() == AUTH_ERROR
    assert response.headers["www-authenticate"].startswith("Basic ")


@pytest.mark.parametrize(
    "header", ["Bearer abc", "Basic !!!", "Basic " + base64.b64encode(b"x").decode()]
)
def test_malformed_authorization_gets_401(sim: StudioSimulator, header: str) -> None:
    response = httpx.get(f"{sim.url}/v2/Flows", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["code"] == 20003


def test_auth_is_checked_before_the_path(sim: StudioSimulator) -> None:
    assert httpx.get(f"{sim.url}/v2/Nope").status_code == 401


# -- flows -----------------------------------------------------------------------------


def test_create_flow_answers_201_with_the_flow_resource(
    sim: StudioSimulator, client: httpx.Client
) -> None:
    definition = make_definition()
    response = client.post(
        "/v2/Flows",
        data=flow_form(Definition=json.dumps(definition), CommitMessage="first"),
    )
    assert response.status_code == 201
    body = response.json()
    assert FW.match(body["sid"])
    assert body["account_sid"] == sim.account_sid
    assert body["friendly_name"] == "Test Flow"
    assert body["definition"] == definition
    assert body["status"] == "published"
    assert body["revision"] == 1
    assert body["commit_message"] == "first"
    assert (body["valid"], body["errors"], body["warnings"]) == (True, [], [])
    assert ISO.match(body["date_created"])
    assert body["date_updated"] is None
    url = f"{sim.url}/v2/Flows/{body['sid']}"
    assert body["url"] == url
    assert body["links"] == {
        "test_users": f"{url}/TestUsers",
        "revisions": f"{url}/Revisions",
        "executions": f"{url}/Executions",
    }
    assert body["webhook_url"].endswith(f"/Accounts/{sim.account_sid}/Flows/{body['sid']}")


def test_invalid_definition_gets_81022_with_details(client: httpx.Client) -> None:
    definition = make_definition(next_widget="missing_widget")
    response = client.post("/v2/Flows", data=flow_form(Definition=json.dumps(definition)))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == 81022
    assert body["more_info"] == "https://www.twilio.com/docs/errors/81022"
    assert body["status"] == 400
    [issue] = body["details"]["errors"]
    assert issue["property_path"] == "#/states/0/transitions/1/next"
    assert "missing_widget" in issue["message"]


def test_definition_that_is_not_json_gets_81022(client: httpx.Client) -> None:
    response = client.post("/v2/Flows", data=flow_form(Definition="{not json"))
    assert response.status_code == 400
    assert response.json()["code"] == 81022


def test_missing_friendly_name_gets_20001_naming_it(client: httpx.Client) -> None:
    form = flow_form()
    del form["FriendlyName"]
    response = client.post("/v2/Flows", data=form)
    assert response.status_code == 400
    assert response.json() == {
        "code": 20001,
        "message": "Missing required parameter FriendlyName in the post body",
        "more_info": "https://www.twilio.com/docs/errors/20001",
        "status": 400,
    }


def test_invalid_status_gets_20001(client: httpx.Client) -> None:
    response = client.post("/v2/Flows", data=flow_form(Status="bogus"))
    assert response.status_code == 400
    assert response.json()["code"] == 20001
    assert "Status" in response.json()["message"]


def test_json_body_is_not_read(client: httpx.Client) -> None:
    response = client.post("/v2/Flows", json=flow_form())
    assert response.status_code == 400
    assert response.json()["code"] == 20001


def test_validate_route_wins_over_flow_sid(client: httpx.Client) -> None:
    response = client.post("/v2/Flows/Validate", data=flow_form())
    assert response.status_code == 200
    assert response.json() == {"valid": True}
    definition = make_definition()
    definition["states"].append(dict(definition["states"][1]))
    invalid = client.post("/v2/Flows/Validate", data=flow_form(Definition=json.dumps(definition)))
    assert invalid.status_code == 400
    assert invalid.json()["code"] == 81022
    assert client.get("/v2/Flows").json()["flows"] == []


def test_fetch_update_and_revisions(client: httpx.Client, flow_sid: str) -> None:
    fetched = client.get(f"/v2/Flows/{flow_sid}")
    assert fetched.status_code == 200
    assert fetched.json()["revision"] == 1
    updated = client.post(
        f"/v2/Flows/{flow_sid}",
        data={"Status": "draft", "FriendlyName": "Renamed", "CommitMessage": "second"},
    )
    assert updated.status_code == 200
    body = updated.json()
    assert (body["revision"], body["status"], body["friendly_name"]) == (2, "draft", "Renamed")
    assert ISO.match(body["date_updated"])
    revisions = client.get(f"/v2/Flows/{flow_sid}/Revisions").json()
    assert [r["revision"] for r in revisions["revisions"]] == [2, 1]
    assert revisions["meta"]["key"] == "revisions"
    first = client.get(f"/v2/Flows/{flow_sid}/Revisions/1").json()
    assert (first["revision"], first["friendly_name"]) == (1, "Test Flow")
    assert first["url"].endswith(f"/v2/Flows/{flow_sid}/Revisions/1")
    published = client.get(f"/v2/Flows/{flow_sid}/Revisions/LatestPublished").json()
    assert published["revision"] == 1
    latest = client.get(f"/v2/Flows/{flow_sid}/Revisions/LatestRevision").json()
    assert latest["revision"] == 2
    assert client.get(f"/v2/Flows/{flow_sid}/Revisions/7").status_code == 404


def test_update_needs_status(client: httpx.Client, flow_sid: str) -> None:
    response = client.post(f"/v2/Flows/{flow_sid}", data={"FriendlyName": "x"})
    assert response.status_code == 400
    assert response.json()["message"] == "Missing required parameter Status in the post body"


def test_list_pages_with_twilio_meta(sim: StudioSimulator, client: httpx.Client) -> None:
    sids = [client.post("/v2/Flows", data=flow_form()).json()["sid"] for _ in range(5)]
    first = client.get("/v2/Flows", params={"PageSize": 2}).json()
    assert [f["sid"] for f in first["flows"]] == sids[:2]
    assert first["flows"][0]["definition"] is None  # definitions are null in lists
    meta = first["meta"]
    assert meta["key"] == "flows"
    assert (meta["page"], meta["page_size"]) == (0, 2)
    assert meta["first_page_url"] == f"{sim.url}/v2/Flows?PageSize=2&Page=0"
    assert meta["url"] == f"{sim.url}/v2/Flows?PageSize=2&Page=0"
    assert meta["previous_page_url"] is None
    seen = [f["sid"] for f in first["flows"]]
    next_url = meta["next_page_url"]
    while next_url:
        page = client.get(next_url).json()
        seen += [f["sid"] for f in page["flows"]]
        assert page["meta"]["previous_page_url"] is not None
        next_url = page["meta"]["next_page_url"]
    assert seen == sids
    default = client.get("/v2/Flows").json()["meta"]
    assert default["page_size"] == 50
    assert client.get("/v2/Flows", params={"PageSize": 0}).status_code == 400


def test_delete_flow_answers_204_then_404(client: httpx.Client, flow_sid: str) -> None:
    response = client.delete(f"/v2/Flows/{flow_sid}")
    assert response.status_code == 204
    assert response.content == b""
    assert client.get(f"/v2/Flows/{flow_sid}").status_code == 404
    assert client.delete(f"/v2/Flows/{flow_sid}").status_code == 404


def test_unknown_sid_gets_20404(client: httpx.Client) -> None:
    path = "/v2/Flows/FW" + "0" * 32
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {
        "code": 20404,
        "message": f"The requested resource {path} was not found",
        "more_info": "https://www.twilio.com/docs/errors/20404",
        "status": 404,
    }


@pytest.mark.parametrize("path", ["/v2/Nope", "/v2/Flows/FWshort", "/v2/Flows/XX" + "0" * 32])
def test_unknown_paths_get_20404(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["code"] == 20404


def test_wrong_method_gets_405(client: httpx.Client) -> None:
    response = client.put("/v2/Flows")
    assert response.status_code == 405
    assert response.json()["code"] == 20004


def test_test_users(client: httpx.Client, flow_sid: str) -> None:
    assert client.get(f"/v2/Flows/{flow_sid}/TestUsers").json()["test_users"] == []
    response = client.post(f"/v2/Flows/{flow_sid}/TestUsers", data={"TestUsers": ["alice", "bob"]})
    assert response.status_code == 200
    body = response.json()
    assert (body["sid"], body["test_users"]) == (flow_sid, ["alice", "bob"])
    assert body["url"].endswith(f"/v2/Flows/{flow_sid}/TestUsers")
    assert client.post(f"/v2/Flows/{flow_sid}/TestUsers", data={}).status_code == 400


# -- executions ------------------------------------------------------------------------


def test_execution_is_created_active(
    sim: StudioSimulator, client: httpx.Client, flow_sid: str
) -> None:
    response = start_execution(client, flow_sid, Parameters=json.dumps({"name": "Ada"}))
    assert response.status_code == 201
    body = response.json()
    assert FN.match(body["sid"])
    assert body["status"] == "active"
    assert (body["flow_sid"], body["account_sid"]) == (flow_sid, sim.account_sid)
    assert body["contact_channel_address"] == TO
    assert body["flow_version"] == 1
    assert body["context"]["flow"]["data"] == {"name": "Ada"}
    assert ISO.match(body["date_created"])
    url = f"{sim.url}/v2/Flows/{flow_sid}/Executions/{body['sid']}"
    assert body["url"] == url
    assert body["links"] == {"steps": f"{url}/Steps", "execution_context": f"{url}/Context"}


def test_execution_ends_after_its_duration(
    sim: StudioSimulator, client: httpx.Client, flow_sid: str
) -> None:
    now = [1_800_000_000.0]
    sim.store.clock = lambda: now[0]
    sim.store.execution_duration = 2.0
    sid = start_execution(client, flow_sid).json()["sid"]
    path = f"/v2/Flows/{flow_sid}/Executions/{sid}"
    now[0] += 1.9
    assert client.get(path).json()["status"] == "active"
    now[0] += 0.2
    ended = client.get(path).json()
    assert ended["status"] == "ended"
    assert ended["date_updated"] == "2027-01-15T08:00:02Z"


def test_execution_ends_in_real_time(client: httpx.Client, flow_sid: str) -> None:
    sid = start_execution(client, flow_sid).json()["sid"]
    path = f"/v2/Flows/{flow_sid}/Executions/{sid}"
    deadline = time.monotonic() + 5
    while client.get(path).json()["status"] != "ended":
        assert time.monotonic() < deadline, "the execution never ended"
        time.sleep(0.05)


def test_update_execution_ends_it(client: httpx.Client, flow_sid: str) -> None:
    sid = start_execution(client, flow_sid).json()["sid"]
    path = f"/v2/Flows/{flow_sid}/Executions/{sid}"
    response = client.post(path, data={"Status": "ended"})
    assert response.status_code == 200
    assert response.json()["status"] == "ended"
    assert client.post(path, data={"Status": "stopped"}).status_code == 400


def test_execution_needs_to_and_from(client: httpx.Client, flow_sid: str) -> None:
    response = client.post(f"/v2/Flows/{flow_sid}/Executions", data={"From": FROM})
    assert response.status_code == 400
    assert response.json()["message"] == "Missing required parameter To in the post body"


def test_execution_of_an_unknown_flow_gets_404(client: httpx.Client) -> None:
    response = start_execution(client, "FW" + "f" * 32)
    assert response.status_code == 404
    assert response.json()["code"] == 20404


def test_execution_steps_and_contexts(client: httpx.Client, flow_sid: str) -> None:
    execution = start_execution(client, flow_sid).json()
    base = f"/v2/Flows/{flow_sid}/Executions/{execution['sid']}"
    steps = client.get(f"{base}/Steps").json()
    assert steps["meta"]["key"] == "steps"
    first, second = steps["steps"]
    assert FT.match(first["sid"])
    assert (first["name"], first["type"]) == ("incomingRequest", "trigger")
    assert (first["transitioned_from"], first["transitioned_to"]) == ("Trigger", "send_greeting")
    assert first["parent_step_sid"] is None
    assert second["parent_step_sid"] == first["sid"]
    assert (second["transitioned_from"], second["type"]) == ("send_greeting", "send-message")
    fetched = client.get(f"{base}/Steps/{first['sid']}").json()
    assert fetched == first
    step_context = client.get(f"{base}/Steps/{first['sid']}/Context").json()
    assert step_context["step_sid"] == first["sid"]
    assert step_context["context"]["trigger"]["request"]["to"] == TO
    context = client.get(f"{base}/Context").json()
    assert (context["execution_sid"], context["flow_sid"]) == (execution["sid"], flow_sid)
    assert context["context"]["contact"]["channel"]["address"] == TO
    assert client.get(f"{base}/Steps/FT{'0' * 32}").status_code == 404


def test_list_and_delete_executions(client: httpx.Client, flow_sid: str) -> None:
    first = start_execution(client, flow_sid).json()["sid"]
    second = start_execution(client, flow_sid).json()["sid"]
    path = f"/v2/Flows/{flow_sid}/Executions"
    client.post(f"{path}/{first}", data={"Status": "ended"})
    listed = client.get(path).json()
    assert [e["sid"] for e in listed["executions"]] == [first, second]
    assert [
        e["sid"] for e in client.get(path, params={"status": "active"}).json()["executions"]
    ] == [second]
    assert client.get(path, params={"DateCreatedFrom": "2000-01-01T00:00:00Z"}).json()["executions"]
    assert not client.get(path, params={"DateCreatedTo": "2000-01-01T00:00:00Z"}).json()[
        "executions"
    ]
    assert client.delete(f"{path}/{first}").status_code == 204
    assert client.get(f"{path}/{first}").status_code == 404


def test_one_active_execution_per_contact_when_configured() -> None:
    sim = StudioSimulator(execution_duration=None, one_active_per_contact=True)
    with sim, httpx.Client(base_url=sim.url, auth=sim.auth) as client:
        flow_sid = client.post("/v2/Flows", data=flow_form()).json()["sid"]
        assert start_execution(client, flow_sid).status_code == 201
        second = start_execution(client, flow_sid)
        assert second.status_code == 409
        assert second.json()["code"] == 20409


def test_parallel_creates_get_unique_sids(client: httpx.Client) -> None:
    def create(_: int) -> httpx.Response:
        return client.post("/v2/Flows", data=flow_form())

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(create, range(20)))
    assert [r.status_code for r in responses] == [201] * 20
    sids = {r.json()["sid"] for r in responses}
    assert len(sids) == 20
    assert {f["sid"] for f in client.get("/v2/Flows").json()["flows"]} == sids


def test_stop_is_quick_and_releases_the_port() -> None:
    sim = StudioSimulator().start()
    with httpx.Client(base_url=sim.url, auth=sim.auth) as client:
        assert client.get("/v2/Flows").status_code == 200  # leaves a keep-alive connection
        started = time.perf_counter()
        sim.stop()
        assert time.perf_counter() - started < 1.0
        with pytest.raises(httpx.TransportError):
            client.get("/v2/Flows")
