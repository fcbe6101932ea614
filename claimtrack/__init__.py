"""claimtrack: track numeric claims (troops, casualties, equipment, dates) across news articles.

The library is usable without the CLI:

    from claimtrack import Store, load_config
"""

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
