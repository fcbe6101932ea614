"""Function words the claim reader leans on, per language (`rules/<lang>/grammar.yaml`)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from spacy.strings import get_string_id

from ..errors import ConfigError
from ..yamlio import load_model
from .rulefiles import RULES


class Grammar(BaseModel):
    """The word lists of one language's grammar.yaml (lower case)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # a name right after one of these is a place, not an actor ("sent to Russia")
    place_prepositions: frozenset[str] = Field(default_factory=frozenset)
    # "deployed to the Kursk region": an article between the preposition and the place
    place_articles: frozenset[str] = Field(default_factory=frozenset)
    # "two of them", "one of the victims": a figure that is part of a group
    partitive_determiners: frozenset[str] = Field(default_factory=frozenset)
    # "all four of them": words before a figure that make a partitive the whole
    whole_quantifiers: frozenset[str] = Field(default_factory=frozenset)
    # the word between a figure and its partitive determiner ("of")
    partitive_links: frozenset[str] = Field(default_factory=frozenset)
    # attribution prepositions that name where an article's story came from ("citing Reuters")
    citing: frozenset[str] = Field(default_factory=frozenset)
    # -- who a figure is attributed to (extract/attribution.py); a language without capitals
    # leaves them out and ties only the sources claims.yaml lists
    # words that can head a party's phrase in lower case ("officials", "the ministry")
    party_heads: frozenset[str] = Field(default_factory=frozenset)
    # titles of a person among party words ("lawmaker Park", "the president")
    person_titles: frozenset[str] = Field(default_factory=frozenset)
    # words between two names or party words of one phrase ("officials in the Kivu province")
    party_links: frozenset[str] = Field(default_factory=frozenset)
    # articles, left out of a party's name ("the Israeli military" is "Israeli military")
    articles: frozenset[str] = Field(default_factory=frozenset)
    # other words that may open a party's phrase, kept in its name ("several officials")
    party_determiners: frozenset[str] = Field(default_factory=frozenset)
    # what a party issues: "X's figures", "a report by X", "UN findings" name X
    report_nouns: frozenset[str] = Field(default_factory=frozenset)
    # "figures from the ministry", "a report by the UN": the word before a report's owner
    report_links: frozenset[str] = Field(default_factory=frozenset)
    # the head of a party that is a publisher, not a claimant ("state media")
    media_words: frozenset[str] = Field(default_factory=frozenset)
    # words that may stand between a party and its verb ("the ministry also said")
    source_gap: frozenset[str] = Field(default_factory=frozenset)
    # the word before a passive verb's agent ("estimated by researchers")
    agent_links: frozenset[str] = Field(default_factory=frozenset)
    # a language without capitals: the party ends before these (官员对记者说, 在简报中称)
    party_ends: frozenset[str] = Field(default_factory=frozenset)
    # "researchers, who said": the party stands before these
    relative_pronouns: frozenset[str] = Field(default_factory=frozenset)
    # marks after which a headline names who says it ("...: Kigali spy agency")
    headline_marks: frozenset[str] = Field(default_factory=frozenset)
    # words that open a clause of their own: a trigger on the other side of one does not
    # govern the figure ("the bodies were found after two women called 911")
    clause_openers: frozenset[str] = Field(default_factory=frozenset)
    # words that deny what follows them, or take a trigger for themselves: "none were injured"
    negations: frozenset[str] = Field(default_factory=frozenset)
    # "eight others", "another 250": a count besides the one before, not the same trigger's
    contrastive: frozenset[str] = Field(default_factory=frozenset)
    # auxiliaries before a predicate: "soldiers deployed to Russia have been killed"
    auxiliaries: frozenset[str] = Field(default_factory=frozenset)
    # words of a verb chain between a figure and its predicate: "were believed to have been"
    predicate_links: frozenset[str] = Field(default_factory=frozenset)
    # words before a figure that make it a part of a count given before: "including three
    # nurses", "among them five children", "of whom two"
    subset_before: frozenset[str] = Field(default_factory=frozenset)
    # words right after a figure that make it a part: "six remained in critical condition"
    subset_after: frozenset[str] = Field(default_factory=frozenset)
    # a force named after one of these is the one fought, not the one counted: "1,000 injured
    # fighting against Ukrainian forces"
    opposing: frozenset[str] = Field(default_factory=frozenset)
    # a party before one of these counts its own losses: "Moscow had suffered 41,000 killed"
    loss_verbs: frozenset[str] = Field(default_factory=frozenset)
    # a figure after one of these and before a capitalised word is an address: "at 219 S. Main"
    address_before: frozenset[str] = Field(default_factory=frozenset)
    # a figure after one of these, reached by a tally ("has risen to 15", "stood at 12")
    tally_links: frozenset[str] = Field(default_factory=frozenset)
    # how much further apart two words read when a clause mark or word stands between them
    # ("200 killed, the ministry said on Monday, and 300 wounded")
    clause_penalties: dict[str, int] = Field(default_factory=dict)

    @cached_property
    def report_noun_ids(self) -> frozenset[int]:
        """The report nouns as the string ids of their lower-case forms (`LOWER` arrays)."""
        return frozenset(get_string_id(w.lower()) for w in self.report_nouns)

    @cached_property
    def penalty_by_hash(self) -> dict[int, int]:
        """`clause_penalties` by the string hash of the lower-cased word (the same in every
        vocab), as the claim reader looks tokens up."""
        return {get_string_id(w.lower()): p for w, p in self.clause_penalties.items()}


def load_grammar(lang: str, root: Path | None = None) -> Grammar:
    """The grammar of `lang`; an empty one where its rules folder has no grammar.yaml."""
    folder = root if root is not None else Path(str(RULES))
    path = folder / lang / "grammar.yaml"
    if not path.is_file():
        return Grammar()
    return load_model(Grammar, path, error=ConfigError)
