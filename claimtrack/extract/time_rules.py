"""Time rules: the schema of ``claimtrack/rules/<lang>/time.yaml`` and its loading.

A rule file gives a language's month and weekday names, relative words and the regex patterns
that combine them through ``{placeholders}``; each pattern is compiled and checked against its
own examples on load, so a bad edit fails with the file and line instead of at match time.
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
from .prefilter import Gate

Unit = Literal["day", "week", "month", "year"]
Part = Literal["early", "mid", "late", "before", "after"]
Kind = Literal[
    "date", "day_of_month", "month", "year", "weekday", "weekend",
    "relative_day", "unit_shift", "window", "ago",
]  # fmt: skip

# the named groups a pattern of each kind must have (all of one tuple); _GROUPS lists all known
_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "date": (("month", "day"),),
    "day_of_month": (("day",),),
    "month": (("month",),),
    "year": (("year",),),
    "weekday": (("weekday",),),
    "weekend": ((),),
    "relative_day": (("relative_day",),),
    "unit_shift": (("unit_rel",), ("year_rel",), ("shift", "unit")),
    "window": (("direction", "unit"),),
    "ago": (("count", "unit"),),
}
_GROUPS = frozenset({
    "pre", "paren", "year", "year2", "month", "month2", "day", "weekday", "shift", "week_shift",
    "unit", "unit_rel", "year_rel", "part", "count", "direction", "relative_day", "hedge",
})  # fmt: skip
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UnitShift(_Strict):
    """A fixed phrase meaning "this unit, shifted": 上个月 is (month, -1)."""

    unit: Unit
    offset: int = Field(ge=-10, le=10)


class Lexicon(_Strict):
    """Word tables; each maps a lower-case word or phrase to what it means."""

    month: dict[str, Annotated[int, Field(ge=1, le=12)]] = Field(default_factory=dict)
    weekday: dict[str, Annotated[int, Field(ge=0, le=6)]] = Field(default_factory=dict)
    numeral: dict[str, Annotated[int, Field(ge=0, le=10)]] = Field(default_factory=dict)
    count: dict[str, Annotated[int, Field(ge=1, le=1000)]] = Field(default_factory=dict)
    unit: dict[str, Unit] = Field(default_factory=dict)
    shift: dict[str, Annotated[int, Field(ge=-2, le=2)]] = Field(default_factory=dict)
    week_shift: dict[str, Annotated[int, Field(ge=-2, le=2)]] = Field(default_factory=dict)
    year_rel: dict[str, Annotated[int, Field(ge=-10, le=10)]] = Field(default_factory=dict)
    unit_rel: dict[str, UnitShift] = Field(default_factory=dict)
    relative_day: dict[str, Annotated[int, Field(ge=-7, le=7)]] = Field(default_factory=dict)
    part: dict[str, Part] = Field(default_factory=dict)
    direction: dict[str, Literal["past", "future"]] = Field(default_factory=dict)
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


class PatternRule(_Strict):
    kind: Kind
    regex: str = Field(min_length=1)
    # a window without a count ("the coming months") spans this many units
    default_count: int = Field(default=3, ge=1, le=100)
    examples: list[str] = Field(min_length=1)


class TimeRules(_Strict):
    """One language's rule file, with its patterns compiled and checked on load."""

    language: str
    boundary: Boundary = Field(default_factory=Boundary)
    capitalized: list[str] = Field(default_factory=list)
    lexicon: Lexicon
    patterns: list[PatternRule] = Field(min_length=1)
    _tables: dict[str, dict[str, object]] = PrivateAttr(default_factory=dict)
    _compiled: list[tuple[PatternRule, re.Pattern[str]]] = PrivateAttr(default_factory=list)
    # the compiled patterns and which of them can match a text: most sentences need few run
    _plan: tuple[list[tuple[PatternRule, re.Pattern[str]]], Gate] | None = PrivateAttr(
        default=None
    )

    @model_validator(mode="after")
    def _compile(self) -> TimeRules:
        self._tables = self.lexicon.tables()
        for name in self.capitalized:
            if name not in self._tables:
                raise ValueError(f"capitalized: no table named {name!r}")
        self._compiled = [(p, self._compile_one(i, p)) for i, p in enumerate(self.patterns)]
        self._plan = (self._compiled, Gate([rx for _, rx in self._compiled]))
        return self

    def _compile_one(self, index: int, rule: PatternRule) -> re.Pattern[str]:
        where = f"patterns.{index}"

        def expand(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in self._tables:
                raise ValueError(f"{where}: unknown placeholder {{{name}}}")
            return _alternation(self._tables[name], name in self.capitalized)

        body = _PLACEHOLDER.sub(expand, rule.regex)
        try:
            rx = re.compile(
                f"{self.boundary.left}(?:{body}){self.boundary.right}",
                re.IGNORECASE | re.VERBOSE,
            )
        except re.error as exc:
            raise ValueError(f"{where}: bad regex ({exc})") from None
        names = set(rx.groupindex)
        if unknown := names - _GROUPS:
            raise ValueError(f"{where}: unknown group(s) {sorted(unknown)}")
        if not any(names.issuperset(need) for need in _REQUIRED[rule.kind]):
            raise ValueError(f"{where}: kind {rule.kind} needs groups {_REQUIRED[rule.kind]}")
        # the examples document the pattern and keep edits to it honest
        for example in rule.examples:
            if not rx.fullmatch(example):
                raise ValueError(f"{where}: does not match its example {example!r}")
        return rx

    @property
    def compiled(self) -> list[tuple[PatternRule, re.Pattern[str]]]:
        return self._compiled

    def runnable(self, text: str) -> list[tuple[int, PatternRule, re.Pattern[str]]]:
        """The patterns, with their order, that can match `text`; skipping the others is
        only a matter of speed."""
        assert self._plan is not None
        compiled, gate = self._plan  # one look-up: private attributes are slow to reach
        return [(i, rule, rx) for i, ((rule, rx), ok)
                in enumerate(zip(compiled, gate.admitted(text), strict=True)) if ok]

    def lookup(self, table: str, word: str) -> object | None:
        return self._tables.get(table, {}).get(_norm(word))



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


def _norm(word: str) -> str:
    return " ".join(word.lower().split())


def _alternation(table: dict[str, object], capitalized: bool) -> str:
    words = sorted(table, key=lambda w: (-len(w), w))
    if capitalized:
        words = [v for w in words for v in dict.fromkeys((w.capitalize(), w.upper()))]
    alts = _grouped([re.escape(w).replace(r"\ ", r"\s+") for w in words]) or "(?!)"
    # proper names must keep their capital even though patterns ignore case
    return f"(?-i:{alts})" if capitalized else f"(?:{alts})"


def _grouped(alternatives: list[str]) -> str:
    """`a|b|c`, with alternatives that start with an ASCII letter grouped by that letter
    behind lookaheads, so that a position is rejected after a check or two instead of one per
    word. Alternatives that can match at one position keep their order: no match changes."""
    if not alternatives or not all(a[:1].isascii() and a[:1].isalpha() for a in alternatives):
        return "|".join(alternatives)
    groups: dict[str, list[str]] = {}
    for a in alternatives:
        groups.setdefault(a[0].lower(), []).append(a)
    alts = "|".join(f"(?=[{c}{c.upper()}])(?:{'|'.join(g)})" for c, g in groups.items())
    return f"(?=[{''.join(c + c.upper() for c in groups)}])(?:{alts})"
