"""Store: the SQLite database of documents, claims and stored reconciliations."""
