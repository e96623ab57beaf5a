"""Time ``arazzo validate`` on 200 workflows against a generated 2,000-operation description.

Prints the time of ``load()`` alone (the baseline), of loading the source description
alone, and of the whole validation pass (sources, operations, parameters, bodies,
expressions, criteria, flow), with the ratio to the baseline, all measured in the same
run. The target is a validation pass under 2 s.

Run: ``.venv/bin/python benchmarks/validate.py [--workflows N] [--operations M] [--runs R]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from arazzo_engine.loader import load
from arazzo_engine.sources import SourceRegistry
from arazzo_engine.validation import iter_problems

TARGET_SECONDS = 2.0


def openapi(operations: int) -> dict[str, Any]:
    """An OpenAPI 3.1 description: ``operations`` operations over ``operations / 2`` paths."""
    paths: dict[str, Any] = {}
    for n in range(operations // 2):
        paths[f"/things{n}"] = {
            "post": {
                "operationId": f"create{n}",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                    },
                },
                "responses": {"201": {"description": "created"}, "4XX": {"description": "no"}},
            },
        }
        paths[f"/things{n}/{{id}}"] = {
            "parameters": [{"$ref": "#/components/parameters/Id"}],
            "get": {
                "operationId": f"get{n}",
                "parameters": [
                    {"name": "expand", "in": "query", "schema": {"type": "string"}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok"}, "default": {"description": "no"}},
            },
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "generated", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            },
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["name"],
                    "additionalProperties": False,
                    "properties": {"name": {"type": "string"}, "size": {"type": "integer"}},
                }
            },
        },
    }


def arazzo(workflows: int, operations: int) -> dict[str, Any]:
    """An Arazzo document of ``workflows`` workflows, each create -> get -> get (3 steps)."""
    items = []
    for w in range(workflows):
        n = (w * 7) % (operations // 2)
        items.append(
            {
                "workflowId": f"wf{w}",
                "inputs": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "size": {"type": "integer"}},
                },
                "parameters": [{"name": "X-Trace", "in": "header", "value": f"trace-{w}"}],
                "steps": [
                    {
                        "stepId": "create",
                        "operationId": f"create{n}",
                        "requestBody": {
                            "contentType": "application/json",
                            "payload": {"name": "$inputs.name", "size": "$inputs.size"},
                        },
                        "successCriteria": [{"condition": "$statusCode == 201"}],
                        "onFailure": [
                            {
                                "name": "retry",
                                "type": "retry",
                                "retryLimit": 2,
                                "criteria": [{"condition": "$statusCode == 429"}],
                            }
                        ],
                        "outputs": {"id": "$response.body#/id"},
                    },
                    {
                        "stepId": "read",
                        "operationId": f"$sourceDescriptions.api.get{n}",
                        "parameters": [
                            {"name": "id", "in": "path", "value": "$steps.create.outputs.id"},
                            {"name": "expand", "in": "query", "value": "all"},
                        ],
                        "successCriteria": [
                            {"condition": "$statusCode == 200 && $response.body#/name != null"},
                            {"context": "$response.body#/name", "condition": "^n", "type": "regex"},
                        ],
                        "outputs": {"name": "$response.body#/name"},
                    },
                    {
                        "stepId": "again",
                        "operationPath": "{$sourceDescriptions.api.url}#/paths/~1things"
                        f"{n}~1{{id}}/get",
                        "parameters": [
                            {"name": "id", "in": "path", "value": "$steps.create.outputs.id"}
                        ],
                        "successCriteria": [
                            {
                                "context": "$response.body",
                                "condition": "$[?@.name]",
                                "type": "jsonpath",
                            }
                        ],
                        "outputs": {"same": "$response.body#/name"},
                    },
                ],
                "outputs": {
                    "id": "$steps.create.outputs.id",
                    "name": "$steps.read.outputs.name",
                },
            }
        )
    return {
        "arazzo": "1.0.1",
        "info": {"title": "validate benchmark", "version": "1"},
        "sourceDescriptions": [{"name": "api", "url": "./api.openapi.json", "type": "openapi"}],
        "workflows": items,
    }


def _best(runs: int, fn: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when validation misses the target or finds problems."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=200)
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "api.openapi.json").write_text(json.dumps(openapi(args.operations)))
        doc_path = folder / "bench.arazzo.json"
        doc_path.write_text(json.dumps(arazzo(args.workflows, args.operations)))

        load_time, doc = _best(args.runs, lambda: load(doc_path))
        source_time, _ = _best(args.runs, lambda: SourceRegistry.from_document(doc))
        validate_time, problems = _best(args.runs, lambda: list(iter_problems(doc)))
        cold_time, _ = _best(1, lambda: list(iter_problems(load(doc_path))))

    steps = args.workflows * 3
    print(f"document: {args.workflows} workflows ({steps} steps), {args.operations} operations")
    print(f"load() alone (baseline):      {load_time * 1000:8.1f} ms")
    print(f"source description alone:     {source_time * 1000:8.1f} ms")
    print(
        f"validate (iter_problems):     {validate_time * 1000:8.1f} ms"
        f"  = {validate_time / load_time:.1f}x load()"
    )
    print(f"load + validate, cold:        {cold_time * 1000:8.1f} ms")
    print(f"problems found: {len(problems)} (expected 0)")
    for problem in problems[:5]:
        print(f"  {problem}")
    ok = validate_time < TARGET_SECONDS and not problems
    print(f"target < {TARGET_SECONDS:.1f} s: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
