"""Extraction: sentences in, claims out. Each row is what an analyst would expect to see."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimtrack.config import load_config
from claimtrack.extract.document import Extraction
from claimtrack.models import Article, ArticleMeta, Document, Passage

ROOT = Path(__file__).resolve().parent.parent
ANCHOR = dt.date(2025, 7, 14)


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return Extraction(load_config(ROOT / "claims.yaml"))


def document(text: str, lang: str = "en", anchor: dt.date = ANCHOR) -> Document:
    """A one-passage document published on `anchor`."""
    return Document(
        path="/x.txt", name="x.txt", sha256="0" * 64, size=len(text), encoding="utf-8",
        format="txt", text=text,
        articles=[Article(index=0, start=0, end=len(text), meta=ArticleMeta(published=anchor),
                          passages=[Passage(index=0, paragraph=0, start=0, end=len(text),
                                            text=text, language=lang)])],
    )


def run(extraction: Extraction, text: str, lang: str = "en", anchor: dt.date = ANCHOR):
    """The figure claims (not dates) of one sentence."""
    return [c for c in extraction(document(text, lang, anchor)) if c.kind != "date"]


# (sentence, language, [(kind, value, low, high, qualifier)])
FIGURES = [
    ("South Korea's intelligence agency in October of last year assessed that around "
     "12-thousand North Korean troops had been deployed to the Kursk region.", "en",
     [("troops.deployed", 12000, 12000, 12000, "approx")]),
    ("Pyongyang sent more than 10,000 soldiers to Russia's Kursk region last year.", "en",
     [("troops.deployed", 10000, 10000, None, "more_than")]),
    ("Around 600 North Korean soldiers have been killed and thousands more wounded.", "en",
     [("casualties.killed", 600, 600, 600, "approx"),
      ("casualties.wounded", None, 2000, 9999, "vague")]),
    ("North Korea plans to send up to 30,000 additional troops to Russia.", "en",
     [("troops.additional", 30000, None, 30000, "up_to")]),
    # an increase *to* a figure gives the size reached; *by* a figure, the troops added
    ("Russia wants to increase the contingent to 30,000 troops.", "en",
     [("troops.total", 30000, 30000, 30000, "exact")]),
    ("Russia wants to increase the contingent by 3,000 troops.", "en",
     [("troops.additional", 3000, 3000, 3000, "exact")]),
    ("Pyongyang sent 3,000 more troops to Kursk in January.", "en",
     [("troops.additional", 3000, 3000, 3000, "exact")]),
    ("The transfer is planned in batches of 1,500 to 3,000 personnel.", "en",
     [("troops.planned", None, 1500, 3000, "range")]),
    ("South Korea's Joint Chiefs of Staff estimates that roughly 4,000 North Korean soldiers "
     "have been killed or wounded.", "en",
     [("casualties.killed_or_wounded", 4000, 4000, 4000, "approx")]),
    ("The equipment sent includes approximately 220 units of 240 millimeter multiple rocket "
     "launchers.", "en",
     [("equipment", 220, 220, 220, "approx")]),
    ("Two people were killed and two others were injured in a shooting on Sunday.", "en",
     [("casualties.killed", 2, 2, 2, "exact"), ("casualties.wounded", 2, 2, 2, "exact")]),
    ("2 dead, 3 wounded in overnight shooting", "en",
     [("casualties.killed", 2, 2, 2, "exact"), ("casualties.wounded", 3, 3, 3, "exact")]),
    ("At least 12 civilians were killed in the strike, officials said.", "en",
     [("casualties.killed", 12, 12, None, "at_least")]),
    ("One of the victims died in hospital.", "en",
     [("casualties.killed", 1, 1, None, "at_least")]),
    ("Police said all four of the victims were killed.", "en",
     [("casualties.killed", 4, 4, 4, "exact")]),
    ("Ukraine says it has captured 25 soldiers and 5 remain missing.", "en",
     [("casualties.captured", 25, 25, 25, "exact"), ("casualties.missing", 5, 5, 5, "exact")]),
    ("The country possesses one of the largest militaries, comprising approximately 1.2 "
     "million personnel.", "en",
     [("troops.total", 1_200_000, 1_200_000, 1_200_000, "approx")]),
    ("去年10月,韩国情报机构评估称,约有1.2万名朝鲜士兵被部署至库尔斯克地区。", "zh",
     [("troops.deployed", 12000, 12000, 12000, "approx")]),
    ("据报道，超过3000名士兵阵亡。", "zh",
     [("casualties.killed", 3000, 3000, None, "more_than")]),
    ("袭击造成至少12名平民死亡，另有30人受伤。", "zh",
     [("casualties.killed", 12, 12, None, "at_least"),
      ("casualties.wounded", 30, 30, 30, "exact")]),
    ("乌克兰称俘虏了2名朝鲜士兵。", "zh", [("casualties.captured", 2, 2, 2, "exact")]),
    ("朝鲜向俄罗斯提供了约220门火箭炮。", "zh", [("equipment", 220, 220, 220, "approx")]),
    ("朝鲜计划再派遣3万名士兵。", "zh", [("troops.additional", 30000, 30000, 30000, "exact")]),
    ("俄罗斯希望将兵力增加到3万名士兵。", "zh", [("troops.total", 30000, 30000, 30000, "exact")]),
    ("俄罗斯希望再增加3000名士兵。", "zh", [("troops.additional", 3000, 3000, 3000, "exact")]),
    ("数千名朝鲜士兵伤亡。", "zh", [("casualties.killed_or_wounded", None, 2000, 9999, "vague")]),
    ("此次派兵行动发生在1950年，第四条规定了援助。", "zh", []),
]


@pytest.mark.parametrize(("text", "lang", "expected"), FIGURES)
def test_figures(extraction: Extraction, text: str, lang: str, expected: list) -> None:
    got = [(c.kind, c.value, c.low, c.high, c.qualifier.value if c.qualifier else None)
           for c in run(extraction, text, lang)]
    assert got == [(k, None if v is None else float(v), None if lo is None else float(lo),
                    None if hi is None else float(hi), q) for k, v, lo, hi, q in expected]


NON_CLAIMS = [
    "Article 4 of the treaty says North Korea and Russia shall provide assistance.",
    "The 5,000-ton-class destroyer was unveiled on April 26.",
    "The economic effect amounts to 28.7 trillion won.",
    "It marks the 80th anniversary of Victory Day on May 9.",
    "Equipment includes M2010 tanks and BTR-80 armored personnel carriers.",
    "The howitzers fire 170 millimeter shells.",
    "The more than 3-year-old conflict is now stretching across Europe and Asia.",
    "A 24-year-old man was arrested.",
    "Prices rose 20 percent in 2024.",
    "Kim is flanked by two military officials.",
]


@pytest.mark.parametrize("text", NON_CLAIMS)
def test_numbers_that_are_not_claims(extraction: Extraction, text: str) -> None:
    assert run(extraction, text) == []


# (sentence, field, expected value)
DETAILS = [
    ("South Korea's intelligence agency assessed that around 12,000 North Korean troops had "
     "been deployed.", "attributed_to", "National Intelligence Service"),
    ("North Korea has sent 3,000 additional troops, according to South Korea's Joint Chiefs "
     "of Staff.", "attributed_to", "Joint Chiefs of Staff"),
    ("Around 600 North Korean soldiers have been killed, Seoul has said.", "attributed_to",
     "South Korean government"),
    ("North Korea has deployed around 11,000 troops.", "attributed_to", None),
    ("Kyiv's military intelligence agency has denied a report that North Korea plans to send "
     "up to 30,000 additional troops.", "modality", "denied"),
    # a denial governs its whole clause, even a long one
    ("Military intelligence told reporters on Monday that it has no information about plans "
     "to raise the size of the national guard deployed along the northern border of the "
     "country to 8,000 soldiers.", "modality", "denied"),
    # but not the next sentence
    ("The ministry denied the report. Officials later said that the army had deployed about "
     "8,000 soldiers along the northern border.", "modality", "asserted"),
    ("Pyongyang is preparing to send 6,000 military personnel.", "modality", "planned"),
    ("South Korea's Joint Chiefs of Staff estimates that roughly 4,000 soldiers have been "
     "killed or wounded.", "modality", "estimated"),
    ("North Korea may send a total of 12,000 troops.", "modality", "possible"),
    ("North Korea has deployed around 11,000 troops.", "modality", "asserted"),
    ("Pyongyang sent more than 10,000 soldiers to Russia's Kursk region last year.", "as_of",
     "2024"),
    ("North Korea has sent 3,000 additional troops in January and February.", "as_of",
     "2025-01/2025-02"),
    ("North Korea has deployed around 11,000 troops.", "as_of", "2025-07-14"),
    ("Around 12,000 North Korean troops were deployed to the Kursk region.", "location", "Kursk"),
    ("Around 12,000 DPRK soldiers were deployed.", "subject", "North Korean troops"),
    ("North Korea has deployed around 11,000 troops.", "subject", "North Korean troops"),
    ("The equipment sent includes approximately 220 units of 240 millimeter multiple rocket "
     "launchers.", "item", "units of 240 millimeter multiple rocket launchers"),
    ("朝鲜向俄罗斯提供了约220门火箭炮。", "item", "火箭炮"),
    ("Two people were killed in a shooting in Salinas on Sunday.", "location", "Salinas"),
    ("It plans batches of 1,500 to 3,000 personnel to aid in Moscow's war.", "location", None),
    ("据报道，朝鲜计划再派遣3万名士兵。", "modality", "planned"),
    ("据报道，朝鲜计划再派遣3万名士兵。", "attributed_to", None),
    ("据朝鲜中央通讯社报道，1万名士兵已抵达。", "attributed_to", "KCNA"),
]


@pytest.mark.parametrize(("text", "field", "expected"), DETAILS)
def test_claim_details(extraction: Extraction, text: str, field: str, expected: str | None) -> None:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    claims = run(extraction, text, lang)
    assert len(claims) == 1
    value = getattr(claims[0], field)
    assert (value.value if hasattr(value, "value") else value) == expected


def test_inferred_time_is_flagged(extraction: Extraction) -> None:
    (claim,) = run(extraction, "North Korea has deployed around 11,000 troops.")
    assert claim.as_of_inferred is True
    (claim,) = run(extraction, "Pyongyang sent more than 10,000 soldiers last year.")
    assert claim.as_of_inferred is False


def test_quote_and_offsets_point_into_the_text(extraction: Extraction) -> None:
    text = "Officials said on Monday that around 12-thousand North Korean troops were sent."
    (claim,) = run(extraction, text)
    assert text[claim.start : claim.end] == claim.quote == "around 12-thousand North Korean troops"


def test_date_claims_keep_the_words_and_resolve_them(extraction: Extraction) -> None:
    text = "KCNA said Monday that the troop deployment was ordered by Kim Jong-un."
    dates = [c for c in extraction(document(text, "en", dt.date(2025, 4, 28)))
             if c.kind == "date"]
    assert [(c.date_text, c.as_of) for c in dates] == [("Monday", "2025-04-28")]
    zh_text = "据朝鲜中央通讯社周日援引执政党消息称,此次军事部署由金正恩下令。"
    zh = [c for c in extraction(document(zh_text, "zh", dt.date(2025, 4, 28)))
          if c.kind == "date"]
    assert [(c.date_text, c.as_of) for c in zh] == [("周日", "2025-04-27")]


@pytest.mark.parametrize(
    ("text", "lang", "item"),
    [
        ("The agency said on Tuesday that the troops were dispatched by the leader.", "en",
         "troops.deployed"),
        ("卫星社周二称,此次部署由领导人下令。", "zh", "troops.deployed"),
        # nothing tracked but the verb: no topic to match its event by
        ("The minister met his counterpart on Tuesday in the capital.", "en", None),
    ],
)
def test_a_date_claim_names_the_kinds_its_sentence_speaks_of(
    extraction: Extraction, text: str, lang: str, item: str | None
) -> None:
    dates = [c for c in extraction(document(text, lang, dt.date(2025, 5, 1)))
             if c.kind == "date"]
    assert [c.item for c in dates] == ([item] if item or dates else [])


def test_a_pipeline_is_not_built_from_another_claims_yaml_than_the_extraction_s(
    tmp_path: Path,
) -> None:
    import shutil

    from claimtrack.errors import ConfigError

    config = tmp_path / "claims.yaml"
    shutil.copyfile(ROOT / "claims.yaml", config)
    extraction = Extraction(load_config(config))
    # as on a Dask worker that has another file at the path, or after an edit mid-ingest
    config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not the claims.yaml this ingest started with"):
        extraction.nlp("en")
    fresh = Extraction(load_config(config))
    assert fresh.nlp("en") is not None


def test_the_pipeline_leaves_its_cues_on_the_doc(extraction: Extraction) -> None:
    """The spaCy pipeline used on its own: the lexicon's words are in doc.spans["cues"], the
    longest match of a group winning ("killed or wounded", not "killed"), and the claim
    reader's hand-over from the lexicon is gone from the Doc's user data."""
    nlp = extraction.nlp("en")
    doc = nlp("Officials said 300 soldiers were killed or wounded, citing the Pentagon.")
    triggers = [c.text for c in doc.spans["cues"] if c.label_.startswith("trigger|")]
    assert triggers == ["killed or wounded"]
    assert [s.text for s in doc.spans["claims"]] == ["300 soldiers"]
    assert not [k for k in doc.user_data if "cues" in str(k)]


@pytest.mark.parametrize(("text", "source", "chain"), [
    ("Yonhap reported 3,000 troops were deployed, citing Reuters.", "Yonhap", ["Reuters"]),
    ("South Korean media reported that 3,000 troops were deployed to Kursk, quoting the "
     "Associated Press.", "South Korean media", ["Associated Press"]),
    # the outlet cited is the claim's own source: no chain behind it
    ("Yonhap reported, citing Reuters, that 3,000 troops were deployed.", "Reuters", []),
    # an outlet named without "citing" or "quoting" is a source, not where the story came from
    ("Reuters said 3,000 troops were deployed to Kursk.", "Reuters", []),
])
def test_an_outlet_the_article_cites_is_its_claims_source_chain(
    extraction: Extraction, text: str, source: str, chain: list[str]
) -> None:
    (claim,) = run(extraction, text)
    assert (claim.attributed_to, claim.source_chain or []) == (source, chain)


def test_the_components_are_built_the_spacy_way(tmp_path: Path) -> None:
    """Built from `spacy.blank` by factory name, given claims.yaml through `initialize`, saved
    and loaded with `to_disk` / `from_disk`: no file path is read inside a component."""
    import spacy

    from claimtrack.extract import pipeline

    config = load_config().config
    nlp = spacy.blank("en")
    for name in ("claimtrack_quantities", "claimtrack_times", "claimtrack_lexicon",
                 "claimtrack_claims"):
        nlp.add_pipe(name)
    text = "Around 12,000 North Korean troops were deployed to Kursk."
    with pytest.raises(ValueError, match="initialize"):
        nlp(text)
    nlp.get_pipe("claimtrack_lexicon").initialize(nlp=nlp, config=config)  # type: ignore[attr-defined]
    nlp.get_pipe("claimtrack_claims").initialize(nlp=nlp, config=config)  # type: ignore[attr-defined]
    doc = nlp(text)
    claims = [(s.text, s._.claimtrack_claim.kind) for s in doc.spans["claims"]]
    assert claims == [("Around 12,000 North Korean troops", "troops.deployed")]
    nlp.to_disk(tmp_path / "pipe")
    again = spacy.load(tmp_path / "pipe")(text)
    assert [(s.text, s._.claimtrack_claim.kind) for s in again.spans["claims"]] == claims
    summary = nlp.analyze_pipes()["summary"]
    assert "span._.claimtrack_claim" in summary["claimtrack_claims"]["assigns"]
    assert "span._.claimtrack_quantity" in summary["claimtrack_claims"]["requires"]
    assert pipeline.build_nlp("en", config).pipe_names == list(summary)


# who is counted when the figure's phrase names no one: never the force fought, the owner of
# something else, nor a word of another name (invented sentences)
WHOSE = [
    ("At least 50 North Korean soldiers died, with another 700 hurt in battles against "
     "Ukrainian forces.", 700, "North Korean troops"),
    ("Pyongyang agreed to send about 9,000 troops in support of Moscow's campaign.", 9000,
     "North Korean troops"),
    ("According to Radio Kyiv, close to 800 soldiers have died.", 800, "troops"),
    # a title in a headline's capitals is no other name
    ("North Korean Leader Kim Jong Un Has Sent 10,000 Troops", 10000, "North Korean troops"),
    ("Russia's 5,000 troops were deployed north.", 5000, "Russian troops"),
    ("North Korea has deployed around 11,000 troops.", 11000, "North Korean troops"),
    # the party that suffers a loss with no noun of its own: its forces
    ("Ukraine, the minister said, had suffered 90,000 killed and 300,000 wounded.", 300000,
     "Ukrainian troops"),
    ("Moscow has sustained about 7,000 casualties.", 7000, "Russian troops"),
    # a party after the figure only speaks; one that strikes suffers nothing
    ("About 400 were killed in the fighting, Russia said.", 400, None),
    ("Russia fired missiles that killed 12.", 12, None),
    ("朝鲜军队在对抗乌军的战斗中有700名士兵受伤。", 700, "North Korean troops"),
]


@pytest.mark.parametrize(("text", "value", "subject"), WHOSE)
def test_whose_figure_it_is(
    extraction: Extraction, text: str, value: float, subject: str
) -> None:
    lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    found = {c.value: c.subject for c in run(extraction, text, lang)}
    assert found.get(value) == subject, found


# as_of of a figure whose time expression runs through the day it is stated, or is a plan's
# target: the publication date (ANCHOR, 2025-07-14), not the period or the target
# (sentence, language, as_of, inferred)
STATED = [
    ("The rebels have seized 40 armoured vehicles so far this year.", "en", "2025-07-14"),
    ("Some 2,500 soldiers have been sent to the border this month.", "en", "2025-07-14"),
    ("About 900 fighters were killed over the past week.", "en", "2025-07-14"),
    ("The army is expected to deploy 4,000 more troops by October.", "en", "2025-07-14"),
    ("The ministry plans to send 1,200 soldiers next month.", "en", "2025-07-14"),
    ("本月已有3000名士兵被派往边境。", "zh", "2025-07-14"),
    ("朝鲜计划下个月再派遣5000名士兵。", "zh", "2025-07-14"),
    # a period that ended before the statement keeps its own date
    ("About 900 fighters were killed last week.", "en", "2025-07-07/2025-07-13"),
    ("Pyongyang sent more than 10,000 soldiers to the front last year.", "en", "2024"),
    ("The army said 3,000 troops were deployed in March.", "en", "2025-03"),
]


@pytest.mark.parametrize(("text", "lang", "as_of"), STATED)
def test_as_of_is_the_statement_date_for_a_period_through_it(
    extraction: Extraction, text: str, lang: str, as_of: str
) -> None:
    claims = run(extraction, text, lang)
    assert [c.as_of for c in claims] == [as_of]
    assert not claims[0].as_of_inferred
