"""The schema of ``claimtrack/rules/<lang>/numbers.yaml`` (pydantic) and its loader."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from claimtrack.errors import ConfigError
from claimtrack.yamlio import load_model

Role = Literal[
    "count",
    "ordinal",
    "year",
    "money",
    "percent",
    "measure",
    "code",
    "duration",
    "age",
    "time",
    "list",
]
HedgeKind = Literal["approx", "more_than", "at_least", "up_to"]

# ---------------------------------------------------------------- rule file schema


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _no_blanks(values: Iterable[str]) -> None:
    for v in values:
        if not v.strip():
            raise ValueError("empty string in a word list")


class Numerals(_Rule):
    """How numbers are spelled: number words (``words``) or CJK numeral characters (``cjk``)."""

    system: Literal["words", "cjk"]
    units: dict[str, float]
    tens: dict[str, float] = {}
    scales: dict[str, float]
    multipliers: dict[str, float] = {}
    articles: list[str] = []
    joiners: list[str] = []
    abbreviations: dict[str, float] = {}
    # abbreviations read only in the case given: "5M" is five million, "5m" five metres
    cased_abbreviations: dict[str, float] = {}
    # abbreviations read as a scale only right before a plural noun: "2.5m people" (the same
    # letters before anything else are a unit: "a 10m wall")
    counted_abbreviations: dict[str, float] = {}
    money_abbreviations: dict[str, float] = {}
    phrases: dict[str, float] = {}
    ordinals: dict[str, float] = {}
    # fractions of a scale: "half a million", "five and a half million", "3 million and a
    # quarter" ("three quarters": a unit word before a plural form counts them)
    fractions: dict[str, float] = {}
    # cjk: numeral characters read only inside a numeral with a scale character (參 of 參拾
    # is three, of 參加 not a number)
    scale_only_units: dict[str, float] = {}
    # words starting with a multiplier that are not one: 打开 (open), not a dozen
    not_multipliers: list[str] = []
    # cjk: a character read as the numeral it abbreviates: 廿 is 二十
    contractions: dict[str, str] = {}

    @model_validator(mode="after")
    def _check(self) -> Numerals:
        _no_blanks([*self.units, *self.tens, *self.scales, *self.multipliers, *self.phrases,
                    *self.fractions, *self.cased_abbreviations, *self.not_multipliers])
        single = [*self.units, *self.scales, *self.multipliers, *self.scale_only_units,
                  *self.contractions]
        if self.system == "cjk" and any(len(k) != 1 for k in single):
            raise ValueError("cjk units, scales and multipliers must be single characters")
        for w in self.not_multipliers:
            if w[0] not in self.multipliers:
                raise ValueError(f"not_multipliers: {w!r} does not start with a multiplier")
        return self


def expand(form: str) -> list[str]:
    """The phrases a form stands for: "{a|b}" is one of a or b, "[a|b]" one of them or none.

    >>> expand("{more|greater} [than] or equal [to]")[:2]
    ['more than or equal to', 'more than or equal']
    """
    out = [""]
    for part in form.split(" "):
        if len(part) > 2 and part[0] + part[-1] in ("{}", "[]"):
            choices = part[1:-1].split("|") + ([""] if part[0] == "[" else [])
        else:
            choices = [part]
        out = [f"{o} {c}" if o and c else o or c for o in out for c in choices]
    # a form starting with a space ("odd" glued with a space) keeps it
    return [(" " if form.startswith(" ") else "") + o.strip() for o in dict.fromkeys(out)]


class HedgeSet(_Rule):
    """Phrases marking one qualifier: before the number, right after it, after its unit.

    A phrase may give alternatives: "{more|greater} [than] or equal [to]" (see `expand`)."""

    before: list[str] = []
    after: list[str] = []
    after_unit: list[str] = []

    @field_validator("before", "after", "after_unit")
    @classmethod
    def _expand(cls, v: list[str]) -> list[str]:
        return [e for form in v for e in expand(form) if e.strip()]


class Ranges(_Rule):
    connectors: list[str]
    # opener -> connectors it licenses: "between" X "and" Y
    openers: dict[str, list[str]] = {}
    # between a lower and an upper bound, making one range of them: "more than 10 and less
    # than 40", "no more than 50, no less than 20"
    bound_joiners: list[str] = []
    # after a bound, making it inclusive: "more than 5,000 or equal to" is at least 5,000
    inclusive_after: list[str] = []


class Years(_Rule):
    """Which numbers of `digits` digits between min and max are years, not counts."""

    min: int
    max: int
    digits: int = 4
    # a word right before makes it a year, whatever follows: "in 2000", "since 2018"
    before: list[str] = []
    # otherwise a plural noun (see `Plurals`) within `window` words after it, capitalised
    # words skipped, makes a count: "2000 soldiers", "2000 North Korean troops"
    window: int = 3


class Plurals(_Rule):
    """How a plural noun is told: one of `words`, or a word ending in "s" that is none of
    `not_plurals` ("2024 was") and ends in none of `singular_endings` ("campus", "crisis")."""

    words: list[str] = []
    not_plurals: list[str] = []
    singular_endings: list[str] = []


class Marker(_Rule):
    """Words or signs around a number that decide its role (and unit)."""

    role: Role
    unit: str | None = None
    unit_is_form: bool = False
    prefix: list[str] = []
    suffix: list[str] = []
    cased: bool = False
    glued: bool = False
    min: float | None = None
    max: float | None = None
    followed_by: list[str] = []

    @model_validator(mode="after")
    def _check(self) -> Marker:
        if not self.prefix and not self.suffix:
            raise ValueError("a marker needs a prefix or a suffix list")
        if self.unit and self.unit_is_form:
            raise ValueError("give unit or unit_is_form, not both")
        _no_blanks([*self.prefix, *self.suffix])
        return self


class NumberRules(_Rule):
    """The validated contents of one ``rules/<lang>/numbers.yaml``."""

    language: str
    # an OpenCC conversion applied, character for character, before the rules read a text:
    # t2s reads traditional characters (萬, 億, 兩, 幾) as the simplified ones of the rules
    convert: Literal["t2s"] | None = None
    numerals: Numerals
    stop: list[str] = []
    vague: dict[str, tuple[float, float]] = {}
    hedges: dict[HedgeKind, HedgeSet] = {}
    not_hedges: list[str] = []
    ranges: Ranges
    years: Years
    plurals: Plurals = Plurals()
    code_exceptions: list[str] = []
    markers: list[Marker] = []

    @field_validator("vague")
    @classmethod
    def _intervals(cls, v: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        for phrase, (low, high) in v.items():
            if low > high:
                raise ValueError(f"vague {phrase!r}: low {low} is above high {high}")
        _no_blanks(v)
        return v


def read_rules(path: Path) -> NumberRules:
    """Load and validate one number rules file; ConfigError names the file, field and line."""
    return load_model(NumberRules, path)


def _lang_key(lang: str) -> str:
    return lang.strip().lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=32)
def load_rules(lang: str) -> NumberRules:
    """The packaged number rules for a language ("en", "zh"; "zh-Hans" reads as "zh")."""
    key = _lang_key(lang)
    path = resources.files("claimtrack") / "rules" / key / "numbers.yaml"
    if not key.isalpha() or not path.is_file():
        raise ConfigError(f"no number rules for language {lang!r} (rules/{key}/numbers.yaml)")
    return read_rules(Path(str(path)))

