"""Store: the SQLite database of documents, claims and stored reconciliations."""

from .core import Store
from .db import DEFAULT_DB, ENV_DB, database_error, default_db_path
from .documents import DocumentSummary
from .migrations import SCHEMA_VERSION
from .reconciliations import StoredGroup, StoredReconciliation

__all__ = [
    "DEFAULT_DB", "ENV_DB", "SCHEMA_VERSION", "DocumentSummary", "Store", "StoredGroup",
    "StoredReconciliation", "database_error", "default_db_path",
]
