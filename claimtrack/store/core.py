"""The SQLite store: one file holding documents, articles, passages and claims.

Each document is written in one transaction with everything derived from it, so an
interrupted ingest never leaves half a document. Schema changes are named migrations,
applied in order and recorded; `PRAGMA application_id` marks the file as ours so that
claimtrack never writes into some other program's database.
"""

from __future__ import annotations

from .db import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    CHECK_ON_OPEN_BYTES,
    DEFAULT_DB,
    ENV_DB,
    Database,
    database_error,
    default_db_path,
)
from .documents import DocumentStore, DocumentSummary
from .migrations import MIGRATIONS, SCHEMA_VERSION
from .reconciliations import ReconciliationStore, StoredGroup, StoredPair, StoredReconciliation

__all__ = [
    "APPLICATION_ID", "BUSY_TIMEOUT_MS", "CHECK_ON_OPEN_BYTES", "DEFAULT_DB", "ENV_DB",
    "MIGRATIONS", "SCHEMA_VERSION", "Database", "DocumentStore", "DocumentSummary",
    "ReconciliationStore", "Store", "StoredGroup", "StoredPair", "StoredReconciliation",
    "database_error", "default_db_path",
]


class Store(DocumentStore, ReconciliationStore):
    """A claimtrack database. Use `Store.open(path)`; close it, or use it as a context manager."""
