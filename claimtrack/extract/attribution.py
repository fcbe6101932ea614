"""Who a figure is attributed to: the sources a sentence credits, and the one nearest a figure.

There is no parser in a blank pipeline: a source is tied to the sentence by the attribution
words of claims.yaml around it ("according to X", "X said", "..., said X"); a capitalised name
claims.yaml does not list is taken before an attribution verb and matched to the source aliases
loosely.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span

from ..config import ClaimsConfig

if TYPE_CHECKING:
    from .claims import _Cues

# the name under which an anaphor ("the agency") is tied: it stands for an earlier source
ANAPHOR = ""


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _value(span: Span) -> str:
    return span.label_.partition("|")[2]


def credited_sources(
    doc: Doc, cues: _Cues, config: ClaimsConfig, quantities: list[Span]
) -> list[tuple[Span, str]]:
    """Sources the sentence credits: a source after an attribution preposition ("according
    to X"), before an attribution verb ("X said", "X estimates that"), or after a verb at the
    end of a clause ("..., said X."). Asked while `read_claims` runs (it measures distance)."""
    from .claims import distance  # claims imports this module

    # "an estimated 14,000" is a hedge, not someone estimating
    verbs = [v for v in cues.verbs if not any(_overlaps(v, q) for q in quantities)]
    # 据报道 ("it is reported") is a modality, not 据 ("according to") a source
    preps = [p for p in cues.preps if not any(_overlaps(p, m) and m.end > p.end
                                              for m in cues.modality)]
    tied: list[tuple[Span, str]] = []
    for src in cues.sources:
        name = _value(src)
        before = any(0 <= src.start - p.end <= 3 for p in preps)
        # "X said", "X in October assessed"; not "..., North Korea, reporting": a clause mark
        # between them means X is not who speaks
        after_verb = any(0 <= v.start - src.end <= 7 and distance(doc, src, v) <= 10
                         and not any(t.is_punct for t in doc[src.end : v.start])
                         for v in verbs)
        verb_first = any(0 <= src.start - v.end <= 1 and _ends_clause(doc, src) for v in verbs)
        if before or after_verb or verb_first:
            tied.append((src, name))
    if not tied and verbs:
        # an unknown name before "said": match it to an alias loosely, or keep it as written
        for v in verbs:
            np = _capitalised_before(doc, v)
            if np is not None:
                tied.append((np, _fuzzy_source(np.text, config) or np.text))
                break
    return tied


def _ends_clause(doc: Doc, span: Span) -> bool:
    """True when a clause mark or the end of the sentence follows within three tokens."""
    for t in doc[span.end : span.end + 3]:
        if t.is_punct:
            return True
    return span.end >= len(doc) - 1


def _capitalised_before(doc: Doc, verb: Span) -> Span | None:
    end = verb.start
    start = end
    while start > 0 and (doc[start - 1].is_title or doc[start - 1].text in ("'s", "’s")) and \
            end - start < 6:
        start -= 1
    if start == end or doc[start].is_sent_start and end - start == 1 and doc[start].is_stop:
        return None
    span = doc[start:end]
    return span if span.text[:1].isupper() and not span[0].is_stop else None


def _fuzzy_source(text: str, config: ClaimsConfig) -> str | None:
    """The source whose alias `text` matches at or above the configured rapidfuzz score."""
    aliases, names = config.source_aliases
    hit = process.extractOne(text, aliases, scorer=fuzz.token_sort_ratio,
                             score_cutoff=config.attribution.fuzzy_threshold)
    return names[hit[2]] if hit else None


def nearest_source(doc: Doc, q: Span, tied: list[tuple[Span, str]]) -> tuple[Span, str] | None:
    """The tied source nearest the figure, named ones before anaphors at equal distance."""
    from .claims import distance  # claims imports this module

    if not tied:
        return None
    return min(tied, key=lambda t: (distance(doc, q, t[0]), t[1] == ANAPHOR))
