"""Command line: ``python -m arazzo_engine.simulators.studio`` serves until stopped."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import TYPE_CHECKING

from arazzo_engine.simulators.studio.server import DEFAULT_ACCOUNT_SID
from arazzo_engine.simulators.studio.server import DEFAULT_AUTH_TOKEN
from arazzo_engine.simulators.studio.server import StudioSimulator

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType

__all__ = ["build_parser", "main"]


def _api_key(text: str) -> tuple[str, str]:
    sid, sep, secret = text.partition(":")
    if not sep or not sid or not secret:
        raise argparse.ArgumentTypeError("expected SID:SECRET, e.g. SKxxxx:secret")
    return sid, secret


def build_parser() -> argparse.ArgumentParser:
    """Build the command-line parser.

    Returns:
        The parser.
    """
    parser = argparse.ArgumentParser(
        prog="python -m arazzo_engine.simulators.studio",
        description="Serve a local, stateful Twilio Studio v2 API simulator. "
        "The first line on stdout is its base URL.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8765, help="port (0: any free port)")
    parser.add_argument("--account-sid", default=DEFAULT_ACCOUNT_SID, help="accepted Account SID")
    parser.add_argument("--auth-token", default=DEFAULT_AUTH_TOKEN, help="accepted Auth Token")
    parser.add_argument(
        "--api-key",
        type=_api_key,
        action="append",
        default=[],
        metavar="SID:SECRET",
        help="also accept this API key (repeatable)",
    )
    parser.add_argument(
        "--execution-duration",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how long an Execution stays active (negative: until ended by UpdateExecution)",
    )
    parser.add_argument("--one-active-per-contact", action="store_true")
    parser.add_argument("--latency", type=float, default=0.0, metavar="SECONDS")
    parser.add_argument("--error-rate", type=float, default=0.0, metavar="P")
    parser.add_argument("--error-status", type=int, default=500)
    parser.add_argument("--drop-rate", type=float, default=0.0, metavar="P")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rate-limit", type=int, default=None, metavar="N")
    parser.add_argument("--rate-window", type=float, default=1.0, metavar="SECONDS")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the simulator until SIGINT (Ctrl-C) or SIGTERM.

    Args:
        argv: Arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit status (0).
    """
    args = build_parser().parse_args(argv)
    duration = args.execution_duration if args.execution_duration >= 0 else None
    simulator = StudioSimulator(
        account_sid=args.account_sid,
        auth_token=args.auth_token,
        api_keys=dict(args.api_key),
        host=args.host,
        port=args.port,
        execution_duration=duration,
        one_active_per_contact=args.one_active_per_contact,
        latency=args.latency,
        error_rate=args.error_rate,
        error_status=args.error_status,
        drop_rate=args.drop_rate,
        seed=args.seed,
        rate_limit=args.rate_limit,
        rate_window=args.rate_window,
    )
    stopped = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    simulator.start()
    print(simulator.url, flush=True)
    print(
        f"Studio simulator on {simulator.url} (Account SID {simulator.account_sid}); "
        "Ctrl-C stops it.",
        file=sys.stderr,
        flush=True,
    )
    try:
        while not stopped.wait(0.2):
            pass
    finally:
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
