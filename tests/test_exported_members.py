"""The public surface is exactly ``arazzo_engine.__all__``, kept sorted."""

from __future__ import annotations

import types

import arazzo_engine


def test_all_is_sorted():
    names = [n for n in arazzo_engine.__all__ if n not in ("UNDEFINED", "__version__")]
    assert names == sorted(names, key=lambda n: (n[0].islower(), n))


def test_all_matches_public_names():
    public = {
        name
        for name, value in vars(arazzo_engine).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"  # from __future__
    }
    assert public == set(arazzo_engine.__all__) - {"__version__"}


def test_every_export_resolves():
    for name in arazzo_engine.__all__:
        assert getattr(arazzo_engine, name) is not None, name
