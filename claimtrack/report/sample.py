"""Scoring against an annotated sample: a user's own articles, annotated by reading.

The layout (`claimtrack eval SAMPLE.yaml` tells it from the other by its `doc` keys):
`documents`, each with `doc` (the file name), `claims` and `non_claims`; then
`expected_conflicts` and `not_conflicts` (and `ambiguous_conflicts`, not scored), each a `pair`
of two quoted places. A quote is given as text (`quote:`) or as character offsets into the
file's text (`quote_at: {start, end, sha1}`, the sha1 a prefix of the quote's, to check that
the stored text is the annotated one).

How claims match: a gold claim of a count topic (rules in scoring.yaml) matches an unused
extracted claim of the same document and topic that shares one of value, low or high with it;
among several, the one whose quote is most alike (one quote inside the other counts extra).
On matched claims, the kind, qualifier, source, as_of (to the month) and modality are scored as
accuracy. A non-claim is taken when an extracted claim of its document has its quote. An
expected conflict is found when the reconciler reports a conflict between claims whose quotes
overlap both annotated quotes (one inside the other, or mostly alike); a not-conflict is
flagged when a reported conflict holds both its quotes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import GoldError
from ..models import Claim
from ..reconcile import Conflict
from ..yamlio import FieldProblem, load_model
from .evaluate import (
    Accuracy,
    ConflictMiss,
    ConflictScore,
    Disagreement,
    EvalReport,
    GoldFile,
    Miss,
    NonClaimScore,
    _score,
)

# how alike two quotes must be (difflib's ratio) to be one place: for a gold claim's match
# (beside containment), a non-claim, a conflict's side; and two names of one source
ALIKE_QUOTES = 0.5
SAME_NON_CLAIM = 0.8
ALIKE_SOURCES = 0.6
MIN_NON_CLAIM = 4  # a non-claim quote shorter than this matches only when alike


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScoringRules(_Strict):
    version: int = 1
    generic_source_words: list[str]
    unattributed_word: str
    topics: list[str]


@cache
def scoring_rules() -> ScoringRules:
    path = resources.files("claimtrack.report").joinpath("scoring.yaml")
    return load_model(ScoringRules, Path(str(path)))


class QuoteAt(_Strict):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sha1: str | None = None


class _Quoted(_Strict):
    doc: str | None = None
    quote: str | None = None
    quote_at: QuoteAt | None = None

    @model_validator(mode="after")
    def _placed(self) -> _Quoted:
        if self.quote is None and self.quote_at is None:
            raise FieldProblem(("quote",), "give the quote (quote:) or its place in the "
                                           "text (quote_at: {start, end})")
        if self.quote_at is not None and self.quote_at.end < self.quote_at.start:
            raise FieldProblem(("quote_at", "end"), "ends before it starts")
        return self


class SampleClaim(_Quoted):
    id: str | None = None
    kind: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    attributed_to: str | None = None
    as_of: str | None = None
    modality: str | None = None
    subject: str | None = None
    # the annotator's own fields: read, not scored
    subkind: str | None = None
    unit: str | None = None
    period: str | None = None
    occurrences: int | None = None
    note: str | None = None


class SampleNonClaim(_Quoted):
    type: str | None = None
    note: str | None = None


class SampleDocument(_Strict):
    doc: str
    claims: list[SampleClaim] = Field(default_factory=list)
    non_claims: list[SampleNonClaim] = Field(default_factory=list)


class PairMember(_Quoted):
    id: str | None = None


class SampleConflict(_Strict):
    pair: tuple[PairMember, PairMember] | None = None
    a: PairMember | None = None
    b: PairMember | None = None
    severity: str | None = None
    quantity: str | None = None
    relation: str | None = None
    reason: str | None = None

    @model_validator(mode="after")
    def _two(self) -> SampleConflict:
        if self.pair is None and (self.a is None or self.b is None):
            raise FieldProblem(("pair",), "give the two claims as pair: [A, B] (or a: and b:)")
        return self

    @property
    def members(self) -> tuple[PairMember, PairMember]:
        if self.pair is not None:
            return self.pair
        assert self.a is not None and self.b is not None
        return self.a, self.b


class SampleGold(_Strict):
    schema_version: int | None = None
    description: str | None = None
    conventions: Any = None
    counts: Any = None
    documents: list[SampleDocument] = Field(default_factory=list)
    # the same, listed at the top level with their `doc`
    claims: list[SampleClaim] = Field(default_factory=list)
    non_claims: list[SampleNonClaim] = Field(default_factory=list)
    expected_conflicts: list[SampleConflict] = Field(default_factory=list)
    ambiguous_conflicts: list[SampleConflict] = Field(default_factory=list)
    not_conflicts: list[SampleConflict] = Field(default_factory=list)

    @model_validator(mode="after")
    def _docs_named(self) -> SampleGold:
        for key, items in (("claims", self.claims), ("non_claims", self.non_claims)):
            for n, item in enumerate(items):
                if item.doc is None:
                    raise FieldProblem((key, n, "doc"), "a claim listed at the top level "
                                                        "needs its doc (the file name)")
        for key, pairs in (("expected_conflicts", self.expected_conflicts),
                           ("ambiguous_conflicts", self.ambiguous_conflicts),
                           ("not_conflicts", self.not_conflicts)):
            for n, e in enumerate(pairs):
                for side, m in enumerate(e.members):
                    if m.doc is None:
                        raise FieldProblem((key, n, "pair", side, "doc"),
                                           "each side of a pair needs its doc (the file name)")
        return self


def is_sample_layout(data: Any) -> bool:
    """Whether parsed gold data is an annotated sample (documents named by `doc`, or pairs of
    conflicts) rather than the claims layout (documents named by `document`)."""
    if not isinstance(data, dict):
        return False
    if {"expected_conflicts", "not_conflicts", "schema_version"} & set(data):
        return True
    docs = data.get("documents")
    return isinstance(docs, list) and any(isinstance(d, dict) and "doc" in d for d in docs)


def load_sample(path: Path, text: str | None = None) -> SampleGold:
    return load_model(SampleGold, path, error=GoldError, text=text)


# ---------------------------------------------------------------- quotes and names


def _alike(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def _overlap(a: str, b: str) -> bool:
    return a in b or b in a


class _Placed:
    """An annotated quote with its document's stored name."""

    def __init__(self, document: str, quote: str) -> None:
        self.document = document
        self.quote = quote


def _stored_name(doc: str, names: Sequence[str]) -> str | None:
    """The stored document an annotation names: the same file name, else the one stored name
    of the same stem."""
    name = PurePath(doc).name
    if name in names:
        return name
    stem = PurePath(doc).stem
    same = [n for n in names if PurePath(n).stem == stem]
    return same[0] if len(same) == 1 else None


class _Quotes:
    """Each annotation's quote, from its text or from the stored text at its offsets."""

    def __init__(self, names: Sequence[str], text_of: Callable[[str], str | None]) -> None:
        self.names = names
        self.text_of = text_of
        self.texts: dict[str, str | None] = {}
        self.missing: dict[str, None] = {}

    def place(self, item: _Quoted, doc: str, label: str) -> _Placed | None:
        name = _stored_name(doc, self.names)
        if name is None:
            self.missing[doc] = None
            return None
        if item.quote is not None:
            return _Placed(name, item.quote)
        assert item.quote_at is not None
        if name not in self.texts:
            self.texts[name] = self.text_of(name)
        text = self.texts[name] or ""
        at = item.quote_at
        quote = text[at.start:at.end]
        sha = hashlib.sha1(quote.encode("utf-8")).hexdigest()
        if at.end > len(text) or (at.sha1 and not sha.startswith(at.sha1.lower())):
            raise GoldError(
                f"{label}: the text of {name} at {at.start}-{at.end} is not the annotated "
                f"quote (sha1 {at.sha1}): the stored file differs from the one annotated")
        return _Placed(name, quote)


# ---------------------------------------------------------------- sources


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower().replace("'s", " "))
            if len(w) > 1 or w.isdigit()}


def same_source(gold: str, predicted: str | None, rules: ScoringRules | None = None) -> bool:
    """An extracted source agrees with the annotated one when it names the same party: alike
    as a whole, inside it, or by most of its words that are not generic ('officials')."""
    rules = rules or scoring_rules()
    generic = set(rules.generic_source_words)
    annotated = gold.strip()
    if annotated.lower().startswith(rules.unattributed_word):
        return predicted is None or (_words(predicted) - generic) <= _words(annotated)
    if predicted is None:
        return False
    if _alike(annotated.lower(), predicted.lower()) > ALIKE_SOURCES or \
            predicted.lower() in annotated.lower():
        return True
    own = _words(predicted) - generic
    return bool(own) and len(own & _words(annotated)) / len(own) >= 0.5


# ---------------------------------------------------------------- scoring


def _topic(kind: str | None) -> str:
    return (kind or "").split(".")[0]


def _figures_meet(g: SampleClaim, p: Claim) -> bool:
    mine = {x for x in (g.value, g.low, g.high) if x is not None}
    theirs = {x for x in (p.value, p.low, p.high) if x is not None}
    return bool(mine & theirs)


def _figure(value: float | None, low: float | None, high: float | None) -> str:
    def num(x: float | None) -> str:
        return "-" if x is None else f"{x:g}"
    return num(value) if value is not None else f"{num(low)} {num(high)}"


def evaluate_sample(
    gold: SampleGold, gold_file: str, names: Sequence[str],
    text_of: Callable[[str], str | None], predicted: Sequence[Claim],
    conflicts: Sequence[Conflict] | None = None,
) -> EvalReport:
    """Score extracted claims (and the reconciler's conflicts) against an annotated sample;
    `names` are the stored documents, `text_of` gives one's text (for `quote_at`)."""
    rules = scoring_rules()
    topics = set(rules.topics)
    quotes = _Quotes(names, text_of)
    golds: list[tuple[_Placed, SampleClaim]] = []
    nons: list[_Placed] = []
    where = gold_file or "gold"
    listed = [(d.doc, d.claims, d.non_claims, f"documents[{n}]")
              for n, d in enumerate(gold.documents)]
    listed.append(("", gold.claims, gold.non_claims, "(top level)"))
    sample_docs: dict[str, None] = {}
    for doc, claims, non_claims, label in listed:
        for c in claims:
            placed = quotes.place(c, c.doc or doc, f"{where}: {label} claim {c.id or c.kind}")
            if placed is not None:
                sample_docs[placed.document] = None
                if _topic(c.kind) in topics:
                    golds.append((placed, c))
        for k, n in enumerate(non_claims):
            placed = quotes.place(n, n.doc or doc, f"{where}: {label} non_claims[{k}]")
            if placed is not None:
                sample_docs[placed.document] = None
                nons.append(placed)
        if doc:
            name = _stored_name(doc, names)
            if name is None:
                quotes.missing[doc] = None
            else:
                sample_docs[name] = None
    if quotes.missing:
        missing = list(quotes.missing)
        raise GoldError(f"{where}: {', '.join(missing[:5])}{' and more' * (len(missing) > 5)} "
                        "not stored: ingest the annotated articles first (claimtrack ingest "
                        "FOLDER)")

    preds = [c for c in predicted if c.document in sample_docs and _topic(c.kind) in topics]
    by_doc: dict[str, list[int]] = {}
    for i, p in enumerate(preds):
        by_doc.setdefault(p.document, []).append(i)
    used: set[int] = set()
    matched: list[tuple[SampleClaim, Claim]] = []
    missed: list[Miss] = []
    per_topic: dict[str, list[int]] = {}  # gold, predicted, matched
    for p in preds:
        per_topic.setdefault(_topic(p.kind), [0, 0, 0])[1] += 1
    for placed, g in golds:
        counts = per_topic.setdefault(_topic(g.kind), [0, 0, 0])
        counts[0] += 1
        best, best_score = None, -1.0
        for i in by_doc.get(placed.document, []):
            p = preds[i]
            if i in used or _topic(p.kind) != _topic(g.kind) or not _figures_meet(g, p):
                continue
            score = _alike(placed.quote, p.quote) + (
                1.0 if _overlap(placed.quote, p.quote)
                or _alike(placed.quote, p.quote) > ALIKE_QUOTES else 0.0)
            if score > best_score:
                best, best_score = i, score
        if best is None:
            missed.append(Miss(document=placed.document, kind=g.kind,
                               figure=_figure(g.value, g.low, g.high), quote=placed.quote))
            continue
        used.add(best)
        counts[2] += 1
        matched.append((g, preds[best]))
    spurious = [Miss(document=p.document, kind=p.kind, figure=_figure(p.value, p.low, p.high),
                     quote=p.quote) for i, p in enumerate(preds) if i not in used]

    accuracy, disagreements = _accuracy(matched, rules)
    taken = sum(1 for n in nons if any(_holds(preds[i].quote, n.quote)
                                       for i in by_doc.get(n.document, [])))
    scores = [_score(t, *v) for t, v in sorted(per_topic.items())]
    scores.append(_score("overall", *(sum(v[i] for v in per_topic.values()) for i in range(3))))
    report = EvalReport(
        gold_file=gold_file, documents=len(sample_docs), scores=scores, accuracy=accuracy,
        missed=missed, spurious=spurious, disagreements=disagreements,
        non_claims=NonClaimScore(total=len(nons), taken=taken),
    )
    if conflicts is not None:
        report.conflicts, report.conflicts_missed, report.not_conflicts_flagged = \
            _conflicts(gold, quotes, predicted, conflicts, sample_docs)
    return report


def _conflicts(
    gold: SampleGold, quotes: _Quotes, predicted: Sequence[Claim],
    conflicts: Sequence[Conflict], sample_docs: dict[str, None],
) -> tuple[ConflictScore, list[ConflictMiss], list[ConflictMiss]]:
    """Which expected conflicts the reconciler reports, and which not-conflicts it flags."""
    by_id = {c.id: c for c in predicted}
    reported = [[by_id[i] for i in dict.fromkeys(k.claims) if i in by_id] for k in conflicts]
    reported = [sides for sides in reported
                if sides and all(c.document in sample_docs for c in sides)]

    def found(a: _Placed, b: _Placed, near: Callable[[str, str], bool]) -> bool:
        for sides in reported:
            if any(c.document == a.document and near(a.quote, c.quote) for c in sides) and \
                    any(c.document == b.document and near(b.quote, c.quote) for c in sides):
                return True
        return False

    def alike(x: str, y: str) -> bool:
        return _overlap(x, y) or _alike(x, y) > ALIKE_QUOTES

    def placed(key: str, n: int, e: SampleConflict) -> tuple[_Placed, _Placed]:
        a, b = (quotes.place(m, m.doc or "", f"{key}[{n}] side {s + 1}")
                for s, m in enumerate(e.members))
        assert a is not None and b is not None  # the documents were checked
        return a, b

    def miss(a: _Placed, b: _Placed, e: SampleConflict) -> ConflictMiss:
        return ConflictMiss(documents=[a.document, b.document], quotes=[a.quote, b.quote],
                            note=e.reason or e.quantity)

    missed, flagged = [], []
    for n, e in enumerate(gold.expected_conflicts):
        a, b = placed("expected_conflicts", n, e)
        if not found(a, b, alike):
            missed.append(miss(a, b, e))
    # a not-conflict is flagged only by a conflict that holds both quotes: the stricter test,
    # so that a conflict about a neighbouring figure does not count against the reconciler
    for n, e in enumerate(gold.not_conflicts):
        a, b = placed("not_conflicts", n, e)
        if found(a, b, _overlap):
            flagged.append(miss(a, b, e))
    score = ConflictScore(
        reported=len(reported), expected=len(gold.expected_conflicts),
        found=len(gold.expected_conflicts) - len(missed),
        not_conflicts=len(gold.not_conflicts), flagged=len(flagged))
    return score, missed, flagged


def _holds(predicted: str, non_claim: str) -> bool:
    """An extracted quote is the non-claim's: the same words, or mostly alike."""
    same = len(non_claim) >= MIN_NON_CLAIM and predicted.strip() == non_claim.strip()
    return same or _alike(non_claim, predicted) > SAME_NON_CLAIM


_FIELDS: dict[str, Callable[[Any, Claim, ScoringRules], bool]] = {
    "kind": lambda want, p, _: p.kind == want,
    "qualifier": lambda want, p, _: p.qualifier is not None and p.qualifier.value == want,
    "attributed_to": lambda want, p, rules: same_source(want, p.attributed_to, rules),
    # to the month: a day and its month agree, as a figure "in October" and "on 20 October"
    "as_of": lambda want, p, _: p.as_of is not None and p.as_of[:7] == str(want)[:7],
    "modality": lambda want, p, _: p.modality.value == want,
}


def _accuracy(matched: list[tuple[SampleClaim, Claim]], rules: ScoringRules
              ) -> tuple[list[Accuracy], list[Disagreement]]:
    rows: list[Accuracy] = []
    disagreements: list[Disagreement] = []
    for field, agrees in _FIELDS.items():
        right = total = 0
        for g, p in matched:
            want = getattr(g, field)
            if want is None:
                continue
            total += 1
            if agrees(want, p, rules):
                right += 1
                continue
            got = getattr(p, field)
            disagreements.append(Disagreement(
                claim=p.id, gold=g.id or "", field=field,
                predicted=None if got is None else str(getattr(got, "value", got)),
                expected=str(want)))
        rows.append(Accuracy(field=field, correct=right, total=total,
                             accuracy=round(right / total, 3) if total else 0.0))
    return rows, disagreements


def load_any_gold(path: Path) -> GoldFile | SampleGold:
    """A gold file in either layout: an annotated sample (`doc` keys, conflict pairs) or the
    claims layout (`document` keys, every field of a claim)."""
    from ..yamlio import safe_load

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    try:
        data = safe_load(text)
    except Exception:  # noqa: BLE001 - the loader below names the line of the YAML error
        data = None
    if is_sample_layout(data):
        return load_sample(path, text)
    return load_model(GoldFile, path, error=GoldError, text=text)
