"""The language rule files as a whole: where they are, which languages they cover, and a
digest of them all for the extractor id."""

from __future__ import annotations

import hashlib
from importlib.resources import files
from importlib.resources.abc import Traversable

# rules/<lang>/ (numbers, time expressions, function words) and the files shared by all
# languages (segmentation, language detection): an edit to any of them changes what is extracted
RULES: Traversable = files("claimtrack") / "rules"


def rule_languages(root: Traversable | None = None) -> tuple[str, ...]:
    """The languages with a folder of rules: adding a language is adding its folder
    (numbers.yaml, time.yaml, grammar.yaml) and its words in claims.yaml."""
    node = root if root is not None else RULES
    return tuple(sorted(c.name for c in node.iterdir()
                        if c.is_dir() and not c.name.startswith(("_", "."))))


def rules_digest(root: Traversable | None = None) -> str:
    """A digest of every rule file under `root` (default: the package's rules), names and
    bytes, in a fixed order."""
    h = hashlib.sha256()

    def walk(node: Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{prefix}/{child.name}"
            if child.is_dir():
                walk(child, name)
            elif child.name.endswith((".yaml", ".yml", ".json", ".txt")):
                data = child.read_bytes()
                h.update(f"{name}\0{len(data)}\0".encode())
                h.update(data)

    walk(root if root is not None else RULES, "")
    return h.hexdigest()[:16]
