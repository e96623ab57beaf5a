"""``python -m arazzo_engine.simulators.studio`` prints its URL and serves until stopped."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]


def test_cli_prints_the_url_and_serves() -> None:
    command = [
        sys.executable,
        "-m",
        "arazzo_engine.simulators.studio",
        "--port",
        "0",
        "--account-sid",
        "AC" + "1" * 32,
        "--auth-token",
        "cli-token",
        "--api-key",
        "SK" + "2" * 32 + ":cli-secret",
    ]
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url), url
        with httpx.Client(base_url=url) as client:
            assert client.get("/v2/Flows", auth=("AC" + "1" * 32, "cli-token")).status_code == 200
            assert client.get("/v2/Flows", auth=("SK" + "2" * 32, "cli-secret")).status_code == 200
            assert client.get("/v2/Flows", auth=("AC" + "1" * 32, "other")).status_code == 401
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert "Studio simulator" in stderr


def test_cli_rejects_a_malformed_api_key() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "arazzo_engine.simulators.studio", "--api-key", "nocolon"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert "SID:SECRET" in result.stderr
