"""What a figure counts, from the words around it: whether it measures or labels something
rather than counting ("two blocks", "magnitude 6.8", "at 219 S. Main"), is a rate ("25 bodies
a week"), is denied ("none of the 40 crew"), or is marked as a part ("including three
nurses"); and the clause words that keep a trigger from a figure. The words come from
claims.yaml (`counting`) and rules/<lang>/grammar.yaml; the claim reader (claims.py) asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from spacy.attrs import IS_ALPHA, IS_TITLE, IS_UPPER
from spacy.tokens import Doc, Span

from ..config import ClaimsConfig
from .doctext import doc_text
from .grammar import Grammar
from .numbers import Mention

# how far (tokens) before the figure a word marking a part may stand ("among the dead were")
SUBSET_GAP = 10


def in_name(doc: Doc, t: Span, title: bool) -> bool:
    """A capitalised trigger inside a name: mid-sentence in running text, or between two
    capitalised words in a title ("Red Dead Redemption", not "Soldiers Killed In Kursk")."""
    if t.start == 0 or not t[0].is_title or doc[t.start - 1].is_punct:
        return False
    if not title:
        return True
    around = [doc[t.start - 1], doc[t.end]] if t.end < len(doc) else []
    return len(around) == 2 and all(w.is_title and not w.is_stop for w in around)


def headline(doc: Doc) -> bool:
    """Most words capitalised: a title ("Soldiers Killed, Wounded In Kursk")."""
    if not len(doc):
        return False
    # read from the token attribute arrays: no Token object made per word
    flags = doc.to_array([IS_ALPHA, IS_TITLE, IS_UPPER]).tolist()
    words = [title or upper for alpha, title, upper in flags if alpha]
    return len(words) >= 3 and sum(words) > 0.6 * len(words)


def text_before(doc: Doc, i: int, lang: str) -> str:
    """The passage text before token i, lower case, as words match it."""
    text = doc_text(doc)
    return text[: doc[i].idx if i < len(doc) else len(text)].rstrip().lower()


def starts_with(text: str, words: Iterable[str], lang: str) -> bool:
    """`text` (lower case) begins with one of `words`, as a whole word where words are
    spaced."""
    return leading_word(text, tuple(words), lang) is not None


def leading_word(text: str, words: tuple[str, ...], lang: str) -> str | None:
    """The first of `words` that `text` begins with, as `starts_with` reads it."""
    m = _leading(words, lang == "zh").match(text)
    return None if m is None or m.lastgroup is None else words[int(m.lastgroup[1:])]


@lru_cache(maxsize=256)
def _leading(words: tuple[str, ...], unspaced: bool) -> re.Pattern[str]:
    # one pattern instead of a test per word (the words of a list are asked for every figure);
    # alternatives in the list's order, so the first word that fits is the one found
    end = "" if unspaced else r"(?![^\W_])"  # not followed by a letter or digit (isalnum)
    alts = "|".join(f"(?P<w{i}>{re.escape(w.lower())}){end}" for i, w in enumerate(words))
    return re.compile(alts or "(?!)")


def ends_with(text: str, words: Iterable[str], lang: str) -> bool:
    for w in words:
        w = w.lower()
        if text.endswith(w) and (lang == "zh" or len(text) == len(w)
                                 or not text[-len(w) - 1].isalnum()):
            return True
    return False


def measures(
    doc: Doc, q: Span, m: Mention, config: ClaimsConfig, lang: str, grammar: Grammar
) -> bool:
    """The figure measures or labels something rather than counting people or things: a
    fraction ("magnitude 6.8"), a measure noun after it ("two blocks", "three times",
    "21 cities") or a label word before it ("aged 30", "Route 66")."""
    bounds = [v for v in (m.value, m.low, m.high) if v is not None]
    if any(not float(v).is_integer() for v in bounds):
        return True
    rules = config.counting
    rest = doc_text(doc)[q.end_char:]
    if len(rest) > 1 and rest[0] == "-" and rest[1].isalpha():
        return True  # "a six-shot revolver", "a ten-part series": a modifier, not a count
    if q.start > 0 and doc[q.start - 1].lower_ in grammar.address_before and \
            q.end < len(doc) and doc[q.end].text[:1].isupper():
        return True  # "at 219 S. Main", "at 40 Elm Street": an address
    after = rest.lstrip().lower()
    if m.unit and after.startswith(m.unit.lower()):
        after = after[len(m.unit):].lstrip()
    modifiers = _longest_first(tuple(rules.measure_modifiers.get(lang, ())))
    for _ in range(3):  # "a couple of weeks", "several more years"
        word = leading_word(after, modifiers, lang)
        if word is None:
            break
        after = after[len(word):].lstrip()
    if starts_with(after, rules.measures.get(lang, ()), lang):
        return True
    return ends_with(text_before(doc, q.start, lang), rules.measures_before.get(lang, ()), lang)


@lru_cache(maxsize=64)
def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def denied_count(doc: Doc, q: Span, grammar: Grammar) -> bool:
    """ "None of the 40 crew members were hurt": the figure counts those it did not happen to."""
    i = q.start - 1
    while i >= 0 and (doc[i].lower_ in grammar.partitive_links
                      or doc[i].lower_ in grammar.partitive_determiners):
        i -= 1
    return i < q.start - 1 and i >= 0 and doc[i].lower_ in grammar.negations


def is_rate(doc: Doc, phrase: Span, config: ClaimsConfig, lang: str) -> bool:
    """ "25 bodies a week", "每天1000人": a rate, not a count."""
    rates = config.counting.rates.get(lang, ())
    if not rates:
        return False
    after = doc_text(doc)[phrase.end_char:].lstrip().lower()
    return starts_with(after, rates, lang) or (
        lang == "zh" and ends_with(text_before(doc, phrase.start, lang), rates, lang))


def has_word(doc: Doc, span: Span, words: frozenset[str], masked: list[Span]) -> bool:
    """One of `words` stands in `span`: a token of it, or in Chinese (a token a character)
    a run of its characters outside the counted nouns ("无" of 无人机 denies nothing)."""
    if doc.lang_ != "zh":
        return any(w.lower_ in words for w in span)
    text = "".join(t.text for t in span if not any(m.start <= t.i < m.end for m in masked))
    return any(w in text for w in words)


def negated(doc: Doc, t: Span, phrase: Span, grammar: Grammar, nouns: list[Span]) -> bool:
    """A negation right before the trigger: "were not injured", "无人受伤"."""
    lo = max(t.start - 2, phrase.end if phrase.end <= t.start else 0)
    return has_word(doc, doc[lo : t.start], grammar.negations, nouns)


def own_predicate(doc: Doc, noun: Span, grammar: Grammar) -> bool:
    """The noun's own verb, right after an auxiliary or as a participle right after it, is no
    trigger: "the two soldiers are being questioned", "16 people were involved", "dozens of
    troops lining up"."""
    i = noun.end
    if i < len(doc) and doc[i].is_lower and doc[i].lower_.endswith("ing"):
        return True
    if i >= len(doc) or doc[i].lower_ not in grammar.auxiliaries:
        return False
    while i < len(doc) and (doc[i].lower_ in grammar.auxiliaries or doc[i].lower_.endswith("ly")
                            or doc[i].lower_ in grammar.predicate_links):
        i += 1
    return i < len(doc) and doc[i].lower_.endswith(("ed", "ing", "en"))


def marks_part(doc: Doc, q: Span, noun: Span | None, grammar: Grammar) -> bool:
    """The text marks the figure as a part of a count: "including three nurses", "among them
    five children", "among the dead were four journalists", "six remained in critical
    condition"."""
    lang = doc.lang_
    start = q.start
    for i in range(q.start - 1, max(-1, q.start - 1 - SUBSET_GAP), -1):
        if doc[i].is_punct and doc[i].text not in ("-", "'", "’"):
            break  # a clause mark; the hyphens of "a 19-year-old woman and six men" are none
        start = i
    before = doc[start : q.start].text.lower()
    if start < q.start and any(
        (w in before if lang == "zh" else f" {w} " in f" {before} ")
        for w in grammar.subset_before
    ):
        return True
    return lasting_part(doc, q, noun, grammar)


def lasting_part(doc: Doc, q: Span, noun: Span | None, grammar: Grammar) -> bool:
    """A part told by a state that lasts ("six remained in critical condition", "100 hostages
    are still held"): it holds as of its own statement, not at the time of the count it
    narrows."""
    end = noun.end if noun is not None else q.end
    return any(t.lower_ in grammar.subset_after for t in doc[end : end + 2])
