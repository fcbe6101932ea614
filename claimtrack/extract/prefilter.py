"""Cheap tests that let a rule pattern skip a text it cannot match.

Time and number patterns are scanned over every sentence, but most sentences hold none of the
words a given pattern needs ("ago", a month name, a digit). `Needs.of(rx)` reads what any match
of a compiled pattern must contain from the pattern's syntax tree: clauses, each a set of
strings (or "a digit") one of which every match contains. `Needs.admits(Probe(text))` checks
them with substring tests. The analysis is conservative: whatever it cannot follow (unbounded
or negated classes, optional parts, back-references) it leaves out, so a pattern is skipped only
when it cannot match, and the results never change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

try:  # the regex parser the re module itself uses
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

# a finite set of strings is followed only up to this size
_LIMIT = 64
_DIGIT = re.compile(r"\d")
# non-ASCII characters that a case-insensitive pattern matches to an ASCII letter (İ, ı, ſ,
# the Kelvin sign): folded to that letter so that a substring test sees what the regex sees
ASCII_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


class Probe:
    """A text as the tests read it: folded to lower case, and whether it holds a digit."""

    __slots__ = ("digit", "folded")

    def __init__(self, text: str) -> None:
        self.folded = (text if text.isascii() else text.translate(ASCII_FOLD)).lower()
        self.digit = _DIGIT.search(text) is not None


@dataclass(frozen=True)
class Clause:
    """Every match contains one of `words` (lower case), or a decimal digit if `digit`."""

    digit: bool
    words: tuple[str, ...]

    def holds(self, probe: Probe) -> bool:
        return (self.digit and probe.digit) or any(map(probe.folded.__contains__, self.words))


@dataclass(frozen=True)
class Needs:
    """What any match of one pattern contains: all of the clauses hold."""

    clauses: tuple[Clause, ...]

    @classmethod
    def of(cls, rx: re.Pattern[str]) -> Needs:
        """The needs of a compiled pattern (none when nothing can be said)."""
        found = [
            c
            for c in (_clause(atoms) for atoms in _cnf(_sre_parse.parse(rx.pattern, rx.flags)))
            if c is not None
        ]
        kept = [
            c for c in dict.fromkeys(found) if not any(o != c and _implies(o, c) for o in found)
        ]
        # a digit test first (cheap), then likely the rarest: longer words, shorter lists
        kept.sort(key=lambda c: (bool(c.words), -min(map(len, c.words), default=0), len(c.words)))
        return cls(tuple(kept))

    def admits(self, probe: Probe) -> bool:
        """False only when the pattern cannot match the probed text."""
        return all(clause.holds(probe) for clause in self.clauses)


class Gate:
    """The needs of several patterns, checked together: a clause they share is tested once."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        needs = [Needs.of(rx) for rx in patterns]
        clauses = list(dict.fromkeys(c for n in needs for c in n.clauses))
        index = {c: i for i, c in enumerate(clauses)}
        self._clauses = [(c.digit, c.words) for c in clauses]
        self._needs = [tuple(index[c] for c in n.clauses) for n in needs]

    def admitted(self, text: str | Probe) -> list[bool]:
        """For each pattern, False only when it cannot match `text` (or the probed text)."""
        probe = text if isinstance(text, Probe) else Probe(text)
        folded, digit = probe.folded.__contains__, probe.digit
        known: list[bool | None] = [None] * len(self._clauses)
        out = []
        for ids in self._needs:
            ok = True
            for i in ids:
                held = known[i]
                if held is None:
                    need_digit, words = self._clauses[i]
                    held = known[i] = (need_digit and digit) or any(map(folded, words))
                if not held:
                    ok = False
                    break
            out.append(ok)
        return out


_DIGIT_ATOM = None  # stands for "a decimal digit" among the strings of a clause


def _clause(atoms: frozenset[str | None]) -> Clause | None:
    digit = _DIGIT_ATOM in atoms
    words: list[str] = []
    for a in sorted((a for a in atoms if a is not None), key=lambda s: (len(s), s)):
        # the substring test folds case like the regex does only for ASCII and caseless text
        if not all(ch.isascii() or ch.lower() == ch == ch.upper() for ch in a):
            return None
        w = a.lower()
        if not any(k in w for k in words):  # "jan" already covers "january"
            words.append(w)
    return Clause(digit, tuple(words))


def _implies(a: Clause, b: Clause) -> bool:
    """A text where `a` holds has `b` hold too: `b` adds nothing."""
    return (not a.digit or b.digit) and all(any(k in w for k in b.words) for w in a.words)


def _cnf(items: Any) -> list[frozenset[str | None]]:
    """Clauses for a sequence of nodes: runs of finite parts become one clause of strings."""
    clauses: list[frozenset[str | None]] = []
    run: set[str] = {""}
    for op, av in items:
        strings = _strings(op, av)
        if strings is not None:
            joined = {a + b for a in run for b in strings}
            if len(joined) <= _LIMIT:
                run = joined
                continue
            if "" not in run:
                clauses.append(frozenset(run))
            run = strings
            continue
        if "" not in run:
            clauses.append(frozenset(run))
        run = {""}
        clauses.extend(_node_cnf(op, av))
    if "" not in run:
        clauses.append(frozenset(run))
    return clauses


def _node_cnf(op: Any, av: Any) -> list[frozenset[str | None]]:
    """Clauses for one node that matches more than a small finite set of strings."""
    if op is _sre.IN:
        # \d, alone or with a few characters: [\d.]
        if any(o is _sre.CATEGORY and a is _sre.CATEGORY_DIGIT for o, a in av) and all(
            (o is _sre.CATEGORY and a is _sre.CATEGORY_DIGIT) or o is _sre.LITERAL for o, a in av
        ):
            return [frozenset([_DIGIT_ATOM, *(chr(a) for o, a in av if o is _sre.LITERAL)])]
        return []
    if op is _sre.SUBPATTERN:
        return _cnf(av[3])
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        return _cnf(av[2]) if av[0] >= 1 else []
    if op is _sre.BRANCH:
        # one clause per alternative (its most selective); their union holds for the branch
        picks: list[frozenset[str | None]] = []
        for alt in av[1]:
            clauses = _cnf(alt)
            if not clauses:
                return []
            picks.append(max(clauses, key=lambda c: (min(len(a or "0") for a in c), -len(c))))
        return [frozenset().union(*picks)]
    return []  # anything else (., [^x], \w, back-references, conditionals) tells nothing


def _strings(op: Any, av: Any) -> set[str] | None:
    """The strings a node can match, if they are few; zero-width assertions match ""."""
    if op is _sre.LITERAL:
        return {chr(av)}
    if op is _sre.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is _sre.LITERAL:
                chars.add(chr(a))
            elif o is _sre.RANGE and a[1] - a[0] < 16:
                chars.update(map(chr, range(a[0], a[1] + 1)))
            else:
                return None
        return chars
    if op is _sre.SUBPATTERN:
        return _seq_strings(av[3])
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            strings = _seq_strings(alt)
            if strings is None:
                return None
            out |= strings
        return out if len(out) <= _LIMIT else None
    if op in (_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT):
        return {""}
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, high, item = av
        if high > 3:
            return None
        strings = _seq_strings(item)
        if strings is None:
            return None
        out, step = set(), {""}
        for k in range(high + 1):
            if k >= low:
                out |= step
            step = {a + b for a in step for b in strings}
            if len(step) > _LIMIT:
                return None
        return out if len(out) <= _LIMIT else None
    return None


def _seq_strings(items: Any) -> set[str] | None:
    out = {""}
    for op, av in items:
        strings = _strings(op, av)
        if strings is None:
            return None
        out = {a + b for a in out for b in strings}
        if len(out) > _LIMIT:
            return None
    return out
