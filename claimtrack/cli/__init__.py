"""The command line (click) and its renderers (rich, YAML, JSON). The only layer that imports
click or rich."""

from .main import cli

__all__ = ["cli"]
