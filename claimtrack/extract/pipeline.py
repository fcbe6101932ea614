"""The spaCy pipeline: blank tokenizers plus claimtrack's own components.

    claimtrack_quantities  numbers with their hedges  -> doc.spans["quantities"],
                                                         span._.claimtrack_quantity
    claimtrack_times       time expressions, resolved -> doc.spans["times"], span._.claimtrack_time
    claimtrack_lexicon     claims.yaml words (nouns, triggers, modality, sources...)
                                                      -> doc.spans["cues"], labels "group|value"
    claimtrack_claims      figures read as claims     -> doc.spans["claims"],
                                                         span._.claimtrack_claim

Each component only annotates the Doc and declares what it assigns and requires. The two that
need claims.yaml get it through `initialize(config=...)`, as spaCy's rulers get their
patterns, and save it with `to_disk`; none reads a file. The publication date that anchors
relative time is passed per Doc in `doc._.claimtrack_anchor`. No pretrained model is needed; a
user's installed pipeline can be named with `base` to supply its tokenizer instead of
`spacy.blank`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..config import ClaimsConfig
from ..errors import ConfigError
from . import numbers, timex
from .claims import read_claims
from .doctext import TEXT_KEY, doc_text
from .grammar import Grammar, load_grammar
from .rulefiles import rule_languages
from .script import convert

if TYPE_CHECKING:
    from typing import Self  # Python 3.11; annotations are not evaluated at run time

for _name in ("claimtrack_quantity", "claimtrack_time", "claimtrack_claim"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("claimtrack_anchor"):
    Doc.set_extension("claimtrack_anchor", default=None)
# the publication date as precise as it is known ("2024-10"): the as_of of a figure with no
# time expression of its own when the anchor day is not known
if not Doc.has_extension("claimtrack_published"):
    Doc.set_extension("claimtrack_published", default=None)
# the parties the sentence names (attribution.Party: for "the agency said" in a later one); a
# getter-free default of None, set per Doc (a shared mutable default would leak between Docs)
if not Doc.has_extension("claimtrack_sources"):
    Doc.set_extension("claimtrack_sources", default=None)


# passages in other languages use the English pipeline
LANGUAGES = rule_languages()
# the lexicon's cue Spans, handed to the claim reader, which removes them
CUES_KEY = "claimtrack.cues"


class ScriptTokenizer:
    """A language's tokenizer reading the text in the script of its rules: the `convert` of
    rules/<lang>/numbers.yaml (Chinese: traditional to simplified), character for character,
    so that every offset into the Doc is one into the original text, and traditional words
    match the simplified lists of claims.yaml and the rule files."""

    def __init__(self, tokenizer: Callable[[str], Doc], config: str) -> None:
        self.tokenizer = tokenizer
        self.config = config

    def __call__(self, text: str) -> Doc:
        converted = convert(text, self.config)
        doc = self.tokenizer(converted)
        doc.user_data[TEXT_KEY] = converted
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    # saved and loaded as the tokenizer it wraps
    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)  # type: ignore[attr-defined]

    def from_bytes(self, data: bytes, **kwargs: Any) -> ScriptTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)  # type: ignore[attr-defined]
        return self

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)  # type: ignore[attr-defined]

    def from_disk(self, path: str | Path, **kwargs: Any) -> ScriptTokenizer:
        self.tokenizer.from_disk(path, **kwargs)  # type: ignore[attr-defined]
        return self


@spacy.registry.tokenizers("claimtrack.script_tokenizer.v1")
def make_script_tokenizer(
    convert: str, base: Callable[[Language], Callable[[str], Doc]]
) -> Callable[[Language], ScriptTokenizer]:
    """The tokenizer `base` (a registered tokenizer's config) reading converted text."""

    def create(nlp: Language) -> ScriptTokenizer:
        return ScriptTokenizer(base(nlp), convert)

    return create


# a mention found by offsets in the Doc's text (a number or a time expression)
Mentioned = numbers.Mention | timex.TimeMention


def _annotate(
    doc: Doc, key: str, extension: str, mentions: Sequence[tuple[Mentioned, str]]
) -> None:
    """Put character-offset mentions on the Doc as `doc.spans[key]`, each in
    `span._.<extension>`, widened to whole tokens."""
    spans = []
    for mention, label in mentions:
        span = doc.char_span(mention.start, mention.end, label=label, alignment_mode="expand")
        if span is not None:
            span._.set(extension, mention)
            spans.append(span)
    doc.spans[key] = spans


class QuantityFinder:
    """Numbers and hedges, normalised to intervals (claimtrack.extract.numbers)."""

    def __init__(self, nlp: Language, name: str, *, extra_hedges: dict[str, list[str]]) -> None:
        self.lang: str = nlp.lang or "en"
        self.extra_hedges = extra_hedges

    def __call__(self, doc: Doc) -> Doc:
        found = numbers.find_quantities(doc_text(doc), self.lang, extra_hedges=self.extra_hedges)
        _annotate(doc, "quantities", "claimtrack_quantity", [(m, m.role) for m in found])
        return doc


class TimeFinder:
    """Time expressions resolved against `doc._.claimtrack_anchor` (claimtrack.extract.timex)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.lang: str = nlp.lang or "en"

    def __call__(self, doc: Doc) -> Doc:
        anchor: dt.date | None = doc._.claimtrack_anchor
        found = timex.find_times(doc_text(doc), anchor, self.lang)
        _annotate(doc, "times", "claimtrack_time", [(t, t.grain) for t in found])
        return doc


class _TakesClaims:
    """A component given the validated claims.yaml by `initialize(config=...)`, and saving it
    with the pipeline (`to_disk` / `from_disk`)."""

    name: str
    config: ClaimsConfig | None

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
        nlp: Language | None = None, config: ClaimsConfig,
    ) -> None:
        raise NotImplementedError

    def _claims(self) -> ClaimsConfig:
        if self.config is None:
            raise ValueError(f"{self.name}: initialize(config=...) was not called")
        return self.config

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the claims definition this component was initialized with."""
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        if self.config is not None:
            (folder / "claims.json").write_text(self.config.model_dump_json(), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Self:
        """Load a definition saved by `to_disk` and initialize with it."""
        text = (Path(path) / "claims.json").read_text(encoding="utf-8")
        self.initialize(config=ClaimsConfig.model_validate_json(text))
        return self


class Lexicon(_TakesClaims):
    """Phrase matches for every word list in claims.yaml, longest match kept.

    Labels are "noun|personnel", "trigger|casualties.killed", "modality|denied",
    "attr|verb", "attr|prep", "source|<name>", "subject|<name>", "location|<name>".
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self.config: ClaimsConfig | None = None
        # NORM folds case and curly apostrophes ("Korea’s" matches "Korea's")
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.group_of: dict[int, str] = {}

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
        nlp: Language | None = None, config: ClaimsConfig,
    ) -> None:
        """Add the word lists of `config` (a validated claims.yaml) to the matcher."""
        self.config = config
        nlp = nlp or self.nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        lang: str = nlp.lang or "en"
        c = config
        groups: dict[str, list[str]] = {}
        for noun, cls in c.nouns.items():
            groups[f"noun|{noun}"] = cls.words_of(lang)
        for kind, rule in c.kinds.items():
            groups[f"trigger|{kind}"] = [*rule.triggers.get(lang, []),
                                         *rule.noun_triggers.get(lang, [])]
        for modality, words in c.modality.items():
            groups[f"modality|{modality.value}"] = words.get(lang, [])
        groups["idiom|"] = c.counting.idioms.get(lang, [])
        groups["tally|"] = c.counting.tallies.get(lang, [])
        groups["attr|verb"] = c.attribution.verbs.get(lang, [])
        groups["event|"] = c.events.get(lang, [])
        groups["attr|prep"] = c.attribution.prepositions.get(lang, [])
        groups["source|"] = c.attribution.anaphors.get(lang, [])
        for src in c.sources:
            groups[f"source|{src.name}"] = [src.name, *src.aliases]
        for subj in c.subjects:
            groups[f"subject|{subj.name}"] = [subj.name, *subj.aliases]
            groups[f"actor|{subj.name}"] = subj.actors
        for loc in c.locations:
            groups[f"location|{loc.name}"] = [loc.name, *loc.aliases]
        self.group_of = {}
        for label, phrases in groups.items():
            if phrases:
                self.matcher.add(label, [nlp.make_doc(p) for p in phrases])
                self.group_of[nlp.vocab.strings.add(label)] = label.split("|")[0]

    def __call__(self, doc: Doc) -> Doc:
        self._claims()
        matches = self.matcher(doc, as_spans=True)
        # keep the longest match per group so "killed or wounded" beats "killed"
        by_group: dict[str, list[Span]] = {}
        for span in matches:
            by_group.setdefault(self.group_of[span.label], []).append(span)
        cues: list[Span] = []
        for spans in by_group.values():
            # trigger, modality and attribution words may overlap each other across groups
            if len(spans) == 1:
                cues.extend(spans)
                continue
            # a word two kinds share ("lost": men or tanks) keeps both labels
            kept = {(s.start, s.end) for s in filter_spans(spans)}
            cues.extend(s for s in spans if (s.start, s.end) in kept)
        cues.sort(key=lambda s: (s.start, -s.end))
        doc.spans["cues"] = cues
        # the claim reader takes these Spans as they are (read back from doc.spans, each
        # would be made again)
        doc.user_data[CUES_KEY] = cues
        return doc


class ClaimReader(_TakesClaims):
    """Figures read as claims: kind, subject, location, attribution, modality, time."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.config: ClaimsConfig | None = None
        self.lang: str = nlp.lang or "en"
        self.grammar = Grammar()

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
        nlp: Language | None = None, config: ClaimsConfig,
    ) -> None:
        """Read claims by the kinds, nouns and words of `config` (a validated claims.yaml)
        and the function words of the language's rules."""
        self.config = config
        self.grammar = load_grammar(self.lang)

    def __call__(self, doc: Doc) -> Doc:
        config = self._claims()
        spans = []
        cues = doc.user_data.pop(CUES_KEY, None)
        for span, draft in read_claims(doc, config, self.lang, cues, grammar=self.grammar):
            span._.claimtrack_claim = draft
            spans.append(span)
        doc.spans["claims"] = spans
        return doc


def _load_base(base: str, lang: str) -> Language:
    try:
        nlp = spacy.load(base)
    except (OSError, ImportError, ValueError) as exc:
        first = str(exc).splitlines()[0][:160]
        raise ConfigError(f"spaCy pipeline {base!r} cannot be loaded: {first}") from None
    if nlp.lang != lang:
        raise ConfigError(f"spaCy pipeline {base!r} is for {nlp.lang!r}, not {lang!r}")
    for name in list(nlp.pipe_names):
        nlp.remove_pipe(name)
    return nlp


@Language.factory(
    "claimtrack_quantities", default_config={"extra_hedges": {}},
    assigns=["doc.spans", "span._.claimtrack_quantity"],
)
def make_quantities(
    nlp: Language, name: str, *, extra_hedges: dict[str, list[str]]
) -> QuantityFinder:
    return QuantityFinder(nlp, name, extra_hedges=extra_hedges)


@Language.factory("claimtrack_times", assigns=["doc.spans", "span._.claimtrack_time"],
                  requires=["doc._.claimtrack_anchor"])
def make_times(nlp: Language, name: str) -> TimeFinder:
    return TimeFinder(nlp, name)


@Language.factory("claimtrack_lexicon", assigns=["doc.spans"])
def make_lexicon(nlp: Language, name: str) -> Lexicon:
    return Lexicon(nlp, name)


@Language.factory(
    "claimtrack_claims",
    assigns=["doc.spans", "span._.claimtrack_claim", "doc._.claimtrack_sources"],
    requires=["doc.spans", "span._.claimtrack_quantity", "span._.claimtrack_time",
              "doc._.claimtrack_anchor"],
)
def make_claims(nlp: Language, name: str) -> ClaimReader:
    return ClaimReader(nlp, name)


def grammar_of(nlp: Language) -> Grammar:
    """The function words the claim reader of `nlp` reads by (its language's grammar.yaml)."""
    reader = nlp.get_pipe("claimtrack_claims")
    assert isinstance(reader, ClaimReader)
    return reader.grammar


def build_nlp(lang: str, config: ClaimsConfig, *, base: str | None = None) -> Language:
    """The claim pipeline for one language, from `spacy.blank`, or from the tokenizer of an
    installed pipeline `base` (a package name or a folder); its own components are removed,
    since the claim rules use none of them."""
    script = numbers.load_rules(lang).convert
    if base:
        nlp = _load_base(base, lang)
        if script:
            nlp.tokenizer = ScriptTokenizer(nlp.tokenizer, script)
    elif script:
        # in the config, so that a saved pipeline loads with it
        plain = dict(spacy.blank(lang).config["nlp"]["tokenizer"])
        tokenizer = {"@tokenizers": "claimtrack.script_tokenizer.v1", "convert": script,
                     "base": plain}
        nlp = spacy.blank(lang, config={"nlp": {"tokenizer": tokenizer}})
    else:
        nlp = spacy.blank(lang)
    hedges = {q.value: words for q, words in config.hedges.get(lang, {}).items()}
    nlp.add_pipe("claimtrack_quantities", config={"extra_hedges": hedges})
    nlp.add_pipe("claimtrack_times")
    nlp.add_pipe("claimtrack_lexicon")
    nlp.add_pipe("claimtrack_claims")
    for name in ("claimtrack_lexicon", "claimtrack_claims"):
        component = nlp.get_pipe(name)
        assert isinstance(component, Lexicon | ClaimReader)
        component.initialize(nlp=nlp, config=config)
    return nlp
