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
import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import TimeSpan
from .time_rules import (
    Holiday,
    PatternRule,
    Tense,
    TimeRules,
    UnitShift,
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

_SIX_MONTHS = 6
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


# ---------------------------------------------------------------- reading a match


@dataclass(frozen=True)
class _Fields:
    """The named groups of one match, read through the language's tables."""

    groups: dict[str, str]
    rules: TimeRules
    default_count: int
    # a group `name__table` reads `name` from `table`: name -> table
    tables: dict[str, str] = field(default_factory=dict)
    # the tense of the statement around the match, asked only when a reading depends on it
    tense: Callable[[], str | None] = lambda: None

    def __contains__(self, name: str) -> bool:
        return name in self.groups

    def word(self, name: str) -> object | None:
        text = self.groups.get(name)
        if text is None:
            return None
        return self.rules.lookup(self.tables.get(name, name.rstrip("0123456789")), text)

    def int_word(self, name: str) -> int | None:
        value = self.word(name)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def num(self, name: str) -> int | None:
        """The group as a number (digits, numerals or number words); ValueError if unreadable."""
        text = self.groups.get(name)
        if text is None:
            return None
        if (value := self.int_word(name)) is not None:
            return value
        value = _parse_number(text, self.rules)
        if value is None:
            raise ValueError(f"not a number: {text!r}")
        return value

    def need(self, name: str) -> int:
        value = self.num(name)
        if value is None:
            raise ValueError(f"missing {name}")
        return value


def _parse_number(text: str, rules: TimeRules) -> int | None:
    """Digits, number words (twenty first, nineteen eighty six, two thousand and five), or
    numerals read digit by digit (二〇二五) or with a ten (二十八, 十月)."""
    if text.isdecimal():
        return int(text)
    if any(ch.isascii() and ch.isalpha() for ch in text):
        return _spelled(text, rules)
    values = [rules.lookup("numeral", ch) for ch in text]
    digits = [v for v in values if isinstance(v, int)]
    if len(digits) != len(text):
        return None
    if 10 not in digits:
        return int("".join(map(str, digits))) if all(d < 10 for d in digits) else None
    i = digits.index(10)
    tens, ones = digits[:i], digits[i + 1 :]
    if len(tens) > 1 or len(ones) > 1 or 10 in tens + ones or tens == [0]:
        return None
    return (tens[0] if tens else 1) * 10 + (ones[0] if ones else 0)


def _spelled(text: str, rules: TimeRules) -> int | None:
    """Number words: "twenty first" 21, "two thousand and fifteen" 2015, "nineteen hundred
    ninety three" 1993, and years said in pairs: "nineteen eighty six", "nineteen oh one"."""
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    values = [rules.lookup("number_word", w) for w in words]
    nums = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    if not nums or len(nums) != len(words):
        return None
    if 100 in nums or 1000 in nums:
        total = current = 0
        for v in nums:
            if v == 1000:
                total, current = total + max(current, 1) * 1000, 0
            elif v == 100:
                current = max(current, 1) * 100
            else:
                current += v
        return total + current
    chunks: list[int] = []  # two-digit groups: "nineteen" "eighty six"
    i = 0
    while i < len(nums):
        v, nxt = nums[i], nums[i + 1] if i + 1 < len(nums) else None
        if nxt is not None and 1 <= nxt <= 9 and (v == 0 or (v >= 20 and v % 10 == 0)):
            chunks.append(v + nxt)
            i += 2
        else:
            chunks.append(v)
            i += 1
    if len(chunks) == 1:
        return chunks[0]
    if len(chunks) == 2 and 10 <= chunks[0] <= 99 and chunks[1] <= 99:
        return chunks[0] * 100 + chunks[1]
    return None


@dataclass(frozen=True)
class _Reading:
    period: tuple[dt.date, dt.date] | None
    grain: str
    weekday: int | None = None
    explicit: bool = False
    label: str | None = None  # when the text's precision is coarser than the span


_Resolver = Callable[[_Fields, dt.date | None], _Reading]

# ---------------------------------------------------------------- calendar helpers


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    first = dt.date(day.year + y, m + 1, 1)
    return first.replace(day=min(day.day, _days_in_month(first)))


def _days_in_month(first: dt.date) -> int:
    return calendar.monthrange(first.year, first.month)[1]


def _add(day: dt.date, unit: str, n: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit == "week":
        return day + dt.timedelta(weeks=n)
    return _add_months(day, n * (12 if unit == "year" else 1))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _infer_year(anchor: dt.date, month: int, day: int) -> int:
    """The anchor's year, or the one before if that is over six months after the anchor."""
    candidate = dt.date(anchor.year, month, min(day, 28))
    limit = _add_months(anchor, _SIX_MONTHS)
    return anchor.year - 1 if candidate > limit else anchor.year


def _unit_period(anchor: dt.date, unit: str, offset: int) -> tuple[dt.date, dt.date]:
    if unit == "day":
        day = anchor + dt.timedelta(days=offset)
        return day, day
    if unit == "week":
        start = _monday(anchor) + dt.timedelta(weeks=offset)
        return start, start + dt.timedelta(days=6)
    if unit == "month":
        start = _add_months(anchor.replace(day=1), offset)
        return start, _month_end(start.year, start.month)
    year = anchor.year + offset
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _apply_part(
    period: tuple[dt.date, dt.date], part: object, unit: str, anchor: dt.date | None
) -> tuple[dt.date, dt.date]:
    start, end = period
    if part == "before" and anchor is not None and start <= anchor:
        return start, min(anchor, end)
    if part == "after" and anchor is not None and anchor <= end:
        return max(anchor, start), end
    if part not in ("early", "mid", "late"):
        return period
    if unit == "month":
        days = {"early": (1, 10), "mid": (10, 20), "late": (21, end.day)}[str(part)]
        return start.replace(day=days[0]), start.replace(day=days[1])
    if unit == "year":
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[str(part)]
        return dt.date(start.year, months[0], 1), _month_end(start.year, months[1])
    third = max(1, ((end - start).days + 1) // 3)
    if part == "early":
        return start, start + dt.timedelta(days=third - 1)
    if part == "late":
        return end - dt.timedelta(days=third - 1), end
    mid_start, mid_end = start + dt.timedelta(days=third), end - dt.timedelta(days=third)
    return (mid_start, mid_end) if mid_start <= mid_end else period


def _label(start: dt.date, end: dt.date) -> tuple[str, str]:
    """ISO label and grain at the precision of the period."""

    def ym(d: dt.date) -> str:
        return f"{d.year:04d}-{d.month:02d}"

    if start == end:
        return start.isoformat(), "day"
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    if whole_months and start.month == 1 and end.month == 12:
        if start.year == end.year:
            return f"{start.year:04d}", "year"
        return f"{start.year:04d}/{end.year:04d}", "period"
    if whole_months:
        if (start.year, start.month) == (end.year, end.month):
            return ym(start), "month"
        return f"{ym(start)}/{ym(end)}", "period"
    if start.weekday() == 0 and (end - start).days == 6:
        return f"{start.isoformat()}/{end.isoformat()}", "week"
    return f"{start.isoformat()}/{end.isoformat()}", "period"


# ---------------------------------------------------------------- resolvers, one per kind


def _full_year(f: _Fields, anchor: dt.date | None) -> int:
    """The year group; two digits ("'89", 21/04/16) take the century that fits the tense."""
    year, text = f.need("year"), f.groups["year"].strip()
    if text[:1].isalpha() and not 1000 <= year <= 2999:
        raise ValueError("not a year")  # "twenty one", "two hundred"
    if len(text.lstrip("'")) > 2:
        return year
    ref = anchor.year if anchor is not None else 2000
    year += ref - ref % 100
    tense = f.tense()
    if tense == "past" and year > ref:
        year -= 100
    elif tense == "future" and year < ref:
        year += 100
    elif tense is None and year > ref + 10:
        year -= 100
    return year


def _year_for(f: _Fields, anchor: dt.date | None, month: int, day: int | None) -> int | None:
    """The year of a month or a day; without one in the text, the statement's tense decides:
    past is the latest not after the anchor, future the next from it, else the nearer one."""
    if "year" in f:
        return _full_year(f, anchor)
    if anchor is None:
        return None
    if (rel := f.int_word("year_rel")) is not None:
        return anchor.year + rel
    if (shift := f.int_word("shift")) is not None:
        if shift < 0:
            return anchor.year if month < anchor.month else anchor.year - 1
        if shift > 0:
            return anchor.year if month > anchor.month else anchor.year + 1
        return anchor.year
    tense = f.tense()
    now = (anchor.month, anchor.day if day is not None else 1)
    if tense == "past":
        return anchor.year if (month, day or 1) <= now else anchor.year - 1
    if tense == "future":
        return anchor.year if (month, day or 1) >= now else anchor.year + 1
    return _infer_year(anchor, month, day or 1)


def _date(f: _Fields, anchor: dt.date | None) -> _Reading:
    return _on_day(f, anchor, f.need("month"), f.need("day"))


def _numeric_date(f: _Fields, anchor: dt.date | None) -> _Reading:
    """02/22/2016 or 22/02/2016: month first when that is a date, else day first."""
    first, second = f.need("first"), f.need("second")
    readings = [(m, d) for m, d in ((first, second), (second, first))
                if 1 <= m <= 12 and 1 <= d <= 31]
    if not readings:
        raise ValueError("not a date")
    # 03/04/2025 reads both ways: the month-first reading, but not marked as written out
    # (explicit), so that a publication line is not guessed from it
    plain = len(readings) == 1 or first == second
    return _on_day(f, anchor, *readings[0], explicit=plain)


def _on_day(
    f: _Fields, anchor: dt.date | None, month: int, day: int, *, explicit: bool = True
) -> _Reading:
    dt.date(2000, month, day)  # a leap year: rejects April 31 even before the year is known
    year = _year_for(f, anchor, month, day)
    if year is not None and month == 2 and day == 29 and "year" not in f:
        step = 1 if f.tense() == "future" else -1
        while not calendar.isleap(year):  # the nearest February 29 on the tense's side
            year += step
    found = None if year is None else dt.date(year, month, day)
    period = None if found is None else (found, found)
    return _Reading(period, "day", f.int_word("weekday"), explicit=explicit)


def _day_of_month(f: _Fields, anchor: dt.date | None) -> _Reading:
    day = f.need("day")
    if not 1 <= day <= 31:
        raise ValueError("no such day")
    wd = f.int_word("weekday")
    if anchor is None:
        return _Reading(None, "day", wd)
    if (rel := f.int_word("month_rel")) is not None:  # "the 15th of next month"
        found = _add_months(anchor.replace(day=1), rel).replace(day=day)
        return _Reading((found, found), "day", wd)
    tense = f.tense()
    if wd is not None or tense is not None:
        # "the 27th", "Friday the 13th": the latest such day (with that weekday) not after
        # the anchor, or in a future statement the next from it
        step = 1 if tense == "future" else -1
        first = anchor.replace(day=1)
        for k in range(12 * 7):  # every weekday falls on every day number within 7 years
            month = _add_months(first, step * k)
            if day > _days_in_month(month):
                continue
            found = month.replace(day=day)
            if (found <= anchor if step < 0 else found >= anchor) and wd in (None, found.weekday()):
                return _Reading((found, found), "day", wd)
        raise ValueError("no such day")
    # the anchor's month unless that is well in the future; datelines look back
    for back in range(3):
        first = _add_months(anchor.replace(day=1), -back)
        if day <= _days_in_month(first):
            found = first.replace(day=day)
            if back or found <= anchor + dt.timedelta(days=7):
                return _Reading((found, found), "day")
    raise ValueError("no such day")


def _month(f: _Fields, anchor: dt.date | None) -> _Reading:
    first = f.need("month")
    last = f.num("month2")
    last = first if last is None else last
    if not (1 <= first <= 12 and 1 <= last <= 12):
        raise ValueError("no such month")
    single = first == last
    part = f.word("part")
    grain = "month" if single and part is None else "period"
    year = _year_for(f, anchor, first, None)
    if year is None:
        return _Reading(None, grain, explicit=True)
    start = dt.date(year, first, 1)
    end = _month_end(year + (last < first), last)
    period = _apply_part((start, end), part, "month" if single else "period", anchor)
    label = _label(start, end)[0] if part in ("before", "after") else None
    return _Reading(period, grain, explicit=True, label=label)


def _year(f: _Fields, anchor: dt.date | None) -> _Reading:
    first, last = f.need("year"), f.num("year2")
    if last is not None and last < 100:  # 2024-25
        last += first - first % 100
    if not 1900 <= first <= 2100 or (last is not None and not first < last <= 2100):
        raise ValueError("not a year")
    if f.groups["year"][:1].isalpha() and not 1000 <= first <= 2999:
        raise ValueError("not a year")  # "two hundred"
    part = f.word("part")
    start, end = dt.date(first, 1, 1), dt.date(last or first, 12, 31)
    period = _apply_part((start, end), part, "year" if last is None else "period", anchor)
    grain = "year" if last is None and part is None else "period"
    return _Reading(period, grain, explicit=True)


def _weekday(f: _Fields, anchor: dt.date | None) -> _Reading:
    wd = f.int_word("weekday")
    if wd is None:
        raise ValueError("no weekday")
    if anchor is None:
        return _Reading(None, "day", wd)
    week_shift, shift = f.int_word("week_shift"), f.int_word("shift")
    if week_shift is not None:
        day = _monday(anchor) + dt.timedelta(weeks=week_shift, days=wd)
    elif shift is not None and shift < 0:
        day = anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7 or 7)
    elif shift is not None and shift > 0:
        day = anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    elif shift == 0:
        day = _monday(anchor) + dt.timedelta(days=wd)
    elif f.tense() == "future":
        day = anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7)
    else:
        day = anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7)
    return _Reading((day, day), "day", wd)


def _nth_weekday(f: _Fields, anchor: dt.date | None) -> _Reading:
    """"the second Sunday" (of the anchor's month), "the first Friday of next month",
    "the last Monday of May"."""
    nth, wd = f.int_word("nth"), f.int_word("weekday")
    if nth is None or wd is None or nth == 0:
        raise ValueError("unknown word")
    if "month" in f:
        month = f.need("month")
        year = _year_for(f, anchor, month, None)
        if year is None:
            return _Reading(None, "day", wd, explicit=True)
        first = dt.date(year, month, 1)
    elif anchor is None:
        return _Reading(None, "day", wd)
    else:
        first = _add_months(anchor.replace(day=1), f.int_word("month_rel") or 0)
    days = [d for d in (first + dt.timedelta(days=i) for i in range(_days_in_month(first)))
            if d.weekday() == wd]
    if nth > len(days):
        raise ValueError("no such day")
    day = days[nth - 1] if nth > 0 else days[nth]
    return _Reading((day, day), "day", wd)


def _weekend(f: _Fields, anchor: dt.date | None) -> _Reading:
    if anchor is None:
        return _Reading(None, "period")
    week_shift, shift = f.int_word("week_shift"), f.int_word("shift")
    # the last Saturday on or before the anchor: "over the weekend" reports the past
    saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    if week_shift is not None:
        saturday = _monday(anchor) + dt.timedelta(weeks=week_shift, days=5)
    elif shift is not None and shift < 0 and saturday >= anchor - dt.timedelta(days=1):
        saturday -= dt.timedelta(weeks=1)  # "last weekend" said during a weekend
    elif shift is not None and shift >= 0:
        saturday = _monday(anchor) + dt.timedelta(weeks=shift, days=5)
    return _Reading((saturday, saturday + dt.timedelta(days=1)), "period")


def _relative_day(f: _Fields, anchor: dt.date | None) -> _Reading:
    offset = f.int_word("relative_day")
    if offset is None:
        raise ValueError("unknown word")
    if anchor is None:
        return _Reading(None, "day")
    day = anchor + dt.timedelta(days=offset)
    return _Reading((day, day), "day")


def _unit_shift(f: _Fields, anchor: dt.date | None) -> _Reading:
    rel = f.word("unit_rel")
    unit: str
    if isinstance(rel, UnitShift):
        unit, offset = rel.unit, rel.offset
    elif (year_rel := f.int_word("year_rel")) is not None:
        unit, offset = "year", year_rel
    else:
        unit, offset = str(f.word("unit")), f.int_word("shift") or 0
    part = f.word("part")
    if anchor is None:
        return _Reading(None, unit if part is None else "period")
    whole = _unit_period(anchor, unit, offset)
    period = _apply_part(whole, part, unit, anchor)
    if part in ("before", "after"):
        label, grain = _label(*whole)
        return _Reading(period, grain, label=label)
    return _Reading(period, unit if part is None else "period")


def _window(f: _Fields, anchor: dt.date | None) -> _Reading:
    unit = str(f.word("unit"))
    count = f.num("count")
    count = f.default_count if count is None else count
    if count < 1:
        raise ValueError("empty window")
    if anchor is None:
        return _Reading(None, "period")
    future = f.word("direction") == "future"
    far = _add(anchor, unit, count if future else -count)
    return _Reading((anchor, far) if future else (far, anchor), "period")


def _ago(f: _Fields, anchor: dt.date | None) -> _Reading:
    # "2 years, 1 month and 21 days ago": every part is taken off, the last sets the precision
    parts = [(str(f.word(f"unit{i}")), f.need(f"count{i}")) for i in ("", "2", "3")
             if f"unit{i}" in f]
    unit = parts[-1][0]
    coarse = unit in ("month", "year")
    if anchor is None:
        return _Reading(None, "month" if coarse else "day")
    target = anchor
    for part_unit, count in parts:
        target = _add(target, part_unit, -count)
    # a hedge widens by one step: a month for months and years, else the unit itself
    step = "month" if coarse else unit
    hedge = f.word("hedge")
    start = _add(target, step, -1) if hedge in ("more", "about") else target
    end = _add(target, step, 1) if hedge in ("less", "about") else target
    if coarse:
        start, end = start.replace(day=1), _month_end(end.year, end.month)
    return _Reading((start, end), "period")


def _offset(f: _Fields, anchor: dt.date | None) -> _Reading:
    """"two weeks from now", "3 days after tomorrow", "in two months": a day counted from
    the anchor (or from yesterday, tomorrow); forward unless the text says "before"."""
    unit, count = str(f.word("unit")), f.need("count")
    if anchor is None:
        return _Reading(None, "day")
    base = anchor + dt.timedelta(days=f.int_word("relative_day") or 0)
    day = _add(base, unit, -count if f.word("direction") == "past" else count)
    return _Reading((day, day), "day")


def _easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, (b, c) = year % 19, divmod(year, 100)
    (d, e), g = divmod(b, 4), (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _holiday(f: _Fields, anchor: dt.date | None) -> _Reading:
    """A named day: in the year the text gives, else the one before or after the anchor."""
    rule = f.word("holiday")
    if not isinstance(rule, Holiday):
        raise ValueError("unknown holiday")

    def on(year: int) -> dt.date:
        if rule.easter is not None:
            return _easter(year) + dt.timedelta(days=rule.easter)
        return dt.date(year, rule.month or 1, rule.day or 1)

    if "year" in f:
        day = on(_full_year(f, anchor))
        return _Reading((day, day), "day", explicit=True)
    if anchor is None:
        return _Reading(None, "day")
    if (rel := f.int_word("year_rel")) is not None:
        day = on(anchor.year + rel)
        return _Reading((day, day), "day")
    shift = f.int_word("shift")
    if shift is None:
        shift = 1 if f.tense() == "future" else -1
        strict = False
    else:
        strict = shift != 0
        shift = shift or -1
    days = [on(anchor.year + k) for k in (-1, 0, 1)]
    if shift < 0:
        day = max(d for d in days if d < anchor or (not strict and d == anchor))
    else:
        day = min(d for d in days if d > anchor or (not strict and d == anchor))
    return _Reading((day, day), "day")


_RESOLVERS: dict[str, _Resolver] = {
    "date": _date,
    "numeric_date": _numeric_date,
    "nth_weekday": _nth_weekday,
    "offset": _offset,
    "holiday": _holiday,
    "day_of_month": _day_of_month,
    "month": _month,
    "year": _year,
    "weekday": _weekday,
    "weekend": _weekend,
    "relative_day": _relative_day,
    "unit_shift": _unit_shift,
    "window": _window,
    "ago": _ago,
}

# ---------------------------------------------------------------- public API


def find_times(text: str, anchor: dt.date | None, lang: str = "en") -> list[TimeMention]:
    """Time expressions in `text`, in text order, non-overlapping (the longest match wins)."""
    rules = _rules_for(_language(lang))
    if rules is None or not text:
        return []
    original, text = text, rules.folded(text)
    found: list[tuple[int, int, int, _Reading]] = []
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
    found: list[tuple[int, int, int, _Reading]],
) -> list[tuple[int, int, int, _Reading]]:
    """Keep the longest of overlapping candidates (then the earliest, then the first pattern)."""
    starts: list[int] = []  # starts and ends of the kept, in text order
    kept: list[tuple[int, int, int, _Reading]] = []
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
) -> _Reading | None:
    groups: dict[str, str] = {}
    tables: dict[str, str] = {}
    for key, value in m.groupdict().items():
        if value is not None:
            name, _, tag = key.partition("__")
            groups[name] = value
            if tag and rules.has_table(tag):
                tables[name] = tag
    fields = _Fields(groups, rules, rule.default_count, tables,
                     lambda: tense_at(m.start(), m.end()))
    if rule.only_tense is not None and fields.tense() != rule.only_tense:
        return None
    try:
        return _RESOLVERS[rule.kind](fields, anchor)
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
    original: str, text: str, start: int, end: int, reading: _Reading, rules: TimeRules
) -> TimeMention:
    words = original[start:end]
    span, grain = None, reading.grain
    if reading.period is not None:
        label, grain = _label(*reading.period)
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
