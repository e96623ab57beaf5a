"""Engine overhead: a 3-call workflow through the engine vs the same calls by hand.

Prints (all measured in this run, against the same loopback server):
- per-run time of the engine with OpenAPI validation off and on, of three hand-written
  httpx calls on the same client, and the ratios engine/raw (targets: <= 1.3 off, <= 2.0 on);
- per-run time of the first and last 100 of 1,000 runs (flat = no growth);
- throughput of 20 concurrent ``arun`` workflows against a server that answers after 100 ms
  (target: >= 80% of the ideal 200 steps per second), sustained and in lock-step rounds
  (see ``concurrency``), next to the same calls made by hand on the same
  ``httpx.AsyncClient``: that is the ceiling any engine on httpx can reach.
  The server here is asyncio (``asyncserver.py``), so 20 sleeping requests cost it nothing.

Wall-clock ratios on a shared machine vary by tens of percent between runs; for a
repeatable figure of the engine's own cost, see ``instructions.py`` (CPU instructions).

Run: python benchmarks/overhead.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import multiprocessing
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arazzo_engine.loader import load  # noqa: E402
from arazzo_engine.runner import AsyncRunner  # noqa: E402
from arazzo_engine.runner import Runner  # noqa: E402
from benchmarks.asyncserver import serve as serve_async  # noqa: E402
from tests.loopback import LoopbackServer  # noqa: E402
from tests.loopback import Reply  # noqa: E402

DOC = ROOT / "tests" / "runner" / "fixtures" / "scenarios.arazzo.yaml"
INPUTS = {"username": "alice", "password": "s3cret"}


def shop_server(delay: float = 0.0) -> LoopbackServer:
    server = LoopbackServer()
    orders = itertools.count(1)

    @server.route("POST", "/login")
    def login(_request, _match):
        return Reply(200, {"token": "tok-alice"}, delay=delay)

    @server.route("GET", r"/items/(\d+)")
    def item(_request, match):
        return Reply(200, {"id": int(match.group(1)), "name": "widget", "price": 2.5}, delay=delay)

    @server.route("POST", "/orders")
    def order(_request, _match):
        return Reply(201, {"orderId": f"ord-{next(orders)}"}, delay=delay)

    return server.start()


def _serve(delay: float, port_queue: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    server = shop_server(delay)
    port_queue.put(server.url)
    stop.wait()
    server.stop()


def _serve_async(
    delay: float, port_queue: multiprocessing.Queue, stop: multiprocessing.Event
) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        started: asyncio.Future[str] = loop.create_future()
        stopping = asyncio.Event()
        serving = asyncio.create_task(serve_async(delay, started, stopping))
        port_queue.put(await started)
        await loop.run_in_executor(None, stop.wait)
        stopping.set()
        await serving

    asyncio.run(main())


class ServerProcess:
    """The shop server in its own process, so it does not share the engine's GIL.

    ``threaded`` is the tests' thread-per-connection server; otherwise an asyncio server
    that waits ``delay`` on a timer (cheap with many requests in flight).
    """

    def __init__(self, delay: float = 0.0, *, threaded: bool = True) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._queue = ctx.Queue()
        self._stop = ctx.Event()
        target = _serve if threaded else _serve_async
        self._process = ctx.Process(target=target, args=(delay, self._queue, self._stop))
        self._process.start()
        self.url = self._queue.get(timeout=30)

    def stop(self) -> None:
        self._stop.set()
        self._process.join(timeout=10)


def raw_run(client: httpx.Client, base: str) -> str:
    """The same three calls, written by hand."""
    token = client.post(f"{base}/login", json=INPUTS).json()["token"]
    item = client.get(
        f"{base}/items/7", params={"fields": "name,price"}, headers={"X-Token": token}
    )
    assert item.status_code == 200
    assert item.json()["name"] == "widget"
    order = client.post(f"{base}/orders", json={"itemId": 7, "quantity": 1, "note": "for alice"})
    assert order.status_code == 201
    return str(order.json()["orderId"])


def per_run(functions, runs: int, rounds: int = 40) -> list[float]:
    """Best per-call time of each function, measured in interleaved batches.

    Interleaving (a batch of each in turn, ``rounds`` times) keeps a slow moment of a
    shared machine from favouring one of them.
    """
    best = [float("inf")] * len(functions)
    for _ in range(rounds):
        for index, fn in enumerate(functions):
            started = time.perf_counter()
            for _ in range(runs):
                fn()
            best[index] = min(best[index], (time.perf_counter() - started) / runs)
    return best


def retained(fn, warm: int = 100, more: int = 900) -> int:
    """Bytes still allocated after ``more`` calls that were not after the first ``warm``.

    Deterministic where timings are not: a runner that keeps something per run grows.
    """
    tracemalloc.start()
    try:
        for _ in range(warm):
            fn()
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(more):
            fn()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def mock_client() -> httpx.Client:
    """The shop's answers from an in-process ``MockTransport``: no network, only CPU."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/login":
            return httpx.Response(200, json={"token": "tok-alice"})
        if request.url.path.startswith("/items/"):
            return httpx.Response(200, json={"id": 7, "name": "widget", "price": 2.5})
        return httpx.Response(201, json={"orderId": "ord-1"})

    return httpx.Client(transport=httpx.MockTransport(answer))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25, help="runs per timed batch")
    args = parser.parse_args()
    doc = load(DOC)
    server = ServerProcess()
    base = server.url
    servers = {"shop": base}
    try:
        with httpx.Client() as client:
            engine_off = Runner(client=client, openapi_validation="off")
            engine_on = Runner(client=client, openapi_validation="warn")

            def run_off() -> None:
                result = engine_off.run(doc, "chain", inputs=INPUTS, servers=servers)
                assert result.succeeded, result.explain()

            def run_on() -> None:
                result = engine_on.run(doc, "chain", inputs=INPUTS, servers=servers)
                assert result.succeeded, result.explain()

            for fn in (run_off, run_on, lambda: raw_run(client, base)):  # warm up
                for _ in range(20):
                    fn()
            raw, off, on = per_run([lambda: raw_run(client, base), run_off, run_on], args.runs)
            print(f"raw httpx, 3 calls:          {raw * 1e3:8.3f} ms/run")
            print(f"engine, validation off:      {off * 1e3:8.3f} ms/run  ratio {off / raw:5.2f}")
            print(f"engine, validation warn:     {on * 1e3:8.3f} ms/run  ratio {on / raw:5.2f}")

            with mock_client() as mock:
                base_mock = "http://shop.test"
                engine_mock = Runner(client=mock, openapi_validation="off")

                def run_mock() -> None:
                    engine_mock.run(doc, "chain", inputs=INPUTS, servers={"shop": base_mock})

                for _ in range(20):
                    run_mock()
                raw_cpu, engine_cpu = per_run([lambda: raw_run(mock, base_mock), run_mock], 100)
            print(
                f"CPU only (MockTransport): raw {raw_cpu * 1e3:.3f} ms/run, engine "
                f"{engine_cpu * 1e3:.3f} ms/run: the engine adds "
                f"{(engine_cpu - raw_cpu) / 3 * 1e3:.3f} ms per step"
            )

            times = []
            for _ in range(1000):
                started = time.perf_counter()
                run_off()
                times.append(time.perf_counter() - started)
            first, last = statistics.median(times[:100]), statistics.median(times[-100:])
            print(
                f"1,000 runs: median first 100 {first * 1e3:.3f} ms, last 100 {last * 1e3:.3f} ms"
                f"  (last/first {last / first:.2f})"
            )
            print(f"memory kept by 900 more runs: {retained(run_off) / 1024:.1f} KiB")
    finally:
        server.stop()

    slow = ServerProcess(delay=0.1, threaded=False)
    try:
        figures = asyncio.run(concurrency(doc, slow.url))
    finally:
        slow.stop()
    ideal = 20 / 0.1
    for label, key in (("sustained for 4 s", "sustained"), ("in lock-step rounds", "rounds")):
        rate, raw_rate = figures[("engine", key)], figures[("raw", key)]
        print(
            f"20 concurrent arun workflows, 100 ms server, {label}: {rate:.1f} steps/s "
            f"({rate / ideal:.0%} of the ideal {ideal:.0f}); by hand with httpx: "
            f"{raw_rate:.1f} steps/s ({raw_rate / ideal:.0%}); engine/raw {rate / raw_rate:.2f}"
        )


async def concurrency(doc, url: str, workers: int = 20, seconds: float = 4.0):
    """Steps per second of ``workers`` concurrent workflows, engine and by hand.

    Two shapes of load, each for the engine and for the same calls by hand on the same
    ``httpx.AsyncClient``:

    - ``sustained``: ``workers`` tasks each run workflows back to back for ``seconds``;
      steps completed / time is the throughput (what a service running 20 workflows at a
      time gets; this is the figure the 80% target is about).
    - ``rounds``: all ``workers`` workflows start at the same instant, and the next round
      waits for the slowest; the best of 3 rounds. The workflows stay in lock-step, so
      every step also waits for the CPU work of all the others: a worst case, shown for
      comparison.
    """
    async with httpx.AsyncClient() as client:
        runner = AsyncRunner(client=client, openapi_validation="off")
        servers = {"shop": url}

        async def engine_once() -> None:
            result = await runner.run(doc, "chain", inputs=INPUTS, servers=servers)
            assert result.succeeded, result.explain()

        async def raw_once() -> None:
            token = (await client.post(f"{url}/login", json=INPUTS)).json()["token"]
            item = await client.get(
                f"{url}/items/7", params={"fields": "name,price"}, headers={"X-Token": token}
            )
            assert item.json()["name"] == "widget"
            order = await client.post(
                f"{url}/orders", json={"itemId": 7, "quantity": 1, "note": "for alice"}
            )
            assert order.status_code == 201

        async def rounds(once) -> float:
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                await asyncio.gather(*(once() for _ in range(workers)))
                best = min(best, time.perf_counter() - started)
            return workers * 3 / best

        async def sustained(once) -> float:
            completed = 0
            stop_at = time.perf_counter() + seconds

            async def worker() -> None:
                nonlocal completed
                while time.perf_counter() < stop_at:
                    await once()
                    completed += 1

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(workers)))
            return completed * 3 / (time.perf_counter() - started)

        figures: dict[tuple[str, str], float] = {}
        for name, once in (("engine", engine_once), ("raw", raw_once)):
            await asyncio.gather(*(once() for _ in range(workers)))  # warm: a full pool
            figures[(name, "rounds")] = await rounds(once)
            figures[(name, "sustained")] = await sustained(once)
        return figures


if __name__ == "__main__":
    main()
