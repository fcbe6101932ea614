"""Read claims from an annotated Doc: which figure counts what, who says it, when, how sure.

There is no parser in a blank pipeline, so the rules work on token distance inside a
sentence: the counted noun follows the figure closely; the kind is chosen by the nearest
trigger word of a kind that can count that noun; attribution needs a source tied to an
attribution verb or preposition. Clause punctuation between two words makes them farther
apart. A figure counts what governs it in its own clause: a trigger across a clause opener or
a negation, or the verb of another figure, does not count for it; a figure that measures or
labels something ("two blocks", "magnitude 6.8") counts nothing; one the text marks as a part
("including three nurses") narrows a count before it. All the words come from claims.yaml and
rules/<lang>/grammar.yaml.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from ..config import ClaimsConfig
from ..models import ClaimFields, Modality, Qualifier, published_period
from .attribution import credited_sources, named_sources, nearest_source, relayed_modality
from .counting import (
    denied_count,
    ends_with,
    has_word,
    headline,
    in_name,
    is_rate,
    lasting_part,
    marks_part,
    measures,
    negated,
    own_predicate,
    text_before,
)
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
# a counted noun that is itself a trigger ("100 hostages", "300 casualties") reads as if the
# trigger stood this far away: a verb of the clause nearer than that ("12 hostages were
# killed") says more about the figure than the noun does
NOUN_SELF = 6
# how far (tokens, with clause penalties) a trigger may stand after a counted noun's phrase
TRIGGER_GAP = 16
# how far (tokens) before the figure the name of a tally may stand ("the death toll from the
# strike has risen to 15")
TALLY_GAP = 16
# how far (tokens) after a figure with no noun its predicate's trigger may stand: "1,000 were
# believed to have been killed"
PREDICATE_GAP = 6
# how far (tokens) apart two figures of one list of parts may stand
LIST_GAP = 8
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
    # the text marks the figure as a part of a count given before it ("including three
    # nurses", "six remained in critical condition"): linked over the article
    narrows: bool = False
    # ... by a state that lasts ("are still held"): of its own time, not its count's
    lasting: bool = False


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
    tallies: list[Span] = field(default_factory=list)


def _split_cues(spans: Iterable[Span]) -> _Cues:
    cues = _Cues()
    table = {"noun": cues.nouns, "trigger": cues.triggers, "modality": cues.modality,
             "source": cues.sources, "subject": cues.subjects, "actor": cues.actors,
             "location": cues.locations, "event": cues.events, "tally": cues.tallies}
    idioms: list[Span] = []
    for span in spans:
        group, _, value = span.label_.partition("|")
        if group == "attr":
            (cues.verbs if value == "verb" else cues.preps).append(span)
        elif group == "idiom":
            idioms.append(span)
        elif group in table:
            table[group].append(span)
    if idioms:
        # "death row", "lives in": the trigger word inside counts nothing
        cues.triggers = [t for t in cues.triggers if not any(_overlaps(t, i) for i in idioms)]
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
    if cues.triggers and lang != "zh":
        # "Red Dead Redemption 2": a capitalised word inside a sentence is part of a name
        title = headline(doc)
        cues.triggers = [t for t in cues.triggers if not in_name(doc, t, title)]
    out: list[tuple[Span, ClaimDraft]] = []
    quantities = list(doc.spans.get("quantities", []))
    attribution = credited_sources(doc, cues, config, quantities, grammar)
    doc._.claimtrack_sources = named_sources(attribution)
    breaks: set[str] | None = None  # built for the first count: most passages have none
    starts = {q.start for q in quantities}
    # the figures that count something: a trigger after one of them is its own
    # (asked once per figure: the words after a figure are read for each)
    measured = {(q.start, q.end): measures(doc, q, m, config, lang, grammar)
                for q in quantities
                if (m := q._.claimtrack_quantity) is not None and m.role == "count"}
    counts = {start for (start, _), measure in measured.items() if not measure}
    claimed: set[int] = set()
    for q in quantities:
        m = q._.claimtrack_quantity
        # two numbers inside one token ("١٢٣thousands") widen to the same span: read it once
        if m is None or m.role != "count" or q.start in claimed:
            continue
        if breaks is None:
            breaks = {w.lower() for w in config.phrase_breaks.get(lang, [])}
        if measured[q.start, q.end]:
            continue
        noun = _head_noun(doc, q, cues, lang, breaks, starts - {q.start})
        if denied_count(doc, q, grammar) and not (noun is not None and any(
                q.end <= t.start and t.end <= noun.end for t in cues.triggers)):
            # "none of the 40 crew were hurt"; but "none of the three injured men could
            # describe them" still counts three injured
            continue
        if is_rate(doc, doc[q.start : max(q.end + 1, noun.end if noun is not None else 0)],
                 config, lang) or is_rate(doc, q, config, lang):
            continue
        tally = _tally(doc, q, cues, config, grammar, starts)
        counted = noun
        if tally is not None and noun is None:
            # "the number of soldiers killed ... has exceeded 3,000": the tally's noun says
            # who is counted (the figure's phrase stays the figure)
            counted = next((n for n in cues.nouns if tally[0] <= n.start and n.end <= q.start),
                           None)
        kind = (tally[1] if tally is not None else None) or _kind(
            doc, q, noun, cues, config, lang, grammar, counts - {q.start})
        if kind is None:
            continue
        rule = config.kinds[kind]
        if rule.when_target and q.start > 0 and doc[q.start - 1].lower_ in {
            w.lower() for w in rule.target_words.get(lang, ())
        }:
            kind = rule.when_target
            rule = config.kinds[kind]
        source = nearest_source(doc, q, attribution)
        mod = _modality(doc, q if noun is None else doc[q.start : noun.end], cues,
                        source.span if source else None)
        mod = relayed_modality(mod, source) or rule.modality or Modality.asserted
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
                  if noun is not None and kind.split(".")[0] == "equipment" else None),
            subject=_subject(doc, q, counted, cues, config, grammar),
            location=_location(doc, doc[q.start : end.end], cues.locations, grammar),
            attributed_to=source.name if source else None,
            anaphoric=source is not None and source.anaphor,
            modality=mod,
            narrows=marks_part(doc, q, noun, grammar) or _listed_after_part(doc, q, kind, out),
            lasting=lasting_part(doc, q, noun, grammar),
        )
        _set_time(doc, q, draft)
        out.append((span, draft))
    if out and len(claimed) < len(quantities):
        out.extend(_elliptical(doc, quantities, claimed, out, config, lang, grammar))
    out.extend(_date_claims(doc, cues, quantities))
    return out


def _listed_after_part(
    doc: Doc, q: Span, kind: str, out: list[tuple[Span, ClaimDraft]]
) -> bool:
    """The next item of a list of parts: "其中哈尔科夫30人，敖德萨12人", "including four medics
    and two journalists"."""
    if not out or not out[-1][1].narrows or out[-1][1].kind != kind:
        return False
    prev = out[-1][0]
    return 0 <= q.start - prev.end <= LIST_GAP and not any(
        t.text in (".", "。", ";", "；") for t in doc[prev.end : q.start])


def _tally(
    doc: Doc, q: Span, cues: _Cues, config: ClaimsConfig, grammar: Grammar, starts: set[int]
) -> tuple[int, str | None] | None:
    """A figure a tally reaches ("the death toll from the strike has risen to 15", "the
    number of soldiers killed and wounded has exceeded 3,000"): where the tally's phrase
    starts, and the kind of the triggers in it (None when it names none: "the count has
    climbed to 40")."""
    # "has risen to 15", "has already exceeded 3,000" (where the verb is read as the figure's
    # hedge, it opens the figure's own span)
    links = [t.lower_ in grammar.tally_links for t in doc[max(0, q.start - 2) : q.start + 1]]
    if not cues.tallies or not any(links):
        return None
    for tally in reversed(cues.tallies):
        if tally.end > q.start or q.start - tally.end > TALLY_GAP:
            continue
        between = doc[tally.start : q.start]
        if any(t.is_punct or t.i in starts for t in between):
            return None
        near = [t for t in cues.triggers
                if tally.start - 2 <= t.start and t.end <= q.start]
        if near:
            return tally.start, _value(max(near, key=lambda t: (t.end - t.start, -t.start)))
        # "the count has climbed to 40 as rescuers pulled more bodies out": what the
        # sentence counts, if it says
        rest = [t for t in cues.triggers
                if not _overlaps(t, q) and not config.kinds[_value(t)].needs_noun]
        if rest:
            return tally.start, _value(min(rest, key=lambda t: distance(doc, q, t)))
        return tally.start, None
    return None


def _elliptical(
    doc: Doc, quantities: list[Span], claimed: set[int],
    out: list[tuple[Span, ClaimDraft]], config: ClaimsConfig, lang: str, grammar: Grammar,
) -> list[tuple[Span, ClaimDraft]]:
    """The figures of a list that leaves out what they count: "killed 30 in Kharkiv, 12 in
    Odesa and 5 in Dnipro" gives 12 and 5 the kind of the 30, each with its place, and marks
    all of them as parts."""
    places = grammar.place_prepositions
    found: list[tuple[Span, ClaimDraft]] = []
    previous = [(span, d) for span, d in out]
    for q in quantities:
        m = q._.claimtrack_quantity
        if m is None or m.role != "count" or q.start in claimed or q.start == 0:
            continue
        mark = doc[q.start - 1]
        # "losses of 790,000, including 1,250 over the past day": a part of the count before
        subset = ends_with(text_before(doc, q.start, lang), grammar.subset_before, lang)
        # "killed 45: 30 in one city, 15 in another": the figures after a colon break it down
        opens = mark.text in (":", "：", "—", "–")
        if not subset and (q.end >= len(doc) or doc[q.end].lower_ not in places):
            continue
        if not subset and mark.text not in (",", "，", "、", ";") \
                and mark.lower_ not in ("and", "和", "及") and not opens:
            continue
        head = next((p for p in reversed(previous) if p[0].end <= q.start), None)
        if head is None:
            continue
        span, d = head
        hq = doc.char_span(d.start, d.end, alignment_mode="expand")
        if hq is None or q.start - hq.end > (LIST_GAP if subset else 8):
            continue
        if not opens and not subset:
            # the head of the list is a figure and its place too ("30 in Kharkiv")
            if not any(t.lower_ in places for t in doc[hq.end : hq.end + 3]):
                continue
            d.narrows = True
        part = d.model_copy(update={
            "start": q.start_char, "end": q.end_char, "value": m.value, "low": m.low,
            "high": m.high, "qualifier": m.qualifier, "narrows": True,
            "location": None, "as_of": None, "as_of_start": None, "as_of_end": None,
            "as_of_inferred": False, "date_text": None,
        })
        _set_time(doc, q, part)
        found.append((q, part))
        previous.append((q, part))
        claimed.add(q.start)
    return found


def _partitive(doc: Doc, q: Span, grammar: Grammar) -> bool:
    """ "one of the victims", "two of them": a part of a group ("all four of them" is whole)."""
    nxt = doc[q.end : q.end + 2]
    if q.start > 0 and doc[q.start - 1].lower_ in grammar.whole_quantifiers:
        return False
    return (len(nxt) == 2 and nxt[0].lower_ in grammar.partitive_links
            and nxt[1].lower_ in grammar.partitive_determiners)


def _kind(
    doc: Doc, q: Span, noun: Span | None, cues: _Cues, config: ClaimsConfig, lang: str,
    grammar: Grammar, others: set[int] | None = None,
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
    triggers = [t for t in cues.triggers if _value(t) in candidates]
    if noun is None:
        # "lost five straight", "released two reports": these words need a counted noun
        triggers = [t for t in triggers if t.text.lower() not in
                    config.noun_trigger_words.get((_value(t), lang), ())]
    triggers = _governing(doc, q, phrase, triggers, grammar, others or set(), cues.nouns)
    main = _main_predicate(doc, q, noun, triggers, grammar)
    if main is not None:
        return _value(main)
    best: tuple[bool, int, bool, int, str] | None = None
    for t in triggers:
        kind = _value(t)
        if _overlaps(t, q):
            continue
        # "100 hostages": the noun itself says what the figure counts
        d = NOUN_SELF if noun is not None and _overlaps(t, noun) else distance(doc, phrase, t)
        if noun is None and (d > BARE_TRIGGER_GAP.get(lang, 3) or d != _plain_gap(q, t)):
            continue
        if d > TRIGGER_GAP and t.start >= phrase.end:
            # another clause's word: "featured six jets, ..., marking a deployment" (a word
            # before a list governs all of it)
            continue
        # without a noun, kinds that need none (casualties) go first: "thousands more wounded"
        # at one distance, the word right after the noun splits a loss before it: "lost 40
        # men killed and 95 wounded"
        split = d == 0 and t.start in (phrase.end, q.end) and config.kinds[kind].scope is None
        key = (noun is None and config.kinds[kind].needs_noun, d, not split,
               -config.kinds[kind].priority, kind)
        if best is None or key < best:
            best = key
    if best is not None:
        return best[4]
    if noun_class is not None and noun is not None and _placed(doc, q, noun, cues, grammar) \
            and not own_predicate(doc, noun, grammar):
        # a force with no trigger word ("11,000 North Korean troops in Kursk", "13,000 US
        # troops remain in Afghanistan") is there; a count of guards named with no party or
        # theatre ("two prison guards charged") is no deployment
        for k in sorted(candidates):
            if config.kinds[k].default:
                return k
    return None


def _placed(doc: Doc, q: Span, noun: Span, cues: _Cues, grammar: Grammar) -> bool:
    """The sentence names whose force it is or where: a subject, actor or place of claims.yaml,
    a name inside the figure's phrase ("13,000 US troops"), or one after a place preposition
    right after it ("troops in Afghanistan")."""
    if cues.subjects or cues.actors or cues.locations:
        return True
    if any(t.text[:1].isupper() for t in doc[q.end : noun.start] if not t.is_punct):
        return True
    after = doc[noun.end : noun.end + 4]
    return any(a.lower_ in grammar.place_prepositions and b.is_title
               for a, b in zip(after, after[1:], strict=False))


def _governing(
    doc: Doc, q: Span, phrase: Span, triggers: list[Span], grammar: Grammar, others: set[int],
    nouns: list[Span],
) -> list[Span]:
    """The triggers that may govern the figure: not one across a clause opener ("found dead
    after two women called 911"), nor one denied or taken by another subject ("nine people in
    it, but none were injured"); for "eight others" or "another 250", not the trigger of the
    count before them when one follows."""
    out = []
    for t in triggers:
        if t.end <= phrase.start:
            between = doc[t.end : phrase.start]
        elif t.start >= phrase.end:
            between = doc[phrase.end : t.start]
            if any(phrase.end <= i < t.start and any(w.is_punct for w in doc[phrase.end : i])
                   for i in others):
                # "200,000 children in custody ..., the three deaths": the three's ("eight
                # journalists and five medics were injured" share it)
                continue
        else:
            out.append(t)
            continue
        if has_word(doc, between, grammar.clause_openers | grammar.negations, nouns):
            continue
        if t.start >= phrase.end or not negated(doc, t, phrase, grammar, nouns):
            out.append(t)
    contrastive = (phrase[-1].lower_ in grammar.contrastive
                   or (q.start > 0 and doc[q.start - 1].lower_ in grammar.contrastive)
                   or (doc.lang_ == "zh" and ends_with(text_before(doc, q.start, doc.lang_),
                                                        grammar.contrastive, doc.lang_)))
    if contrastive and any(t.start >= phrase.end for t in out):
        out = [t for t in out if t.start >= phrase.end]
    return out


def _main_predicate(
    doc: Doc, q: Span, noun: Span | None, triggers: list[Span], grammar: Grammar
) -> Span | None:
    """ "2,000 soldiers deployed to Russia have been killed": a trigger right after the noun
    is a participle describing it; the trigger after an auxiliary later in the clause is what
    the sentence says of the figure. A figure with no noun whose verb follows it ("about
    1,000 were believed to have been killed") takes that verb's trigger."""
    if not grammar.auxiliaries:
        return None
    if noun is None:
        # "four of the injured died": the group ("of the injured") is not what happened
        k = q.end + 3 if _partitive(doc, q, grammar) else q.end
        if k < len(doc) and k > q.end:
            direct = [t for t in triggers if t.start == k]
            if direct:
                return direct[0]
        if k >= len(doc) or doc[k].lower_ not in grammar.auxiliaries:
            return None
        for t in sorted(triggers, key=lambda t: t.start):
            if k < t.start <= k + PREDICATE_GAP and all(
                w.lower_ in grammar.auxiliaries or w.lower_ in grammar.predicate_links
                or w.lower_.endswith("ly") for w in doc[k : t.start]
            ):
                return t
        return None
    if not any(t.start == noun.end for t in triggers):
        return None
    for i in range(noun.end + 1, len(doc)):
        tok = doc[i]
        # the clause ends: "two died and two were injured" gives "died" to the first
        if tok.is_punct or tok.lower_ in grammar.clause_penalties or tok.like_num:
            return None
        if tok.lower_ in grammar.auxiliaries:
            later = [t for t in triggers if i < t.start <= i + 3]
            if later:
                return min(later, key=lambda t: t.start)
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


def _after(doc: Doc, span: Span, words: frozenset[str]) -> bool:
    """Whether one of `words` stands right before `span` (or before its article), read on the
    text, so that a language without spaces (对抗乌军) reads as one with them."""
    i = span.start - 1
    if i >= 0 and doc[i].lower_ in ("the", "a", "an"):
        i -= 1
    if i < 0:
        return False
    before = doc.text[max(0, doc[i].idx - 12) : doc[i].idx + len(doc[i].text)].lower()
    for word in words:
        if before.endswith(word):
            cut = len(before) - len(word)
            if cut == 0 or not (word[:1].isascii() and before[cut - 1].isalpha()):
                return True
    return False


def _owns_another(doc: Doc, actor: Span, q: Span) -> bool:
    """'Moscow's campaign': a possessive actor whose noun is not the figure's phrase."""
    i = actor.end
    if i >= len(doc) or doc[i].lower_ not in ("'s", "’s", "'", "’"):
        return False
    return not (i + 1 <= q.start <= i + 2)


def _inside_name(doc: Doc, actor: Span, grammar: Grammar) -> bool:
    """'BBC Ukraine', 'Radio Free Asia': the actor's name is the last word of another name
    (a capitalised word before it, not the sentence's first)."""
    i = actor.start - 1
    if i < 0 or doc[i].is_sent_start:
        return False
    word = doc[i].text
    # a title is no name of its own: "Leader Kim Jong Un" in a headline's capitals
    return (word[:1].isupper() and word.isalpha()
            and doc[i].lower_ not in ("the", "a", "an", *grammar.person_titles))


def _sufferer(doc: Doc, q: Span, cues: _Cues, grammar: Grammar) -> str | None:
    """The nearest actor before the figure with a loss verb between them ("Russia had
    suffered 41,000 killed"); a party after the figure is a speaker ("..., Russia said")."""
    if not grammar.loss_verbs:
        return None
    between = [a for a in cues.actors if a.end <= q.start
               and not _after(doc, a, grammar.place_prepositions | grammar.opposing)
               and not _owns_another(doc, a, q) and not _inside_name(doc, a, grammar)]
    for actor in sorted(between, key=lambda a: -a.start):
        gap = doc.text[doc[actor.end - 1].idx + len(doc[actor.end - 1].text) : q.start_char]
        if any(w in gap.lower() for w in grammar.loss_verbs):
            return _value(actor)
    return None


def _subject(
    doc: Doc, q: Span, noun: Span | None, cues: _Cues, config: ClaimsConfig, grammar: Grammar
) -> str | None:
    """Who is counted: a subject named at the figure ("North Korean troops"), else the subject
    of the nearest actor in the sentence ("North Korea has deployed 11,000 troops"), else the
    noun class's own subject ("troops", "people")."""
    end = noun.end if noun is not None else q.end
    if noun is not None:
        item = config.item_of.get(doc.lang_, {}).get(noun.text.lower())
        if item is not None:
            return item  # "12 tanks": the tanks, a quantity apart from the drones
    for s in cues.subjects:
        if s.start <= end and s.end > q.start:
            return _value(s)
    # elsewhere in the sentence, a force fought ("hurt in clashes against the rebel
    # forces") is not the one counted
    named = [s for s in cues.subjects if not _after(doc, s, grammar.opposing)]
    if noun is None:
        # "an estimated 14,000 were sent": the subject the sentence names, if any
        if named:
            return _value(min(named, key=lambda s: distance(doc, q, s)))
        # "Moscow, he said, had suffered 41,000 killed": the party that suffers the loss
        return _sufferer(doc, q, cues, grammar)
    if _value(noun) in config.kinds_nouns_with_actors:
        # a subject the sentence names elsewhere ("North Korean troops were deployed ...,
        # with preparations for an additional 10,000 soldiers")
        if named:
            return _value(min(named, key=lambda s: distance(doc, q, s)))
        # else the party that acts: "North Korea has deployed 11,000 troops", but not a
        # destination or place ("sent to Russia", "in Ukraine"), a party fought, the owner of
        # something else ("in support of Moscow's campaign") or a word of another name
        # ("according to BBC Ukraine")
        acting = [a for a in cues.actors
                  if not _after(doc, a, grammar.place_prepositions | grammar.opposing)
                  and not _owns_another(doc, a, q) and not _inside_name(doc, a, grammar)]
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
        stated = _stated_within(doc, span.start, span.end,
                                planned=draft.modality is Modality.planned)
        if stated is not None:
            draft.as_of_start, draft.as_of_end, draft.as_of = stated
            return
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


def _stated_within(
    doc: Doc, start: dt.date, end: dt.date, *, planned: bool
) -> tuple[dt.date, dt.date, str] | None:
    """The publication date, when a figure's period runs through it ("this year", "over the
    past week", "so far this month"), or when it is a plan's target ("expected by December",
    "to send next month"): a count up to now, or a plan, holds as of the day it is stated, not
    of the whole period or the day it aims at."""
    anchor: dt.date | None = doc._.claimtrack_anchor
    if anchor is None:
        return None
    through = start != end and start <= anchor <= end
    if not (through or (planned and start > anchor)):
        return None
    return published_period(doc._.claimtrack_published) or (anchor, anchor, anchor.isoformat())


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
        # what the sentence is about: the reconciler matches events by it across articles
        topics = " ".join(sorted({_value(k) for k in cues.triggers})) or None
        span = mention.span
        # the date itself is the outlet's statement: the source is part of the event
        out.append((t, ClaimDraft(
            kind="date", start=t.start_char, end=t.end_char, subject=subject, item=topics,
            as_of=span.label, as_of_start=span.start,
            as_of_end=span.end, date_text=mention.text,
        )))
    return out
