"""Reading one match of a time pattern: its named groups through the language's tables, and
the calendar arithmetic that turns them into a period (one resolver per pattern kind).

The conventions are listed in :mod:`claimtrack.extract.timex`, which finds the matches.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .time_rules import Holiday, TimeRules, UnitShift

_SIX_MONTHS = 6

# ---------------------------------------------------------------- reading a match


@dataclass(frozen=True)
class Fields:
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
class Reading:
    period: tuple[dt.date, dt.date] | None
    grain: str
    weekday: int | None = None
    explicit: bool = False
    label: str | None = None  # when the text's precision is coarser than the span


_Resolver = Callable[[Fields, dt.date | None], Reading]

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


def period_label(start: dt.date, end: dt.date) -> tuple[str, str]:
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


def _full_year(f: Fields, anchor: dt.date | None) -> int:
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


def _year_for(f: Fields, anchor: dt.date | None, month: int, day: int | None) -> int | None:
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


def _date(f: Fields, anchor: dt.date | None) -> Reading:
    return _on_day(f, anchor, f.need("month"), f.need("day"))


def _numeric_date(f: Fields, anchor: dt.date | None) -> Reading:
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
    f: Fields, anchor: dt.date | None, month: int, day: int, *, explicit: bool = True
) -> Reading:
    dt.date(2000, month, day)  # a leap year: rejects April 31 even before the year is known
    year = _year_for(f, anchor, month, day)
    if year is not None and month == 2 and day == 29 and "year" not in f:
        step = 1 if f.tense() == "future" else -1
        while not calendar.isleap(year):  # the nearest February 29 on the tense's side
            year += step
    found = None if year is None else dt.date(year, month, day)
    period = None if found is None else (found, found)
    return Reading(period, "day", f.int_word("weekday"), explicit=explicit)


def _day_of_month(f: Fields, anchor: dt.date | None) -> Reading:
    day = f.need("day")
    if not 1 <= day <= 31:
        raise ValueError("no such day")
    wd = f.int_word("weekday")
    if anchor is None:
        return Reading(None, "day", wd)
    if (rel := f.int_word("month_rel")) is not None:  # "the 15th of next month"
        found = _add_months(anchor.replace(day=1), rel).replace(day=day)
        return Reading((found, found), "day", wd)
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
                return Reading((found, found), "day", wd)
        raise ValueError("no such day")
    # the anchor's month unless that is well in the future; datelines look back
    for back in range(3):
        first = _add_months(anchor.replace(day=1), -back)
        if day <= _days_in_month(first):
            found = first.replace(day=day)
            if back or found <= anchor + dt.timedelta(days=7):
                return Reading((found, found), "day")
    raise ValueError("no such day")


def _month(f: Fields, anchor: dt.date | None) -> Reading:
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
        return Reading(None, grain, explicit=True)
    start = dt.date(year, first, 1)
    end = _month_end(year + (last < first), last)
    period = _apply_part((start, end), part, "month" if single else "period", anchor)
    label = period_label(start, end)[0] if part in ("before", "after") else None
    return Reading(period, grain, explicit=True, label=label)


def _year(f: Fields, anchor: dt.date | None) -> Reading:
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
    return Reading(period, grain, explicit=True)


def _weekday(f: Fields, anchor: dt.date | None) -> Reading:
    wd = f.int_word("weekday")
    if wd is None:
        raise ValueError("no weekday")
    if anchor is None:
        return Reading(None, "day", wd)
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
    return Reading((day, day), "day", wd)


def _nth_weekday(f: Fields, anchor: dt.date | None) -> Reading:
    """"the second Sunday" (of the anchor's month), "the first Friday of next month",
    "the last Monday of May"."""
    nth, wd = f.int_word("nth"), f.int_word("weekday")
    if nth is None or wd is None or nth == 0:
        raise ValueError("unknown word")
    if "month" in f:
        month = f.need("month")
        year = _year_for(f, anchor, month, None)
        if year is None:
            return Reading(None, "day", wd, explicit=True)
        first = dt.date(year, month, 1)
    elif anchor is None:
        return Reading(None, "day", wd)
    else:
        first = _add_months(anchor.replace(day=1), f.int_word("month_rel") or 0)
    days = [d for d in (first + dt.timedelta(days=i) for i in range(_days_in_month(first)))
            if d.weekday() == wd]
    if nth > len(days):
        raise ValueError("no such day")
    day = days[nth - 1] if nth > 0 else days[nth]
    return Reading((day, day), "day", wd)


def _weekend(f: Fields, anchor: dt.date | None) -> Reading:
    if anchor is None:
        return Reading(None, "period")
    week_shift, shift = f.int_word("week_shift"), f.int_word("shift")
    # the last Saturday on or before the anchor: "over the weekend" reports the past
    saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    if week_shift is not None:
        saturday = _monday(anchor) + dt.timedelta(weeks=week_shift, days=5)
    elif shift is not None and shift < 0 and saturday >= anchor - dt.timedelta(days=1):
        saturday -= dt.timedelta(weeks=1)  # "last weekend" said during a weekend
    elif shift is not None and shift >= 0:
        saturday = _monday(anchor) + dt.timedelta(weeks=shift, days=5)
    return Reading((saturday, saturday + dt.timedelta(days=1)), "period")


def _relative_day(f: Fields, anchor: dt.date | None) -> Reading:
    offset = f.int_word("relative_day")
    if offset is None:
        raise ValueError("unknown word")
    if anchor is None:
        return Reading(None, "day")
    day = anchor + dt.timedelta(days=offset)
    return Reading((day, day), "day")


def _unit_shift(f: Fields, anchor: dt.date | None) -> Reading:
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
        return Reading(None, unit if part is None else "period")
    whole = _unit_period(anchor, unit, offset)
    period = _apply_part(whole, part, unit, anchor)
    if part in ("before", "after"):
        label, grain = period_label(*whole)
        return Reading(period, grain, label=label)
    return Reading(period, unit if part is None else "period")


def _window(f: Fields, anchor: dt.date | None) -> Reading:
    unit = str(f.word("unit"))
    count = f.num("count")
    count = f.default_count if count is None else count
    if count < 1:
        raise ValueError("empty window")
    if anchor is None:
        return Reading(None, "period")
    future = f.word("direction") == "future"
    far = _add(anchor, unit, count if future else -count)
    return Reading((anchor, far) if future else (far, anchor), "period")


def _ago(f: Fields, anchor: dt.date | None) -> Reading:
    # "2 years, 1 month and 21 days ago": every part is taken off, the last sets the precision
    parts = [(str(f.word(f"unit{i}")), f.need(f"count{i}")) for i in ("", "2", "3")
             if f"unit{i}" in f]
    unit = parts[-1][0]
    coarse = unit in ("month", "year")
    if anchor is None:
        return Reading(None, "month" if coarse else "day")
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
    return Reading((start, end), "period")


def _offset(f: Fields, anchor: dt.date | None) -> Reading:
    """"two weeks from now", "3 days after tomorrow", "in two months": a day counted from
    the anchor (or from yesterday, tomorrow); forward unless the text says "before"."""
    unit, count = str(f.word("unit")), f.need("count")
    if anchor is None:
        return Reading(None, "day")
    base = anchor + dt.timedelta(days=f.int_word("relative_day") or 0)
    day = _add(base, unit, -count if f.word("direction") == "past" else count)
    return Reading((day, day), "day")


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


def _holiday(f: Fields, anchor: dt.date | None) -> Reading:
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
        return Reading((day, day), "day", explicit=True)
    if anchor is None:
        return Reading(None, "day")
    if (rel := f.int_word("year_rel")) is not None:
        day = on(anchor.year + rel)
        return Reading((day, day), "day")
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
    return Reading((day, day), "day")


RESOLVERS: dict[str, _Resolver] = {
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
