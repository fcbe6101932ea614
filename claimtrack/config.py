"""The schema of `claims.yaml`: what is tracked, the words that signal it, who says it.

The file is user-editable data. It is validated here on load; an invalid file gets a
`ConfigError` naming the file, the field and the line.
"""

from __future__ import annotations

import hashlib
import os
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .errors import ConfigError
from .models import Modality, Qualifier
from .yamlio import FieldProblem, load_model

ENV_CONFIG = "CLAIMTRACK_CONFIG"

KindName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]*(\.[a-z][a-z_]*)?$")]
LangCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
# language code -> words or phrases; matching is case-insensitive for scripts with case
Words = dict[LangCode, list[str]]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NounClass(Strict):
    """A class of things that can be counted: people, troops, weapons..."""

    description: str = ""
    words: Words
    # what an unqualified count of this class is about (e.g. "people"); used as the subject
    subject: str | None = None
    # classes within the class (tanks, drones...): name -> words, which count as the class's
    # words too; a figure counting one of them is about that item (its subject), so a tally
    # of "12 tanks and 5 drones" gives two quantities, not two figures for one
    items: dict[str, Words] = Field(default_factory=dict)

    def words_of(self, lang: str) -> list[str]:
        """The class's words in `lang`, with those of its items."""
        return [*self.words.get(lang, []),
                *(w for item in self.items.values() for w in item.get(lang, []))]


class KindRule(Strict):
    """One claim kind, e.g. `casualties.killed`."""

    description: str
    counts: list[str] = Field(min_length=1)  # noun classes (keys of `nouns`) it counts
    triggers: Words = Field(default_factory=dict)  # words near the figure that select the kind
    # triggers that select the kind only for a figure with a counted noun: "lost 1,250
    # servicemen" is a loss, "lost five straight" or "released two reports" is not
    noun_triggers: Words = Field(default_factory=dict)
    # a kind chosen by triggers that also need a head noun of the class (else the trigger is enough)
    needs_noun: bool = True
    modality: Modality | None = None  # modality implied by the kind (planned for troops.planned)
    priority: int = 0  # higher wins when several kinds' triggers match equally near
    # how this kind relates to others for the reconciler: a different scope is not a conflict
    scope: str | None = None
    # the kinds this one adds up ("killed or wounded" holds the killed and the wounded): a part
    # larger than the whole at the same time is a conflict, not a different scope
    includes: list[KindName] = Field(default_factory=list)
    # a running total of what has happened (the dead so far): it never falls, so a later,
    # lower figure from another source days later contradicts the earlier one, no update
    cumulative: bool = False
    # the kind taken when a counted noun is found but no trigger word of any kind
    default: bool = False
    # the kind to use instead when the sentence speaks of a plan ("preparing to send 6,000")
    when_planned: KindName | None = None
    # the kind to use instead when one of `target_words` comes right before the figure: the
    # level reached, not the amount added ("increase the contingent to 30,000")
    when_target: KindName | None = None
    target_words: Words = Field(default_factory=dict)


class Subject(Strict):
    """Who is counted, with the ways the text names them."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    # parties whose forces these are: "North Korea has sent 11,000 troops" counts this subject
    actors: list[str] = Field(default_factory=list)


class Location(Strict):
    name: str
    aliases: list[str] = Field(default_factory=list)
    # the larger place it lies in: figures for both are about one theatre (Kursk in Russia)
    within: str | None = None


class PlaceNames(Strict):
    """How to spot a place name claims.yaml does not list."""

    prepositions: Words = Field(default_factory=dict)
    not_places: Words = Field(default_factory=dict)


class Source(Strict):
    """A party or outlet figures are attributed to, with its aliases."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    # code depends on "outlet" (a publisher, whose citing of another makes a source chain)
    type: Literal["government", "agency", "military", "outlet", "person", "organisation",
                  "party"] = "organisation"
    party: str | None = None  # the side it speaks for, if any


class CountingRules(Strict):
    """What tells a figure that counts people or things from one that does not."""

    # a figure followed by one of these counts them, not a noun class: "two blocks",
    # "three times", "in 21 cities"
    measures: Words = Field(default_factory=dict)
    # a figure right after one of these is a measure or a label: "magnitude 6.8", "aged 30"
    measures_before: Words = Field(default_factory=dict)
    # words that may stand between a figure and its measure: "several more years", "a couple
    # of weeks", "three straight games"
    measure_modifiers: Words = Field(default_factory=dict)
    # after the figure's phrase, a rate rather than a count: "25 bodies a week"
    rates: Words = Field(default_factory=dict)
    # phrases holding a trigger word that are not about casualties: "death row"
    idioms: Words = Field(default_factory=dict)
    # what a tally is called ("the death toll has risen to 15"): a figure the tally reaches
    # takes the kind of the triggers in the tally's own phrase
    tallies: Words = Field(default_factory=dict)


class AttributionRules(Strict):
    """Words that introduce who a figure comes from."""

    verbs: Words = Field(default_factory=dict)  # said, told, estimated, assessed...
    prepositions: Words = Field(default_factory=dict)  # according to, citing, 据...
    # words that refer back to a source named earlier ("the agency said")
    anaphors: Words = Field(default_factory=dict)
    # those of them that stand for a person ("he"): never for an organisation or an outlet;
    # the others never for a person. No anaphor stands for an outlet, which only relays
    person_anaphors: Words = Field(default_factory=dict)
    # those that stand for people or a group alike ("they"): any party but an outlet
    plural_anaphors: Words = Field(default_factory=dict)
    # minimum rapidfuzz score (0-100) for an unknown name to match a source alias
    fuzzy_threshold: float = Field(default=88.0, ge=0, le=100)
    # and word for word (a spelling, not another name: "Defence"/"Defense", not "Iranian"/
    # "Ukrainian")
    fuzzy_word_threshold: float = Field(default=80.0, ge=0, le=100)

    @cached_property
    def anaphor_words(self) -> dict[str, frozenset[str]]:
        """The anaphors of each language, lower case (asked for every sentence)."""
        return {lang: frozenset(w.lower() for w in words) for lang, words in self.anaphors.items()}


class ReconcileSettings(Strict):
    """How far hedged figures stretch when the reconciler compares them."""

    # relative widening of the stated value per qualifier (approx 0.1 = +/-10%)
    tolerance: dict[Qualifier, float] = Field(default_factory=dict)
    # relative difference under which two exact figures still agree (rounding)
    rounding: float = Field(default=0.02, ge=0, le=1)
    # figures whose periods end within this many days speak of the same time (else: update)
    same_time_days: int = Field(default=7, ge=0)
    # figures about people in general further apart than this are different incidents
    event_gap_days: int = Field(default=3, ge=0)
    # words of a figure's phrase that narrow it to a subset ("1,500 special forces", "six in
    # critical condition"): such a figure below another of its quantity is a part of it
    subset_words: Words = Field(default_factory=dict)


class ClaimsConfig(Strict):
    """The whole of claims.yaml."""

    version: int = 1
    kinds: dict[KindName, KindRule]
    nouns: dict[str, NounClass]
    hedges: dict[LangCode, dict[Qualifier, list[str]]] = Field(default_factory=dict)
    modality: dict[Modality, Words] = Field(default_factory=dict)
    attribution: AttributionRules = Field(default_factory=AttributionRules)
    # words that end the phrase between a figure and its noun ("were", "have")
    phrase_breaks: Words = Field(default_factory=dict)
    # event words: a time expression near one makes a date claim
    events: Words = Field(default_factory=dict)
    counting: CountingRules = Field(default_factory=CountingRules)
    subjects: list[Subject] = Field(default_factory=list)
    locations: list[Location] = Field(default_factory=list)
    place_names: PlaceNames = Field(default_factory=PlaceNames)
    sources: list[Source] = Field(default_factory=list)
    reconcile: ReconcileSettings = Field(default_factory=ReconcileSettings)

    @model_validator(mode="after")
    def _references_exist(self) -> ClaimsConfig:
        for name, kind in self.kinds.items():
            for n, noun in enumerate(kind.counts):
                if noun not in self.nouns:
                    known = ", ".join(sorted(self.nouns))
                    raise FieldProblem(("kinds", name, "counts", n),
                                       f"unknown noun class {noun!r} (known: {known})")
        for name, kind in self.kinds.items():
            for field in ("when_planned", "when_target"):
                other = getattr(kind, field)
                if other is not None and other not in self.kinds:
                    raise FieldProblem(("kinds", name, field),
                                       f"names unknown kind {other!r}")
        for name, kind in self.kinds.items():
            for n, part in enumerate(kind.includes):
                if part not in self.kinds:
                    raise FieldProblem(("kinds", name, "includes", n),
                                       f"names unknown kind {part!r}")
        places = {loc.name for loc in self.locations}
        for n, loc in enumerate(self.locations):
            if loc.within is not None and loc.within not in places:
                raise FieldProblem(("locations", n, "within"),
                                   f"location {loc.name!r} lies within unknown {loc.within!r}")
        seen: set[str] = set()
        for n, source in enumerate(self.sources):
            if source.name in seen:
                raise FieldProblem(("sources", n, "name"),
                                   f"source {source.name!r} is listed twice")
            seen.add(source.name)
        return self

    @cached_property
    def kinds_nouns_with_actors(self) -> frozenset[str]:
        """Noun classes that have a subject of their own (troops): actors name whose they are."""
        return frozenset(n for n, cls in self.nouns.items() if cls.subject == "troops")

    @cached_property
    def source_types(self) -> dict[str, str]:
        """Each source's type by its name ("outlet", "person", ...)."""
        return {s.name: s.type for s in self.sources}

    @cached_property
    def noun_trigger_words(self) -> dict[tuple[str, str], frozenset[str]]:
        """(kind, language) -> its `noun_triggers`, lower case."""
        return {(kind, lang): frozenset(w.lower() for w in words)
                for kind, rule in self.kinds.items()
                for lang, words in rule.noun_triggers.items()}

    @cached_property
    def item_of(self) -> dict[str, dict[str, str]]:
        """Per language, the item class of each item word (lower case): "main battle tanks"
        -> "tanks"."""
        out: dict[str, dict[str, str]] = {}
        for cls in self.nouns.values():
            for name, words in cls.items.items():
                for lang, ws in words.items():
                    out.setdefault(lang, {}).update((w.lower(), name) for w in ws)
        return out

    @cached_property
    def source_aliases(self) -> tuple[list[str], list[str]]:
        """Every source name and alias, and beside each the canonical name it stands for."""
        aliases, names = [], []
        for src in self.sources:
            for alias in (src.name, *src.aliases):
                aliases.append(alias)
                names.append(src.name)
        return aliases, names

    @cached_property
    def topics(self) -> list[str]:
        """Kind prefixes: troops, casualties, equipment, ... plus `dates`."""
        seen: dict[str, None] = {}
        for name in self.kinds:
            seen[name.split(".")[0]] = None
        return [*seen, "dates"]

    def kinds_for(self, topic: str) -> list[str]:
        """Kinds a TOPIC argument selects: a full kind, or every kind under a prefix."""
        if topic in ("dates", "date"):
            return ["date"]
        if topic in self.kinds:
            return [topic]
        return [k for k in self.kinds if k.split(".")[0] == topic]


class LoadedConfig(BaseModel):
    """A validated config with where it came from and a digest of its content."""

    model_config = ConfigDict(frozen=True)

    path: str
    digest: str
    config: ClaimsConfig


def default_config_path() -> Path:
    """claims.yaml: $CLAIMTRACK_CONFIG, else ./claims.yaml, else the packaged copy."""
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env)
    local = Path("claims.yaml")
    if local.is_file():
        return local
    packaged = Path(__file__).parent / "claims.yaml"
    if packaged.is_file():
        return packaged
    # an editable install: the file sits at the project root, next to the package
    return Path(__file__).parent.parent / "claims.yaml"


def _read(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{p}: file not found") from None
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read ({exc.strerror})") from None


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def config_file_digest(path: Path | str) -> str:
    """The digest `load_config` gives the file at `path` now, without validating it again."""
    return _digest(_read(Path(path)))


def load_config(path: Path | str | None = None) -> LoadedConfig:
    """Read and validate claims.yaml; raise ConfigError naming the file, field and line."""
    p = Path(path) if path is not None else default_config_path()
    raw = _read(p)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: not UTF-8 text") from None
    config = load_model(ClaimsConfig, p, text=text)
    return LoadedConfig(path=str(p), digest=_digest(raw), config=config)
