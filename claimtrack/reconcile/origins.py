"""Syndicated copies: another document that reprints an article's figures is not a second source.

A copy is told at document level: two documents whose texts share most of their shingles (a
reprint under another header, found by their stored MinHash signatures), or that share at least
`MIN_SHARED` figures with the same wording (a quote of at least `MIN_WORDS` words, the same kind
and figure). One short quote in common ("2 people", "Two men") is what unrelated stories share,
never a copy; and a wording that many documents share is a stock phrase, not a sign of copying.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from ..signature import copies
from .frames import _Item

MIN_WORDS = 3
MIN_SHARED = 2
# a wording shared by more documents than this is a stock phrase
MAX_DOCUMENTS = 50


def mark_copies(
    items: Iterable[_Item], signatures: Mapping[str, bytes | None] | None = None
) -> None:
    """Give each claim of a copy its first copy's origin and `syndicated_of` (items in id
    order: the first document to hold a wording is the original). `signatures` (a document's
    text signature by name, `claimtrack.signature`) find reprints of a whole story too."""
    items = list(items)
    if signatures:
        _mark_reprints(items, signatures)
    holders: dict[tuple[object, ...], list[_Item]] = defaultdict(list)
    for i in items:
        c = i.claim
        words = c.quote.split()
        if len(words) >= MIN_WORDS:
            holders[(" ".join(words).casefold(), c.kind, c.value, c.low, c.high)].append(i)
    shared: dict[tuple[str, str], list[tuple[_Item, _Item]]] = defaultdict(list)
    for members in holders.values():
        first: dict[str, _Item] = {}
        for i in members:
            first.setdefault(i.claim.document, i)
        if not 2 <= len(first) <= MAX_DOCUMENTS:
            continue
        original, *copies = first.values()
        for copy in copies:
            shared[(original.claim.document, copy.claim.document)].append((original, copy))
    for pairs in shared.values():
        if len({orig.claim.quote for orig, _ in pairs}) < MIN_SHARED:
            continue
        for orig, copy in pairs:
            for i in holders_of(holders, copy):
                i.origin, i.syndicated_of = orig.origin, orig.id


def holders_of(holders: dict[tuple[object, ...], list[_Item]], copy: _Item) -> list[_Item]:
    """The claims of `copy`'s document with `copy`'s wording (a copy may repeat a figure)."""
    c = copy.claim
    key = (" ".join(c.quote.split()).casefold(), c.kind, c.value, c.low, c.high)
    return [i for i in holders[key] if i.claim.document == c.document]


def _mark_reprints(items: list[_Item], signatures: Mapping[str, bytes | None]) -> None:
    """In a reprint of a document (its text nearly the same), each figure the original gives
    too (the same kind and value) is the original's: one source, counted once."""
    by_document: dict[str, list[_Item]] = defaultdict(list)
    for i in items:
        by_document[i.claim.document].append(i)
    present = {name: sig for name, sig in signatures.items() if name in by_document}
    for original, reprint in copies(present):
        figures: dict[tuple[object, ...], _Item] = {}
        for o in by_document[original]:
            c = o.claim
            figures.setdefault((c.kind, c.value, c.low, c.high), o)
        for i in by_document[reprint]:
            c = i.claim
            same = figures.get((c.kind, c.value, c.low, c.high))
            if same is not None and i.syndicated_of is None:
                i.origin, i.syndicated_of = same.origin, same.id
