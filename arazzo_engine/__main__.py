"""Allow ``python -m arazzo_engine`` as an alias of the ``arazzo`` command."""

from __future__ import annotations

from arazzo_engine.cli import main

raise SystemExit(main())
