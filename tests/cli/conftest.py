"""Fixtures for the CLI tests (the loopback ``server`` fixture comes from tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No inherited ARAZZO_* variable or colour setting leaks into a test."""
    for name in list(os.environ):
        if name.startswith(("ARAZZO_INPUT_", "ARAZZO_AUTH_")):
            monkeypatch.delenv(name)
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fixtures() -> Path:
    """The directory of the CLI fixture documents."""
    return FIXTURES
