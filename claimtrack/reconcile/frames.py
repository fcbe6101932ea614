"""Claims prepared for comparison: intervals, time frames, origins, and how two compare."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..models import ArticleMeta, Claim, Document, Modality, Qualifier, published_period
from .models import DocumentMeta

# ---------------------------------------------------------------- claims, prepared


@dataclass(slots=True)
class _Item:
    claim: Claim
    subject: str | None
    location: str | None
    origin: str
    lo: float  # hedge-widened interval; -inf/inf when open
    hi: float
    point: float | None
    # the time frame: None when unknown; an inferred time is the publication day
    start: dt.date | None
    end: dt.date | None
    inferred: bool
    id: str = ""
    denied: bool = False
    factual: bool = True  # not a plan or a possibility
    original: str | None = None  # id of the claim this translates, when it is in the input
    syndicated_of: str | None = None
    group: str = ""
    said: str = ""  # how reasons name it: `c1 (around 12,000, 2024-10)`
    bounds: tuple[str, str] | None = None  # lo and hi as reasons write them
    date: bool = False  # a date claim (kind `date`)
    clipped: bool = False  # its stated time lay after publication: read as of publication
    subset: bool = False  # its phrase narrows it to a part ("1,500 special forces")
    diverges: bool = False  # a translation that gives another date than its original
    placed: bool = False  # undated, in an undated article placed in time (`placing`)
    # a part of a count of its own kind ("including three nurses" of "12 killed"): never a
    # second figure for the quantity (a part of another kind, "300 deaths" of "1,100
    # casualties", is the whole of its own)
    part: bool = False

    def __post_init__(self) -> None:
        c = self.claim
        self.id = c.id
        self.denied = c.modality is Modality.denied
        self.factual = c.modality not in (Modality.planned, Modality.possible)
        self.date = c.kind == "date"



_OPEN_ABOVE = (Qualifier.more_than, Qualifier.at_least)


def _interval(c: Claim, tolerance: Mapping[Qualifier, float]) -> tuple[float, float, float | None]:
    """(low, high, point): the figure as an interval widened by its hedge, and its point value."""
    lo, hi = c.low, c.high
    if lo is None and hi is None and c.value is not None:
        if c.qualifier in _OPEN_ABOVE:
            lo = c.value
        elif c.qualifier is Qualifier.up_to:
            hi = c.value
        else:
            lo = hi = c.value
    point: float | None = None
    if c.value is not None and c.qualifier not in (*_OPEN_ABOVE, Qualifier.up_to):
        point = c.value
    elif lo is not None and hi is not None:
        point = (lo + hi) / 2
    t = tolerance.get(c.qualifier, 0.0) if c.qualifier is not None else 0.0
    low = -math.inf if lo is None else lo - abs(lo) * t
    high = math.inf if hi is None else hi + abs(hi) * t
    return low, high, point


def _frame(c: Claim) -> tuple[dt.date | None, dt.date | None]:
    if c.as_of_inferred:
        day = c.as_of_end or c.as_of_start
        return day, day
    if c.as_of_start is None and c.as_of_end is None:
        return None, None
    start = c.as_of_start or c.as_of_end
    return start, c.as_of_end or start


def _article(c: Claim, meta: Mapping[str, DocumentMeta] | None) -> ArticleMeta | str | None:
    """The metadata of a claim's article (or only its outlet's name), when given."""
    entry = meta.get(c.document) if meta is not None else None
    if entry is None or isinstance(entry, str | ArticleMeta):
        return entry
    if isinstance(entry, Document):
        return next((a.meta for a in entry.articles if a.index == c.article), None)
    return entry[c.article] if 0 <= c.article < len(entry) else None


def _outlet(c: Claim, meta: Mapping[str, DocumentMeta] | None) -> str:
    """Who an article's own figures come from: the news agency its byline credits (a wire
    story is the agency's wherever it is printed), else its outlet, else the document."""
    article = _article(c, meta)
    if isinstance(article, ArticleMeta) and article.byline:
        wire = wire_credit(article.byline)
        if wire is not None:
            return wire
    outlet = article if isinstance(article, str) else article.outlet if article else None
    return outlet or c.document


@functools.lru_cache(maxsize=4096)
def wire_credit(byline: str) -> str | None:
    """The news agency a byline credits ("AFP", "By Jane Roe, Associated Press"), if any."""
    from ..load.headers import agency

    for part in re.split(r"\s*[,|;/]\s*|\s+(?:and|for|with)\s+", byline.strip()):
        found = agency(re.sub(r"^(?:by|from)\s+", "", part, flags=re.IGNORECASE))
        if found is not None:
            return found
    return None


def _published_end(c: Claim, meta: Mapping[str, DocumentMeta] | None) -> dt.date | None:
    """The last day the claim's article may have been published (a month's last day when
    only the month is known), when its metadata is given."""
    article = _article(c, meta)
    if not isinstance(article, ArticleMeta):
        return None
    period = published_period(article.published)
    return period[1] if period else None


def _clip(
    c: Claim, start: dt.date | None, end: dt.date | None, published: dt.date | None
) -> tuple[dt.date | None, dt.date | None, bool]:
    """A count of what happened cannot be of a time after its article was written: a frame
    that starts after publication is a time word misread from another clause ("3,000 sent"
    beside "10,000 expected by December"), so it reads as the state at publication. Plans and
    possibilities may look ahead. Returns (start, end, inferred)."""
    if (
        published is None
        or start is None
        or start <= published
        or c.modality in (Modality.planned, Modality.possible)
    ):
        return start, end, c.as_of_inferred
    return published, published, True


# ---------------------------------------------------------------- comparisons


def _overlap(a: _Item, b: _Item, rounding: float) -> bool:
    if a.lo <= b.hi and b.lo <= a.hi:
        return True
    gap = max(a.lo, b.lo) - min(a.hi, b.hi)
    # the largest finite bound (a loop, not a generator: this runs for millions of pairs)
    scale = 0.0
    for x in (a.lo, a.hi, b.lo, b.hi):
        if -math.inf < x < math.inf and abs(x) > scale:
            scale = abs(x)
    return gap <= rounding * scale


SAME_TIME_DAYS = 7


# a period this long or shorter (a month) is read at its precision: it holds its days
MONTH_DAYS = 31


def _same_time(a: _Item, b: _Item, days: int = SAME_TIME_DAYS, undated: bool = False) -> bool:
    """Whether two claims speak of the same time frame (so that different figures conflict).

    A figure is the state at the end of its period ("10,000 sent last year" is the count by
    the end of that year), so frames are the same when the periods overlap and their ends
    lie within `days` of each other: "more than 10,000 in 2024" and "1,500 as of 20 October
    2024" are two states of one count, an update. A month (or shorter) is compared at its
    precision: "2024-10" holds 20 October 2024. A claim with no time shares no frame with a
    dated one; two undated claims share one when `undated` says they may (one article, or one
    incident).
    """
    s_a, e_a, s_b, e_b = a.start, a.end, b.start, b.end
    if s_a is None or s_b is None or e_a is None or e_b is None:
        return undated and s_a is None and s_b is None
    if not (s_a <= e_b and s_b <= e_a):
        return False
    if abs((e_a - e_b).days) <= days:
        return True
    # one period inside the other, the outer no longer than a month
    return (s_b <= s_a and e_a <= e_b and (e_b - s_b).days < MONTH_DAYS) or (
        s_a <= s_b and e_b <= e_a and (e_a - s_a).days < MONTH_DAYS)


def _near_time(a: _Item, b: _Item) -> bool:
    """Looser than `_same_time`: an inferred time is any time up to the publication day."""
    if a.start is None or b.start is None or a.end is None or b.end is None:
        return True
    a_start = dt.date.min if a.inferred else a.start
    b_start = dt.date.min if b.inferred else b.start
    return a_start <= b.end and b_start <= a.end


def _dates_overlap(a: Claim, b: Claim) -> bool:
    """Whether two date claims can name the same day (an unresolved date matches by its text)."""
    if a.as_of_start is None or b.as_of_start is None:
        return a.as_of == b.as_of or a.as_of is None or b.as_of is None
    a_end = a.as_of_end or a.as_of_start
    b_end = b.as_of_end or b.as_of_start
    return a.as_of_start <= b_end and b.as_of_start <= a_end


def _time_key(i: _Item) -> tuple[dt.date, dt.date, str]:
    """Time order: a figure is the state at the end of its period, so ends decide first
    ("12,000 in October" is later than "1,500 as of 20 October")."""
    return (i.end or dt.date.min, i.start or dt.date.min, i.id)


