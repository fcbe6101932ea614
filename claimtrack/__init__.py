"""claimtrack: track numeric claims (troops, casualties, equipment, dates) across news articles.

The library is usable without the CLI:

    from claimtrack import Store, load_config

Its names are imported when first used, so that `claimtrack` starts (and can be interrupted)
before pydantic, spaCy and the rest are loaded.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config import ClaimsConfig, load_config
    from .errors import ClaimtrackError
    from .models import Claim, Document, Modality, Qualifier
    from .store import Store

__all__ = [
    "Claim",
    "ClaimsConfig",
    "ClaimtrackError",
    "Document",
    "Modality",
    "Qualifier",
    "Store",
    "load_config",
]
__version__ = "0.1.0"

_HOME = {"ClaimsConfig": "config", "load_config": "config", "ClaimtrackError": "errors",
         "Claim": "models", "Document": "models", "Modality": "models",
         "Qualifier": "models", "Store": "store"}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f".{_HOME[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
