"""Time ``load()`` on a generated 500-workflow document, against plain parsers.

``yaml.load`` (C loader, YAML 1.2 rules) and ``json.loads`` of the same document show
how fast the machine is; each ``load()`` line gives its time per document and its
ratio to both. Two floors show what any loader built on PyYAML pays before it has
a value: libyaml's own parse (events counted in C, no Python objects made) and
``yaml.compose`` with the loader ``load()`` uses (PyYAML's node objects).

The variants take turns, and each figure is the best of R runs.

Run: ``.venv/bin/python benchmarks/load.py [--workflows N] [--steps S] [--runs R]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yaml._yaml import CParser  # noqa: E402 - libyaml's bindings, as PyYAML's C loader uses

from arazzo_engine._yaml import YAML12Loader  # noqa: E402
from arazzo_engine.loader import load  # noqa: E402
from arazzo_engine.models._tree import _Loader  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable


def make_document(workflows: int, steps: int = 5) -> dict[str, Any]:
    """An Arazzo document with parameters, criteria, actions and outputs on every step."""
    result: dict[str, Any] = {
        "arazzo": "1.0.1",
        "info": {"title": "Benchmark", "version": "1.0.0"},
        "sourceDescriptions": [{"name": "api", "url": "./openapi.yaml", "type": "openapi"}],
        "components": {
            "parameters": {"auth": {"name": "Authorization", "in": "header", "value": "$inputs.t"}},
            "failureActions": {"retry": {"name": "retry", "type": "retry", "retryLimit": 3}},
        },
        "workflows": [],
    }
    for w in range(workflows):
        step_list = []
        for s in range(steps):
            step_list.append(
                {
                    "stepId": f"step{s}",
                    "operationId": f"op{s}",
                    "parameters": [
                        {"reference": "$components.parameters.auth"},
                        {"name": "id", "in": "path", "value": f"$inputs.id{s}"},
                    ],
                    "successCriteria": [
                        {"condition": "$statusCode == 200"},
                        {"context": "$response.body", "condition": "$.items", "type": "jsonpath"},
                    ],
                    "onSuccess": [
                        {"name": "next", "type": "goto", "stepId": f"step{(s + 1) % steps}"}
                    ],
                    "onFailure": [
                        {"reference": "$components.failureActions.retry"},
                        {"name": "stop", "type": "end"},
                    ],
                    "outputs": {"id": "$response.body#/id", "status": "$statusCode"},
                }
            )
        result["workflows"].append(
            {
                "workflowId": f"workflow{w}",
                "summary": f"Workflow {w}",
                "inputs": {"type": "object", "properties": {"id0": {"type": "string"}}},
                "steps": step_list,
                "outputs": {"last": f"$steps.step{steps - 1}.outputs.id"},
            }
        )
    return result


def best_of(runs: int, funcs: dict[str, Callable[[], object]]) -> dict[str, float]:
    """The fastest of ``runs`` timings of each function, in seconds.

    The functions take turns, so that a slow spell of a shared machine falls on all
    of them; each result is kept until its timer has stopped (freeing a document is
    not loading it).
    """
    best = dict.fromkeys(funcs, float("inf"))
    for _ in range(runs):
        for name, func in funcs.items():
            start = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - start
            del result
            best[name] = min(best[name], elapsed)
    return best


def compose(text: str) -> object:
    """``yaml.compose`` with the loader ``load()`` uses, the garbage collector paused as there."""
    gc.disable()
    try:
        return yaml.compose(text, Loader=_Loader)
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workflows", type=int, default=500)
    parser.add_argument("--steps", type=int, default=5, help="steps per workflow")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    mapping = make_document(args.workflows, args.steps)
    text = yaml.dump(mapping, sort_keys=False, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper))
    json_text = json.dumps(mapping, indent=2)
    lines = text.count("\n")

    doc = load(text)
    assert len(doc.workflows) == args.workflows
    assert doc.workflows[-1].steps[-1].location.line is not None
    del doc

    baselines = best_of(
        max(1, args.runs // 2),
        {
            "yaml.load": lambda: yaml.load(text, Loader=YAML12Loader),  # noqa: S506
            "json.loads": lambda: json.loads(json_text),
        },
    )
    timings = best_of(
        args.runs,
        {
            "libyaml": lambda: CParser(text).raw_parse(),
            "compose": lambda: compose(text),
            "load(yaml text)": lambda: load(text),
            "load(json text)": lambda: load(json_text),
            "load(mapping)": lambda: load(mapping),
        },
    )
    plain, plain_json = baselines["yaml.load"], baselines["json.loads"]
    print(
        f"document: {args.workflows} workflows x {args.steps} steps, {lines} YAML lines, "
        f"{len(text)} chars"
    )
    print(f"baseline yaml.load (C, YAML 1.2 rules) {plain * 1000:8.1f} ms")
    print(f"baseline json.loads                    {plain_json * 1000:8.1f} ms")
    print(
        f"floor libyaml events alone             {timings.pop('libyaml') * 1000:8.1f} ms"
        "  (parsed in C, no Python objects)"
    )
    print(
        f"floor yaml.compose (as load() does)    {timings.pop('compose') * 1000:8.1f} ms"
        "  (PyYAML's nodes, no values yet)"
    )
    for name, seconds in timings.items():
        per_workflow = seconds / args.workflows * 1e6
        print(
            f"{name:17} {seconds * 1000:8.1f} ms/document  {per_workflow:7.1f} us/workflow"
            f"  {seconds / plain:5.2f}x yaml.load  {seconds / plain_json:6.1f}x json.loads"
        )


if __name__ == "__main__":
    main()
