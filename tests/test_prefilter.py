"""The pattern prefilter skips a text only when the pattern cannot match it."""

from __future__ import annotations

import re
import sys

import pytest

from claimtrack.extract import numbers, timex
from claimtrack.extract.prefilter import ASCII_FOLD, Gate, Needs, Probe


@pytest.mark.parametrize(
    ("regex", "text", "admitted"),
    [
        (r"\d+\s+days?\s+ago", "3 days ago", True),
        (r"\d+\s+days?\s+ago", "three days ago", False),  # no digit
        (r"\d+\s+days?\s+ago", "3 weeks before", False),  # no "ago"
        (r"(?i)the\s+weekend", "THE WEEKEND", True),
        (r"(?i)(?:last|next)\s+week", "Next  Week", True),
        (r"(?i)(?:last|next)\s+week", "this week", False),
        (r"(?i)(?:(?:last|next)\s+)?week", "this week", True),  # the shift is optional
        (r"(?i)ago", "AGO", True),
        (r"(?i)sept", "ſept", True),  # ſ matches s when case is ignored
        (r"(?i)kilo", "\u212ailo", True),  # the Kelvin sign matches k
        (r"(?i)in\b", "İN", True),
        (r"[^x]+ago", "1 day ago", True),
        (r"(?:19|20)\d\d", "in 2024", True),
        (r"(?:19|20)\d\d", "in 1850", False),
        (r"\d", "٣", True),  # any decimal digit, as \d means
        (r"(a)?(?(1)b|c)", "c", True),  # what the analysis cannot follow it leaves out
        (r"周末", "这个周末", True),
        (r"周末", "这个星期", False),
    ],
)
def test_needs(regex: str, text: str, admitted: bool) -> None:
    rx = re.compile(regex)
    assert Needs.of(rx).admits(Probe(text)) is admitted
    if not admitted:
        assert rx.search(text) is None


def test_ascii_fold_is_what_ignorecase_matches() -> None:
    every = "".join(map(chr, range(0x80, sys.maxunicode + 1)))
    found = {ord(c): c for c in re.findall(r"(?i)[a-z]", every)}
    assert set(found) == set(ASCII_FOLD)
    for code, char in found.items():
        assert re.fullmatch(f"(?i){ASCII_FOLD[code]}", char)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_time_patterns_admit_their_examples(lang: str) -> None:
    rules = timex.load_rules(lang)
    patterns = [rx for _, rx in rules.compiled]
    gate = Gate(patterns)
    for i, (rule, _) in enumerate(rules.compiled):
        for example in rule.examples:
            assert gate.admitted(example)[i], (rule.regex, example)
            assert gate.admitted(f"said {example.upper()}, on")[i]


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "around 12-thousand troops"), ("en", "dozens"), ("en", "the 3rd"),
     ("en", "no one"), ("zh", "三千"), ("zh", "１２人")],
)
def test_number_master_admits(lang: str, text: str) -> None:
    lx = numbers._lexicon(lang, ())
    assert lx.master.search(numbers._normalize(text))
    assert lx.needs.admits(Probe(numbers._normalize(text)))


def test_number_master_skips_a_sentence_without_numbers() -> None:
    lx = numbers._lexicon("en", ())
    text = "The ministry said the talks would resume."
    assert not lx.needs.admits(Probe(text))
    assert lx.master.search(text) is None
