"""Names as written mapped to one canonical name: config aliases, then fuzzy matches."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process, utils

# a fuzzy lookup of an unknown name compares it with at most this many earlier names
_MAX_CANDIDATES = 32


# ---------------------------------------------------------------- names


def _fold(text: str) -> str:
    return utils.default_process(text)


def _digits(folded: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+", folded))


def _keys(folded: str) -> set[str]:
    """Words of a name; for scripts written without spaces, pairs of characters."""
    keys: set[str] = set()
    for word in folded.split():
        if word.isascii() or len(word) <= 2:
            keys.add(word)
        else:
            keys.update(word[i : i + 2] for i in range(len(word) - 1))
    return keys


class _Names:
    """Maps names as written to one canonical name: config aliases first, then fuzzy matches.

    Names that match nothing in the config are matched to earlier unknown names the same way,
    comparing only with names that share a word (at most `_MAX_CANDIDATES` of them).
    """

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]], threshold: float) -> None:
        self.threshold = threshold
        self._exact: dict[str, str] = {}
        for name, aliases in entries:
            for alias in (name, *aliases):
                self._exact.setdefault(_fold(alias), name)
        # names that differ in a number ("Unit 12", "Unit 13") never match fuzzily
        self._choices: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for alias in self._exact:
            self._choices[_digits(alias)].append(alias)
        self._memo: dict[str, str] = {}
        # (folded, name as first written, its numbers)
        self._unknown: list[tuple[str, str, tuple[str, ...]]] = []
        self._index: dict[str, list[int]] = defaultdict(list)

    def canonical(self, text: str) -> str:
        hit = self._memo.get(text)
        if hit is None:
            hit = self._memo[text] = self._resolve(text)
        return hit

    def _resolve(self, text: str) -> str:
        folded = _fold(text)
        if not folded:
            return " ".join(text.split())
        if folded in self._exact:
            return self._exact[folded]
        digits = _digits(folded)
        choices = self._choices.get(digits)
        if choices:
            best = process.extractOne(
                folded, choices, scorer=fuzz.token_sort_ratio, score_cutoff=self.threshold
            )
            if best is not None:
                return self._exact[best[0]]
        keys = sorted(_keys(folded), key=lambda k: (len(self._index.get(k, ())), k))
        seen: dict[int, None] = {}
        for key in keys:
            for i in self._index.get(key, ()):
                seen.setdefault(i)
                if len(seen) >= _MAX_CANDIDATES:
                    break
            if len(seen) >= _MAX_CANDIDATES:
                break
        cands = {i: self._unknown[i][0] for i in seen if self._unknown[i][2] == digits}
        if cands:
            best = process.extractOne(
                folded, cands, scorer=fuzz.token_sort_ratio, score_cutoff=self.threshold
            )
            if best is not None:
                return self._unknown[best[2]][1]
        name = " ".join(text.split())
        self._unknown.append((folded, name, digits))
        for key in keys:
            self._index[key].append(len(self._unknown) - 1)
        return name


