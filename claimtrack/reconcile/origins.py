"""Syndicated copies: another document that reprints an article's figures is not a second source.

A copy is told at document level: two documents share at least `MIN_SHARED` figures with the
same wording (a quote of at least `MIN_WORDS` words, the same kind and figure). One short
quote in common ("2 people", "Two men") is what unrelated stories share, never a copy; and a
wording that many documents share is a stock phrase, not a sign of copying.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .frames import _Item

MIN_WORDS = 3
MIN_SHARED = 2
# a wording shared by more documents than this is a stock phrase
MAX_DOCUMENTS = 50


def mark_copies(items: Iterable[_Item]) -> None:
    """Give each claim of a copy its first copy's origin and `syndicated_of` (items in id
    order: the first document to hold a wording is the original)."""
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
