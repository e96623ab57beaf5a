"""Shared fixtures: the conformance data directory and a loopback HTTP server."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.loopback import LoopbackServer

if TYPE_CHECKING:
    from collections.abc import Iterator

REPO = Path(__file__).resolve().parent.parent


def spec_dir() -> Path:
    """Where the Arazzo conformance data lives: $ARAZZO_SPEC_DIR or ../shared/arazzo-spec."""
    path = Path(os.environ.get("ARAZZO_SPEC_DIR", REPO.parent / "shared" / "arazzo-spec"))
    if not path.is_dir():
        pytest.fail(
            f"Arazzo conformance data not found at {path}: set ARAZZO_SPEC_DIR "
            "or place the shared/ folder beside the checkout"
        )
    return path


@pytest.fixture
def arazzo_spec_dir() -> Path:
    return spec_dir()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer().start()
    try:
        yield srv
    finally:
        srv.stop()
