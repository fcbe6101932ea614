"""Extraction: run the pipeline over a document's passages and turn drafts into `Claim`s.

Passages are batched per language through `nlp.pipe`; each Doc carries its article's
publication date as the anchor for relative time. Article-level facts (a wire service the
article cites) and translation links between parallel passages are added here, since no
single passage can see them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .. import __version__
from ..config import ClaimsConfig, LoadedConfig, PlaceNames, config_file_digest
from ..errors import ConfigError
from ..models import UNDETERMINED, Article, Claim, Document, Passage
from .places import dateline, place_names
from .rulefiles import rules_digest

if TYPE_CHECKING:  # spaCy is imported when a pipeline is first built, not with this module:
    # an ingest that finds nothing new to extract never pays for it
    from spacy.language import Language
    from spacy.tokens import Doc

    from .attribution import Party
    from .claims import ClaimDraft

# bump when extraction rules in code change, so stored claims are re-extracted on ingest
PIPELINE_VERSION = "8"
BATCH_SIZE = 256
def extractor_id(loaded: LoadedConfig, base: str | None = None) -> str:
    """What the stored claims were extracted by: the code (package and pipeline versions), the
    claims.yaml and every rule file. A change to any of them re-extracts on the next ingest."""
    parts = [f"v{PIPELINE_VERSION}", __version__, loaded.digest, rules_digest()]
    return ":".join(parts + ([base] if base else []))


class Extraction:
    """A callable `Document -> list[Claim]` holding one pipeline per language."""

    def __init__(self, loaded: LoadedConfig, *, base: str | None = None) -> None:
        self.loaded = loaded
        self.base = base
        self.id = extractor_id(loaded, base)
        self._nlp: dict[str, Language] = {}

    def __getstate__(self) -> dict[str, object]:
        # pipelines are rebuilt where the extraction is unpickled (a worker process)
        return {"loaded": self.loaded, "base": self.base, "id": self.id, "_nlp": {}}

    def nlp(self, lang: str) -> Language:
        from .pipeline import LANGUAGES, build_nlp

        key = lang if lang in LANGUAGES else "en"
        if key not in self._nlp:
            self._check_config()
            base = self.base if key == "en" else None
            self._nlp[key] = build_nlp(key, self.loaded.config, base=base)
        return self._nlp[key]

    def _check_config(self) -> None:
        """The pipelines are built from the claims.yaml this extraction carries, not from the
        file; README still promises that a worker whose file at that path differs (changed
        since, or another file on a Dask worker) stops the ingest, and this keeps it."""
        if config_file_digest(self.loaded.path) != self.loaded.digest:
            raise ConfigError(
                f"{self.loaded.path}: not the claims.yaml this ingest started with (changed "
                "since, or another file at this path on a worker); run the ingest again"
            )

    def __call__(self, document: Document) -> list[Claim]:
        from .pipeline import LANGUAGES, TEXT_KEY, grammar_of

        items: dict[str, list[tuple[Article, Passage]]] = defaultdict(list)
        for article in document.articles:
            for p in article.passages:
                lang = _pipeline_language(p.language, LANGUAGES)
                if not p.junk and lang is not None:
                    items[lang].append((article, p))
        claims: list[Claim] = []
        drafts: dict[str, ClaimDraft] = {}
        named: dict[int, list[Party]] = {}  # passage -> parties it names
        chains: dict[int, list[str]] = defaultdict(list)
        for lang, batch in items.items():
            nlp = self.nlp(lang)
            citing = grammar_of(nlp).citing
            docs = []
            for article, p in batch:
                d = nlp.make_doc(p.text)
                # a tokenizer that converts the script has set the text it read
                d.user_data.setdefault(TEXT_KEY, p.text)
                d._.claimtrack_anchor = article.meta.anchor
                d._.claimtrack_published = article.meta.published
                docs.append(d)
            for (article, p), d in zip(batch, nlp.pipe(docs, batch_size=BATCH_SIZE), strict=True):
                for src in _cited_outlets(d, self.loaded, citing):
                    if src not in chains[article.index]:
                        chains[article.index].append(src)
                named[p.index] = list(d._.claimtrack_sources or [])
                for span in d.spans.get("claims", []):
                    claim = _to_claim(document, article, p, span._.claimtrack_claim, lang)
                    drafts[claim.id] = span._.claimtrack_claim
                    claims.append(claim)
        claims.sort(key=lambda c: c.start)
        _resolve_anaphors(document, claims, drafts, named, self.loaded.config)
        _link_parts(document, claims, drafts)
        _follow_headlines(document, claims)
        self._place_incidents(document, claims)
        for c in claims:
            chain = [s for s in chains.get(c.article, []) if s != c.attributed_to]
            if chain:
                c.source_chain = chain
        _link_translations(document, claims)
        return claims


    def _place_incidents(self, document: Document, claims: list[Claim]) -> None:
        """Figures about people in general get a place even when claims.yaml lists none: the
        one named in their sentence, else the article's dateline, else its first place."""
        config = self.loaded.config
        # named forces, and forces in general ("troops"): only places claims.yaml lists
        forces = {config.nouns[n].subject for n in config.kinds_nouns_with_actors}
        named_subjects = {s.name for s in config.subjects} | forces
        rules = config.place_names
        passages = {p.index: (a, p) for a in document.articles for p in a.passages}
        article_place: dict[int, str | None] = {}
        # a count broken down in its sentence ("17 killed: 9 in Sumy and 8 in Kherson"): the
        # places after it are its parts', not its own
        split = {c.part_of for c in claims if c.part_of is not None}
        for c in claims:
            if c.location is not None or c.kind == "date" or c.subject in named_subjects:
                continue
            article, p = passages[c.passage]
            here = place_names(p.text, p.language, rules)
            after = [n for s, _, n in here if p.start + s >= c.start]
            if c.id in split and any(k.passage == c.passage and k.part_of == c.id
                                     for k in claims):
                before = [n for s, _, n in here if p.start + s < c.start]
                c.location = before[-1] if before else None
                continue
            if here:
                c.location = after[0] if after else here[-1][2]
                continue
            if article.index not in article_place:
                article_place[article.index] = _article_place(article, rules)
            c.location = article_place[article.index]


def _article_place(article: Article, rules: PlaceNames) -> str | None:
    """Where an article's story is: its dateline, else the first place its opening names."""
    body = [p for p in article.passages if not p.junk]
    for p in body[:3]:
        place = dateline(p.text)
        if place:
            return place
    for p in body[:4]:
        found = place_names(p.text, p.language, rules)
        if found:
            return found[0][2]
    return None


def _pipeline_language(language: str, languages: tuple[str, ...]) -> str | None:
    """The rules a passage is read with: its language's, English for a passage too short to
    tell, none for a language without rules (German "die" is not "died")."""
    if language in languages:
        return language
    return "en" if language == UNDETERMINED else None


def _cited_outlets(doc: Doc, loaded: LoadedConfig, citing: frozenset[str]) -> list[str]:
    """Outlets the article itself cites ("X reports, citing AP"): the chain for its claims.
    `citing` are the language's words for it (rules/<lang>/grammar.yaml)."""
    from .pipeline import doc_text

    lowered = doc_text(doc).lower()
    if not any(word in lowered for word in citing):
        return []  # most passages: their cues are not made again from doc.spans
    cues = list(doc.spans.get("cues", []))  # each pass over a SpanGroup makes its Spans anew
    preps = [c for c in cues if c.label_ == "attr|prep" and c.text.lower() in citing]
    if not preps:
        return []
    outlets = {s.name for s in loaded.config.sources if s.type == "outlet"}
    out = []
    for c in cues:
        group, _, name = c.label_.partition("|")
        if group == "source" and name in outlets and any(0 <= c.start - p.end <= 6 for p in preps):
            out.append(name)
    return out


def _to_claim(
    document: Document, article: Article, p: Passage, draft: ClaimDraft, lang: str
) -> Claim:
    start = p.start + draft.start
    end = p.start + draft.end
    return Claim(
        id=f"{document.sha256[:8]}-{start}",
        document=document.name,
        article=article.index,
        passage=p.index,
        kind=draft.kind,
        value=draft.value,
        low=draft.low,
        high=draft.high,
        qualifier=draft.qualifier,
        item=draft.item,
        subject=draft.subject,
        location=draft.location,
        attributed_to=draft.attributed_to,
        as_of=draft.as_of,
        as_of_start=draft.as_of_start,
        as_of_end=draft.as_of_end,
        as_of_inferred=draft.as_of_inferred,
        modality=draft.modality,
        language=p.language if p.language != UNDETERMINED else lang,
        quote=document.text[start:end],
        start=start,
        end=end,
        date_text=draft.date_text,
    )


def _link_translations(document: Document, claims: list[Claim]) -> None:
    """A claim in a translated passage points at the matching claim of the original."""
    translated = {
        p.index: p.translation_of
        for a in document.articles
        for p in a.passages
        if p.translation_of is not None
    }
    by_passage: dict[int, list[Claim]] = defaultdict(list)
    for c in claims:
        by_passage[c.passage].append(c)
    for passage, copies in by_passage.items():
        original = translated.get(passage)
        if original is None:
            continue
        originals = by_passage.get(original, [])
        taken: set[str] = set()
        # first the claims whose figure (or date) is the same, then the rest in text order
        for exact in (True, False):
            for c in copies:
                if c.translation_of is not None:
                    continue
                for o in originals:
                    if o.id in taken or o.kind != c.kind:
                        continue
                    same = (o.value, o.low, o.high, o.as_of) == (c.value, c.low, c.high, c.as_of)
                    if same or not exact:
                        c.translation_of = o.id
                        taken.add(o.id)
                        break


def _resolve_anaphors(
    document: Document, claims: list[Claim], drafts: dict[str, ClaimDraft],
    named: dict[int, list[Party]], config: ClaimsConfig,
) -> None:
    """"The agency said": the source is the last compatible party the article named before the
    claim's passage ("he" a person, "the agency" not one, "they" either; never an outlet, which
    only relays).
    A lone surname ("Lee said") is the party named earlier in full ("lawmaker Park Min-ho").
    An anaphor with no such party before it leaves the claim unattributed."""
    persons = {w.lower() for ws in config.attribution.person_anaphors.values() for w in ws}
    plurals = {w.lower() for ws in config.attribution.plural_anaphors.values() for w in ws}
    by_passage: dict[int, list[Claim]] = defaultdict(list)
    for c in claims:
        by_passage[c.passage].append(c)
    for article in document.articles:
        earlier: list[Party] = []
        for p in article.passages:
            for c in by_passage.get(p.index, []):
                draft = drafts[c.id]
                if draft.anaphoric and c.attributed_to is not None:
                    word = c.attributed_to
                    c.attributed_to = next(
                        (n.name for n in reversed(earlier) if not n.outlet and (
                            word in plurals or (n.person is not False if word in persons
                                                else n.person is not True))),
                        None)
                elif c.attributed_to is not None and " " not in c.attributed_to:
                    c.attributed_to = next(
                        (n.name for n in reversed(earlier + named.get(p.index, []))
                         if n.name != c.attributed_to and c.attributed_to in n.name.split()),
                        c.attributed_to)
            earlier.extend(named.get(p.index, []))
        _carry_over(article, by_passage, named)


def _carry_over(
    article: Article, by_passage: dict[int, list[Claim]], named: dict[int, list[Party]]
) -> None:
    """A figure with no source of its own, in a paragraph whose previous sentence credits a
    party ("X said 10,000 troops were sent. Pyongyang also shipped 10,000 shells."), goes on
    with that party; a new paragraph starts afresh."""
    previous: Passage | None = None
    for p in article.passages:
        if previous is not None and previous.paragraph == p.paragraph and named.get(
                previous.index):
            party = named[previous.index][-1]
            for c in by_passage.get(p.index, []):
                if c.attributed_to is None and c.kind != "date" and not party.outlet:
                    c.attributed_to = party.name
        if not p.junk:
            previous = p


# how many passages back the count a part narrows may stand ("53 were wounded. Six remained
# in critical condition")
PART_REACH = 2


def _link_parts(document: Document, claims: list[Claim], drafts: dict[str, ClaimDraft]) -> None:
    """A figure the text marks as a part ("including three nurses", "six remained in critical
    condition") points at the count it narrows: the nearest one before it in its article, of
    its topic, no smaller, in its passage or shortly before. With none, it stays a count."""
    for n, c in enumerate(claims):
        if not drafts[c.id].narrows or c.value is None:
            continue
        topic = c.kind.split(".")[0]
        for w in reversed(claims[:n]):
            if w.article != c.article or c.passage - w.passage > PART_REACH:
                break
            if drafts[w.id].narrows or w.kind.split(".")[0] != topic:
                continue
            top = w.value if w.value is not None else w.high
            if top is not None and top > c.value:
                c.part_of = w.id
                # a part is of its count's time and place unless it names its own, or tells
                # a state lasting to its statement ("100 of them are still held")
                if c.as_of_inferred and not w.as_of_inferred and not drafts[c.id].lasting:
                    c.as_of, c.as_of_start, c.as_of_end = w.as_of, w.as_of_start, w.as_of_end
                    c.as_of_inferred = False
                if c.location is None:
                    c.location = w.location
                break


def _follow_headlines(document: Document, claims: list[Claim]) -> None:
    """A headline repeats a figure of its article: it takes the body's source and time when
    it names none itself."""
    for article in document.articles:
        title = article.meta.title
        if not title:
            continue
        heads = [p.index for p in article.passages if p.text == title and not p.junk]
        if not heads:
            continue
        body = [c for c in claims if c.article == article.index and c.passage not in heads]
        for c in claims:
            if c.article != article.index or c.passage not in heads:
                continue
            same = next((b for b in body if b.kind == c.kind and b.value == c.value
                         and b.low == c.low and b.high == c.high), None)
            if same is None:
                same = next((b for b in body if b.kind == c.kind and c.value is not None
                             and c.value in (b.value, b.low, b.high)), None)
            if same is None:
                continue
            if same.attributed_to:
                c.attributed_to = same.attributed_to
            if c.as_of_inferred and not same.as_of_inferred:
                c.as_of, c.as_of_start, c.as_of_end = same.as_of, same.as_of_start, same.as_of_end
                c.as_of_inferred = False
