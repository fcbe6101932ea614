"""War reporting vocabulary, and what a figure counts: sentences in, claims out.

Each table row is a sentence written here (not taken from any article) with what an analyst
expects: equipment tallies, loss reports, captives, tolls, lists of places, and the figures
that count nothing (a distance, a phone number, a rate) or only a part of another.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.config import load_config
from claimtrack.errors import ConfigError
from claimtrack.extract.document import Extraction
from claimtrack.models import Article, ArticleMeta, Claim, Document, Passage
from claimtrack.reconcile import reconcile

ROOT = Path(__file__).resolve().parent.parent
ANCHOR = dt.date(2025, 3, 2)


@pytest.fixture(scope="module")
def extraction() -> Extraction:
    return Extraction(load_config(ROOT / "claims.yaml"))


def document(*sentences: str, lang: str = "en") -> Document:
    """One article, a passage per sentence, published on ANCHOR."""
    text = " ".join(sentences)
    passages, start = [], 0
    for n, s in enumerate(sentences):
        passages.append(Passage(index=n, paragraph=0, start=start, end=start + len(s), text=s,
                                language=lang))
        start += len(s) + 1
    return Document(path="/x.txt", name="x.txt", sha256="0" * 64, size=len(text),
                    encoding="utf-8", format="txt", text=text,
                    articles=[Article(index=0, start=0, end=len(text),
                                      meta=ArticleMeta(published=ANCHOR), passages=passages)])


def figures(extraction: Extraction, *sentences: str, lang: str = "en") -> list[Claim]:
    return [c for c in extraction(document(*sentences, lang=lang)) if c.kind != "date"]


def lang_of(text: str) -> str:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


# (sentence, [(kind, value, subject)]): one claim per class of a tally, each its own quantity
EQUIPMENT = [
    ("The brigade destroyed 9 tanks, 17 armoured vehicles and 4 drones near the river.",
     [("equipment.lost", 9, "tanks"), ("equipment.lost", 17, "armoured vehicles"),
      ("equipment.lost", 4, "drones")]),
    ("Over the week the invaders lost 21 main battle tanks, 33 infantry fighting vehicles, "
     "48 artillery systems, 5 MLRS, 3 air defence systems, 2 helicopters and 95 UAVs.",
     [("equipment.lost", 21, "tanks"), ("equipment.lost", 33, "armoured vehicles"),
      ("equipment.lost", 48, "artillery systems"),
      ("equipment.lost", 5, "multiple rocket launchers"),
      ("equipment.lost", 3, "air defence systems"), ("equipment.lost", 2, "helicopters"),
      ("equipment.lost", 95, "drones")]),
    ("Air defences shot down 14 cruise missiles and 40 attack drones overnight.",
     [("equipment.lost", 14, "missiles"), ("equipment.lost", 40, "drones")]),
    ("Overnight the enemy launched 63 drones and 4 ballistic missiles at the city.",
     [("equipment.launched", 63, "drones"), ("equipment.launched", 4, "missiles")]),
    ("The navy said it sank 2 landing ships and damaged a submarine.",
     [("equipment.lost", 2, "ships and boats")]),
    ("The allies delivered 31 tanks and 12 armored personnel carriers in the spring.",
     [("equipment", 31, "tanks"), ("equipment", 12, "armoured vehicles")]),
    ("敌军当晚发射了41架无人机和6枚弹道导弹。",
     [("equipment.launched", 41, "drones"), ("equipment.launched", 6, "missiles")]),
    ("守军击毁了8辆坦克和3架直升机。",
     [("equipment.lost", 8, "tanks"), ("equipment.lost", 3, "helicopters")]),
    ("对方交付了40枚导弹和6000发炮弹。",
     [("equipment", 40, "missiles"), ("equipment", 6000, "shells")]),
]


@pytest.mark.parametrize(("text", "expected"), EQUIPMENT)
def test_an_equipment_tally_gives_a_claim_per_class(
    extraction: Extraction, text: str, expected: list
) -> None:
    got = [(c.kind, c.value, c.subject) for c in figures(extraction, text, lang=lang_of(text))]
    assert got == expected
    assert all(c.item for c in figures(extraction, text, lang=lang_of(text)))


# (sentence, [(kind, value)])
PEOPLE = [
    # a loss report counts the dead and the wounded together, never troops sent
    ("The enemy lost 1,340 servicemen over the past day, the general staff said.",
     [("casualties.killed_or_wounded", 1340)]),
    ("Personnel losses of the occupiers reached 890 on Tuesday.",
     [("casualties.killed_or_wounded", 890)]),
    ("Nearly 70,000 soldiers lay dead or wounded after two years of fighting.",
     [("casualties.killed_or_wounded", 70000)]),
    ("About 5,000 Marines Killed, Wounded In Siege", [("casualties.killed_or_wounded", 5000)]),
    # ... unless the text splits them
    ("The battalion lost 40 men killed and 95 wounded.",
     [("casualties.killed", 40), ("casualties.wounded", 95)]),
    ("敌军损失了1500名军人。", [("casualties.killed_or_wounded", 1500)]),
    # captives are captured; freed ones are not a new capture
    ("The militia still holds 64 hostages in the tunnels.", [("casualties.captured", 64)]),
    ("Gunmen abducted 37 villagers from the market.", [("casualties.captured", 37)]),
    ("The raiders killed 300 people and took another 120 captive.",
     [("casualties.killed", 300), ("casualties.captured", 120)]),
    ("The group freed 18 abductees on Friday.", [("casualties.released", 18)]),
    ("The rebels released 14 captives on Monday.", [("casualties.released", 14)]),
    ("Both sides exchanged 150 prisoners of war.", [("casualties.released", 150)]),
    ("Four of the hostages were released at the border.", [("casualties.released", 4)]),
    ("Some 1,100 people were killed and about 180 taken hostage.",
     [("casualties.killed", 1100), ("casualties.captured", 180)]),
    ("A total of 2,740 marines have been returned from captivity.",
     [("casualties.released", 2740)]),
    # "of the injured" names the group; what happened to the three is the verb after it
    ("The toll rose to 22 after three of the injured died in hospital.",
     [("casualties.killed_or_wounded", 22), ("casualties.killed", 3)]),
    ("Nine hostages were killed in captivity.", [("casualties.killed", 9)]),
    ("武装分子绑架了45名人质。", [("casualties.captured", 45)]),
    ("武装分子释放了5名人质，仍扣押着20名人质。",
     [("casualties.released", 5), ("casualties.captured", 20)]),
    ("该车内有9人，但无人受伤。", []),
    ("快速支援部队在两个村庄杀死了200多名平民。", [("casualties.killed", 200)]),
    ("警方击毙了2名枪手，另有3名警察受伤。",
     [("casualties.killed", 2), ("casualties.wounded", 3)]),
    ("加沙卫生部表示，死亡人数已升至45028人，另有106962人受伤。",
     [("casualties.killed", 45028), ("casualties.wounded", 106962)]),
    ("俄军在过去一天损失了1150名军人和12辆坦克。",
     [("casualties.killed_or_wounded", 1150), ("equipment.lost", 12)]),
    ("当局释放了60名被拘留者。", [("casualties.released", 60)]),
    # the people a war counts
    ("Shelling killed 14 patients and 3 nurses at the clinic.",
     [("casualties.killed", 14), ("casualties.killed", 3)]),
    ("At least 8 journalists and 5 aid workers were injured.",
     [("casualties.wounded", 8), ("casualties.wounded", 5)]),
    ("Troops fired on the crowd and 52 protesters were killed.", [("casualties.killed", 52)]),
    # death tolls told as a tally
    ("The death toll from the flooding of the camp has risen to at least 27.",
     [("casualties.killed", 27)]),
    ("The toll has climbed to nineteen.", [("casualties.killed_or_wounded", 19)]),
    ("The count of the dead stood at 212 by nightfall.", [("casualties.killed", 212)]),
    ("The count has climbed to 40 as rescuers pulled more bodies from the rubble.",
     [("casualties.killed", 40)]),
    ("The number of civilians wounded in the raids has already exceeded 1,100.",
     [("casualties.wounded", 1100)]),
    ("Among the dead were six firefighters.", [("casualties.killed", 6)]),
    ("死亡人数已升至48人。", [("casualties.killed", 48)]),
    # a participle describes the noun; the predicate after the auxiliary says what happened
    ("At least 300 conscripts sent to the front have been killed, the report said.",
     [("casualties.killed", 300)]),
    ("The 12 soldiers captured near the bridge were taken to the capital.",
     [("casualties.captured", 12)]),
    ("Two guards died and two guards were badly injured.",
     [("casualties.killed", 2), ("casualties.wounded", 2)]),
    # an address is no count; the people shot there are
    ("Three people were wounded at 1200 W. Lake Street.", [("casualties.wounded", 3)]),
    ("The two men were shot at 418 N. Grove Avenue, police said.",
     [("casualties.killed_or_wounded", 2)]),
    # the figure of another clause ("but ... were involved") takes no trigger across it
    ("Two men were hurt, but a total of 40 people were involved in the brawl.",
     [("casualties.wounded", 2)]),
    ("None of the four wounded guards could describe the attackers.",
     [("casualties.wounded", 4)]),
    # a force with a party or a place needs no verb; one with neither is no deployment
    ("Some 900 French troops remain in the country.", [("troops.deployed", 900)]),
    ("About 400 soldiers are stationed in Gao.", [("troops.deployed", 400)]),
    ("The 2,500 Italian troops remaining in the region will leave.", [("troops.deployed", 2500)]),
    ("Some 3,000 Belarusian soldiers guarding the border were put on alert.",
     [("troops.deployed", 3000)]),
    # a figure with no noun takes the verb that follows it, through its auxiliaries
    ("Of the 9,000 troops sent, about 800 were believed to have been killed by spring.",
     [("troops.deployed", 9000), ("casualties.killed", 800)]),
    # "others": those besides the ones counted before
    ("Three men were killed and seven others, including a teenager, were wounded.",
     [("casualties.killed", 3), ("casualties.wounded", 7)]),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE)
def test_what_a_figure_of_people_counts(extraction: Extraction, text: str, expected: list) -> None:
    got = [(c.kind, c.value) for c in figures(extraction, text, lang=lang_of(text))]
    assert got == expected


# sentences with figures that count no one: each gives no claim
NOT_COUNTS = [
    "The witness lives three doors from the bar where the shooting happened.",
    "The couple lives two blocks from the school.",
    "Police arrived after three neighbours called 911 to report gunfire.",
    "The bodies were found on Sunday after two hikers called 999.",
    "At the scene, the sheriff explained to one woman that the victims had not been named.",
    "The bus had 30 people on board, but none were injured.",
    "The van carried five passengers, none of whom were hurt.",
    "Six people were not injured in the crash.",
    "None of the 40 crew members were hurt.",
    "Neither of the two pilots was injured.",
    "Two county jail guards charged with smuggling appeared in court.",
    "The governor commuted the sentences of all 23 inmates on death row.",
    "In the film the hero dies four times.",
    "The gunman fired several shots into the ceiling.",
    "The morgue takes in about 40 bodies a week.",
    "A magnitude 6.4 earthquake shook the coast.",
    "The strikes hit targets in 14 cities overnight.",
    "The attacker fled in 2 cars toward the highway.",
    "Survivors can call 112 for help.",
    "Officers found a six-shot revolver and a 12-gauge shotgun.",
    "Dispatchers took five reports of people shot within an hour.",
    "The club lost 3 games in a row.",
    # a loss or a release with no counted noun is a game, a market or a product
    "The Hawks have lost six of their last eight.",
    "The index lost 40 on Friday after the report.",
    "The studio released three trailers and two patches this month.",
    "The senator lost by five votes.",
    "All but two have now been released.",
    # a capitalised trigger inside a sentence is part of a name
    "Fans can stream Night Dead Patrol 3 in 4K on the new console.",
    "The list includes: Storm Rising 2, Red Dead Valley 2 and Kart Racer 8.",
    "The striker missed a couple of weeks with a knee injury.",
    "Four federal prison guards charged with bribery appeared in court.",
    # a force whose own verb is no trigger is not counted as sent
    "The three Syrian soldiers are being questioned by investigators.",
    "Footage showed dozens of Ukrainian troops queueing for food.",
]


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_figures_that_count_no_one_give_no_claim(extraction: Extraction, text: str) -> None:
    assert figures(extraction, text) == []


def test_a_figure_between_the_noun_and_its_verb_counts_places_not_people(
    extraction: Extraction,
) -> None:
    got = figures(extraction, "At least 85 demonstrators in 17 towns have been killed.")
    assert [(c.kind, c.value) for c in got] == [("casualties.killed", 85)]


# (sentences, [(kind, value, part of the n-th claim or None)])
PARTS = [
    (["Enemy losses have reached about 610,000 personnel, including 1,140 over the past day."],
     [("casualties.killed_or_wounded", 610000, None), ("casualties.killed_or_wounded", 1140, 0)]),
    (["Twelve people were killed, including three nurses."],
     [("casualties.killed", 12, None), ("casualties.killed", 3, 0)]),
    (["The strike killed 40 people, among them 15 children and 4 medics."],
     [("casualties.killed", 40, None), ("casualties.killed", 15, 0),
      ("casualties.killed", 4, 0)]),
    (["Another 61 were wounded in the blast.", "Seven remained in critical condition."],
     [("casualties.wounded", 61, None), ("casualties.wounded", 7, 0)]),
    (["Rockets killed 45 people on Sunday: 30 in one city, 15 in another."],
     [("casualties.killed", 45, None), ("casualties.killed", 30, 0),
      ("casualties.killed", 15, 0)]),
    (["空袭造成30人死亡，其中包括8名儿童。"],
     [("casualties.killed", 30, None), ("casualties.killed", 8, 0)]),
    (["导弹袭击造成42人死亡，其中甲市30人，乙市12人。"],
     [("casualties.killed", 42, None), ("casualties.killed", 30, 0),
      ("casualties.killed", 12, 0)]),
    (["有关部门表示，死亡人数已上升至至少58人，其中包括14名儿童。"],
     [("casualties.killed", 58, None), ("casualties.killed", 14, 0)]),
    # no count before it to narrow: a count of its own
    (["Five remained in hospital."], [("casualties.wounded", 5, None)]),
]


@pytest.mark.parametrize(("sentences", "expected"), PARTS)
def test_a_subset_is_marked_as_a_part_of_the_figure_it_narrows(
    extraction: Extraction, sentences: list[str], expected: list
) -> None:
    got = figures(extraction, *sentences, lang=lang_of(sentences[0]))
    ids = [c.id for c in got]
    want = [(k, v, None if n is None else ids[n]) for k, v, n in expected]
    assert [(c.kind, c.value, c.part_of) for c in got] == want


# (sentences, as_of of the part): a part shares its count's time, unless it tells a state that
# lasts to the statement
PART_TIMES = [
    (["Gunmen seized 250 people on March 1, including 40 children."], "2025-03-01"),
    (["Gunmen seized 250 people on March 1.", "About 90 hostages are still held in the hills."],
     str(ANCHOR)),
    (["Another 61 were wounded in the blast on Sunday.", "Seven remained in critical condition."],
     str(ANCHOR)),
]


@pytest.mark.parametrize(("sentences", "as_of"), PART_TIMES)
def test_a_part_is_of_its_counts_time_unless_it_lasts_to_the_statement(
    extraction: Extraction, sentences: list[str], as_of: str
) -> None:
    *_, part = figures(extraction, *sentences)
    assert part.part_of is not None
    assert part.as_of == as_of


def test_an_elliptical_list_gives_each_figure_its_place(extraction: Extraction) -> None:
    got = figures(extraction, "Drones killed 21 in Sumy, 9 in Poltava and 4 in Kherson.")
    assert [(c.kind, c.value, c.location) for c in got] == [
        ("casualties.killed", 21, "Sumy"), ("casualties.killed", 9, "Poltava"),
        ("casualties.killed", 4, "Kherson")]


def test_a_count_broken_down_by_place_keeps_none_of_its_parts_places(
    extraction: Extraction,
) -> None:
    got = figures(extraction, "The strikes killed 17 people: 9 in Sumy and 8 in Kherson.")
    assert [(c.value, c.location, c.part_of is not None) for c in got] == [
        (17, None, False), (9, "Sumy", True), (8, "Kherson", True)]


def test_a_part_neither_conflicts_with_its_count_nor_sets_the_estimate(
    extraction: Extraction,
) -> None:
    claims = figures(extraction, "Eighteen people were killed in the attack on Tuesday.",
                     "Among the dead were four children.")
    result = reconcile(claims, load_config(ROOT / "claims.yaml").config)
    assert result.conflicts == []
    (group,) = [g for g in result.groups if g.kind == "casualties.killed"]
    assert group.estimate is not None and group.estimate.best == 18
    (rel,) = [r for r in group.relations if r.type == "different_scope"]
    assert "part" in rel.reason


def test_a_part_of_another_kind_is_the_whole_count_of_its_own(extraction: Extraction) -> None:
    first = figures(extraction, "The clashes left 1,100 Russian soldiers dead or wounded, "
                    "including 300 deaths.")
    other = document("Only 200 Russian soldiers have been killed, the ministry said.")
    other = other.model_copy(update={"name": "y.txt", "sha256": "1" * 64})
    second = [c for c in extraction(other) if c.kind != "date"]
    deaths = next(c for c in first if c.kind == "casualties.killed")
    assert deaths.part_of == first[0].id
    result = reconcile(first + second, load_config(ROOT / "claims.yaml").config)
    assert [set(k.claims) for k in result.conflicts] == [{deaths.id, second[0].id}]


def test_items_are_words_of_their_noun_class() -> None:
    config = load_config(ROOT / "claims.yaml").config
    words = config.nouns["equipment"].words_of("en")
    for item, by_lang in config.nouns["equipment"].items.items():
        assert set(by_lang["en"]) <= set(words), item
        assert config.item_of["en"][by_lang["en"][0].lower()] == item


@pytest.mark.parametrize(("section", "message"), [
    ("counting:\n  measure: {en: [blocks]}\n",
     ":11: counting.measure: unknown field 'measure' (did you mean 'measures'?)"),
    ("counting:\n  rates: [a day]\n", ":11: counting.rates: ['a day'] should be a mapping"),
    ("nouns2: {}\n", ":10: nouns2: unknown field 'nouns2' (did you mean 'nouns'?)"),
])
def test_a_mistake_in_the_counting_rules_names_its_line(
    tmp_path: Path, section: str, message: str
) -> None:
    valid = ("version: 1\nnouns:\n  equipment:\n    words: {en: [guns]}\n"
             "    items: {tanks: {en: [tanks]}}\nkinds:\n  equipment:\n"
             "    description: Arms.\n    counts: [equipment]\n")
    path = tmp_path / "claims.yaml"
    path.write_text(valid + section, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert message in str(info.value)


# words the rules lean on, mixed with figures and marks, to reach their corners
_WORDS = st.sampled_from([
    "12", "three", "1,250", "6.8", "at least", "another", "others", "including", "among them",
    "remained", "killed", "wounded", "lost", "released", "hostages", "tanks", "drones", "people",
    "soldiers", "the death toll", "has risen to", "in", "Kharkiv", "at", "S.", "a week", "none",
    "but", "after", "were", "been", "of", "the", ",", ":", ".", "-shot", "死亡", "人数", "升至",
    "其中", "名", "人质", "，",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(_WORDS, max_size=30))
def test_any_run_of_words_gives_claims_that_point_into_the_text(
    extraction: Extraction, words: list[str]
) -> None:
    text = " ".join(words)
    claims = extraction(document(text, lang=lang_of(text)))
    ids = {c.id for c in claims}
    for c in claims:
        assert text[c.start : c.end] == c.quote
        assert c.part_of is None or c.part_of in ids and c.part_of != c.id
        if c.kind != "date":
            assert c.value is None or float(c.value).is_integer()
