"""Typed records passed between the loader, the pipeline, the store and the reconciler."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

# the language of a passage too short to tell ("und", ISO 639-2)
UNDETERMINED = "und"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Qualifier(str, Enum):
    """How a figure is hedged in the text."""

    exact = "exact"
    approx = "approx"
    more_than = "more_than"
    at_least = "at_least"
    up_to = "up_to"
    range = "range"
    vague = "vague"


class Modality(str, Enum):
    """How sure the text is of a figure."""

    asserted = "asserted"
    estimated = "estimated"
    reported = "reported"
    denied = "denied"
    planned = "planned"
    possible = "possible"


# ---------------------------------------------------------------- loader output


class Passage(Strict):
    """A sentence of an article, with offsets into the original file's decoded text."""

    index: int
    paragraph: int
    start: int
    end: int
    text: str
    language: str = UNDETERMINED
    junk: bool = False
    junk_reason: str | None = None
    # index of the passage in the same article this one translates (bilingual files)
    translation_of: int | None = None


_PUBLISHED = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)
PUBLISHED_FORMS = "2024, 2024-10, 2024-10-27 or 2024-10-27T10:50+09:00"


def _published(value: object) -> object:
    """A publication date at the precision known, as ISO text: a year, a month, a day, or a
    day and time with the page's own offset (a local time is never shifted to UTC)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"not a date: write {PUBLISHED_FORMS}")
    text = value.strip()
    m = _PUBLISHED.fullmatch(text)
    if not m:
        raise ValueError(f"{text!r} is not a date: write {PUBLISHED_FORMS}")
    year, month, day, hour, offset = int(m[1]), m[2], m[3], m[4], m[6]
    try:
        if hour:
            zone = None
            if offset == "Z":
                zone = dt.timezone.utc
            elif offset:
                sign = -1 if offset[0] == "-" else 1
                digits = offset[1:].replace(":", "")
                zone = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]),
                                                       minutes=int(digits[2:] or 0)))
            stamp = dt.datetime(year, int(month), int(day), int(hour), int(m[5]), tzinfo=zone)
            return stamp.isoformat(timespec="minutes")
        if day:
            return dt.date(year, int(month), int(day)).isoformat()
        if month:
            if not 1 <= int(month) <= 12:
                raise ValueError("month must be in 1..12")
            return f"{year:04d}-{int(month):02d}"
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date ({exc})") from None
    return f"{year:04d}"


# a publication date as precise as it is known; see `published_day` and `published_period`
Published = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}([+-]\d{2}:\d{2})?)?)?)?$"),
    BeforeValidator(_published),
]


def published_day(published: str | None) -> dt.date | None:
    """The day of a publication date known at least to the day (its local day when a time
    is given), else None: relative expressions need a day to count from."""
    if published is None or len(published) < 10:
        return None
    return dt.date.fromisoformat(published[:10])


def published_period(published: str | None) -> tuple[dt.date, dt.date, str] | None:
    """The first and last day of a publication date and its label at its precision."""
    if published is None:
        return None
    day = published_day(published)
    if day is not None:
        return day, day, day.isoformat()
    year = int(published[:4])
    if len(published) >= 7:
        month = int(published[5:7])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last), published[:7]
    return dt.date(year, 1, 1), dt.date(year, 12, 31), published[:4]


class ArticleMeta(Strict):
    title: str | None = None
    outlet: str | None = None
    published: Published | None = None
    byline: str | None = None
    url: str | None = None
    # the place of the dateline ("SEOUL (Yonhap) --"): where the story was filed from
    place: str | None = None

    @property
    def anchor(self) -> dt.date | None:
        """The day relative time expressions are read from, when the date is known to the day."""
        return published_day(self.published)


class Article(Strict):
    index: int
    start: int
    end: int
    meta: ArticleMeta = Field(default_factory=ArticleMeta)
    passages: list[Passage] = Field(default_factory=list)


class Document(Strict):
    """One input file, decoded, split into articles and passages."""

    path: str
    name: str
    sha256: str
    size: int
    encoding: str
    format: str  # txt | md | html
    text: str
    articles: list[Article] = Field(default_factory=list)


class Skipped(Strict):
    """A file the loader passed over, and why."""

    path: str
    reason: str


# ---------------------------------------------------------------- extraction


class Quantity(Strict):
    """A number as written, normalised to an interval."""

    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier


class TimeSpan(Strict):
    """A resolved time expression: the period [start, end] it denotes."""

    start: dt.date
    end: dt.date
    text: str = ""
    # ISO form at the precision the text gives: 2025, 2025-10, 2025-10-27, 2025-01/2025-02
    label: str


class ClaimFields(Strict):
    """What a claim says, shared by claims as read, as stored and as annotated by hand."""

    kind: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: Qualifier | None = None
    # what is counted (equipment); for a date claim, the kinds its sentence speaks of
    # ("troops.deployed"), which tell its event apart from other events of the same verb
    item: str | None = None
    subject: str | None = None
    location: str | None = None
    attributed_to: str | None = None
    as_of: str | None = None
    as_of_start: dt.date | None = None
    as_of_end: dt.date | None = None
    as_of_inferred: bool = False
    modality: Modality = Modality.asserted
    # for date claims, the weekday or date as the text writes it; for others, the time words
    # that could not be resolved (a relative expression in an article with no known date)
    date_text: str | None = None
    # the claim whose figure this one is a part of ("including three nurses" of "12 people
    # were killed"): a subset, not a second count of the same quantity
    part_of: str | None = None


class Claim(ClaimFields):
    """A numeric (or date) claim with its meaning, hedge, source, time and place in the text."""

    id: str
    document: str
    article: int
    passage: int
    source_chain: list[str] = Field(default_factory=list)
    language: str
    quote: str
    start: int
    end: int
    translation_of: str | None = None
