"""Check that CHANGELOG.md has an [Unreleased] section and matches __version__."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Return 0 when the changelog and the version agree."""
    about = (ROOT / "arazzo_engine" / "__about__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', about)
    if match is None:
        print("no __version__ in arazzo_engine/__about__.py")
        return 1
    version = match.group(1)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    if "## [Unreleased]" not in changelog:
        print("CHANGELOG.md has no '## [Unreleased]' section")
        return 1
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.M)
    if released and not version.startswith(released[0]) and ".dev" not in version:
        print(f"__version__ {version} does not match the top release {released[0]}")
        return 1
    print(f"version {version}; changelog ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
