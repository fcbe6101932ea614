"""Ingest: walk files, extract them (in this process, worker processes or on Dask) and store
them in file order."""
