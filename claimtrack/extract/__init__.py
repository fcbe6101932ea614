"""Extract: the spaCy pipeline and the rules that read numeric claims from passages."""
