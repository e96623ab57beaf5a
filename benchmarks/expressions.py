"""Benchmark: compile vs evaluate cost of typical conditions, against a plain-Python baseline.

Run: .venv/bin/python benchmarks/expressions.py
"""

from __future__ import annotations

import timeit
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING
from typing import Any

from arazzo_engine._types import UNDEFINED
from arazzo_engine.criteria import compile_criterion
from arazzo_engine.expressions import ExpressionContext
from arazzo_engine.expressions import compile_condition
from arazzo_engine.expressions import compile_template
from arazzo_engine.expressions import lexer as lexer_module
from arazzo_engine.expressions import parser as parser_module
from arazzo_engine.expressions.compiled import Condition
from arazzo_engine.expressions.parser import Parser

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass(frozen=True)
class Response:
    status_code: int
    body: Any
    headers: tuple[tuple[str, str], ...] = (("X-Rate-Limit", "10"),)

    def header(self, name: str) -> Any:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return UNDEFINED


BODY = {"status": "active", "data": [{"id": 42}], "sid": "FW123"}
RESPONSE = Response(200, BODY)
STEPS = {"create-flow": {"flowSid": "FW123"}}
CTX = ExpressionContext(
    response=RESPONSE,  # type: ignore[arg-type]  # duck-typed stand-in for ResponseView
    inputs={"name": "Rex", "age": "30"},
    steps=STEPS,
)


def _typical() -> bool:
    return RESPONSE.status_code == 200 and RESPONSE.body["status"].casefold() == "active"


def _steps() -> bool:
    return bool(STEPS["create-flow"]["flowSid"].casefold() == RESPONSE.body["sid"].casefold())


# each baseline does the same work directly in Python
CONDITIONS: dict[str, Callable[[], bool]] = {
    "$statusCode == 200 && $response.body#/status == 'active'": _typical,
    "$statusCode == 201": lambda: RESPONSE.status_code == 201,
    "$response.body.data[0].id > 10": lambda: bool(RESPONSE.body["data"][0]["id"] > 10),
    "$steps.create-flow.outputs.flowSid == $response.body#/sid": _steps,
    "($statusCode >= 200 && $statusCode < 300) || !$response.header.X-Rate-Limit": (
        lambda: 200 <= RESPONSE.status_code < 300
    ),
}


def _compile_uncached(text: str) -> Condition:
    return Condition(text, Parser().parse(text))


def per_call_us(func: Callable[[], Any], number: int) -> float:
    """Best of 5 runs, in microseconds per call."""
    return min(timeit.repeat(func, number=number, repeat=5)) / number * 1e6


def main() -> None:
    print(f"{'condition':<78} {'compile':>9} {'evaluate':>9} {'baseline':>9} {'ratio':>6}")
    for text, baseline in CONDITIONS.items():
        compile_us = per_call_us(partial(_compile_uncached, text), 2_000)
        condition = compile_condition(text)
        assert condition.evaluate(CTX).passed is bool(baseline()), text
        eval_us = per_call_us(partial(condition.evaluate, CTX), 20_000)
        base_us = per_call_us(baseline, 20_000)
        print(
            f"{text:<78} {compile_us:>7.1f}us {eval_us:>7.2f}us {base_us:>7.3f}us "
            f"{eval_us / base_us:>5.0f}x"
        )

    pattern = r"^2\d\d$"
    criterion = compile_criterion(pattern, context="$statusCode", type="regex")
    label = f"regex criterion {pattern} on $statusCode"
    print(f"{label:<78} {'':>9} {per_call_us(lambda: criterion.evaluate(CTX), 20_000):>7.2f}us")
    template = compile_template(
        '{"flow": "{$steps.create-flow.outputs.flowSid}", "n": {$inputs.age}}'
    )
    print(
        f"{'template render (JSON body, 2 expressions)':<78} {'':>9} "
        f"{per_call_us(lambda: template.render(CTX), 20_000):>7.2f}us"
    )

    # evaluation does not re-parse: count parser entries while evaluating 10,000 times
    calls = 0
    patched = [(parser_module, "scan_reference"), (lexer_module, "scan_reference")]
    originals = [getattr(module, name) for module, name in patched]
    original_parse = Parser.parse

    def counting(func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any) -> Any:
            nonlocal calls
            calls += 1
            return func(*args)

        return wrapper

    for (module, name), original in zip(patched, originals, strict=True):
        setattr(module, name, counting(original))
    setattr(Parser, "parse", counting(original_parse))  # noqa: B010
    try:
        condition = compile_condition(next(iter(CONDITIONS)) + " ")  # not cached yet: parses
        template = compile_template("x={$inputs.name} ")
        parsed_when_compiling = calls
        for _ in range(10_000):
            condition.evaluate(CTX)
            template.render(CTX)
    finally:
        for (module, name), original in zip(patched, originals, strict=True):
            setattr(module, name, original)
        setattr(Parser, "parse", original_parse)  # noqa: B010
    print(
        f"parser calls: {parsed_when_compiling} while compiling; "
        f"{calls - parsed_when_compiling} during 10,000 evaluations + renders"
    )


if __name__ == "__main__":
    main()
