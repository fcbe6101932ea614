"""Load: files to documents (decode, strip HTML, split into articles and passages, detect
languages, read sidecar metadata)."""
