"""Who a figure is attributed to: the parties a sentence credits, and the one nearest a figure.

There is no parser or tagger in a blank pipeline, so a party is read from token shapes: a noun
phrase of capitalised words, possessives, the party words of rules/<lang>/grammar.yaml
("officials", "ministry") and their lower-case modifiers ("health officials in the Kivu province"),
standing where an attribution word of claims.yaml puts a speaker:

- after a preposition: "according to X", "citing X";
- before a verb: "X said", "X on Monday estimated";
- after a verb that follows a clause mark: "..., said X";
- before a report word: "X's figures";
- after a passive verb: "estimated by X";
- at the end of a headline: "...: X", "... — X".

The phrase is named by the claims.yaml source whose alias it is (or, holding a name, nearly
is); otherwise as written. A phrase that refers back ("the agency", "he") stands for the party
named before it in the sentence, else it is resolved over the article (extract/document.py).
When one party passes on another's figure ("X, citing Y", "X said Y believed"), an outlet is
only the messenger (the figure is Y's, relayed) and any other teller is the source, relaying.
Languages written without capitals (Chinese) tie the sources claims.yaml lists to the
attribution words around them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz, process
from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

from ..config import ClaimsConfig
from ..load.outlet_rules import outlet_rules
from ..models import Modality
from .doctext import doc_text
from .grammar import Grammar

if TYPE_CHECKING:
    from .claims import _Cues

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# at most this many tokens in a party's phrase, and lower-case modifiers in a row in it
MAX_PHRASE = 14
MAX_LOWER = 3
# tokens that may stand between a party and its verb ("the ministry also said")
MAX_GAP = 6
# how far (tokens, with clause penalties) "citing Y" may stand from the speaker it goes with
CITING_REACH = 24
SENTENCE_ENDS = frozenset({".", "!", "?", "…"})
# a clause mark right before a verb that takes its speaker after it ("..., said X")
INVERSION_MARKS = frozenset({",", "”", '"', "'", "’", "“"})


class Party(NamedTuple):
    """A party a sentence names, as a later "he" or "the agency" may refer to it: whether it is
    a person (None when its words do not tell: "Red Cross", "Jane Roe") or an outlet."""

    name: str
    person: bool | None
    outlet: bool


@dataclass(frozen=True)
class Credit:
    """A party the sentence credits: where it is named, its name (for an anaphor, the word
    that refers back: "the agency"), whether it passes on what another said, the verb it
    speaks by, if any, and whether it is an outlet."""

    span: Span
    name: str
    relayed: bool = False
    verb: Span | None = None
    outlet: bool = False
    anaphor: bool = False
    person: bool | None = None


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _value(span: Span) -> str:
    return span.label_.partition("|")[2]


def credited_sources(
    doc: Doc, cues: _Cues, config: ClaimsConfig, quantities: list[Span], grammar: Grammar
) -> list[Credit]:
    """The parties the sentence credits. Asked while `read_claims` runs (it measures distance).
    A 'reported' word that is a party's own verb, and a capitalised modality word inside a
    time expression ("in May"), leave `cues.modality`."""
    # "an estimated 14,000" is a hedge, not someone estimating
    verbs = [v for v in cues.verbs if not any(_overlaps(v, q) for q in quantities)]
    # 据报道 ("it is reported") is a modality, not 据 ("according to") a source
    preps = [p for p in cues.preps if not any(_overlaps(p, m) and m.end > p.end
                                              for m in cues.modality)]
    if not grammar.party_heads:
        listed = _cue_credits(doc, cues, config, verbs, preps)
        listed += [c for c in _uncased_credits(doc, cues, config, verbs, preps, grammar)
                   if not any(_overlaps(c.span, t.span) for t in listed)]
        # an outlet's figure is one it passes on
        return [replace(c, relayed=True) if c.outlet else c for c in listed]
    reader = _Reader(doc, cues, config, grammar)
    credits = reader.read(verbs, preps, quantities) or _cue_credits(doc, cues, config, verbs,
                                                                    preps)
    # "the army had reported that ...": a party's own verb says who speaks, not that the figure
    # is relayed ("have reported", a phrase of its own, still is)
    own = {(c.verb.start, c.verb.end) for c in credits if c.verb is not None and not c.outlet}
    # "in May", "May 5": a capitalised word of a time expression is a name, no modality
    timed = reader.timed
    cues.modality = [m for m in cues.modality if ((m.start, m.end) not in own
                     or _value(m) != Modality.reported.value)
                     and not (m.start in timed and m.text[:1].isupper())]
    return credits


def named_sources(credits: list[Credit]) -> list[Party]:
    """The parties the sentence names, for a later "the agency said" to refer to."""
    return [Party(c.name, c.person, c.outlet) for c in credits if not c.anaphor]


def nearest_source(doc: Doc, q: Span, credits: list[Credit]) -> Credit | None:
    """The credited party nearest the figure, named ones before anaphors at equal distance."""
    from .claims import distance  # claims imports this module

    if not credits:
        return None
    return min(credits, key=lambda c: (distance(doc, q, c.span), c.anaphor))


def relayed_modality(modality: Modality | None, source: Credit | None) -> Modality | None:
    """A figure its source passes on from another is 'reported', unless the text says more
    (estimated, planned, denied, possible)."""
    if source is not None and source.relayed and modality in (None, Modality.asserted):
        return Modality.reported
    return modality


class _Reader:
    """Party phrases around the attribution words of one sentence."""

    def __init__(self, doc: Doc, cues: _Cues, config: ClaimsConfig, grammar: Grammar) -> None:
        self.doc = doc
        self.cues = cues
        self.config = config
        self.g = grammar
        self.anaphors = config.attribution.anaphor_words.get(doc.lang_, frozenset())
        # tokens inside a time expression may stand between a party and its verb
        self.timed = {i for t in doc.spans.get("times", []) for i in range(t.start, t.end)}

    def read(self, verbs: list[Span], preps: list[Span], quantities: list[Span]) -> list[Credit]:
        doc, g = self.doc, self.g
        numbers = {i for q in quantities for i in range(q.start, q.end)}
        credits: list[Credit] = []
        cited: list[Credit] = []  # parties named after "citing", "quoting"
        # "X said ..., according to media reports": no party, but X's words are relayed, in
        # the whole sentence
        hearsay: list[Span] = []
        for p in preps:
            phrase = self.after(p.end)
            if phrase is None and self._reports_follow(p.end):
                hearsay.append(p)
            if phrase is None or phrase.start in numbers:
                continue
            credit = self.credit(phrase)
            if p.text.lower() in g.citing:
                cited.append(credit)
            else:
                credits.append(credit)
        headline = bool(len(doc)) and doc[-1].text not in SENTENCE_ENDS
        for v in verbs:
            if v.start > 0 and doc[v.start - 1].lower_ in g.media_words and \
                    v.text.lower() in g.report_nouns:
                continue  # "media reports": a noun
            if v.start > 0 and v.text[:1].isupper() and not headline:
                continue  # "Two United States service members": a name
            if v.text.lower() in g.citing:
                phrase = self.after(v.end)
                if phrase is not None:
                    cited.append(self.credit(phrase))
                continue
            speaker = self.before(v.start)
            if speaker is None and v.start > 1 and doc[v.start - 1].text == "," and \
                    v.text.lower().endswith("ing"):
                # "The mayor, writing on her blog", "The president has warned ..., saying":
                # the party the sentence opens with (not a dateline: "WASHINGTON –")
                speaker = self.after(0)
                if speaker is not None and speaker.end < len(doc) and \
                        doc[speaker.end].is_punct and doc[speaker.end].text != ",":
                    speaker = None
            elif speaker is None and v.start > 0 and doc[v.start - 1].text in INVERSION_MARKS:
                speaker = self.after(v.end)
                if speaker is None and doc[v.start - 1].text == ",":
                    # "A UN spokesperson, Jane Roe, said": the name in apposition
                    speaker = self.before(v.start - 1)
            if speaker is not None:
                credits.append(replace(self.credit(speaker), verb=v))
            # "estimated by researchers", "a report published by the newspaper": the verb is
            # part of how the agent is credited ("estimated by" makes an estimate)
            agent = self.agent(v.end)
            if agent is not None:
                credits.append(replace(self.credit(agent), span=doc[v.start : agent.end]))
        credits.extend(self.report_owners())
        if any(mark in doc_text(doc) for mark in g.headline_marks):
            credits.extend(self.headline())
        if not credits and not cited:
            return []  # most sentences credit no one
        credits = _relay(doc, _unique(credits), cited)
        for p in hearsay:
            from .claims import distance  # claims imports this module

            near = [c for c in credits if not any(
                t.text in SENTENCE_ENDS for t in doc[min(c.span.end, p.end) : max(c.span.start,
                                                                                p.start)])]
            if near:
                teller = min(near, key=lambda c: distance(doc, c.span, p))
                credits = [replace(c, relayed=True) if c is teller else c for c in credits]
        return _resolve_here(credits)

    def _reports_follow(self, start: int) -> bool:
        """ "according to media reports", "according to briefings": reports, no party."""
        doc, g = self.doc, self.g
        for k in range(start, min(len(doc), start + 5)):
            if doc[k].lower_ in g.report_nouns:
                return True
            if not (self._modifier(k) or doc[k].lower_ in g.articles
                    or doc[k].lower_ in g.party_determiners):
                return False
        return False

    # -- phrases

    def before(self, end: int) -> Span | None:
        """A party's phrase ending before `end`, over the words that may stand between a party
        and its verb ("has", "also", a time expression)."""
        doc, g = self.doc, self.g
        i = end
        # "on Monday", "in March": a function word opening a time expression
        while i > 0 and end - i < MAX_GAP and (
            doc[i - 1].lower_ in g.source_gap or i - 1 in self.timed
            or (doc[i - 1].is_stop and doc[i - 1].is_lower and i in self.timed)
        ):
            i -= 1
        for stop in ([i, end] if i != end else [end]):
            phrase = self._back(self._skip_aside(stop))
            if phrase is not None:
                return self._before_relative(phrase)
        return None

    def _skip_aside(self, end: int) -> int:
        """ "the Rapid Response Unit (RRU) said": read the party before its bracketed short
        name; "researchers, who said": the party before the relative pronoun."""
        doc, g = self.doc, self.g
        if end > 0 and doc[end - 1].lower_ in g.relative_pronouns:
            end -= 1
            if end > 0 and doc[end - 1].text == ",":
                end -= 1
        if end > 2 and doc[end - 1].text == ")":
            for k in range(end - 2, max(0, end - 5), -1):
                if doc[k].text == "(":
                    return k
        return end

    def _before_relative(self, phrase: Span) -> Span:
        """ "researchers at the university, Belgium, who said": a lone name between commas
        before a relative pronoun is an aside; the party stands before it."""
        doc = self.doc
        after = doc[phrase.end] if phrase.end < len(doc) else None
        if len(phrase) == 1 and phrase.start > 1 and doc[phrase.start - 1].text == "," and \
                after is not None and after.text == "," and phrase.end + 1 < len(doc) and \
                doc[phrase.end + 1].lower_ in self.g.relative_pronouns:
            earlier = self._back(phrase.start - 1)
            if earlier is not None:
                return earlier
        return phrase

    def _back(self, end: int) -> Span | None:
        doc, g = self.doc, self.g
        if end <= 0:
            return None
        head = end - 1
        if head in self.timed:
            return None  # "on Friday said": a day does not speak
        if doc[head].lower_ in self.anaphors:
            return self._anaphor_at(head)
        if not (self._name(head) or self._party_word(head) or self._joined(head)):
            # "officials in the region say", "the ministry of health said": a party word
            # before a link, the rest of the phrase a place or a field
            k = head
            while k > 0 and head - k < 4 and (self._modifier(k) or doc[k].lower_ in g.articles
                                               or self._name(k)):
                k -= 1
            if k > 0 and k < head and doc[k].lower_ in g.party_links and \
                    doc[k].lower_ != "and" and self._party_word(k - 1):
                inner = self._back(k)
                return doc[inner.start : end] if inner is not None else None
            return None
        start, lowers, j = head, 0, head - 1
        while j >= 0 and end - j <= MAX_PHRASE:
            t = doc[j]
            if self._name(j) or t.text in POSSESSIVE or self._joined(j):
                start, lowers = j, 0
            elif t.lower_ in g.party_links and j > 0 and (
                    self._name(j - 1) or self._party_word(j - 1) or self._joined(j - 1)):
                start = j
            elif t.lower_ in g.articles or t.lower_ in g.party_determiners:
                start = j
                if not (j > 1 and doc[j - 1].lower_ in g.party_links):
                    break
            elif self._modifier(j) and lowers < MAX_LOWER:
                start, lowers = j, lowers + 1
            else:
                break
            j -= 1
        # a phrase starts with a name, a party word, a modifier or a determiner, not a link
        while start < head and doc[start].lower_ in g.party_links:
            start += 1
        return doc[start:end]

    def _anaphor_at(self, head: int) -> Span:
        doc = self.doc
        for start in range(max(0, head - 3), head + 1):
            if doc[start : head + 1].text.lower() in self.anaphors:
                return doc[start : head + 1]
        return doc[head : head + 1]

    def after(self, start: int) -> Span | None:
        """A party's phrase starting at `start`, cut after its last name or party word."""
        doc, g = self.doc, self.g
        if start in self.timed:
            return None  # "..., said Monday": a day does not speak
        # "forecasts by analysts", "a new report by researchers": the party behind the report
        k = start
        while k < len(doc) and k - start < 4 and (doc[k].lower_ in g.articles
                                                  or self._modifier(k)):
            if doc[k].lower_ in g.report_nouns and k + 1 < len(doc) and \
                    doc[k + 1].lower_ in g.agent_links:
                return self.after(k + 2)
            k += 1
        j, last, lowers = start, -1, 0
        while j < len(doc) and j - start < MAX_PHRASE:
            t = doc[j]
            if self._name(j) or self._party_word(j) or self._joined(j):
                last, lowers = j, 0
            elif t.text in POSSESSIVE and j > start:
                pass
            elif t.lower_ in g.articles or t.lower_ in g.party_determiners:
                if j != start and doc[j - 1].lower_ not in g.party_links:
                    break
            elif t.lower_ in g.party_links and last >= 0 and j + 1 < len(doc):
                pass
            elif self._modifier(j) and lowers < MAX_LOWER:
                lowers += 1
            else:
                break
            j += 1
        if last < 0:
            return None
        phrase = doc[start : last + 1]
        if phrase.text.lower() in self.anaphors:
            return phrase
        # "a report by researchers", "forecasts by analysts": the party behind the report
        for k in range(phrase.start, phrase.end):
            if doc[k].lower_ in g.report_nouns and k + 1 < phrase.end and \
                    doc[k + 1].lower_ in g.agent_links:
                inner = self.after(k + 2)
                if inner is not None:
                    return inner
        return phrase

    def agent(self, end: int) -> Span | None:
        doc, g = self.doc, self.g
        i = end
        while i < len(doc) and i - end < 2 and doc[i].lower_ in g.source_gap:
            i += 1
        if i < len(doc) and doc[i].lower_ in g.agent_links:
            return self.after(i + 1)
        return None

    def report_owners(self) -> list[Credit]:
        """ "X's figures", "UN figures", "figures from the health ministry": a party owning a
        report (without a possessive, a named one)."""
        doc, g = self.doc, self.g
        out: list[Credit] = []
        if not len(doc):
            return out
        # most sentences hold no report noun: found in the array of lower-case forms rather
        # than by making a Token of each word
        ids = g.report_noun_ids
        for i, h in enumerate(doc.to_array(LOWER).tolist()):
            if h not in ids:
                continue
            k = i - 1
            while k >= 0 and i - k <= 2 and self._modifier(k):
                k -= 1  # "X's latest estimate"
            if k > 0 and doc[k].text in POSSESSIVE:
                phrase = self._back(k)
            else:
                phrase = self._back(i)
                if phrase is not None and not self._has_name(phrase, strict=True):
                    phrase = None
            if phrase is None and i + 2 < len(doc) and doc[i + 1].lower_ in g.report_links:
                phrase = self.after(i + 2)
                if phrase is not None and not (self._has_name(phrase) or any(
                        self._party_word(j) for j in range(phrase.start, phrase.end))):
                    phrase = None
            if phrase is not None:
                out.append(self.credit(phrase))
        return out

    def headline(self) -> list[Credit]:
        """ "...: Kigali spy agency", "... — Zelensky": a headline ends with who says it."""
        doc, g = self.doc, self.g
        if not len(doc) or doc[-1].text in SENTENCE_ENDS:
            return []
        for i in range(len(doc) - 1, max(0, len(doc) - MAX_PHRASE) - 1, -1):
            if doc[i].text in g.headline_marks:
                phrase = self.after(i + 1)
                if phrase is not None and phrase.end == len(doc) and self._has_name(phrase):
                    return [self.credit(phrase)]
                return []
        return []

    # -- token shapes

    def _name(self, i: int) -> bool:
        t = self.doc[i]
        if not t.text[:1].isupper() or t.text.lower() in self.anaphors or t.like_num:
            return False
        # "The", "It", "In": function words capitalised at a sentence start; "US" is a name
        return not t.is_stop or (t.is_upper and len(t) > 1)

    def _joined(self, i: int) -> bool:
        """A piece of a hyphenated name: "Min-ho" is Min, -, ho."""
        doc = self.doc
        if doc[i].text == "-":
            return 0 < i < len(doc) - 1 and not doc[i - 1].whitespace_ and \
                not doc[i].whitespace_ and self._name(i - 1)
        return i > 1 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and \
            not doc[i - 2].whitespace_ and self._name(i - 2) and doc[i].is_alpha

    def _party_word(self, i: int) -> bool:
        return self.doc[i].lower_ in self.g.party_heads

    def _modifier(self, i: int) -> bool:
        t = self.doc[i]
        return t.is_alpha and t.is_lower and not t.is_stop and t.lower_ not in self.g.source_gap

    def _has_name(self, phrase: Span, *, strict: bool = False) -> bool:
        """A name among the phrase's words; `strict`: not a common word capitalised at the
        sentence start ("Official figures"), unless an acronym ("UN figures")."""
        return any(self._name(i) and not (strict and i == 0 and not self.doc[i].is_upper)
                   for i in range(phrase.start, phrase.end))

    # -- names

    def credit(self, phrase: Span) -> Credit:
        """The party a phrase names: a claims.yaml source, an anaphor, or the words as written
        (without a leading article or a trailing report word)."""
        doc, g = self.doc, self.g
        if phrase.text.lower() in self.anaphors:
            return Credit(phrase, phrase.text.lower(), anaphor=True)
        start, end = phrase.start, phrase.end
        while start < end - 1 and doc[start].lower_ in g.articles:
            start += 1
        while end - 1 > start and (doc[end - 1].lower_ in g.report_nouns
                                   or doc[end - 1].text in POSSESSIVE):
            end -= 1
        core = doc[start:end]
        for src in self.cues.sources:
            inner = src.start
            while inner < src.end - 1 and doc[inner].lower_ in g.articles:
                inner += 1
            if not _value(src) or src.end != end or inner < start:
                continue
            # the alias is the whole phrase, or the phrase only adds whose it is before it
            # ("Japan's Yonhap News Agency"); "Ukraine officials" is not Ukraine
            if inner == start or (inner > start and doc[inner - 1].text in POSSESSIVE
                                  and all(self._name(k) or doc[k].text in POSSESSIVE
                                          for k in range(start, inner))):
                return self._named(phrase, _value(src))
        if self._has_name(core):
            hit = _fuzzy_source(core.text, self.config)
            if hit is not None:
                return self._named(phrase, hit)
        # "Officials said": a party word capitalised only because it opens the sentence
        name = core.text.lower() if len(core) == 1 and core.start == 0 and \
            self._party_word(core.start) and not core[0].is_upper else core.text
        return Credit(phrase, name, outlet=self._outlet_words(core), person=self._person(core))

    def _named(self, phrase: Span, name: str) -> Credit:
        kind = self.config.source_types.get(name)
        return Credit(phrase, name, outlet=kind == "outlet", person=kind == "person")

    def _person(self, core: Span) -> bool | None:
        """A party named as written is a person when it holds a title ("lawmaker", "Party
        Rep. Lee", "President"), else a group when it holds a party word ("officials",
        "ministry"); else unknown."""
        words = {t.lower_ for t in core}
        if words & self.g.person_titles:
            return True
        return False if words & self.g.party_heads else None

    def _outlet_words(self, core: Span) -> bool:
        """A party named as written is an outlet when it holds a media word ("Russian media",
        "the newspaper Haaretz") or its first words are an outlet's name ("BBC Ukraine")."""
        if any(t.lower_ in self.g.media_words for t in core):
            return True
        types = self.config.source_types
        if any(types.get(_value(c)) == "outlet" and core.start <= c.start and c.end <= core.end
               for c in self.cues.sources):
            return True  # "Yonhap's English service"
        names = outlet_rules().outlet_names
        agencies = outlet_rules().agencies
        return any(core[:k].text.lower() in names or core[:k].text in agencies
                   for k in range(1, len(core) + 1))


def _resolve_here(credits: list[Credit]) -> list[Credit]:
    """ "Officials said ... The officials reportedly said": an anaphor after a party named in
    the same passage stands for it; one before any is resolved over the article."""
    out: list[Credit] = []
    last: Credit | None = None
    for c in credits:
        if c.anaphor and last is not None and not last.outlet:
            c = replace(c, name=last.name, anaphor=False, person=last.person)
        elif not c.anaphor:
            last = c
        out.append(c)
    return out


def _unique(credits: list[Credit]) -> list[Credit]:
    """One credit per phrase: a phrase read twice (a preposition and a verb) counts once."""
    seen: dict[tuple[int, int], Credit] = {}
    for c in credits:
        key = (c.span.start, c.span.end)
        if key not in seen or (seen[key].verb is None and c.verb is not None):
            seen[key] = c
    # a phrase inside another's ("Lee" of "lawmaker Lee") is the same party
    out = [c for c in seen.values() if not any(
        o is not c and o.span.start <= c.span.start and c.span.end <= o.span.end
        and (o.span.start, o.span.end) != (c.span.start, c.span.end) for o in seen.values())]
    return sorted(out, key=lambda c: c.span.start)


def _source_of_relay(teller: Credit, told: Credit) -> Credit:
    """Who a relayed figure is credited to: an outlet is only the messenger of the party it
    tells of; anyone else telling is the source, relaying."""
    return replace(told if teller.outlet else teller, relayed=True)


def _relay(doc: Doc, credits: list[Credit], cited: list[Credit]) -> list[Credit]:
    """One party passing on another's figure: "X, citing Y" and "X said (that) Y believed".
    An outlet passing on another party is only the messenger: the figure is that party's,
    relayed. Anyone else telling is the source, relaying. Two outlets keep their own names
    (the article's source chain records one citing the other). "Citing Y" goes with the
    party of its own sentence nearest it."""
    from .claims import distance  # claims imports this module

    speakers = [c for c in credits if c.verb is not None]
    if cited:
        out = list(credits)
        for origin in cited:
            # the teller: a speaker, or a party after "according to" ("according to Yonhap,
            # citing the spy agency")
            near = [t for t in out if distance(doc, t.span, origin.span) <= CITING_REACH]
            if not near:
                out.append(origin)
                continue
            teller = min(near, key=lambda t: distance(doc, t.span, origin.span))
            if teller.outlet and origin.outlet:
                out.append(origin)
                continue
            out.remove(teller)
            out.append(_source_of_relay(teller, origin))
        return _relay(doc, _unique(out), [])
    # "X said that Y believed ...": the second speaker within the first's clause
    for outer, inner in zip(speakers, speakers[1:], strict=False):
        assert outer.verb is not None
        if not 0 <= inner.span.start - outer.verb.end <= 2:
            continue
        out = [c for c in credits if c is not outer and c is not inner]
        if inner.anaphor:
            # "the agency confirmed that it believed": one party
            out.append(outer)
        else:
            out.append(_source_of_relay(outer, inner))
        return _relay(doc, _unique(out), [])
    # "X said, according to Yonhap": the outlet brings X's words, X stays the source
    from_outlets = [c for c in credits if c.outlet and c.verb is None]
    for outlet in from_outlets:
        near = [t for t in speakers if not t.outlet and t in credits
                and distance(doc, t.span, outlet.span) <= CITING_REACH]
        if near:
            teller = min(near, key=lambda t: distance(doc, t.span, outlet.span))
            credits = [replace(c, relayed=True) if c is teller else c
                       for c in credits if c is not outlet]
    return [replace(c, relayed=True) if c.outlet else c for c in credits]


def _cue_credits(
    doc: Doc, cues: _Cues, config: ClaimsConfig, verbs: list[Span], preps: list[Span]
) -> list[Credit]:
    """Sources claims.yaml lists, tied by the attribution words around them: after a
    preposition ("according to X", 据X), before a verb ("X said", X称), or after a verb at the
    end of a clause ("..., said X."); else an unknown capitalised name before a verb."""
    from .claims import distance  # claims imports this module

    types = config.source_types
    tied: list[Credit] = []
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
            tied.append(Credit(src, name or src.text.lower(), outlet=types.get(name) == "outlet",
                               anaphor=not name))
    if not tied and verbs:
        # an unknown name before "said": match it to an alias loosely, or keep it as written
        for v in verbs:
            np = _capitalised_before(doc, v)
            if np is not None:
                tied.append(Credit(np, _fuzzy_source(np.text, config) or np.text))
                break
    return tied


def _uncased_credits(
    doc: Doc, cues: _Cues, config: ClaimsConfig, verbs: list[Span], preps: list[Span],
    grammar: Grammar,
) -> list[Credit]:
    """A party claims.yaml does not list, in a language without capitals: the words between a
    preposition and its verb (据X称, 据X报道), else those opening the clause before a verb
    (X表示, X周三称), without time words or the function words of `source_gap` at either end."""
    timed = {i for t in doc.spans.get("times", []) for i in range(t.start, t.end)}
    out: list[Credit] = []
    for v in verbs:
        start = next((p.end for p in preps if p.end <= v.start and not any(
            t.is_punct for t in doc[p.end : v.start])), None)
        if start is None:
            start = v.start
            while start > 0 and not doc[start - 1].is_punct and v.start - start <= MAX_PHRASE:
                start -= 1
            if v.start - start > MAX_PHRASE:
                continue
        end = v.start
        # 官员对记者说, 国防部在简报中称: the party ends before whom or where it speaks
        cut = next((k for k in range(start + 2, end) if doc[k].text in grammar.party_ends), None)
        if cut is not None:
            end = cut
        while end > start and (end - 1 in timed or doc[end - 1].text in grammar.source_gap):
            end -= 1
        while start < end and (start in timed or doc[start].text in grammar.source_gap):
            start += 1
        phrase = doc[start:end]
        if len(phrase) < 2 or any(t.like_num or t.is_digit or t.is_punct for t in phrase):
            continue
        name = _fuzzy_source(phrase.text, config) or phrase.text
        outlet = config.source_types.get(name) == "outlet" or phrase.text in \
            outlet_rules().agencies or any(w in phrase.text for w in grammar.media_words)
        out.append(Credit(phrase, name, outlet=outlet))
    return out


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
    """The source whose alias `text` matches at or above the configured rapidfuzz score, word
    for word: a spelling ("Defence Ministry", "Zelenskyy") matches, another name does not
    ("Iranian officials" is not "Ukrainian officials", "North Korean media" not the South's)."""
    aliases, names = config.source_aliases
    rules = config.attribution
    words = _words(text)
    for _, _, i in process.extract(text, aliases, scorer=fuzz.token_sort_ratio, limit=5,
                                   score_cutoff=rules.fuzzy_threshold):
        theirs = _words(aliases[i])
        if len(theirs) == len(words) and all(
            any(fuzz.ratio(w, t) >= rules.fuzzy_word_threshold for t in theirs) for w in words
        ) and all(any(fuzz.ratio(t, w) >= rules.fuzzy_word_threshold for w in words)
                  for t in theirs):
            return names[i]
    return None


def _words(text: str) -> list[str]:
    return text.lower().replace("'s", "").replace("’s", "").split()
