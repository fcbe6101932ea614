"""The command line (click) and its renderers (rich, YAML, JSON). The only layer that imports
click or rich. `cli` is imported when first used (see `entry.main`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .main import cli

__all__ = ["cli"]


def __getattr__(name: str) -> Any:
    if name == "cli":
        from .main import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
