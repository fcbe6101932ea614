"""The word tests of extract/counting.py: a word list read at the start of a text."""

from __future__ import annotations

import pytest

from claimtrack.extract.counting import leading_word, starts_with

# fmt: off
CASES = [
    # text (lower case), words, lang, the word found
    ("blocks from the school", ("blocks", "times"), "en", "blocks"),
    ("blockade of the port", ("blocks", "block"), "en", None),       # a whole word only
    ("times, they said", ("time", "times"), "en", "times"),          # ends at punctuation
    ("per cent of the vote", ("per cent",), "en", "per cent"),
    ("a week", ("a week", "a"), "en", "a week"),                     # the list's order
    ("a weekly paper", ("a week", "a"), "en", "a"),
    ("week", ("Week",), "en", "Week"),                               # words are lower-cased
    ("每天都有", ("每天",), "zh", "每天"),                              # no spaces, no boundary
    ("", ("times",), "en", None),
    ("times", (), "en", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "words", "lang", "found"), CASES)
def test_leading_word(text: str, words: tuple[str, ...], lang: str, found: str | None) -> None:
    assert leading_word(text, words, lang) == found
    assert starts_with(text, list(words), lang) is (found is not None)
