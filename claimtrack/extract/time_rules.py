"""Time rules: the schema of ``claimtrack/rules/<lang>/time.yaml`` and its loading.

A rule file gives a language's month and weekday names, relative words and the regex patterns
that combine them through ``{placeholders}`` (tables, or named ``fragments`` of regex); each
pattern is compiled and checked against its own examples on load, so a bad edit fails with the
file and line instead of at match time. Besides the patterns, a file gives the words that put a
statement in the past or the future (``tense``), the words around a time expression that keep
it from dating a figure (``context``: "since ...", "the September 11 attacks"), characters read
as others (``fold``: traditional Chinese), and the tables every expression holds a word of
(``anchors``), so that most sentences are not scanned at all.
The scanner that uses them is :mod:`claimtrack.extract.timex`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from ..errors import ConfigError
from ..yamlio import load_model
from .prefilter import Gate, Probe
from .script import convert

Unit = Literal["day", "week", "month", "year"]
Part = Literal["early", "mid", "late", "before", "after"]
Kind = Literal[
    "date", "numeric_date", "day_of_month", "month", "year", "weekday", "nth_weekday",
    "weekend", "relative_day", "unit_shift", "window", "ago", "offset", "holiday",
]  # fmt: skip
Tense = Literal["past", "future"]

# the named groups a pattern of each kind must have (all of one tuple); _GROUPS lists all known
_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "date": (("month", "day"),),
    "numeric_date": (("first", "second"),),
    "day_of_month": (("day",),),
    "month": (("month",),),
    "year": (("year",),),
    "weekday": (("weekday",),),
    "nth_weekday": (("nth", "weekday"),),
    "weekend": ((),),
    "relative_day": (("relative_day",),),
    "unit_shift": (("unit_rel",), ("year_rel",), ("shift", "unit")),
    "window": (("direction", "unit"),),
    "ago": (("count", "unit"),),
    "offset": (("count", "unit"),),
    "holiday": (("holiday",),),
}
_GROUPS = frozenset({
    "pre", "paren", "year", "year2", "month", "month2", "day", "weekday", "shift", "week_shift",
    "unit", "unit_rel", "year_rel", "part", "count", "direction", "relative_day", "hedge",
    "count2", "unit2", "count3", "unit3", "first", "second", "nth", "month_rel", "holiday",
})  # fmt: skip
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_WORD = re.compile(r"[a-z]+")
# how far around a time expression its context is read, in characters
_WINDOW = 160


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitShift(_Strict):
    """A fixed phrase meaning "this unit, shifted": 上个月 is (month, -1)."""

    unit: Unit
    offset: int = Field(ge=-10, le=10)


class Holiday(_Strict):
    """A named day: a fixed date, or a number of days from Easter Sunday."""

    month: int | None = Field(default=None, ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)
    easter: int | None = Field(default=None, ge=-100, le=100)

    @model_validator(mode="after")
    def _one_rule(self) -> Holiday:
        if (self.easter is None) == (self.month is None or self.day is None):
            raise ValueError("give either month and day, or easter (days from Easter Sunday)")
        return self


class Lexicon(_Strict):
    """Word tables; each maps a lower-case word or phrase to what it means."""

    month: dict[str, Annotated[int, Field(ge=1, le=12)]] = Field(default_factory=dict)
    weekday: dict[str, Annotated[int, Field(ge=0, le=6)]] = Field(default_factory=dict)
    # abbreviations ("Tue", "Fri"), read only where a date or "on" shows they are days
    weekday_abbr: dict[str, Annotated[int, Field(ge=0, le=6)]] = Field(default_factory=dict)
    numeral: dict[str, Annotated[int, Field(ge=0, le=10)]] = Field(default_factory=dict)
    # number words of a day or a spelled-out year (twenty, first, thousand): values 0-1000
    number_word: dict[str, Annotated[int, Field(ge=0, le=1000)]] = Field(default_factory=dict)
    nth: dict[str, Annotated[int, Field(ge=-1, le=5)]] = Field(default_factory=dict)
    count: dict[str, Annotated[int, Field(ge=1, le=1000)]] = Field(default_factory=dict)
    unit: dict[str, Unit] = Field(default_factory=dict)
    shift: dict[str, Annotated[int, Field(ge=-2, le=2)]] = Field(default_factory=dict)
    week_shift: dict[str, Annotated[int, Field(ge=-2, le=2)]] = Field(default_factory=dict)
    # "this past Friday", "this coming Friday": the nearest one before or after the anchor
    near_shift: dict[str, Annotated[int, Field(ge=-1, le=1)]] = Field(default_factory=dict)
    year_rel: dict[str, Annotated[int, Field(ge=-10, le=10)]] = Field(default_factory=dict)
    unit_rel: dict[str, UnitShift] = Field(default_factory=dict)
    relative_day: dict[str, Annotated[int, Field(ge=-7, le=7)]] = Field(default_factory=dict)
    # "本月5日", "the 15th of next month": the month the day is counted in
    month_rel: dict[str, Annotated[int, Field(ge=-2, le=2)]] = Field(default_factory=dict)
    holiday: dict[str, Holiday] = Field(default_factory=dict)
    part: dict[str, Part] = Field(default_factory=dict)
    direction: dict[str, Literal["past", "future"]] = Field(default_factory=dict)
    # "two days before yesterday", "three weeks from now"
    offset_direction: dict[str, Literal["past", "future"]] = Field(default_factory=dict)
    hedge: dict[str, Literal["more", "less", "about"]] = Field(default_factory=dict)
    # plain word classes, only matched: prepositions, part-of-day words, count nouns
    words: dict[str, list[str]] = Field(default_factory=dict)

    def tables(self) -> dict[str, dict[str, object]]:
        """Every table and word class by name, keys normalised."""
        out: dict[str, dict[str, object]] = {
            name: {_norm(k): v for k, v in getattr(self, name).items()}
            for name in type(self).model_fields
            if name != "words"
        }
        for name, words in self.words.items():
            if name in out:
                raise ValueError(f"words.{name} has the name of a table")
            out[name] = {_norm(w): True for w in words}
        return out


class Boundary(_Strict):
    left: str = ""
    right: str = ""


class TenseRule(_Strict):
    """Words that put a statement in the past or the future ("were", "will"): a yearless
    date or a bare weekday is read from the nearest of them."""

    tense: Tense
    regex: str = Field(min_length=1)
    examples: list[str] = Field(min_length=1)


class ContextRule(_Strict):
    """Words around a time expression that say it does not date a figure next to it.

    ``not_dating``: it says when something began or which event is meant ("since ... in 2022",
    "the September 11 attacks"). ``clause``: it sits in a clause of its own ("where ..."), which
    dates only figures inside that clause. ``before`` rules are matched against the text up to
    the expression (ending there), ``after`` rules against the text that follows it."""

    role: Literal["not_dating", "clause"]
    side: Literal["before", "after"]
    regex: str = Field(min_length=1)
    examples: list[str] = Field(min_length=1)


class PatternRule(_Strict):
    kind: Kind
    regex: str = Field(min_length=1)
    # a window without a count ("the coming months") spans this many units
    default_count: int = Field(default=3, ge=1, le=100)
    # a time only in a statement of this tense: "in two days" is when something will happen
    # in the future, how long it took in the past, and a rate in "1,000 a day in two days"
    only_tense: Tense | None = None
    examples: list[str] = Field(min_length=1)


class TimeRules(_Strict):
    """One language's rule file, with its patterns compiled and checked on load."""

    language: str
    boundary: Boundary = Field(default_factory=Boundary)
    capitalized: list[str] = Field(default_factory=list)
    # single words that only count when capitalised, whatever their table ("May", "Sun")
    capitalized_words: list[str] = Field(default_factory=list)
    lexicon: Lexicon
    # named regex pieces that patterns use as {placeholders}, like tables (a spelled-out year)
    fragments: dict[str, str] = Field(default_factory=dict)
    patterns: list[PatternRule] = Field(min_length=1)
    tense: list[TenseRule] = Field(default_factory=list)
    context: list[ContextRule] = Field(default_factory=list)
    # tables whose words every time expression holds one of, whole, unless it holds a digit
    # (month names, units, "ago"): a sentence with neither is not scanned. Checked against
    # every pattern's examples; leave empty for scripts written without spaces
    anchors: list[str] = Field(default_factory=list)
    # the script the rules are written in, when a text in another is converted before they
    # read it, one character for one so that offsets stay (t2s: 週 as 周, 後 as 后)
    convert: Literal["t2s"] | None = None
    _tables: dict[str, dict[str, object]] = PrivateAttr(default_factory=dict)
    _compiled: list[tuple[PatternRule, re.Pattern[str]]] = PrivateAttr(default_factory=list)
    # the tense rules as one pattern, group t<i> for rule i: one pass over the text
    _tense: re.Pattern[str] | None = PrivateAttr(default=None)
    _anchors: frozenset[str] = PrivateAttr(default=frozenset())
    _context: list[tuple[ContextRule, re.Pattern[str]]] = PrivateAttr(default_factory=list)
    # the compiled patterns and which of them can match a text: most sentences need few run
    # (with the anchor words: runnable() reaches them all in one look-up)
    _plan: tuple[list[tuple[PatternRule, re.Pattern[str]]], Gate, frozenset[str]] | None = (
        PrivateAttr(default=None))

    @model_validator(mode="after")
    def _compile(self) -> TimeRules:
        self._tables = self.lexicon.tables()
        for name in self.capitalized:
            if name not in self._tables:
                raise ValueError(f"capitalized: no table named {name!r}")
        self._anchors = self._anchor_words()
        self._compiled = [(p, self._compile_one(i, p)) for i, p in enumerate(self.patterns)]
        for i, t in enumerate(self.tense):
            self._compile_tense(i, t)  # checks the rule and its examples
        if self.tense:
            self._tense = self._compile_regex(
                "tense", "|".join(f"(?P<t{i}>{t.regex})" for i, t in enumerate(self.tense)))
        self._context = [(c, self._compile_context(i, c)) for i, c in enumerate(self.context)]
        self._plan = (self._compiled, Gate([rx for _, rx in self._compiled]), self._anchors)
        return self

    def _compile_regex(self, where: str, regex: str) -> re.Pattern[str]:
        cap_words = {_norm(w) for w in self.capitalized_words}

        def expand(m: re.Match[str]) -> str:
            name = m.group(1)
            if name in self.fragments and name not in self._tables:
                return f"(?:{_PLACEHOLDER.sub(table, self.fragments[name])})"
            return table(m)

        def table(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in self._tables:
                raise ValueError(f"{where}: unknown placeholder {{{name}}}")
            return _alternation(self._tables[name], name in self.capitalized, cap_words)

        body = _PLACEHOLDER.sub(expand, regex)
        try:
            return re.compile(
                f"{self.boundary.left}(?:{body}){self.boundary.right}",
                re.IGNORECASE | re.VERBOSE,
            )
        except re.error as exc:
            raise ValueError(f"{where}: bad regex ({exc})") from None

    def _compile_tense(self, index: int, rule: TenseRule) -> re.Pattern[str]:
        where = f"tense.{index}"
        rx = self._compile_regex(where, rule.regex)
        for example in rule.examples:
            if not rx.fullmatch(example):
                raise ValueError(f"{where}: does not match its example {example!r}")
        return rx

    def _anchor_words(self) -> frozenset[str]:
        for name in self.anchors:
            if name not in self._tables:
                raise ValueError(f"anchors: no table named {name!r}")
        entries = [_WORD.findall(w) for name in self.anchors for w in self._tables[name]]
        words = {e[0] for e in entries if len(e) == 1}
        for e in entries:
            # a phrase is there only if all its words are: one of them is enough, one that
            # is an anchor already, else its longest ("on this day": "day")
            if len(e) > 1 and words.isdisjoint(e):
                words.add(max(e, key=len))
        return frozenset(words)

    def anchored(self, text: str) -> bool:
        """False only when `text` holds no digit and no anchor word: no pattern can match."""
        return _anchored(Probe(text), self._anchors)

    def _compile_context(self, index: int, rule: ContextRule) -> re.Pattern[str]:
        where = f"context.{index}"
        body = f"(?:{rule.regex})\\Z" if rule.side == "before" else f"\\A(?:{rule.regex})"
        try:
            rx = re.compile(_PLACEHOLDER.sub(lambda m: self._placeholder(where, m), body),
                            re.IGNORECASE | re.VERBOSE)
        except re.error as exc:
            raise ValueError(f"{where}: bad regex ({exc})") from None
        for example in rule.examples:
            if not rx.search(example):
                raise ValueError(f"{where}: does not match its example {example!r}")
        return rx

    def _placeholder(self, where: str, m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in self._tables:
            raise ValueError(f"{where}: unknown placeholder {{{name}}}")
        return _alternation(self._tables[name], name in self.capitalized,
                            {_norm(w) for w in self.capitalized_words})

    def context_of(self, text: str, start: int, end: int) -> tuple[bool, int | None]:
        """Whether the expression at text[start:end] can date a figure, and where the clause it
        sits in begins when that is a clause of its own (a relative clause)."""
        dating, clause = True, None
        before, after = text[max(0, start - _WINDOW) : start], text[end : end + _WINDOW]
        for rule, rx in self._context:
            m = rx.search(before if rule.side == "before" else after)
            if m is None:
                continue
            if rule.role == "not_dating":
                dating = False
            elif rule.side == "before":
                clause = max(clause or 0, start - len(before) + m.start())
        return dating, clause

    def _compile_one(self, index: int, rule: PatternRule) -> re.Pattern[str]:
        where = f"patterns.{index}"
        rx = self._compile_regex(where, rule.regex)
        # a group `name__tag` is read as `name`: from the table `tag` when there is one
        # (weekday__weekday_abbr), else as usual (a second way to write the same field: year__2)
        names = {g.split("__")[0] for g in rx.groupindex}
        if unknown := names - _GROUPS:
            raise ValueError(f"{where}: unknown group(s) {sorted(unknown)}")
        if not any(names.issuperset(need) for need in _REQUIRED[rule.kind]):
            raise ValueError(f"{where}: kind {rule.kind} needs groups {_REQUIRED[rule.kind]}")
        # the examples document the pattern and keep edits to it honest
        for example in rule.examples:
            if not rx.fullmatch(example):
                raise ValueError(f"{where}: does not match its example {example!r}")
            if not self.anchored(example):
                raise ValueError(f"{where}: example {example!r} holds no digit and no word "
                                 f"of the anchors tables {self.anchors}")
        return rx

    @property
    def compiled(self) -> list[tuple[PatternRule, re.Pattern[str]]]:
        return self._compiled

    def runnable(self, text: str) -> list[tuple[int, PatternRule, re.Pattern[str]]]:
        """The patterns, with their order, that can match `text`; skipping the others is
        only a matter of speed."""
        plan = self._plan  # one look-up: private attributes are slow to reach
        assert plan is not None
        compiled, gate, anchors = plan
        probe = Probe(text)  # folded once for both tests
        if not _anchored(probe, anchors):
            return []
        return [(i, rule, rx) for i, ((rule, rx), ok)
                in enumerate(zip(compiled, gate.admitted(probe), strict=True)) if ok]

    def folded(self, text: str) -> str:
        """The text as the rules read it, the same length (see `convert`)."""
        return convert(text, self.convert) if self.convert else text

    def has_table(self, name: str) -> bool:
        return name in self._tables

    def lookup(self, table: str, word: str) -> object | None:
        return self._tables.get(table, {}).get(_norm(word))

    def tense_markers(
        self, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[int, int, Tense]]:
        """Where text[start:end] says past or future, in text order."""
        if self._tense is None:
            return []
        lo, hi = max(0, start), len(text) if end is None else min(len(text), end)
        # the rules are tried in file order at each place, so a future phrase listed first
        # takes the words in it ("is expected to")
        return [(m.start(), m.end(), self.tense[int(str(m.lastgroup)[1:])].tense)
                for m in self._tense.finditer(text, lo, hi)]



# ---------------------------------------------------------------- loading


def load_rules(lang: str) -> TimeRules:
    """The validated time rules for a language; ConfigError if there are none or they are bad."""
    rules = _rules_for(_language(lang))
    if rules is None:
        raise ConfigError(f"no time rules for language {lang!r}; add rules/<lang>/time.yaml")
    return rules


def read_rules(path: Path) -> TimeRules:
    """Validate one rule file; ConfigError names the file, line and problem."""
    return load_model(TimeRules, path)


@lru_cache(maxsize=16)
def _rules_for(code: str | None) -> TimeRules | None:
    if code is None:
        return None
    resource = files("claimtrack") / "rules" / code / "time.yaml"
    if not resource.is_file():
        return None
    return read_rules(Path(str(resource)))


@lru_cache(maxsize=64)
def _language(lang: str) -> str | None:
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None


def _anchored(probe: Probe, anchors: frozenset[str]) -> bool:
    return not anchors or probe.digit or not anchors.isdisjoint(_WORD.findall(probe.folded))


def _norm(word: str) -> str:
    return " ".join(word.lower().split())


def _alternation(table: dict[str, object], capitalized: bool, cap_words: set[str]) -> str:
    words = sorted(table, key=lambda w: (-len(w), w))
    if capitalized:
        words = [v for w in words for v in dict.fromkeys((w.capitalize(), w.upper()))]
        alts = _grouped([re.escape(w).replace(r"\ ", r"\s+") for w in words]) or "(?!)"
        # proper names must keep their capital even though patterns ignore case
        return f"(?-i:{alts})"
    # a word that is also an ordinary word ("may", "sun") keeps its capital, the rest need not
    alts = _grouped([
        f"(?-i:{re.escape(w.capitalize())}|{re.escape(w.upper())})" if w in cap_words
        else re.escape(w).replace(r"\ ", r"\s+")
        for w in words
    ]) or "(?!)"
    return f"(?:{alts})"


def _grouped(alternatives: list[str]) -> str:
    """`a|b|c`, with alternatives that start with an ASCII letter grouped by that letter
    behind lookaheads, so that a position is rejected after a check or two instead of one per
    word. Alternatives that can match at one position keep their order: no match changes."""
    def first(a: str) -> str:
        return a[5] if a.startswith("(?-i:") else a[:1]

    if any(r"\s+" in a for a in alternatives):
        # phrases ("earth day", "easter"): grouped, the regex parser would factor out their
        # shared letters and the prefilter would see only fragments ("rth", "ster")
        return "|".join(alternatives)

    if not alternatives or not all(first(a).isascii() and first(a).isalpha()
                                   for a in alternatives):
        return "|".join(alternatives)
    groups: dict[str, list[str]] = {}
    for a in alternatives:
        groups.setdefault(first(a).lower(), []).append(a)
    alts = "|".join(f"(?=[{c}{c.upper()}])(?:{'|'.join(g)})" for c, g in groups.items())
    return f"(?=[{''.join(c + c.upper() for c in groups)}])(?:{alts})"
