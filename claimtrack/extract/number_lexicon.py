"""Compile a language's number rules into the regexes and tables the scanner uses."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from claimtrack.errors import ConfigError

from .number_rules import HedgeKind, HedgeSet, Marker, NumberRules, Numerals, load_rules
from .prefilter import Needs

# Full-width forms map one-to-one onto ASCII so offsets never move. The full-width comma is
# left alone: in Chinese it separates clauses, not digit groups.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_FULLWIDTH.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_FULLWIDTH.update({ord(a): ord(b) for a, b in zip("％．＄＋－：", "%.$+-:", strict=True)})
_FULLWIDTH[0x3000] = ord(" ")
# letters that case-insensitive matching takes for ASCII ones ("thouſand", the Kelvin sign):
# the word tables are looked up by the ASCII spelling, so read them as such
_FULLWIDTH.update({ord(a): ord(b) for a, b in zip("ſKİı", "sKIi", strict=True)})

_LETTER = "A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_IS_LETTER = re.compile(f"[{_LETTER}]")
_WORD = re.compile(r"[A-Za-z]+")
_LETTERS_END = re.compile(f"[{_LETTER}]+\\Z")
_NEXT_WORD = re.compile(r"[\s-]*([A-Za-z]+)")

_DATE = (
    r"(?<![\d/])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2}(?![\d.]))"
    r"|\d{1,2}/\d{1,2}(?![\d/]))(?!\d)"
)
_CLOCK = r"(?<![\d.:])\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"
_PHONE = r"(?<![\d+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[.-]\d{4}(?!\d)"
_GROUPED = r"\d{1,3}(?:,\d{3})+(?!\d)(?!,\d)"
# backward searches try each start position; only word starts (or non-letters) can begin a form
_START = r"(?:(?<![A-Za-z])(?=[A-Za-z])|(?=[^A-Za-z\s]))"
_SPACED = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?!\d)(?!,\d)"


def _form(f: str, *, word: bool = True) -> str:
    """A regex for one lexicon form: spaces match any whitespace; words get boundaries."""
    pat = r"\s+".join(re.escape(part) for part in f.split())
    if f.startswith(" "):
        pat = r"\s+" + pat
    if word and f[:1].isascii() and f[:1].isalnum():
        pat = r"(?<![A-Za-z])" + pat
    if word and f[-1:].isascii() and f[-1:].isalnum():
        pat += r"(?![A-Za-z])"
    return pat


_END = ""  # the trie key that ends a form
_Trie = dict[str, "_Trie"]


def _atoms(f: str, *, word: bool) -> list[str]:
    """A form as regex atoms, one per character (a run of spaces: any whitespace), with its
    word boundaries: what `_form` spells, cut where forms can share a prefix."""
    atoms = [r"\s+"] if f.startswith(" ") else []
    if word and f[:1].isascii() and f[:1].isalnum():
        atoms.append(r"(?<![A-Za-z])")
    for i, part in enumerate(f.split()):
        if i:
            atoms.append(r"\s+")
        atoms.extend(re.escape(ch) for ch in part)
    if word and f[-1:].isascii() and f[-1:].isalnum():
        atoms.append(r"(?![A-Za-z])")
    return atoms


def _alt(forms: Iterable[str], *, word: bool = True) -> str:
    """An alternation of the forms that tries longer forms first, so "more than" beats "more".

    The forms share their prefixes (a trie), so a position is rejected after a character or
    two instead of once per form (the scan's hot loop), and the pattern compiles quickly
    however many forms there are. Where forms part, the longer branch is tried first, and a
    form ends only after every longer one failed: the match is the one the forms tried
    longest first would give.
    """
    trie: _Trie = {}
    for f in set(forms):
        node = trie
        for a in _atoms(f, word=word):
            node = node.setdefault(a, {})
        node[_END] = {}
    if not trie:
        return r"(?!x)x"

    def depth(node: _Trie) -> int:
        return max((1 + depth(c) for k, c in node.items() if k != _END), default=0)

    def emit(node: _Trie) -> str:
        branches = sorted((k for k in node if k != _END), key=lambda k: -depth(node[k]))
        alts = [k + emit(node[k]) for k in branches] + ([""] if _END in node else [])
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(trie)


def _key(s: str) -> str:
    return " ".join(s.split())


def _last_chars(forms: Iterable[str]) -> frozenset[str]:
    """Last characters of the forms, both cases: a cheap test before a backward search."""
    return frozenset(c for f in forms if f.strip() for c in (f.strip()[-1].lower(),
                                                              f.strip()[-1].upper()))


def _ends_in(text: str, pos: int, floor: int, chars: frozenset[str]) -> bool:
    """Is the last non-space character before pos one of chars?"""
    j = pos - 1
    while j >= floor and text[j].isspace():
        j -= 1
    return j >= floor and text[j] in chars


@dataclass(frozen=True)
class _FormTable:
    """Marker forms -> marker indices, honouring each marker's case sensitivity."""

    regex: re.Pattern[str]
    cased: dict[str, tuple[int, ...]]
    folded: dict[str, tuple[int, ...]]
    last: frozenset[str]

    def lookup(self, matched: str) -> tuple[int, ...]:
        k = _key(matched)
        return tuple(sorted({*self.cased.get(k, ()), *self.folded.get(k.lower(), ())}))


def _form_table(markers: Sequence[Marker], side: str, *, ascii_words: bool) -> _FormTable:
    cased: dict[str, list[int]] = {}
    folded: dict[str, list[int]] = {}
    pats: list[tuple[str, str]] = []
    for i, m in enumerate(markers):
        for f in m.prefix if side == "prefix" else m.suffix:
            k = _key(f)
            if m.cased:
                cased.setdefault(k, []).append(i)
                pats.append((f, f"(?-i:{_form(f, word=ascii_words)})"))
            else:
                folded.setdefault(k.lower(), []).append(i)
                pats.append((f, f"(?i:{_form(f, word=ascii_words)})"))
    pats.sort(key=lambda p: (-len(p[0]), p[0]))
    alt = "|".join(p for _, p in pats) or r"(?!x)x"
    if side == "prefix":
        regex = re.compile(rf"{_START}(?P<form>{alt})\s*\Z")
    else:
        regex = re.compile(rf"(?P<sep>\s*|-)(?P<form>{alt})")
    return _FormTable(
        regex,
        {k: tuple(v) for k, v in cased.items()},
        {k: tuple(v) for k, v in folded.items()},
        _last_chars(f for f, _ in pats),
    )


@dataclass(frozen=True)
class _Lexicon:
    rules: NumberRules
    cjk: bool
    master: re.Pattern[str]
    # what any match of `master` contains (a digit or a number word): most sentences have none
    needs: Needs
    # fractions of scales ("a quarter million"), and what any of them contains ("half")
    frac: re.Pattern[str]
    frac_needs: Needs
    hedge_before: re.Pattern[str]
    hedge_last: frozenset[str]
    opener_last: frozenset[str]
    hedge_after: re.Pattern[str]
    hedge_after_unit: re.Pattern[str]
    hedge_kind: dict[str, HedgeKind]
    connector: re.Pattern[str]
    opener: re.Pattern[str]
    openers: dict[str, frozenset[str]]
    connectors: frozenset[str]
    prefixes: _FormTable
    suffixes: _FormTable
    followed: tuple[frozenset[str], ...]
    money_abbr: re.Pattern[str] | None
    abbr: dict[str, Decimal]
    scale_words: dict[str, Decimal]
    unit_words: dict[str, Decimal]
    ten_words: dict[str, Decimal]
    mult_words: dict[str, Decimal]
    ordinal_words: dict[str, Decimal]
    phrases: dict[str, Decimal]
    vague: dict[str, tuple[float, float]]
    code_exceptions: frozenset[str]
    cjk_scale_run: re.Pattern[str]
    # "2 hundred and 5", "4 thousand 3 hundred": the gap between two numbers that add up
    join_gap: re.Pattern[str]
    # "3 million and a half": a fraction after a number ending in a scale word
    frac_after: re.Pattern[str]
    fractions: dict[str, Decimal]
    # "more than 10 and less than 40": the gap between two bounds that make one range
    bound_gap: re.Pattern[str]
    inclusive: re.Pattern[str]
    cased_abbr: dict[str, Decimal]
    year_before: frozenset[str]
    plurals: frozenset[str]
    not_plurals: frozenset[str]
    singular_endings: tuple[str, ...]
    counted_abbr: re.Pattern[str] | None
    cjk_units: dict[str, int] = field(default_factory=dict)
    cjk_scales: dict[str, int] = field(default_factory=dict)
    cjk_mults: dict[str, int] = field(default_factory=dict)
    cjk_contractions: dict[str, str] = field(default_factory=dict)
    cjk_scale_only: frozenset[str] = frozenset()


def _dec(x: float) -> Decimal:
    return Decimal(repr(float(x)))


def _merge_hedges(
    rules: NumberRules, extra: tuple[tuple[str, tuple[str, ...]], ...]
) -> dict[HedgeKind, HedgeSet]:
    hedges = dict(rules.hedges)
    allowed: tuple[HedgeKind, ...] = ("approx", "more_than", "at_least", "up_to")
    for name, phrases in extra:
        if name not in allowed:
            raise ConfigError(
                f"extra_hedges: unknown qualifier {name!r}; use one of {', '.join(allowed)}"
            )
        kind: HedgeKind = allowed[allowed.index(name)]
        old = hedges.get(kind, HedgeSet())
        good = [p for p in phrases if p.strip()]
        hedges[kind] = HedgeSet(
            before=[*old.before, *good], after=old.after, after_unit=old.after_unit
        )
    return hedges


@lru_cache(maxsize=64)
def _lexicon(lang: str, extra: tuple[tuple[str, tuple[str, ...]], ...] = ()) -> _Lexicon:
    """Compile a language's rules (plus extra hedges) into regexes, once."""
    rules = load_rules(lang)
    num = rules.numerals
    cjk = num.system == "cjk"
    word = not cjk
    flags = re.IGNORECASE if word else 0

    hedges = _merge_hedges(rules, extra)
    hedge_kind: dict[str, HedgeKind] = {}
    for kind, hs in hedges.items():
        for p in [*hs.before, *hs.after, *hs.after_unit]:
            hedge_kind.setdefault(_key(p).lower(), kind)
    before = [p for hs in hedges.values() for p in hs.before]
    after = [p for hs in hedges.values() for p in hs.after]
    after_unit = [p for hs in hedges.values() for p in hs.after_unit]
    # the not-hedges share the alternation so that, being longer, they win at their position
    hedge_before = re.compile(
        rf"{_START}(?:(?P<not>{_alt(rules.not_hedges, word=word)})"
        rf"|(?P<h>{_alt(before, word=word)}))\s*\Z",
        flags,
    )
    # not before another number: "more than 10 and under 40" is two bounds
    hedge_after = re.compile(rf"\s*(?P<h>{_alt(after, word=word)})(?![^\S\n]*\d)", flags)
    hedge_after_unit = re.compile(rf"\s*(?P<h>{_alt(after_unit, word=word)})(?!\d)", flags)

    openers = {_key(k).lower(): frozenset(_key(c).lower() for c in v)
               for k, v in rules.ranges.openers.items()}
    all_conn = [*rules.ranges.connectors, *(c for v in rules.ranges.openers.values() for c in v)]
    connector = re.compile(rf"\A\s*(?P<c>{_alt(all_conn, word=word)})\s*", flags)
    opener = re.compile(rf"{_START}(?P<o>{_alt(rules.ranges.openers, word=word)})\s*\Z", flags)

    prefixes = _form_table(rules.markers, "prefix", ascii_words=word)
    suffixes = _form_table(rules.markers, "suffix", ascii_words=word)
    followed = tuple(frozenset(w.lower() for w in m.followed_by) for m in rules.markers)

    numeral_chars = (
        "".join([*num.units, *num.scales, *num.scale_only_units, *num.contractions]) if cjk else ""
    )
    # a prefix marker spelled with numeral characters (百分之) must not be read as a number
    stop = list(rules.stop) + [
        f for m in rules.markers for f in m.prefix if cjk and f[0] in numeral_chars
    ]
    parts = [
        rf"(?P<stop>{_alt(stop, word=word)})",
        rf"(?P<date>{_DATE})",
        rf"(?P<clock>{_CLOCK})",
        rf"(?P<phone>{_PHONE})",
        rf"(?P<vague>{_alt(rules.vague, word=word)})",
    ]
    # a capital is no scale before a model number: "31 M1 tanks", "5 B-52s", "4 K-9s" (but
    # "5k-10k" is a range)
    model = r"(?:(?-i:(?<=[a-z]))|(?!-?\d))"
    abbr_alt = f"(?:{_alt(num.abbreviations)}){model}"
    cased_alt = f"(?-i:{_alt(num.cased_abbreviations)})(?!-?\\d)"
    frac = re.compile(r"(?!x)x")
    if cjk:
        parts += [
            rf"(?P<phrase>{_alt(num.phrases, word=False)})",
            rf"(?P<cjk>{_cjk_run(num)})",
            rf"(?P<digits>(?<!\d)(?:{_GROUPED}|\d+)(?:\.\d+)?)"
            rf"(?P<dscale>\s?(?i:{abbr_alt})|\s?{cased_alt})?",
        ]
    else:
        scale_alt = _alt([*num.scales, *num.multipliers])
        art_alt = _alt(num.articles)
        # "a quarter million", "three quarters of a million", "half a billion": scanned on
        # their own (most texts have no fraction word), and win over what they overlap
        frac = re.compile(
            rf"(?<![A-Za-z])(?:(?:{_alt([*num.articles, *num.units])})[\s-]+)?"
            rf"(?:{_alt(num.fractions)})(?:[\s-]+of)?(?:[\s-]+(?:{art_alt}))?[\s-]+"
            rf"(?:{scale_alt})(?![A-Za-z])",
            flags,
        )
        parts += [
            rf"(?P<phrase>{_alt(num.phrases)})",
            rf"(?P<ordw>(?<![A-Za-z])(?:(?:{_alt(num.tens)})[\s-])?(?:{_alt(num.ordinals)}))",
            # "5,00": a decimal comma, not five and zero (a list "1,2,3" stays three numbers)
            r"(?P<dcomma>(?<![\d,.])\d+,\d{2}(?![\d,]))",
            rf"(?P<digits>(?<![\d])(?:{_GROUPED}|{_SPACED}|\d+)(?:\.\d+)?)"
            rf"(?P<dscale>(?:[\s-]*(?:{scale_alt}))+|\s?(?:{abbr_alt})|\s?{cased_alt})?",
        ]
        w = _alt([*num.units, *num.tens, *num.scales, *num.multipliers])
        art = rf"(?:(?:{_alt(num.articles)})[\s-]+(?=(?:{scale_alt})))"
        # "five billion and three quarters": the three is the fraction's, not added
        not_frac = rf"(?!(?:{_alt(num.units)})[\s-]+(?:{_alt(num.fractions)}))"
        join = rf"(?:[\s-]+(?:{_alt(num.joiners)})[\s-]+{not_frac}|[\s-]+)"
        parts.append(rf"(?P<words>(?<![A-Za-z]){art}?(?:{w})(?:{join}(?:{w}))*)")
    # Most positions cannot start a number; a one-character guard skips them before the long
    # alternation is tried (the scan is the hot loop).
    if cjk:
        firsts = {f[0] for f in [*stop, *rules.vague, *num.phrases]} | set(numeral_chars)
        guard = rf"(?=[\d(+{re.escape(''.join(sorted(firsts)))}])"
    else:
        guard = r"(?:(?=[\d(+])|(?<![A-Za-z])(?=[A-Za-z]))"
    master = re.compile(guard + "(?:" + "|".join(parts) + ")", flags)

    money_abbr = None
    if num.money_abbreviations:
        money_abbr = re.compile(rf"(?P<a>{_alt(num.money_abbreviations)})", re.IGNORECASE)

    def table(d: Mapping[str, float]) -> dict[str, Decimal]:
        return {_key(k).lower(): _dec(v) for k, v in d.items()}

    return _Lexicon(
        rules=rules,
        cjk=cjk,
        master=master,
        needs=Needs.of(master),
        frac=frac,
        frac_needs=Needs.of(frac),
        hedge_before=hedge_before,
        hedge_last=_last_chars([*before, *rules.not_hedges]),
        opener_last=_last_chars(rules.ranges.openers),
        hedge_after=hedge_after,
        hedge_after_unit=hedge_after_unit,
        hedge_kind=hedge_kind,
        connector=connector,
        opener=opener,
        openers=openers,
        connectors=frozenset(_key(c).lower() for c in rules.ranges.connectors),
        prefixes=prefixes,
        suffixes=suffixes,
        followed=followed,
        money_abbr=money_abbr,
        abbr={**table(num.abbreviations), **table(num.money_abbreviations),
              **table(num.counted_abbreviations)},
        scale_words=table(num.scales),
        unit_words=table(num.units),
        ten_words=table(num.tens),
        mult_words=table(num.multipliers),
        ordinal_words=table(num.ordinals),
        phrases=table(num.phrases),
        vague={_key(k).lower(): v for k, v in rules.vague.items()},
        code_exceptions=frozenset(w.lower() for w in rules.code_exceptions),
        cjk_scale_run=re.compile(
            f"[ \t]*[{re.escape(''.join(num.scales))}]+" if cjk else r"(?!x)x"
        ),
        join_gap=re.compile(rf"[\s-]+(?:(?:{_alt(num.joiners)})[\s-]+)?\Z", flags),
        frac_after=re.compile(
            rf"[\s-]+(?:{_alt(num.joiners)})[\s-]+(?:(?P<n>{_alt([*num.articles, *num.units])})"
            rf"[\s-]+)?(?P<d>{_alt(num.fractions)})",
            flags,
        ),
        fractions=table(num.fractions),
        bound_gap=re.compile(
            rf"[^\S\n]*(?:,[^\S\n]*)?(?:(?:{_alt(rules.ranges.bound_joiners, word=word)})"
            rf"[^\S\n]*)?\Z",
            flags,
        ),
        inclusive=re.compile(rf"\s*(?:{_alt(rules.ranges.inclusive_after, word=word)})", flags),
        cased_abbr={k: _dec(v) for k, v in num.cased_abbreviations.items()},
        year_before=frozenset(w.lower() for w in rules.years.before),
        plurals=frozenset(w.lower() for w in rules.plurals.words),
        not_plurals=frozenset(w.lower() for w in rules.plurals.not_plurals),
        singular_endings=tuple(w.lower() for w in rules.plurals.singular_endings),
        counted_abbr=re.compile(rf"(?P<a>{_alt(num.counted_abbreviations)})", re.IGNORECASE)
        if num.counted_abbreviations else None,
        cjk_units={k: int(v) for k, v in [*num.units.items(), *num.scale_only_units.items()]}
        if cjk else {},
        cjk_scales={k: int(v) for k, v in num.scales.items()} if cjk else {},
        cjk_mults={k: int(v) for k, v in num.multipliers.items()} if cjk else {},
        cjk_contractions=dict(num.contractions),
        cjk_scale_only=frozenset(num.scale_only_units),
    )


def _cjk_run(num: Numerals) -> str:
    """A CJK numeral, its digits possibly Arabic: 三千, 5万4千6百, 3万512, 2千零30万, 1.2万,
    一打. Spaces may stand next to a scale character ("7万 5千", "一百 五 十 二"), never between
    two digits ("一 二" is a list), and Arabic digits only before a scale character, after one
    or after a zero."""
    units = re.escape("".join([*num.units, *num.scale_only_units, *num.contractions]))
    zeros = re.escape("".join(u for u, v in num.units.items() if v == 0))
    scales = re.escape("".join(num.scales))
    mults = "|".join(
        re.escape(m) + (
            "(?!" + "|".join(re.escape(w[1:]) for w in num.not_multipliers if w[0] == m) + ")"
            if any(w[0] == m for w in num.not_multipliers) else ""
        )
        for m in num.multipliers
    ) or r"(?!x)x"
    digits = rf"(?:{_GROUPED}|\d+)(?:\.\d+)?"
    sp = r"[ \t]*"
    return (
        rf"(?:(?<![\d.]){digits}(?={sp}(?:[{scales}]|{mults}))|[{units}{scales}])"
        rf"(?:[{units}{scales}]|(?<=[{scales}]){sp}(?:{digits}|[{units}])|{sp}[{scales}]"
        rf"|(?<=[{zeros}]){digits})*"
        rf"(?:{sp}(?:{mults}))?"
    )


