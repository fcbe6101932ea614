"""The reconciler's output: groups, relations, conflicts and estimates (pydantic)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..models import ArticleMeta, Document

RelationType = Literal[
    "agree",
    "conflict",
    "update",
    "different_scope",
    "denial",
    "translation",
    "same_origin",
    "different_modality",
    "different_time",
]

# what `documents_meta` may give for a document: its outlet, its metadata, per-article metadata
DocumentMeta = str | ArticleMeta | Sequence[ArticleMeta] | Document


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Estimate(_Model):
    """The group's figure, UCDP-style: lowest credible, best, highest credible."""

    low: float | None
    best: float | None
    high: float | None


class Relation(_Model):
    """How two claims of a group stand to each other, with the reason in words."""

    type: RelationType
    claims: tuple[str, str]
    reason: str


class Conflict(_Model):
    """Two claims that cannot both be true (or one claim at odds with itself: (id, id))."""

    type: Literal["value", "date"]
    claims: tuple[str, str]
    reason: str
    group: str = ""
    # how far apart, how precise, how certain in time, how independent (reconcile/strength.py);
    # conflicts are listed strongest first
    strength: float = 0.0


class Omitted(_Model):
    """How many of a group's claims, relations and conflicts a listing left out (`compare
    --limit`)."""

    claims: int = 0
    relations: int = 0
    conflicts: int = 0


class Group(_Model):
    """Claims about one quantity: a kind, a subject, a place."""

    id: str
    kind: str
    subject: str | None
    location: str | None
    status: Literal["agree", "conflict", "single-source"]
    estimate: Estimate | None
    claims: list[str]
    independent_sources: int
    origins: list[str]
    relations: list[Relation]
    # pairs compared that agree (agree, same_origin); in `relations` only for small groups
    agreements: int = 0
    # set (and output) only when a listing shows the first few of the group's lists
    omitted: Omitted | None = Field(default=None, exclude_if=lambda v: v is None)


class Reconciliation(_Model):
    groups: list[Group]
    conflicts: list[Conflict]
    # pairs of claims compared (within groups and across scopes): bounded by claims x neighbours
    comparisons: int = 0


