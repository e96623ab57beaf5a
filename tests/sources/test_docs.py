"""The snippets of docs/sources.md run, in order, as one script."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "sources.md"


def test_docs_sources_snippets_run():
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 8
    namespace: dict[str, object] = {}
    for index, block in enumerate(blocks):
        code = compile(block, f"{DOC.name} snippet {index + 1}", "exec")
        exec(code, namespace)  # noqa: S102 - our own documentation
