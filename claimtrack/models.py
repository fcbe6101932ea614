"""Typed records passed between the loader, the pipeline, the store and the reconciler."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


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
    language: str = "und"
    junk: bool = False
    junk_reason: str | None = None
    # index of the passage in the same article this one translates (bilingual files)
    translation_of: int | None = None


class ArticleMeta(Strict):
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    byline: str | None = None
    url: str | None = None


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
    item: str | None = None
    subject: str | None = None
    location: str | None = None
    attributed_to: str | None = None
    as_of: str | None = None
    as_of_start: dt.date | None = None
    as_of_end: dt.date | None = None
    as_of_inferred: bool = False
    modality: Modality = Modality.asserted
    # for date claims: the weekday or date as the text writes it
    date_text: str | None = None


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
