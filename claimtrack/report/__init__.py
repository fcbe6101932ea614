"""Report: the shareable report built from the store, and scoring against gold."""
