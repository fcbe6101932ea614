"""Score stored claims against hand-made gold annotations.

A predicted claim matches a gold claim of the same document and kind when their figures
agree: the same value (or, for a range or vague amount, the same low and high); for date
claims, the same resolved date. Each gold claim matches at most one prediction, preferring
one whose quote overlaps the gold quote. On matched pairs, attribution, as_of and modality
are scored as accuracy.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..errors import GoldError
from ..models import Claim, ClaimFields
from ..yamlio import load_model


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldClaim(ClaimFields):
    """A claim as annotated by hand; `translation_of` names another gold claim's id."""

    id: str
    article: int = 0
    source_chain: list[str] = Field(default_factory=list)
    language: str = "en"
    quote: str
    translation_of: str | None = None


class GoldNonClaim(_Gold):
    text: str
    reason: str


class GoldArticle(_Gold):
    index: int
    outlet: str | None = None
    published: dt.date | None = None


class GoldDocument(_Gold):
    document: str
    published: dt.date | None = None
    articles: list[GoldArticle] = Field(default_factory=list)
    claims: list[GoldClaim] = Field(default_factory=list)
    non_claims: list[GoldNonClaim] = Field(default_factory=list)


class GoldFile(_Gold):
    documents: list[GoldDocument]


def load_gold(path: Path) -> GoldFile:
    return load_model(GoldFile, path, error=GoldError)


class Score(BaseModel):
    """Precision, recall and F1 for one kind (or `overall`)."""

    kind: str
    gold: int
    predicted: int
    matched: int
    precision: float
    recall: float
    f1: float


class Accuracy(BaseModel):
    field: str
    correct: int
    total: int
    accuracy: float


class Miss(BaseModel):
    document: str
    kind: str
    figure: str
    quote: str


class Disagreement(BaseModel):
    """A matched claim whose field differs from the gold one."""

    claim: str
    gold: str
    field: str
    predicted: str | None
    expected: str | None


class ConflictMiss(BaseModel):
    """An expected conflict not reported, or a not-conflict reported."""

    documents: list[str]
    quotes: list[str]
    note: str | None = None


class ConflictScore(BaseModel):
    reported: int  # conflicts between claims of the sample's documents
    expected: int
    found: int
    not_conflicts: int
    flagged: int


class NonClaimScore(BaseModel):
    total: int
    taken: int  # non-claims an extracted claim holds


class EvalReport(BaseModel):
    gold_file: str
    documents: int
    scores: list[Score]
    accuracy: list[Accuracy]
    missed: list[Miss]  # gold claims with no match (false negatives)
    spurious: list[Miss]  # predictions with no gold claim (false positives)
    disagreements: list[Disagreement] = Field(default_factory=list)
    # an annotated sample (report/sample.py) also scores these
    non_claims: NonClaimScore | None = None
    conflicts: ConflictScore | None = None
    conflicts_missed: list[ConflictMiss] = Field(default_factory=list)
    not_conflicts_flagged: list[ConflictMiss] = Field(default_factory=list)


def period(label: str | None) -> tuple[dt.date, dt.date] | None:
    """The days an ISO label covers: 2024, 2024-10, 2024-10-27, or START/END of those."""
    if not label:
        return None
    try:
        if "/" in label:
            a, b = label.split("/", 1)
            pa, pb = period(a), period(b)
            return (pa[0], pb[1]) if pa and pb else None
        parts = [int(x) for x in label.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            y, m = parts
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
        day = dt.date(*parts[:3])
        return day, day
    except (ValueError, TypeError):
        return None


def _same_date(predicted: str | None, gold: str | None) -> bool:
    """A predicted date agrees when its period lies within the gold one ("mid-June" within
    "June"): at least as precise, never broader."""
    pp, pg = period(predicted), period(gold)
    if pp is None or pg is None:
        return predicted == gold
    return pg[0] <= pp[0] and pp[1] <= pg[1]


def _figure(kind: str, value: float | None, low: float | None, high: float | None,
            as_of: str | None) -> tuple[object, ...]:
    if kind == "date":
        return ("date", as_of)
    if value is not None:
        return ("value", round(value, 6))
    return ("interval", low, high)


def _show(fig: tuple[object, ...]) -> str:
    return " ".join("-" if x is None else str(x) for x in fig[1:])


def _quote_overlap(a: str, b: str) -> bool:
    return a in b or b in a


def evaluate(gold: GoldFile, predicted: list[Claim], gold_file: str = "") -> EvalReport:
    """Match predictions to gold per document and kind; score them."""
    docs = {d.document for d in gold.documents}
    preds: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for c in predicted:
        if c.document in docs:
            preds[(c.document, c.kind)].append(c)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # gold, predicted, matched
    for (_, kind), cs in preds.items():
        counts[kind][1] += len(cs)
    acc = {"attributed_to": [0, 0], "as_of": [0, 0], "modality": [0, 0]}
    disagreements: list[Disagreement] = []
    missed: list[Miss] = []
    used: set[str] = set()
    for d in gold.documents:
        for g in d.claims:
            counts[g.kind][0] += 1
            fig = _figure(g.kind, g.value, g.low, g.high, g.as_of)
            cands = [c for c in preds.get((d.document, g.kind), [])
                     if c.id not in used and c.article == g.article and _matches(c, g, fig)]
            if not cands:
                missed.append(
                    Miss(document=d.document, kind=g.kind, figure=_show(fig), quote=g.quote)
                )
                continue
            cands.sort(key=lambda c: not _quote_overlap(c.quote, g.quote))
            c = cands[0]
            used.add(c.id)
            counts[g.kind][2] += 1
            for name, ok in (("attributed_to", c.attributed_to == g.attributed_to),
                             ("as_of", _same_date(c.as_of, g.as_of)),
                             ("modality", c.modality == g.modality)):
                acc[name][0] += int(ok)
                acc[name][1] += 1
                if not ok:
                    got, want = getattr(c, name), getattr(g, name)
                    disagreements.append(Disagreement(
                        claim=c.id, gold=g.id, field=name,
                        predicted=None if got is None else str(getattr(got, "value", got)),
                        expected=None if want is None else str(getattr(want, "value", want)),
                    ))
    spurious = [
        Miss(document=c.document, kind=c.kind,
             figure=_show(_figure(c.kind, c.value, c.low, c.high, c.as_of)), quote=c.quote)
        for cs in preds.values() for c in cs if c.id not in used
    ]
    scores = [_score(k, *v) for k, v in sorted(counts.items())]
    total = [sum(v[i] for v in counts.values()) for i in range(3)]
    scores.append(_score("overall", *total))
    return EvalReport(
        gold_file=gold_file,
        documents=len(gold.documents),
        scores=scores,
        accuracy=[Accuracy(field=k, correct=v[0], total=v[1],
                           accuracy=round(v[0] / v[1], 3) if v[1] else 0.0)
                  for k, v in acc.items()],
        missed=missed,
        spurious=spurious,
        disagreements=disagreements,
    )


def _matches(c: Claim, g: GoldClaim, fig: tuple[object, ...]) -> bool:
    if g.kind == "date":
        return _same_date(c.as_of, g.as_of)
    return _figure(c.kind, c.value, c.low, c.high, c.as_of) == fig


def _score(kind: str, gold: int, predicted: int, matched: int) -> Score:
    p = matched / predicted if predicted else 0.0
    r = matched / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(kind=kind, gold=gold, predicted=predicted, matched=matched,
                 precision=round(p, 3), recall=round(r, 3), f1=round(f, 3))
