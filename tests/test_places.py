"""Place names claims.yaml does not list, from sentences and datelines."""

from __future__ import annotations

import pytest

from claimtrack.config import load_config
from claimtrack.extract.places import dateline, place_names

RULES = load_config().config.place_names


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Two people were killed in a shooting in northwest Miami-Dade.", ["northwest Miami-Dade"]),
        ("a shooting in Green County that left two people dead", ["Green County"]),
        ("four people were found shot dead at a Tulsa apartment on Monday", ["Tulsa"]),
        ("Two women died in a Liberty City shooting early Sunday morning.", ["Liberty City"]),
        ("killed over a parking spot in Back of the Yards", ["Back of the Yards"]),
        ("The attack happened in Kharkiv's northern district.", ["Kharkiv"]),
        ("North Korea sent troops to Russia in January.", []),
        ("Police said in a statement on Monday that two were hurt.", []),
    ],
)
def test_place_names(text: str, places: list[str]) -> None:
    found = place_names(text, "en", RULES)
    assert [name for _, _, name in found] == places
    for start, end, name in found:
        assert text[start:end] == name


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("SAN LEANDRO -- Four people were shot", "San Leandro"),
        ("GREENSBURG, KY (WAVE) – Kentucky State Police say", "Greensburg"),
        ("NORTHWEST MIAMI-DADE (CBSMiami) – Two people were killed", "Northwest Miami-Dade"),
        ("SEOUL: North Korean leader Kim Jong Un", "Seoul"),
        ("AP: North Korea sends 3,000 additional troops", None),
        ("Police: Four women found dead", None),
        ("North Korea confirmed for the first time", None),
    ],
)
def test_datelines(text: str, place: str | None) -> None:
    assert dateline(text) == place


def test_languages_without_rules_find_nothing() -> None:
    assert place_names("在库尔斯克地区", "zh", RULES) == []
