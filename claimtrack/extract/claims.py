"""Read claims from an annotated Doc: which figure counts what, who says it, when, how sure.

There is no parser in a blank pipeline, so the rules work on token distance inside a
sentence: the counted noun follows the figure closely; the kind is chosen by the nearest
trigger word of a kind that can count that noun; attribution needs a source tied to an
attribution verb or preposition. Clause punctuation between two words makes them farther
apart. All the words come from claims.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from rapidfuzz import fuzz, process
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from ..config import ClaimsConfig
from ..models import ClaimFields, Modality, Qualifier, published_period
from .grammar import Grammar
from .timex import dates_figure

# how far (tokens) the counted noun may stand after the figure; Chinese tokens are characters
NOUN_GAP = {"en": 5, "zh": 8}
# a trigger word with no noun ("2 dead", "thousands more wounded") must be this close
BARE_TRIGGER_GAP = {"en": 3, "zh": 4}
NOUN_BREAKS = set(",;:()[]，。；：、!?！？") | {"—", "–"}
# how far a modality word may stand before the figure (it governs what follows) or after it
MODALITY_BEFORE = 16
# a denial governs a whole clause ("has no information regarding plans to increase the
# contingent of ... to 30,000"): its word may stand further before the figure
DENIAL_BEFORE = 24
MODALITY_AFTER = 4
# how far (tokens, with clause penalties) an event word may stand from a date
EVENT_GAP = {"en": 8, "zh": 16}
MODALITY_ORDER = [Modality.denied, Modality.planned, Modality.possible, Modality.estimated,
                  Modality.reported]


class ClaimDraft(ClaimFields):
    """A claim read from one passage; offsets are into the passage text."""

    start: int
    end: int
    # the source is a word referring back ("the agency said"): resolved over the article
    anaphoric: bool = False


# the name under which an anaphor ("the agency") is tied: it stands for an earlier source
ANAPHOR = ""


@dataclass
class _Cues:
    nouns: list[Span] = field(default_factory=list)
    triggers: list[Span] = field(default_factory=list)
    modality: list[Span] = field(default_factory=list)
    verbs: list[Span] = field(default_factory=list)
    preps: list[Span] = field(default_factory=list)
    sources: list[Span] = field(default_factory=list)
    subjects: list[Span] = field(default_factory=list)
    actors: list[Span] = field(default_factory=list)
    locations: list[Span] = field(default_factory=list)
    events: list[Span] = field(default_factory=list)


def _split_cues(spans: Iterable[Span]) -> _Cues:
    cues = _Cues()
    table = {"noun": cues.nouns, "trigger": cues.triggers, "modality": cues.modality,
             "source": cues.sources, "subject": cues.subjects, "actor": cues.actors,
             "location": cues.locations, "event": cues.events}
    for span in spans:
        group, _, value = span.label_.partition("|")
        if group == "attr":
            (cues.verbs if value == "verb" else cues.preps).append(span)
        elif group in table:
            table[group].append(span)
    return cues


def _value(span: Span) -> str:
    return span.label_.partition("|")[2]


# while read_claims runs: the language's clause penalties by string hash, and the Doc's running
# sums of them, computed on first use
_PENALTIES = "claimtrack.clause_penalties"
_SUMS = "claimtrack.penalty_sums"


def distance(doc: Doc, a: Span, b: Span) -> int:
    """Tokens between two spans, plus a penalty for each clause mark or word between them
    (rules/<lang>/grammar.yaml `clause_penalties`). Asked while `read_claims` runs."""
    if a.start > b.start:
        a, b = b, a
    if b.start < a.end:
        return 0
    gap = b.start - a.end
    sums: list[int] | None = doc.user_data[_SUMS]
    if sums is None:
        sums = doc.user_data[_SUMS] = _penalty_sums(doc, doc.user_data[_PENALTIES])
    return gap + sums[b.start] - sums[a.end]


def _penalty_sums(doc: Doc, penalty: dict[int, int]) -> list[int]:
    """sums[i]: the clause penalties of the tokens before token i (distance is asked often)."""
    lowers = doc.to_array(LOWER).tolist() if len(doc) else []
    return list(accumulate((penalty.get(h, 0) for h in lowers), initial=0))


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _head_noun(
    doc: Doc, q: Span, cues: _Cues, lang: str, breaks: set[str], starts: set[int]
) -> Span | None:
    """The counted noun: the first noun-class word shortly after the figure, same phrase
    (no clause mark, break word or other figure in between)."""
    gap = NOUN_GAP.get(lang, 5)
    for noun in cues.nouns:
        if noun.start < q.end:
            continue
        if noun.start - q.end > gap:
            break
        between = doc[q.end : noun.start]
        if any(t.text in NOUN_BREAKS or t.lower_ in breaks or t.i in starts for t in between):
            break
        return noun
    return None


def read_claims(
    doc: Doc, config: ClaimsConfig, lang: str, cues: Iterable[Span] | None = None, *,
    grammar: Grammar,
) -> list[tuple[Span, ClaimDraft]]:
    """Every claim in one passage's Doc. `cues` are the Doc's `doc.spans["cues"]`, given by a
    caller that holds them as Spans already; `grammar` the language's function words."""
    doc.user_data[_SUMS] = None
    doc.user_data[_PENALTIES] = grammar.penalty_by_hash
    try:
        return _read_claims(doc, config, lang, doc.spans.get("cues", []) if cues is None else cues,
                            grammar)
    finally:
        del doc.user_data[_SUMS], doc.user_data[_PENALTIES]


def _read_claims(
    doc: Doc, config: ClaimsConfig, lang: str, found: Iterable[Span], grammar: Grammar
) -> list[tuple[Span, ClaimDraft]]:
    cues = _split_cues(found)
    out: list[tuple[Span, ClaimDraft]] = []
    quantities = list(doc.spans.get("quantities", []))
    attribution = _attribution(doc, cues, config, quantities)
    doc._.claimtrack_sources = [name for _, name in attribution if name != ANAPHOR]
    breaks: set[str] | None = None  # built for the first count: most passages have none
    starts = {q.start for q in quantities}
    claimed: set[int] = set()
    for q in quantities:
        m = q._.claimtrack_quantity
        # two numbers inside one token ("١٢٣thousands") widen to the same span: read it once
        if m is None or m.role != "count" or q.start in claimed:
            continue
        if breaks is None:
            breaks = {w.lower() for w in config.phrase_breaks.get(lang, [])}
        noun = _head_noun(doc, q, cues, lang, breaks, starts - {q.start})
        kind = _kind(doc, q, noun, cues, config, lang)
        if kind is None:
            continue
        rule = config.kinds[kind]
        if rule.when_target and q.start > 0 and doc[q.start - 1].lower_ in {
            w.lower() for w in rule.target_words.get(lang, ())
        }:
            kind = rule.when_target
            rule = config.kinds[kind]
        source = _nearest(doc, q, attribution)
        mod = _modality(doc, q if noun is None else doc[q.start : noun.end], cues,
                        source[0] if source else None)
        mod = mod or rule.modality or Modality.asserted
        if mod is Modality.planned and rule.when_planned:
            kind = rule.when_planned
        end = noun if noun is not None else q
        span = doc[q.start : max(q.end, end.end)]
        claimed.add(q.start)
        value, low, high, qualifier = m.value, m.low, m.high, m.qualifier
        if qualifier is Qualifier.exact and _partitive(doc, q, grammar):
            # "one of the victims died": a part of the total, so at least that many
            low, high, qualifier = value, None, Qualifier.at_least
        draft = ClaimDraft(
            kind=kind, start=span.start_char, end=span.end_char,
            value=value, low=low, high=high, qualifier=qualifier,
            item=(_item(doc, q, noun, m.unit, cues.nouns)
                  if noun is not None and kind == "equipment" else None),
            subject=_subject(doc, q, noun, cues, config, grammar),
            location=_location(doc, doc[q.start : end.end], cues.locations, grammar),
            attributed_to=source[1] or None if source else None,
            anaphoric=source is not None and source[1] == ANAPHOR,
            modality=mod,
        )
        _set_time(doc, q, draft)
        out.append((span, draft))
    out.extend(_date_claims(doc, cues, quantities))
    return out


def _partitive(doc: Doc, q: Span, grammar: Grammar) -> bool:
    """ "one of the victims", "two of them": a part of a group ("all four of them" is whole)."""
    nxt = doc[q.end : q.end + 2]
    if q.start > 0 and doc[q.start - 1].lower_ in grammar.whole_quantifiers:
        return False
    return (len(nxt) == 2 and nxt[0].lower_ in grammar.partitive_links
            and nxt[1].lower_ in grammar.partitive_determiners)


def _kind(
    doc: Doc, q: Span, noun: Span | None, cues: _Cues, config: ClaimsConfig, lang: str
) -> str | None:
    """The kind whose trigger stands nearest the figure's phrase, among kinds counting its
    noun. Without a noun, only a trigger right next to the figure counts, for kinds that
    need no noun or whose noun the sentence names elsewhere ("an estimated 14,000 were sent")."""
    noun_class = _value(noun) if noun is not None else None
    if noun_class is not None:
        candidates = {k for k, r in config.kinds.items() if noun_class in r.counts}
    else:
        named = {_value(n) for n in cues.nouns}
        candidates = {k for k, r in config.kinds.items()
                      if not r.needs_noun or named.intersection(r.counts)}
    phrase = doc[q.start : noun.end] if noun is not None else q
    if noun is None and q.text.lower() in ("one", "一"):
        return None  # "one of the largest": a pronoun, not a count
    best: tuple[bool, int, int, str] | None = None
    for t in cues.triggers:
        kind = _value(t)
        if kind not in candidates or _overlaps(t, q) or (noun is not None and _overlaps(t, noun)):
            continue
        d = distance(doc, phrase, t)
        if noun is None and (d > BARE_TRIGGER_GAP.get(lang, 3) or d != _plain_gap(q, t)):
            continue
        # without a noun, kinds that need none (casualties) go first: "thousands more wounded"
        key = (noun is None and config.kinds[kind].needs_noun, d, -config.kinds[kind].priority,
               kind)
        if best is None or key < best:
            best = key
    if best is not None:
        return best[3]
    if noun_class is not None:
        for k in sorted(candidates):
            if config.kinds[k].default:
                return k
    return None


def _plain_gap(a: Span, b: Span) -> int:
    return b.start - a.end if b.start >= a.end else a.start - b.end


def _item(doc: Doc, q: Span, noun: Span, unit: str | None, nouns: list[Span]) -> str:
    """What equipment is counted: the words from the figure to its noun ("units of 240
    millimeter multiple rocket launchers" runs on through "of"), without the Chinese measure
    word ("门火箭炮" is 火箭炮)."""
    end = noun.end
    if end < len(doc) and doc[end].lower_ == "of":
        for n in nouns:
            if n.start > end and n.start - end <= 6 and _value(n) == _value(noun) and not any(
                t.is_punct for t in doc[end : n.start]
            ):
                end = n.end
    text = doc[q.end : end].text
    if unit and text.startswith(unit):
        text = text[len(unit) :]
    return text.strip()


def _modality(
    doc: Doc, phrase: Span, cues: _Cues, source: Span | None = None
) -> Modality | None:
    """The strongest modality word governing the figure: before it within reach, just after
    it, or in the phrase that names its source ("according to the military's assessment")."""
    found = set()
    for c in cues.modality:
        if source is not None and source.start - 2 <= c.start and c.end <= source.end + 2:
            found.add(Modality(_value(c)))
            continue
        d = distance(doc, phrase, c)
        # a hedge such as "an estimated" sits inside the phrase and counts too
        inside = c.start >= phrase.start and c.end <= phrase.end
        reach = DENIAL_BEFORE if _value(c) == Modality.denied.value else MODALITY_BEFORE
        if inside or (c.end <= phrase.start and d <= reach) or (
            c.start >= phrase.end and d <= MODALITY_AFTER
        ):
            found.add(Modality(_value(c)))
    for m in MODALITY_ORDER:
        if m in found:
            return m
    return None


def _attribution(
    doc: Doc, cues: _Cues, config: ClaimsConfig, quantities: list[Span]
) -> list[tuple[Span, str]]:
    """Sources the sentence credits: a source after an attribution preposition ("according
    to X"), before an attribution verb ("X said", "X estimates that"), or after a verb at the
    end of a clause ("..., said X.")."""
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


def _nearest(doc: Doc, q: Span, tied: list[tuple[Span, str]]) -> tuple[Span, str] | None:
    """The tied source nearest the figure, named ones before anaphors at equal distance."""
    if not tied:
        return None
    return min(tied, key=lambda t: (distance(doc, q, t[0]), t[1] == ANAPHOR))


def _location(doc: Doc, phrase: Span, locations: list[Span], grammar: Grammar) -> str | None:
    """Where the counted event is: a place named after the figure ("deployed to the Kursk
    region", "sent to Russia's Kursk region" gives the more specific Kursk), or one right
    after a place preposition before it ("In Kursk, 200 soldiers were killed")."""
    after = [loc for loc in locations
             if loc.start >= phrase.end and distance(doc, phrase, loc) <= 12]
    if after:
        # a destination ("to", "into", "in" the place) before any other place named
        best = min(after, key=lambda loc: (not _after_preposition(doc, loc, grammar),
                                           distance(doc, phrase, loc)))
        # a possessive chain names the smaller place last: "Russia's Kursk region"
        for loc in after:
            if 0 < loc.start - best.end <= 2 and doc[best.end].lower_ in ("'s", "’s"):
                best = loc
        return _value(best)
    before = [loc for loc in locations
              if loc.end <= phrase.start and loc.start > 0
              and doc[loc.start - 1].lower_ in grammar.place_prepositions
              and distance(doc, loc, phrase) <= 8]
    if before:
        return _value(max(before, key=lambda loc: loc.end))
    return None


def _after_preposition(doc: Doc, loc: Span, grammar: Grammar) -> bool:
    """A place preposition stands right before the place, or before "the" and the place."""
    i = loc.start - 1
    if i >= 0 and doc[i].lower_ in grammar.place_articles:
        i -= 1
    return i >= 0 and doc[i].lower_ in grammar.place_prepositions


def _subject(
    doc: Doc, q: Span, noun: Span | None, cues: _Cues, config: ClaimsConfig, grammar: Grammar
) -> str | None:
    """Who is counted: a subject named at the figure ("North Korean troops"), else the subject
    of the nearest actor in the sentence ("North Korea has deployed 11,000 troops"), else the
    noun class's own subject ("troops", "people")."""
    end = noun.end if noun is not None else q.end
    for s in cues.subjects:
        if s.start <= end and s.end > q.start:
            return _value(s)
    if noun is None:
        # "an estimated 14,000 were sent": the subject the sentence names, if any
        if cues.subjects:
            return _value(min(cues.subjects, key=lambda s: distance(doc, q, s)))
        return None
    if _value(noun) in config.kinds_nouns_with_actors:
        # a subject the sentence names elsewhere ("North Korean troops were deployed ...,
        # with preparations for an additional 10,000 soldiers")
        if cues.subjects:
            return _value(min(cues.subjects, key=lambda s: distance(doc, q, s)))
        # else the party that acts: "North Korea has deployed 11,000 troops", but not a
        # destination or place ("sent to Russia", "in Ukraine")
        acting = [a for a in cues.actors
                  if a.start == 0 or doc[a.start - 1].lower_ not in grammar.place_prepositions]
        if acting:
            return _value(min(acting, key=lambda a: distance(doc, q, a)))
    return config.nouns[_value(noun)].subject


def _set_time(doc: Doc, q: Span, draft: ClaimDraft) -> None:
    """as_of: the nearest resolved time expression in the sentence that can date the figure
    (not "since 2022", "the September 11 attacks" or a date inside a relative clause the
    figure is not in), else the publication date at its precision (inferred). Time words that
    could not be read (a weekday in an article with no known day to count from) are kept in
    `date_text`, so the reader sees them."""
    mentions = [t for t in doc.spans.get("times", []) if t._.claimtrack_time is not None
                and dates_figure(t._.claimtrack_time, q.start_char)]
    resolved = [t for t in mentions if t._.claimtrack_time.span is not None]
    if resolved:
        span = min(resolved, key=lambda t: distance(doc, q, t))._.claimtrack_time.span
        draft.as_of, draft.as_of_start, draft.as_of_end = span.label, span.start, span.end
        return
    if mentions and draft.date_text is None:
        draft.date_text = min(mentions, key=lambda t: distance(doc, q, t))._.claimtrack_time.text
    period = published_period(doc._.claimtrack_published)
    if period is None and doc._.claimtrack_anchor is not None:
        anchor: dt.date = doc._.claimtrack_anchor
        period = anchor, anchor, anchor.isoformat()
    if period is not None:
        draft.as_of_start, draft.as_of_end, draft.as_of = period
        draft.as_of_inferred = True


def _date_claims(
    doc: Doc, cues: _Cues, quantities: list[Span]
) -> list[tuple[Span, ClaimDraft]]:
    """When something happened: a past time expression next to an event or attribution word."""
    out: list[tuple[Span, ClaimDraft]] = []
    if not (cues.nouns or cues.triggers or cues.subjects or cues.actors):
        return out  # not about anything tracked
    times = doc.spans.get("times", [])
    if not times:
        return out
    events = [e for e in cues.verbs + cues.preps + cues.events
              if not any(_overlaps(e, q) for q in quantities)]
    gap = EVENT_GAP.get(doc.lang_, 8)
    anchor: dt.date | None = doc._.claimtrack_anchor
    for t in times:
        mention = t._.claimtrack_time
        if mention is None or mention.span is None:
            continue
        if anchor is not None and mention.span.end > anchor:
            continue  # a plan, a forecast or a period still running: not a past event
        near = [e for e in events if distance(doc, t, e) <= gap]
        if not near:
            continue
        verb = min(near, key=lambda e: distance(doc, t, e))
        # the event: who did it (the source or actor nearest the verb) and the verb
        doers = [s for s in cues.sources + cues.actors if s.end <= verb.start]
        doer = _value(max(doers, key=lambda s: s.end)) if doers else None
        subject = f"{doer} {verb.text}" if doer else verb.text
        span = mention.span
        # the date itself is the outlet's statement: the source is part of the event
        out.append((t, ClaimDraft(
            kind="date", start=t.start_char, end=t.end_char, subject=subject,
            as_of=span.label, as_of_start=span.start,
            as_of_end=span.end, date_text=mention.text,
        )))
    return out
