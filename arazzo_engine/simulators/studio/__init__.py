"""A local, stateful simulator of Twilio's Studio v2 REST API (flows, executions, steps).

Start it from Python::

    from arazzo_engine.simulators.studio import StudioSimulator

    with StudioSimulator() as sim:
        print(sim.url, sim.auth)

or from a shell with ``python -m arazzo_engine.simulators.studio --port 8765``.
"""

from __future__ import annotations

from arazzo_engine.simulators.studio.app import SimRequest
from arazzo_engine.simulators.studio.app import SimResponse
from arazzo_engine.simulators.studio.app import StudioApp
from arazzo_engine.simulators.studio.definitions import parse_definition
from arazzo_engine.simulators.studio.faults import FaultInjector
from arazzo_engine.simulators.studio.server import DEFAULT_ACCOUNT_SID
from arazzo_engine.simulators.studio.server import DEFAULT_AUTH_TOKEN
from arazzo_engine.simulators.studio.server import StudioSimulator
from arazzo_engine.simulators.studio.store import StudioStore

__all__ = [
    "DEFAULT_ACCOUNT_SID",
    "DEFAULT_AUTH_TOKEN",
    "FaultInjector",
    "SimRequest",
    "SimResponse",
    "StudioApp",
    "StudioSimulator",
    "StudioStore",
    "parse_definition",
]
