"""Language of a passage: script, function words, then py3langid for what they leave open."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.load import langid
from claimtrack.load.articles import build_articles


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # clear function words
        ("The ministry said that two of the soldiers were wounded in the attack.", "en"),
        ("Die Armee hat am Montag mitgeteilt, dass die Soldaten in der Stadt sind.", "de"),
        ("Le ministère a annoncé que les soldats sont arrivés dans la ville.", "fr"),
        # few function words: the model decides
        ("Ukrainian drones struck refinery near Ryazan overnight, regional governor reports", "en"),
        ("Kliniken speichern Patientendaten seit Jahren getrennt, meldet heute Berlin", "de"),
        ("Presiden menandaskan bahwa pasukan tambahan akan dikirim minggu depan", "id"),
        # script
        ("朝鲜方面首次证实已派遣军队支持俄罗斯。", "zh"),
        ("北韓官方首度證實已派兵支援俄羅斯。", "zh"),
        ("Минобороны сообщило о потерях противника за сутки.", "ru"),
        ("Міністерство оборони повідомило про втрати ворога.", "uk"),
        ("北朝鮮の兵士が死亡したと発表した。", "ja"),
        ("국가정보원은 북한군 사상자가 늘었다고 밝혔다.", "ko"),
        # too short to tell, or words of no language
        ("Kyiv", "und"),
        ("Reuters staff", "und"),
        ("ghunter@detroitnews.com", "und"),
        ("Q: How do you rate it?", "und"),
    ],
)
def test_a_passage_gets_its_language(text: str, language: str) -> None:
    assert langid.detect(text) == language


def test_the_model_answers_only_with_the_candidate_languages() -> None:
    # Catalan is not a candidate: the nearest candidate or nothing, never "ca"
    got = langid.detect("El govern ha dit que els soldats han arribat a la ciutat aquest matí.")
    assert got in set(langid.rules().candidates) | {"und"}


def test_short_lines_of_an_article_take_its_language() -> None:
    text = (
        "Kyiv\n\n"
        "Die Armee hat am Montag mitgeteilt, dass die Soldaten in der Stadt sind und bleiben.\n\n"
        "Die Regierung hat die Zahl der Toten nicht bestätigt, sagte ein Sprecher am Abend.\n"
    )
    (article,) = build_articles(text)
    assert {p.language for p in article.passages} == {"de"}


@given(st.text(max_size=300))
def test_any_text_gets_a_code(text: str) -> None:
    got = langid.detect(text)
    assert got == "und" or (2 <= len(got) <= 3 and got.isalpha() and got.islower())
