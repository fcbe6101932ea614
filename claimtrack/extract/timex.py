"""Find time expressions in a sentence and resolve them against a publication date (the anchor).

What words mean is data: ``claimtrack/rules/<lang>/time.yaml`` holds month and weekday names,
relative words and the patterns that combine them. This module only does calendar arithmetic.

Conventions, chosen for news, which mostly reports the recent past:

* A bare weekday ("Monday", "on Saturday local time", "周日") is the most recent such day on or
  before the anchor (the anchor itself if it is that weekday), or in a future statement the
  first on or after it. "next Monday", "last Monday", "this Monday", "上周一" and "Monday next
  week" count whole Monday-Sunday weeks; "this past/coming Monday" is the nearest one before or
  after the anchor. Part-of-day words ("early", "night", 晚间) stay in the mention text but
  do not narrow the span.
* "Thursday (Jul 24)" is one mention: the span is the date, ``weekday`` keeps what the text
  says so the caller can check that the two agree (:func:`weekday_matches`).
* A date, month or day of the month without a year follows the tense of the nearest tense
  word (the rule file's ``tense``): in a past statement the latest one not after the anchor,
  in a future one the next from it. With no tense word it takes the anchor's year, unless
  that puts it more than six months after the anchor; then it is the year before. Two-digit
  years take the century the same way.
* Numeric dates are month first when that is a date (02/03/2016 is February 3), else day first.
* "last/this/next week|month|year" (上周, 本月, 去年) are calendar units; weeks run Monday-Sunday.
* early / mid / late cut a month into days 1-10, 10-20 and 21-end, a year into Jan-Apr,
  May-Aug and Sep-Dec, anything else into thirds. "earlier/later this month" cut the unit at
  the anchor but keep the unit's label ("2025-07").
* "the coming months" / "recent weeks" without a count mean three units after / before the
  anchor; "over the next two months" is anchor .. anchor + 2 months.
* "two weeks ago" is that day; "a year ago" the month it falls in; "just over"/"nearly" widen
  it by one step into the past/future.
* A four-digit number is a year only with a cue: a preposition ("in 2024"), a part ("mid-2024"),
  parentheses, a range ("1950-1953") or 年; and only between 1900 and 2100.
* Prepositions are not part of a mention ("on Saturday" -> "Saturday").
* Without an anchor, absolute expressions still resolve; relative ones get ``span=None``.
* Labels are ISO at the precision of the span: 2025, 2025-10, 2025-10-27, 2025-01/2025-02,
  1950/1953, and 2025-07-14/2025-09-14 for any other run of days.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable

from ..models import TimeSpan
from .time_read import RESOLVERS, Fields, Reading, period_label
from .time_rules import (
    PatternRule,
    Tense,
    TimeRules,
    _language,
    _rules_for,
    _Strict,
    load_rules,
    read_rules,
)

__all__ = [
    "TimeMention", "dates_figure", "find_times", "load_rules", "read_rules", "resolve",
    "weekday_matches",
]  # fmt: skip

# how far from a time expression (in characters) a word can give its statement's tense
_TENSE_WINDOW = 80


class TimeMention(_Strict):
    """A time expression found in a text, with the period it denotes."""

    start: int
    end: int
    text: str
    span: TimeSpan | None
    weekday: int | None
    explicit: bool
    grain: str
    # False when the expression says when something began or names an event ("since 2022",
    # "the September 11 attacks") rather than when a figure beside it holds
    dates_figures: bool = True
    # where the clause of its own it sits in begins ("where ... in August"), if it does
    clause_start: int | None = None


# ---------------------------------------------------------------- public API


def find_times(text: str, anchor: dt.date | None, lang: str = "en") -> list[TimeMention]:
    """Time expressions in `text`, in text order, non-overlapping (the longest match wins)."""
    rules = _rules_for(_language(lang))
    if rules is None or not text:
        return []
    original, text = text, rules.folded(text)
    found: list[tuple[int, int, int, Reading]] = []
    markers: list[list[tuple[int, int, Tense]]] = []  # read once, when a reading needs them

    def tense_at(start: int, end: int) -> str | None:
        if not markers:
            markers.append(rules.tense_markers(text))
        return _nearest_tense(markers[0], start, end)

    for order, rule, rx in rules.runnable(text):
        for m in rx.finditer(text):
            start = _mention_start(m, text)
            reading = _read(rule, m, rules, anchor, tense_at)
            if start < m.end() and reading is not None:
                found.append((start, m.end(), order, reading))
    return [_mention(original, text, s, e, r, rules) for s, e, _, r in _longest_first(found)]


def resolve(expression: str, anchor: dt.date | None, lang: str = "en") -> TimeSpan | None:
    """The period of the longest time expression in `expression`, or None."""
    mentions = find_times(expression, anchor, lang)
    if not mentions:
        return None
    return max(mentions, key=lambda m: m.end - m.start).span


def weekday_matches(span: TimeSpan, weekday: int) -> bool:
    """True when `span` is a single day falling on `weekday` (0 = Monday)."""
    return span.start == span.end and span.start.weekday() == weekday


def _longest_first(
    found: list[tuple[int, int, int, Reading]],
) -> list[tuple[int, int, int, Reading]]:
    """Keep the longest of overlapping candidates (then the earliest, then the first pattern)."""
    starts: list[int] = []  # starts and ends of the kept, in text order
    kept: list[tuple[int, int, int, Reading]] = []
    for cand in sorted(found, key=lambda c: (c[0] - c[1], c[0], c[2])):
        i = bisect.bisect_right(starts, cand[0])
        if (i and kept[i - 1][1] > cand[0]) or (i < len(kept) and kept[i][0] < cand[1]):
            continue
        starts.insert(i, cand[0])
        kept.insert(i, cand)
    return kept


def _mention_start(m: re.Match[str], text: str) -> int:
    # a cue word such as "in" (2024) is matched but not part of the mention (group pre or pre__x)
    ends = [m.end(g) for g in m.re.groupindex if g.partition("__")[0] == "pre" and m.start(g) >= 0]
    if not ends:
        return m.start()
    i = ends[0]
    while i < m.end() and text[i].isspace():
        i += 1
    return i


def _nearest_tense(markers: list[tuple[int, int, Tense]], start: int, end: int) -> str | None:
    """The tense of the marker nearest to a mention (outside it), or None; a tense word
    further away than the window speaks of another clause."""
    best, tense = None, None
    for m_start, m_end, m_tense in markers:
        if m_start < end and start < m_end:
            continue
        gap = m_start - end if m_start >= end else start - m_end
        if gap <= _TENSE_WINDOW and (best is None or gap < best):
            best, tense = gap, m_tense
    return tense


def _read(
    rule: PatternRule, m: re.Match[str], rules: TimeRules, anchor: dt.date | None,
    tense_at: Callable[[int, int], str | None] = lambda start, end: None,
) -> Reading | None:
    groups: dict[str, str] = {}
    tables: dict[str, str] = {}
    for key, value in m.groupdict().items():
        if value is not None:
            name, _, tag = key.partition("__")
            groups[name] = value
            if tag and rules.has_table(tag):
                tables[name] = tag
    fields = Fields(groups, rules, rule.default_count, tables,
                     lambda: tense_at(m.start(), m.end()))
    if rule.only_tense is not None and fields.tense() != rule.only_tense:
        return None
    try:
        return RESOLVERS[rule.kind](fields, anchor)
    except (ValueError, OverflowError):
        # not a real date (April 31, 1800-1700) or off the calendar's ends: not a mention
        return None


def dates_figure(mention: TimeMention, figure_start: int) -> bool:
    """Whether a time expression can give the time of a figure at `figure_start` in the same
    text: not when it says when something began or names an event, nor from inside a clause of
    its own that the figure is not in ("troops sent to the region where fighting began in
    August")."""
    if not mention.dates_figures:
        return False
    return mention.clause_start is None or figure_start >= mention.clause_start


def _mention(
    original: str, text: str, start: int, end: int, reading: Reading, rules: TimeRules
) -> TimeMention:
    words = original[start:end]
    span, grain = None, reading.grain
    if reading.period is not None:
        label, grain = period_label(*reading.period)
        if reading.label is not None:
            label, grain = reading.label, reading.grain
        span = TimeSpan(start=reading.period[0], end=reading.period[1], text=words, label=label)
    dating, clause = rules.context_of(text, start, end)
    return TimeMention(
        start=start,
        end=end,
        text=words,
        span=span,
        weekday=reading.weekday,
        explicit=reading.explicit,
        grain=grain,
        dates_figures=dating,
        clause_start=clause,
    )
