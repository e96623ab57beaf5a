"""Load and lookup cost of a large OpenAPI description, against plain parsing of the same text.

Run: .venv/bin/python benchmarks/sources.py [--operations 2000] [--repeat 5]

Every figure is the minimum over ``--repeat`` runs, and is also shown as a ratio to the
baseline measured in the same run (``json.loads`` / ``parse_yaml`` of the same text), so
numbers from machines of different speed can be compared.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

import yaml

if TYPE_CHECKING:
    from collections.abc import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arazzo_engine._yaml import parse_yaml  # noqa: E402
from arazzo_engine.openapi import BodyValue  # noqa: E402
from arazzo_engine.openapi import ParameterValue  # noqa: E402
from arazzo_engine.openapi import bind_request  # noqa: E402
from arazzo_engine.openapi import check_request  # noqa: E402
from arazzo_engine.openapi import resolve_operation  # noqa: E402
from arazzo_engine.sources import SourceRegistry  # noqa: E402


def generate(operations: int) -> dict[str, Any]:
    """An OpenAPI 3.0 description with ``operations`` operations (two per path)."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for i in range(operations // 2):
        schemas[f"Thing{i}"] = {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "maxLength": 100},
                "count": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string"}},
                "owner": {"$ref": "#/components/schemas/Owner"},
            },
        }
        ref = {"$ref": f"#/components/schemas/Thing{i}"}
        paths[f"/things{i}/{{id}}"] = {
            "parameters": [{"$ref": "#/components/parameters/Id"}],
            "get": {
                "operationId": f"getThing{i}",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": ref}}}
                },
            },
            "put": {
                "operationId": f"putThing{i}",
                "requestBody": {"content": {"application/json": {"schema": ref}}},
                "responses": {"200": {"description": "ok"}, "default": {"description": "error"}},
            },
        }
    schemas["Owner"] = {"type": "object", "properties": {"id": {"type": "integer"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "generated", "version": "1"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            },
        },
    }


def best(func: Callable[[], object], repeat: int, number: int = 1) -> float:
    """Minimum over ``repeat`` runs of the mean seconds per call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--operations", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    doc = generate(args.operations)
    n = args.operations // 2 - 1
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        json_text = json.dumps(doc)
        yaml_text = yaml.dump(
            doc, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False
        )
        (base / "api.json").write_text(json_text)
        (base / "api.yaml").write_text(yaml_text)
        base_uri = base.as_uri() + "/"

        def load(name: str) -> SourceRegistry:
            return SourceRegistry.build([("api", name)], base_uri=base_uri)

        def load_and_index(name: str) -> None:
            load(name).get("api").operations  # noqa: B018 - builds the index

        rows: list[tuple[str, float, float, str]] = []
        json_base = best(lambda: json.loads(json_text), args.repeat)
        load_json = best(lambda: load("api.json"), args.repeat)
        json_base = min(json_base, best(lambda: json.loads(json_text), args.repeat))
        rows.append(("baseline: json.loads", json_base, json_base, "json"))
        rows.append(
            (
                "load (fetch + parse + sniff)",
                load_json,
                json_base,
                "json",
            )
        )
        rows.append(
            (
                "load + operation index",
                best(lambda: load_and_index("api.json"), args.repeat),
                json_base,
                "json",
            )
        )
        yaml_base = best(lambda: parse_yaml(yaml_text), max(1, args.repeat // 2))
        rows.append(("baseline: parse_yaml (same doc)", yaml_base, yaml_base, "yaml"))
        rows.append(
            (
                "load + index (YAML)",
                best(lambda: load_and_index("api.yaml"), max(1, args.repeat // 2)),
                yaml_base,
                "yaml",
            )
        )

        registry = load("api.json")
        source = registry.get("api")
        index_time = best(lambda: source.operations[f"getThing{n}"], args.repeat, 10000)
        first = time.perf_counter()
        op = resolve_operation(registry, operation_id=f"$sourceDescriptions.api.getThing{n}")
        first = time.perf_counter() - first
        cached = best(
            lambda: resolve_operation(registry, operation_id=f"getThing{n}"), args.repeat, 1000
        )
        by_path = best(
            lambda: resolve_operation(
                registry,
                operation_path="{$sourceDescriptions.api.url}#/paths/~1things"
                + str(n)
                + "~1{id}/get",
            ),
            args.repeat,
            1000,
        )
        params = [ParameterValue("id", "path", 7), ParameterValue("limit", "query", 5)]
        bind = best(lambda: bind_request(op, parameters=params), args.repeat, 1000)
        spec = bind_request(op, parameters=params)
        put = resolve_operation(registry, operation_id=f"putThing{n}")
        put_spec = bind_request(
            put, parameters=[params[0]], body=BodyValue({"name": "x", "count": 1})
        )
        import openapi_core  # noqa: F401 - its import (~0.5 s) is not what we measure

        start = time.perf_counter()
        assert check_request(op, spec) == []
        first_check = time.perf_counter() - start
        check = best(lambda: check_request(op, spec), args.repeat, 20)
        check_put = best(lambda: check_request(put, put_spec), args.repeat, 20)

    size, yaml_size = len(json_text) / 1e6, len(yaml_text) / 1e6
    print(f"generated: {args.operations} operations, {size:.1f} MB JSON, {yaml_size:.1f} MB YAML")
    print(f"{'step':<40}{'time':>12}{'x baseline':>12}")
    for label, seconds, baseline, _ in rows:
        print(f"{label:<40}{seconds * 1e3:>10.1f}ms{seconds / baseline:>11.2f}x")
    print("per call (ratio to the json.loads baseline):")
    for label, seconds in [
        ("operationId index hit", index_time),
        ("resolve_operation, first (deref)", first),
        ("resolve_operation by id, cached", cached),
        ("resolve_operation by path, cached", by_path),
        ("bind_request (path + query)", bind),
        ("check_request, first (builds OpenAPI)", first_check),
        ("check_request GET, warm", check),
        ("check_request PUT + JSON body, warm", check_put),
    ]:
        print(f"{label:<40}{seconds * 1e3:>10.3f}ms{seconds / json_base:>12.1e}x")


if __name__ == "__main__":
    main()
