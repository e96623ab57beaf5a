"""The Python examples of the guides run as they are, from the repository's root."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["index.md", "running.md"]
"""Pages whose examples end in a succeeded run."""


def blocks(page: str) -> list[str]:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.parametrize("page", PAGES)
def test_page_examples_run_in_order(page, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    code = blocks(page)
    assert code, f"docs/{page} has no Python example"
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for block in code:
        exec(compile(block, f"docs/{page}", "exec"), namespace)  # noqa: S102 - our own docs
    out = capsys.readouterr().out
    assert "succeeded" in out
    assert "failed" not in out


@pytest.mark.parametrize(
    "page", sorted(p.name for p in (ROOT / "docs").glob("*.md") if blocks(p.name))
)
def test_every_page_example_runs(page, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "docs_example"}
    for block in blocks(page):
        exec(compile(block, f"docs/{page}", "exec"), namespace)  # noqa: S102 - our own docs
    assert "Traceback" not in capsys.readouterr().out
