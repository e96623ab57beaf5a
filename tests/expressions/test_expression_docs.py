"""The Python examples in docs/expressions.md and docs/criteria.md run."""

from __future__ import annotations

import re

import pytest

from tests.expressions.support import REPO

BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)
EXAMPLES = [
    (name, index, code)
    for name in ("expressions.md", "criteria.md")
    for index, code in enumerate(BLOCK.findall((REPO / "docs" / name).read_text("utf-8")))
]


@pytest.mark.parametrize(
    ("name", "index", "code"), EXAMPLES, ids=[f"{n}#{i}" for n, i, _ in EXAMPLES]
)
def test_doc_example_runs(
    name: str, index: int, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    exec(compile(code, f"docs/{name}#{index}", "exec"), {})  # noqa: S102 - our own docs
    capsys.readouterr()


def test_docs_have_examples() -> None:
    assert len([e for e in EXAMPLES if e[0] == "criteria.md"]) >= 5
    assert len([e for e in EXAMPLES if e[0] == "expressions.md"]) >= 6
