"""Run the Twilio Studio example: publish a Flow, trigger an Execution, read its status.

With TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and
TWILIO_API_SECRET) set, it runs against studio.twilio.com. Without them it starts
the bundled Studio simulator on a free loopback port and runs against that.

Usage: python examples/twilio-studio/run.py [--inputs FILE] [--simulator] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import arazzo_engine as az
from arazzo_engine.simulators.studio import StudioSimulator

HERE = Path(__file__).resolve().parent
WORKFLOW = HERE / "arazzo" / "twilio-studio-create-flow-and-execute-workflow.yml"
WORKFLOW_ID = "create-flow-and-execute"
SOURCE = "studioApi"
SCHEME = "accountSid_authToken"


def twilio_credentials() -> tuple[str, str] | None:
    """Basic-auth credentials from the environment: an API key, else the Auth Token."""
    account = os.environ.get("TWILIO_ACCOUNT_SID")
    key, secret = os.environ.get("TWILIO_API_KEY"), os.environ.get("TWILIO_API_SECRET")
    token = os.environ.get("TWILIO_AUTH_TOKEN")
    if account and key and secret:
        return key, secret
    if account and token:
        return account, token
    return None


def step_line(record: az.StepRecord) -> str:
    """One line per step: mark, step, method and path, status, attempts, time."""
    mark = "✓" if record.succeeded else "✗"
    request = record.request
    target = f"{request.method} {request.path_template or request.url}" if request else ""
    status = record.status_code if record.status_code is not None else "-"
    attempts = f"  (attempt {record.attempts})" if record.attempts > 1 else ""
    line = f"{mark} {record.step_id:<18} {target:<42} {status}  {record.duration * 1000:.0f} ms"
    return line + attempts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=Path, default=HERE / "inputs.json")
    parser.add_argument(
        "--simulator", action="store_true", help="use the simulator even with credentials set"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    inputs = json.loads(args.inputs.read_text(encoding="utf-8"))
    document = az.load(WORKFLOW)
    hooks = az.Hooks(step_finished=[] if args.json else [lambda r: print(step_line(r))])
    credentials = None if args.simulator else twilio_credentials()
    simulator = None
    if credentials is None:
        simulator = StudioSimulator(execution_duration=2.0).start()
        credentials = simulator.auth
        servers = {SOURCE: simulator.url}
        if not args.json:
            print(f"No Twilio credentials: running against the Studio simulator at {simulator.url}")
    else:
        servers = {}
        if not args.json:
            print("Running against Twilio (studio.twilio.com)")
    try:
        result = az.run(
            document,
            WORKFLOW_ID,
            inputs=inputs,
            servers=servers,
            auth={SOURCE: {SCHEME: credentials}},
            hooks=hooks,
        )
    except az.ArazzoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if simulator is not None:
            simulator.stop()

    if args.json:
        print(result.to_json())
    else:
        print()
        print(f"workflow {result.workflow_id}: {result.status}")
        for name, value in result.outputs.items():
            print(f"  {name} = {value}")
        if not result.succeeded:
            print(result.explain(), file=sys.stderr)
    return 0 if result.succeeded else 1


if __name__ == "__main__":
    sys.exit(main())
