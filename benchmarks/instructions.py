"""Engine overhead in CPU instructions: repeatable where wall-clock time is not.

On a shared machine the same loop varies by ±50% from one run to the next, which
drowns a 1.3x target. ``valgrind --tool=callgrind`` counts the instructions the
client process executes instead, and that count is the same run after run. This
script runs the 3-call ``chain`` workflow of ``overhead.py`` N times in a child
process under callgrind, once per variant (hand-written httpx calls, the engine with
OpenAPI validation off, and with it on), subtracts a run of the same child with 0
iterations (start-up, imports, loading, warm-up), and prints instructions per run and
the engine/raw ratios.

The loopback server runs in its own process, which callgrind does not follow: only
the client's work is counted (the server's is the same for every variant anyway).

Run: python benchmarks/instructions.py [--runs N] [--transport loopback|mock]
Needs valgrind (Debian: ``apt-get install valgrind``). Six children run under callgrind,
which slows Python about fiftyfold: expect about five minutes on two cores.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VARIANTS = ("raw", "off", "warn")
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def child(variant: str, runs: int, url: str | None) -> None:
    """The measured process: warm up, then ``runs`` iterations of one variant."""
    import httpx

    from arazzo_engine.loader import load
    from arazzo_engine.runner import Runner
    from benchmarks.overhead import DOC
    from benchmarks.overhead import INPUTS
    from benchmarks.overhead import mock_client
    from benchmarks.overhead import raw_run

    doc = load(DOC)
    client = httpx.Client() if url else mock_client()
    base = url or "http://shop.test"
    with client:
        if variant == "raw":

            def once() -> None:
                raw_run(client, base)

        else:
            runner = Runner(client=client, openapi_validation=variant)  # type: ignore[arg-type]

            def once() -> None:
                result = runner.run(doc, "chain", inputs=INPUTS, servers={"shop": base})
                assert result.succeeded, result.explain()

        for _ in range(20):
            once()
        for _ in range(runs):
            once()


def count(variant: str, runs: int, url: str | None) -> int:
    """Instructions executed by a child doing ``runs`` iterations of ``variant``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--child",
        variant,
        "--runs",
        str(runs),
    ]
    if url:
        command += ["--url", url]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    match = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"{variant}: the measured child failed:\n{done.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--transport", choices=("loopback", "mock"), default="loopback")
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs, args.url)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed; this benchmark counts instructions with it")

    from benchmarks.overhead import ServerProcess

    server = ServerProcess() if args.transport == "loopback" else None
    url = server.url if server else None
    try:
        jobs = [(v, n) for v in VARIANTS for n in (0, args.runs)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            counts = dict(zip(jobs, pool.map(lambda job: count(*job, url), jobs), strict=True))
    finally:
        if server:
            server.stop()
    per_run = {v: (counts[(v, args.runs)] - counts[(v, 0)]) / args.runs for v in VARIANTS}
    print(f"client instructions per run of the 3-call workflow ({args.transport} transport):")
    print(f"{'raw httpx, 3 calls:':26}{per_run['raw'] / 1e6:7.2f} M")
    for variant in ("off", "warn"):
        ratio = per_run[variant] / per_run["raw"]
        added = (per_run[variant] - per_run["raw"]) / 3
        print(
            f"{'engine, validation ' + variant + ':':26}{per_run[variant] / 1e6:7.2f} M"
            f"  ratio {ratio:5.2f}"
            f"  (+{added / 1e3:,.0f} k per step)"
        )


if __name__ == "__main__":
    main()
