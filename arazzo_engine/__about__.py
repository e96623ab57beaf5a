"""The package version: the single source that pyproject.toml and CHANGELOG.md follow."""

__version__ = "0.1.0.dev0"
