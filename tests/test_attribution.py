"""Who a figure is attributed to: the party's whole phrase, named through the claims.yaml
aliases or as written, anaphors resolved over the article, relays marked 'reported'."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.config import load_config
from claimtrack.extract.document import Extraction
from claimtrack.models import Article, ArticleMeta, Claim, Document, Passage

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return Extraction(load_config(ROOT / "claims.yaml"))


def document(*sentences: str, paragraph: bool = False) -> Document:
    """An article of one passage per sentence, published on 14 July 2025: a paragraph each, or
    with `paragraph` all in one."""
    text = "\n".join(sentences)
    passages, at = [], 0
    for i, s in enumerate(sentences):
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in s) else "en"
        passages.append(Passage(index=i, paragraph=0 if paragraph else i, start=at,
                                end=at + len(s), text=s, language=lang))
        at += len(s) + 1
    return Document(
        path="/x.txt", name="x.txt", sha256="0" * 64, size=len(text), encoding="utf-8",
        format="txt", text=text,
        articles=[Article(index=0, start=0, end=len(text),
                          meta=ArticleMeta(published=dt.date(2025, 7, 14)), passages=passages)],
    )


def last_claim(extraction: Extraction, *sentences: str, paragraph: bool = False) -> Claim:
    """The last figure claim of the article."""
    figures = [c for c in extraction(document(*sentences, paragraph=paragraph))
               if c.kind != "date"]
    assert figures, sentences
    return max(figures, key=lambda c: c.start)


# (sentence, who it is attributed to)
PHRASES = [
    # after a preposition
    ("About 300 civilians were killed, according to the United Nations.", "United Nations"),
    ("According to Amnesty International, at least 40 protesters were killed.",
     "Amnesty International"),
    ("At least 75 people were killed, according to U.S. and Nigerian officials.",
     "U.S. and Nigerian officials"),
    # before a verb, over what may stand between
    ("The defence ministry said 30 soldiers were wounded.", "defence ministry"),
    ("Health officials in the Kivu province say 52 people have died.",
     "Health officials in the Kivu province"),
    ("The Kenyan army says it has killed more than 70 fighters.", "Kenyan army"),
    ("In a statement, the Sudanese army said 45 civilians were killed.", "Sudanese army"),
    ("Dutch military intelligence on May 3 estimated that 900 soldiers had been killed.",
     "Dutch military intelligence"),
    ("Shelling killed nine people, the region's governor said on Monday.", "region's governor"),
    ("25 people were killed on Monday, police said.", "police"),
    ("Defence Minister Ana Lopes-Vidal told lawmakers that 2,000 soldiers were deployed.",
     "Defence Minister Ana Lopes-Vidal"),
    ('"At least 40 soldiers were killed," the Rapid Support Forces (RSF) said.',
     "Rapid Support Forces"),
    ("A UN spokesperson, Jane Roe, said 15 aid workers had been killed.", "Jane Roe"),
    # after a verb that follows a clause mark
    ("Some 200 fighters were killed, said Major General Tom Abbot.", "Major General Tom Abbot"),
    ("Some 200 fighters were sent to Russia, said the Kigali military.", "Kigali military"),
    # a party owning a report, the agent of a passive verb, a report by a party
    ("Unicef's figures show that 90 children were killed.", "Unicef"),
    ("Unicef's latest figures show that 90 children were killed.", "Unicef"),
    ("UN figures show that 300 civilians were killed.", "UN"),
    ("Figures from the health ministry show 40 people were killed.", "health ministry"),
    # a common word capitalised at the sentence start names no one
    ("Official figures show 40 people were killed.", None),
    ("Casualty figures show 300 soldiers were killed.", None),
    ("A report published by the Daily Planet put the toll at 3,000 dead.", "Daily Planet"),
    ("According to a new study by researchers in Norway, about 6,000 people died.",
     "researchers in Norway"),
    # a headline ends with who says it
    ("About 80 soldiers killed in border clashes: Kigali spy agency", "Kigali spy agency"),
    ("Over 500 fighters killed in a week — Zelensky", "Volodymyr Zelensky"),
    # aliases: whole phrases, and a possessive before one
    ("Russia's defence ministry said 40 Ukrainian soldiers were killed.",
     "Russian Ministry of Defence"),
    ("Seoul's Yonhap News Agency said 40 soldiers were wounded.", "Yonhap"),
    # a spelling of an alias is the source; another name is not ("Ukrainian officials" and
    # "South Korean media" are aliases)
    ("The Russian Defense Ministry said 40 Ukrainian soldiers were killed.",
     "Russian Ministry of Defence"),
    ("Iranian officials said 12 people were killed.", "Iranian officials"),
    ("North Korean media reported that 12 soldiers were wounded.", "North Korean media"),
    # a generic word is not an unrelated alias ('police' lists neither)
    ("Officials said 12 people were killed.", "officials"),
    ("Authorities said three people were wounded.", "authorities"),
    ("Emergency services said 8 people were wounded.", "Emergency services"),
    ("Yemen's Houthi-run health ministry said 31 people were killed.",
     "Yemen's Houthi-run health ministry"),
    # a capitalised word in a name is no verb, a dateline no party
    ("Two United States soldiers were killed in a crash, the US military said.", "US military"),
    ("KYIV – Two soldiers were killed on Tuesday, stating nothing else.", None),
    # a day or a number does not speak
    ("The agency released a statement on Friday saying 1,500 troops were sent.", None),
    # Chinese: the sources claims.yaml lists, by the attribution words around them
    ("据韩国国家情报院称，约1.2万名朝鲜士兵被派往俄罗斯。", "National Intelligence Service"),
    ("俄罗斯国防部称，40名乌克兰士兵死亡。", "Russian Ministry of Defence"),
    # and those it does not, between 据 and its verb, or opening the clause before a verb
    ("据联合国难民署周三称，约300名平民死亡。", "联合国难民署"),
    ("加沙卫生部门表示，已有4.5万人死亡。", "加沙卫生部门"),
    ("以色列军方也称，打死了1.7万名武装分子。", "以色列军方"),
    ("据报道，朝鲜计划再派遣3万名士兵。", None),
    # the party ends before whom or where it speaks
    ("卫生部官员对记者说，已有40人死亡。", "卫生部官员"),
    ("以色列国防部在每日简报中称，打死了300名武装分子。", "以色列国防部"),
]


@pytest.mark.parametrize(("text", "source"), PHRASES)
def test_the_party_s_whole_phrase_is_the_source(
    extraction: Extraction, text: str, source: str | None
) -> None:
    assert last_claim(extraction, text).attributed_to == source


# (sentences of an article, who the last one's figure is attributed to)
ARTICLES = [
    # a pronoun stands for the last party it can: "he" a person, never an outlet
    (["President Ana Lopes said the situation was grave.", "Reuters reported heavy fighting.",
      "He said 300 soldiers had been killed."], "President Ana Lopes"),
    # "it" an organisation
    (["The Red Cross said teams were on their way.", "It said 30 people had been killed."],
     "Red Cross"),
    # "the agency" after a listed agency, with people named in between
    (["South Korea's spy agency briefed lawmakers on Tuesday.",
      "South Korea's spy agency said the troops were deployed in October.",
      "Lawmaker Park Min-ho said the briefing was long.",
      "The agency said about 600 soldiers had been killed."], "National Intelligence Service"),
    # "they" stands for people or a group alike
    (["Lawmakers Park Min-ho and Kim Ha-na said the briefing was long.",
      "They said about 600 soldiers had been killed."],
     "Lawmakers Park Min-ho and Kim Ha-na"),
    # a lone surname is the party named in full before
    (["Lawmaker Park Min-ho said the briefing was long.",
      "Park said 600 soldiers had been killed."], "Lawmaker Park Min-ho"),
    # an anaphor with nothing before it to stand for is no source
    (["The agency said about 600 soldiers had been killed."], None),
    # in one passage, the party named before it
    (["Aid officials said 40 soldiers died. The officials also said 900 people were wounded."],
     "Aid officials"),
]


@pytest.mark.parametrize(("sentences", "source"), ARTICLES)
def test_anaphors_and_surnames_resolve_over_the_article(
    extraction: Extraction, sentences: list[str], source: str | None
) -> None:
    assert last_claim(extraction, *sentences).attributed_to == source


# (sentences of one paragraph, or not, who the last one's figure is attributed to)
CONTINUED = [
    # a figure with no source of its own goes on with the paragraph's last party
    (["Aid officials said 2,500 troops were sent.",
      "The country has also shipped 9,000 containers of shells."], True, "Aid officials"),
    # not into a new paragraph
    (["Aid officials said 2,500 troops were sent.",
      "The country has also shipped 9,000 containers of shells."], False, None),
    # nor from an outlet, which only relays
    (["Reuters reported heavy fighting near the river.",
      "About 40 soldiers were killed in the fighting."], True, None),
]


@pytest.mark.parametrize(("sentences", "paragraph", "source"), CONTINUED)
def test_a_figure_with_no_source_goes_on_with_its_paragraph_s_party(
    extraction: Extraction, sentences: list[str], paragraph: bool, source: str | None
) -> None:
    assert last_claim(extraction, *sentences, paragraph=paragraph).attributed_to == source


# (sentence, source, modality): one party passing on another's figure
RELAYS = [
    # an outlet passing on a party is the messenger: the figure is the party's, relayed
    ("Quoting Nigerian officials, the BBC said 70 soldiers had been wounded.",
     "Nigerian officials", "reported"),
    ("Yonhap reported, citing military officials, that 3,000 troops were deployed.",
     "military officials", "reported"),
    ("According to Yonhap, citing a military official, 3,000 troops were deployed.",
     "military official", "reported"),
    ("The Guardian cited several Chadian officials saying that 900 people died.",
     "several Chadian officials", "reported"),
    # "citing" goes with its own sentence's speaker, not every speaker of the passage
    ("Quoting Nigerian officials, the BBC said 70 soldiers had been wounded. The ministry of "
     "defence said 300 soldiers were killed.", "ministry of defence", "asserted"),
    ("About 300 soldiers were killed, Zelensky said, according to Ukrinform.",
     "Volodymyr Zelensky", "reported"),
    # a party's figure known through reports is relayed
    ("The ministry of health has said that 600 soldiers were killed, according to media "
     "reports.", "ministry of health", "reported"),
    # anyone else telling is the source, relaying
    ("Citing hospital records, senator Ana Ruiz said 60 people had been killed.",
     "senator Ana Ruiz", "reported"),
    ("A Kenyan senator said on Friday, citing the police, that 14 protesters were killed.",
     "Kenyan senator", "reported"),
    ("Lawmaker Park Min-ho said that the spy agency believed 600 soldiers had been killed.",
     "Lawmaker Park Min-ho", "estimated"),
    # an outlet's own figure, or media, relays what they heard
    ("State media reported that 15 soldiers were killed.", "State media", "reported"),
    ("According to BBC Persian, at least 60 protesters have died.", "BBC Persian", "reported"),
    ("The newspaper Haaretz reported that 30 soldiers were wounded.", "newspaper Haaretz",
     "reported"),
    # a network of doctors is no broadcaster
    ("The Sudan Doctors Network said 40 civilians were killed.", "Sudan Doctors Network",
     "asserted"),
    ("据新华社报道，约300名平民死亡。", "新华社", "reported"),
    ("据当地媒体报道，12名士兵死亡。", "当地媒体", "reported"),
    ("加沙卫生部门表示，已有4.5万人死亡。", "加沙卫生部门", "asserted"),
    # a party's own "reported" is no relay; "have reported" still reads as one
    ("The army command had reported in June that about 70 soldiers were wounded.",
     "army command", "asserted"),
    # a month is no modal verb
    ("The army command had reported in May that about 70 soldiers were wounded.",
     "army command", "asserted"),
    # the same party twice is one party ("confirmed that it believed")
    ("The ministry of health confirmed that it believed 60 people were killed.",
     "ministry of health", "estimated"),
    ("Figures were estimated by researchers in Leeds, who said about 9,000 people died.",
     "researchers in Leeds", "estimated"),
]


@pytest.mark.parametrize(("text", "source", "modality"), RELAYS)
def test_a_relayed_figure_is_the_origin_s_and_reported(
    extraction: Extraction, text: str, source: str, modality: str
) -> None:
    claim = last_claim(extraction, text)
    assert (claim.attributed_to, claim.modality.value) == (source, modality)


# words attribution leans on, mixed with others, in any order: the reader must never fail,
# never name a party that is not in the text (or a claims.yaml source's own name) and never
# leave a word referring back ("it", "the agency") as a name
WORDS = ["said", "says", "according", "to", "citing", "quoting", "by", "estimated", "the",
         "The", "Officials", "a", "of", "in", "and", "officials", "ministry", "Health", "Kivu",
         "Province", "Park",
         "Min", "-", "ho", "'s", "’s", ",", ".", ":", "—", "(", ")", "who", "it", "he",
         "the agency", "300", "soldiers", "were", "killed", "wounded", "on", "Monday", "BBC",
         "Yonhap", "reported", "that", "figures", "report", "据", "称", "表示", "名", "士兵"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_any_arrangement_of_words_names_only_parties_in_the_text(words: list[str]) -> None:
    extraction = _shared_extraction()
    text = " ".join(words)
    config = extraction.loaded.config
    names = {s.name for s in config.sources}
    anaphors = {a.lower() for words in config.attribution.anaphors.values() for a in words}
    for claim in extraction(document(text)):
        source = claim.attributed_to
        # (a party word opening the sentence is named in lower case: "Officials said")
        assert source is None or source in names or source.lower() in text.lower(), (text,
                                                                                      source)
        assert source is None or source.lower() not in anaphors, (text, source)


@functools.cache
def _shared_extraction() -> Extraction:
    return Extraction(load_config(ROOT / "claims.yaml"))
