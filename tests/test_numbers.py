"""claimtrack.extract.numbers: number mentions, hedges, intervals and roles (English, Chinese)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.errors import ConfigError
from claimtrack.extract.number_rules import expand
from claimtrack.extract.numbers import (
    Mention,
    NumberRules,
    find_quantities,
    format_number,
    load_rules,
    parse_number,
    read_rules,
)

N = None

# ---------------------------------------------------------------- parse_number

PARSE = [
    ("12,000", "en", 12000),
    ("12 000", "en", 12000),
    ("1.2 million", "en", 1_200_000),
    ("1.5 million", "en", 1_500_000),
    ("28.7", "en", 28.7),
    ("28.7 trillion", "en", 28.7e12),
    ("three thousand", "en", 3000),
    ("a dozen", "en", 12),
    ("two dozen", "en", 24),
    ("half a dozen", "en", 6),
    ("12-thousand", "en", 12000),
    ("twenty-five", "en", 25),
    ("twenty five", "en", 25),
    ("one hundred and twenty", "en", 120),
    ("a hundred", "en", 100),
    ("a thousand", "en", 1000),
    ("twenty five hundred", "en", 2500),
    ("two million three hundred thousand", "en", 2_300_000),
    ("5k", "en", 5000),
    ("1.5bn", "en", 1.5e9),
    ("１２０００", "en", 12000),
    ("-5", "en", -5),
    ("0", "en", 0),
    ("1,000,000", "en", 1_000_000),
    ("1.2万", "zh", 12000),
    ("三千", "zh", 3000),
    ("两万", "zh", 20000),
    ("一千五百", "zh", 1500),
    ("十二", "zh", 12),
    ("二十五", "zh", 25),
    ("一百零五", "zh", 105),
    ("一万五", "zh", 15000),
    ("三千五", "zh", 3500),
    ("一亿二千万", "zh", 120_000_000),
    ("2万亿", "zh", 2e12),
    ("3千万", "zh", 30_000_000),
    ("二〇二四", "zh", 2024),
    ("１２０００", "zh", 12000),
    ("12,000", "zh", 12000),
    ("三", "zh", 3),
]

NOT_NUMBERS = [
    ("", "en"),
    ("   ", "en"),
    ("someone", "en"),
    ("none", "en"),
    ("alone", "en"),
    ("a", "en"),
    ("hundred", "en"),
    ("thousands", "en"),
    ("first", "en"),
    ("about 3,000", "en"),
    ("1,500 to 3,000", "en"),
    ("no one", "en"),
    ("troops", "en"),
    ("数千", "zh"),
    ("千万", "zh"),
    ("统一", "zh"),
    ("士兵", "zh"),
]


@pytest.mark.parametrize(("text", "lang", "expected"), PARSE)
def test_parse_number(text: str, lang: str, expected: float) -> None:
    assert parse_number(text, lang) == pytest.approx(expected)


@pytest.mark.parametrize(("text", "lang"), NOT_NUMBERS)
def test_parse_number_rejects(text: str, lang: str) -> None:
    assert parse_number(text, lang) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12000, "12,000"), (1_200_000, "1,200,000"), (28.7, "28.7"), (1234.5, "1,234.5"),
     (0, "0"), (-3000, "-3,000"), (1e16, "10,000,000,000,000,000")],
)
def test_format_number(value: float, expected: str) -> None:
    assert format_number(value) == expected
    assert parse_number(expected) == value


def test_format_number_rejects_nan() -> None:
    with pytest.raises(ValueError):
        format_number(float("nan"))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["en", "zh"]))
def test_format_parse_round_trip_ints(n: int, lang: str) -> None:
    x = float(n)
    assert parse_number(format_number(x, lang), lang) == x


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**13), st.sampled_from(["en", "zh"]))
def test_format_parse_round_trip_one_decimal(tenths: int, lang: str) -> None:
    x = tenths / 10
    assert parse_number(format_number(x, lang), lang) == x


# ---------------------------------------------------------------- find_quantities tables

# (text, lang, [(mention text, value, low, high, qualifier, role), ...])
Row = tuple[str, float | None, float | None, float | None, str, str]

CASES: list[tuple[str, str, list[Row]]] = [
    # --- hedges, English
    ("around 12-thousand North Korean troops", "en",
     [("around 12-thousand", 12000, 12000, 12000, "approx", "count")]),
    ("Around 600 soldiers", "en", [("Around 600", 600, 600, 600, "approx", "count")]),
    ("about 600", "en", [("about 600", 600, 600, 600, "approx", "count")]),
    ("roughly 4,000", "en", [("roughly 4,000", 4000, 4000, 4000, "approx", "count")]),
    ("approximately 220 units", "en", [("approximately 220", 220, 220, 220, "approx", "count")]),
    ("some 3,000 troops", "en", [("some 3,000", 3000, 3000, 3000, "approx", "count")]),
    ("an estimated 14,000 were sent", "en",
     [("an estimated 14,000", 14000, 14000, 14000, "approx", "count")]),
    ("estimated 14,000", "en", [("estimated 14,000", 14000, 14000, 14000, "approx", "count")]),
    ("nearly 3,000", "en", [("nearly 3,000", 3000, 3000, 3000, "approx", "count")]),
    ("almost 3,000", "en", [("almost 3,000", 3000, 3000, 3000, "approx", "count")]),
    ("close to 3,000", "en", [("close to 3,000", 3000, 3000, 3000, "approx", "count")]),
    ("30-odd people", "en", [("30-odd", 30, 30, 30, "approx", "count")]),
    ("more than 10,000 soldiers", "en",
     [("more than 10,000", 10000, 10000, N, "more_than", "count")]),
    ("over 10,000", "en", [("over 10,000", 10000, 10000, N, "more_than", "count")]),
    ("upwards of 3,000", "en", [("upwards of 3,000", 3000, 3000, N, "more_than", "count")]),
    ("in excess of 3,000", "en", [("in excess of 3,000", 3000, 3000, N, "more_than", "count")]),
    ("10,000-plus troops", "en", [("10,000-plus", 10000, 10000, N, "more_than", "count")]),
    ("at least 5 dead", "en", [("at least 5", 5, 5, N, "at_least", "count")]),
    ("at least one U.S. B-52", "en",
     [("at least one", 1, 1, N, "at_least", "count"), ("52", 52, 52, 52, "exact", "code")]),
    ("no fewer than 3,000", "en", [("no fewer than 3,000", 3000, 3000, N, "at_least", "count")]),
    ("a minimum of 3,000", "en", [("a minimum of 3,000", 3000, 3000, N, "at_least", "count")]),
    ("5,000 or more", "en", [("5,000 or more", 5000, 5000, N, "at_least", "count")]),
    ("up to 30,000 additional troops", "en",
     [("up to 30,000", 30000, N, 30000, "up_to", "count")]),
    ("as many as 3,000", "en", [("as many as 3,000", 3000, N, 3000, "up_to", "count")]),
    ("as much as 3,000", "en", [("as much as 3,000", 3000, N, 3000, "up_to", "count")]),
    ("no more than 3,000", "en", [("no more than 3,000", 3000, N, 3000, "up_to", "count")]),
    ("at most 3,000", "en", [("at most 3,000", 3000, N, 3000, "up_to", "count")]),
    ("They took over 3 towns", "en", [("3", 3, 3, 3, "exact", "count")]),
    # --- ranges, English
    ("between 50 and 100", "en", [("between 50 and 100", N, 50, 100, "range", "count")]),
    ("from 50 to 100", "en", [("from 50 to 100", N, 50, 100, "range", "count")]),
    ("50 to 100 units", "en", [("50 to 100", N, 50, 100, "range", "count")]),
    ("50-100 units", "en", [("50-100", N, 50, 100, "range", "count")]),
    ("50–100 units", "en", [("50–100", N, 50, 100, "range", "count")]),
    ("in batches of 1,500 to 3,000 personnel", "en",
     [("1,500 to 3,000", N, 1500, 3000, "range", "count")]),
    ("in two or three stages", "en", [("two or three", N, 2, 3, "range", "count")]),
    ("10 to 12 thousand", "en", [("10 to 12 thousand", N, 10000, 12000, "range", "count")]),
    ("1.5 to 2 million", "en", [("1.5 to 2 million", N, 1.5e6, 2e6, "range", "count")]),
    ("1,000 sappers and 5,000 troops", "en",
     [("1,000", 1000, 1000, 1000, "exact", "count"),
      ("5,000", 5000, 5000, 5000, "exact", "count")]),
    ("a 3-1 vote", "en",
     [("3", 3, 3, 3, "exact", "count"), ("1", 1, 1, 1, "exact", "count")]),
    # --- number forms, English
    ("12,000 troops", "en", [("12,000", 12000, 12000, 12000, "exact", "count")]),
    ("1.2 million personnel", "en",
     [("1.2 million", 1.2e6, 1.2e6, 1.2e6, "exact", "count")]),
    ("a dozen soldiers", "en", [("a dozen", 12, 12, 12, "exact", "count")]),
    ("twenty-five", "en", [("twenty-five", 25, 25, 25, "exact", "count")]),
    ("one soldier", "en", [("one", 1, 1, 1, "exact", "count")]),
    ("Two people were killed and three others injured", "en",
     [("Two", 2, 2, 2, "exact", "count"), ("three", 3, 3, 3, "exact", "count")]),
    ("2 dead, 2 wounded", "en",
     [("2", 2, 2, 2, "exact", "count"), ("2", 2, 2, 2, "exact", "count")]),
    ("1, 2, 3", "en",
     [("1", 1, 1, 1, "exact", "count"), ("2", 2, 2, 2, "exact", "count"),
      ("3", 3, 3, 3, "exact", "count")]),
    ("someone, anyone, none, alone, a tone", "en", []),
    ("no one was hurt", "en", []),
    ("a soldier", "en", []),
    ("１２０００ troops", "en", [("１２０００", 12000, 12000, 12000, "exact", "count")]),
    # --- vague, English
    ("thousands more wounded", "en", [("thousands", N, 2000, 9999, "vague", "count")]),
    ("hundreds of people", "en", [("hundreds", N, 200, 999, "vague", "count")]),
    ("dozens of people", "en", [("dozens", N, 24, 99, "vague", "count")]),
    ("tens of thousands of troops", "en",
     [("tens of thousands", N, 20000, 99999, "vague", "count")]),
    ("hundreds of thousands", "en",
     [("hundreds of thousands", N, 200000, 999999, "vague", "count")]),
    ("millions of them", "en", [("millions", N, 2e6, 9999999, "vague", "count")]),
    ("several hundred", "en", [("several hundred", N, 200, 999, "vague", "count")]),
    ("a few thousand", "en", [("a few thousand", N, 2000, 9999, "vague", "count")]),
    # --- roles, English
    ("the Korean War (1950-1953)", "en", [("1950-1953", N, 1950, 1953, "range", "year")]),
    ("in 2024", "en", [("2024", 2024, 2024, 2024, "exact", "year")]),
    ("by mid-2024", "en", [("2024", 2024, 2024, 2024, "exact", "year")]),
    ("the 1990s", "en", [("1990", 1990, 1990, 1990, "exact", "year")]),
    ("the 80th anniversary", "en", [("80", 80, 80, 80, "exact", "ordinal")]),
    ("for the first time", "en", [("first", 1, 1, 1, "exact", "ordinal")]),
    ("the third", "en", [("third", 3, 3, 3, "exact", "ordinal")]),
    ("the twenty-first century", "en", [("twenty-first", 21, 21, 21, "exact", "ordinal")]),
    ("28.7 trillion won", "en", [("28.7 trillion", 28.7e12, 28.7e12, 28.7e12, "exact", "money")]),
    ("$5 million", "en", [("5 million", 5e6, 5e6, 5e6, "exact", "money")]),
    ("more than $5 million", "en",
     [("more than $5 million", 5e6, 5e6, N, "more_than", "money")]),
    ("$10m", "en", [("10m", 1e7, 1e7, 1e7, "exact", "money")]),
    ("5 million dollars", "en", [("5 million", 5e6, 5e6, 5e6, "exact", "money")]),
    ("€3bn", "en", [("3bn", 3e9, 3e9, 3e9, "exact", "money")]),
    ("20%", "en", [("20", 20, 20, 20, "exact", "percent")]),
    ("20 percent", "en", [("20", 20, 20, 20, "exact", "percent")]),
    ("5-10%", "en", [("5-10", N, 5, 10, "range", "percent")]),
    ("two-thirds of", "en", [("two", 2, 2, 2, "exact", "percent")]),
    ("170 millimeter howitzers", "en", [("170", 170, 170, 170, "exact", "measure")]),
    ("240mm rockets", "en", [("240", 240, 240, 240, "exact", "measure")]),
    ("the 5,000-ton-class destroyer", "en", [("5,000", 5000, 5000, 5000, "exact", "measure")]),
    ("10 km", "en", [("10", 10, 10, 10, "exact", "measure")]),
    ("24 C", "en", [("24", 24, 24, 24, "exact", "measure")]),
    ("3 kilometers", "en", [("3", 3, 3, 3, "exact", "measure")]),
    ("1,000 square meters", "en", [("1,000", 1000, 1000, 1000, "exact", "measure")]),
    ("BTR-80 carriers", "en", [("80", 80, 80, 80, "exact", "code")]),
    ("M2010 tanks", "en", [("2010", 2010, 2010, 2010, "exact", "code")]),
    ("Su-27", "en", [("27", 27, 27, 27, "exact", "code")]),
    ("F-16s", "en", [("16", 16, 16, 16, "exact", "code")]),
    ("KN-23", "en", [("23", 23, 23, 23, "exact", "code")]),
    ("5G", "en", [("5", 5, 5, 5, "exact", "code")]),
    ("call 555-123-4567", "en", [("555-123-4567", N, N, N, "exact", "code")]),
    ("a more than three-year-long offensive", "en",
     [("more than three", 3, 3, N, "more_than", "duration")]),
    ("the more than 3-year-old conflict", "en",
     [("more than 3", 3, 3, N, "more_than", "duration")]),
    ("over the next two months", "en", [("two", 2, 2, 2, "exact", "duration")]),
    ("a three-day visit", "en", [("three", 3, 3, 3, "exact", "duration")]),
    ("a few days ago", "en", [("a few", N, 2, 5, "vague", "duration")]),
    ("a 24-year-old man", "en", [("24", 24, 24, 24, "exact", "age")]),
    ("aged 19", "en", [("19", 19, 19, 19, "exact", "age")]),
    ("the 19-year-old", "en", [("19", 19, 19, 19, "exact", "age")]),
    ("at 3 p.m.", "en", [("3", 3, 3, 3, "exact", "time")]),
    ("at 10:30", "en", [("10:30", N, N, N, "exact", "time")]),
    ("On April 28, North Korea", "en", [("28", 28, 28, 28, "exact", "time")]),
    ("Thursday (Jul 24)", "en", [("24", 24, 24, 24, "exact", "time")]),
    ("on 9 May", "en", [("9", 9, 9, 9, "exact", "time")]),
    ("in May 2025", "en", [("2025", 2025, 2025, 2025, "exact", "year")]),
    ("time24-07-2025", "en", [("24-07-2025", N, N, N, "exact", "time")]),
    ("Article 4 of the treaty", "en", [("4", 4, 4, 4, "exact", "list")]),
    ("Section 2", "en", [("2", 2, 2, 2, "exact", "list")]),
    ("No. 5", "en", [("5", 5, 5, 5, "exact", "list")]),
    ("Resolution 2231", "en", [("2231", 2231, 2231, 2231, "exact", "list")]),
    ("on the 1500 block of West 79th Street", "en",
     [("1500", 1500, 1500, 1500, "exact", "list"), ("79", 79, 79, 79, "exact", "ordinal")]),
    # --- Chinese
    ("约有1.2万名朝鲜士兵", "zh", [("约有1.2万", 12000, 12000, 12000, "approx", "count")]),
    ("约3000人", "zh", [("约3000", 3000, 3000, 3000, "approx", "count")]),
    ("大约3000人", "zh", [("大约3000", 3000, 3000, 3000, "approx", "count")]),
    ("近3000人", "zh", [("近3000", 3000, 3000, 3000, "approx", "count")]),
    ("将近3000人", "zh", [("将近3000", 3000, 3000, 3000, "approx", "count")]),
    ("3000人左右", "zh", [("3000人左右", 3000, 3000, 3000, "approx", "count")]),
    ("两万余名士兵", "zh", [("两万余", 20000, 20000, N, "more_than", "count")]),
    ("超过1万人", "zh", [("超过1万", 10000, 10000, N, "more_than", "count")]),
    ("逾3000人", "zh", [("逾3000", 3000, 3000, N, "more_than", "count")]),
    ("多于3000人", "zh", [("多于3000", 3000, 3000, N, "more_than", "count")]),
    ("3000余人", "zh", [("3000余", 3000, 3000, N, "more_than", "count")]),
    ("3000多人", "zh", [("3000多", 3000, 3000, N, "more_than", "count")]),
    ("20余万人", "zh", [("20余万", 200000, 200000, N, "more_than", "count")]),
    ("千余人", "zh", [("千余", 1000, 1000, N, "more_than", "count")]),
    ("至少5人死亡", "zh", [("至少5", 5, 5, N, "at_least", "count")]),
    ("不少于300人", "zh", [("不少于300", 300, 300, N, "at_least", "count")]),
    ("多达3万人", "zh", [("多达3万", 30000, N, 30000, "up_to", "count")]),
    ("最多500人", "zh", [("最多500", 500, N, 500, "up_to", "count")]),
    ("高达500人", "zh", [("高达500", 500, N, 500, "up_to", "count")]),
    ("1500至3000人", "zh", [("1500至3000", N, 1500, 3000, "range", "count")]),
    ("1500到3000人", "zh", [("1500到3000", N, 1500, 3000, "range", "count")]),
    ("1-2万人", "zh", [("1-2万", N, 10000, 20000, "range", "count")]),
    ("1万至2万人", "zh", [("1万至2万", N, 10000, 20000, "range", "count")]),
    ("两三千人", "zh", [("两三千", N, 2000, 3000, "range", "count")]),
    ("三千人", "zh", [("三千", 3000, 3000, 3000, "exact", "count")]),
    ("一千五百人", "zh", [("一千五百", 1500, 1500, 1500, "exact", "count")]),
    ("十二名士兵", "zh", [("十二", 12, 12, 12, "exact", "count")]),
    ("二十五辆坦克", "zh", [("二十五", 25, 25, 25, "exact", "count")]),
    ("两名士兵", "zh", [("两", 2, 2, 2, "exact", "count")]),
    ("１２０００名", "zh", [("１２０００", 12000, 12000, 12000, "exact", "count")]),
    ("派遣12000名士兵", "zh", [("12000", 12000, 12000, 12000, "exact", "count")]),
    ("数千名", "zh", [("数千", N, 2000, 9999, "vague", "count")]),
    ("数百人", "zh", [("数百", N, 200, 999, "vague", "count")]),
    ("上千人", "zh", [("上千", N, 1000, 9999, "vague", "count")]),
    ("数万人", "zh", [("数万", N, 20000, 99999, "vague", "count")]),
    ("几千人", "zh", [("几千", N, 2000, 9999, "vague", "count")]),
    ("统一、一直、一起、一度、十分重要", "zh", []),
    ("最近3天", "zh", [("3", 3, 3, 3, "exact", "duration")]),
    ("附近3000人", "zh", [("3000", 3000, 3000, 3000, "exact", "count")]),
    ("2024年", "zh", [("2024", 2024, 2024, 2024, "exact", "year")]),
    ("二〇二四年", "zh", [("二〇二四", 2024, 2024, 2024, "exact", "year")]),
    ("5月9日", "zh", [("5", 5, 5, 5, "exact", "time"), ("9", 9, 9, 9, "exact", "time")]),
    ("去年10月", "zh", [("10", 10, 10, 10, "exact", "time")]),
    ("三年", "zh", [("三", 3, 3, 3, "exact", "duration")]),
    ("两个月", "zh", [("两", 2, 2, 2, "exact", "duration")]),
    ("24岁", "zh", [("24", 24, 24, 24, "exact", "age")]),
    ("百分之二十", "zh", [("二十", 20, 20, 20, "exact", "percent")]),
    ("20%", "zh", [("20", 20, 20, 20, "exact", "percent")]),
    ("28.7万亿韩元", "zh", [("28.7万亿", 28.7e12, 28.7e12, 28.7e12, "exact", "money")]),
    ("5亿元", "zh", [("5亿", 5e8, 5e8, 5e8, "exact", "money")]),
    ("170毫米", "zh", [("170", 170, 170, 170, "exact", "measure")]),
    ("5000吨级", "zh", [("5000", 5000, 5000, 5000, "exact", "measure")]),
    ("该条约第四条规定", "zh", [("四", 4, 4, 4, "exact", "list")]),
    ("第2231号决议", "zh", [("2231", 2231, 2231, 2231, "exact", "list")]),
    ("第80个", "zh", [("80", 80, 80, 80, "exact", "ordinal")]),
    ("KN-23导弹", "zh", [("23", 23, 23, 23, "exact", "code")]),
    ("上午10时", "zh", [("10", 10, 10, 10, "exact", "time")]),
]


# ---------------------------------------------------------------- number families (#13)

# (text, lang, value of the one count mention, its text)
FAMILIES: list[tuple[str, str, float, str]] = [
    # scale abbreviations, glued or after a space, and their cased forms
    ("a force of 7k soldiers", "en", 7000, "7k"),
    ("some 12K troops", "en", 12000, "some 12K"),
    ("losses of 1.4mn people", "en", 1.4e6, "1.4mn"),
    ("an army of 2 mln men", "en", 2e6, "2 mln"),
    ("6 bln people", "en", 6e9, "6 bln"),
    ("4mil refugees", "en", 4e6, "4mil"),
    ("a population of 1.3b", "en", 1.3e9, "1.3b"),
    ("3.2bn people", "en", 3.2e9, "3.2bn"),
    ("7M displaced", "en", 7e6, "7M"),
    ("9MM residents", "en", 9e6, "9MM"),
    # "m" before a plural noun is million (before anything else a metre)
    ("1.8m people have fled", "en", 1.8e6, "1.8m"),
    ("4m Syrians", "en", 4e6, "4m"),
    ("2 tn", "en", 2e12, "2 tn"),
    ("4 lakh people", "en", 400_000, "4 lakh"),
    ("15 lac people", "en", 1_500_000, "15 lac"),
    ("one crore six lakh people", "en", 10_600_000, "one crore six lakh"),
    ("two crore voters", "en", 20_000_000, "two crore"),
    ("five lakh crore", "en", 5e12, "five lakh crore"),
    ("a thousand million people", "en", 1e9, "a thousand million"),
    # decimals and fractions of scales
    ("4.5 thousand troops", "en", 4500, "4.5 thousand"),
    ("half a million refugees", "en", 500_000, "half a million"),
    ("a half million refugees", "en", 500_000, "a half million"),
    ("a quarter million troops", "en", 250_000, "a quarter million"),
    ("quarter million troops", "en", 250_000, "quarter million"),
    ("a quarter of a million troops", "en", 250_000, "a quarter of a million"),
    ("three quarters of a million people", "en", 750_000, "three quarters of a million"),
    ("two and a half million people", "en", 2.5e6, "two and a half million"),
    ("7 and a half thousand soldiers", "en", 7500, "7 and a half thousand"),
    ("two million and a half people", "en", 2.5e6, "two million and a half"),
    ("4 million and a half people", "en", 4.5e6, "4 million and a half"),
    ("two billion and a half million", "en", 2_000_500_000, "two billion and a half million"),
    ("six billion and three quarters", "en", 6.75e9, "six billion and three quarters"),
    # dozens and scores
    ("a dozen soldiers", "en", 12, "a dozen"),
    ("4 dozens soldiers", "en", 48, "4 dozens"),
    ("seven dozens men", "en", 84, "seven dozens"),
    ("six doz eggs", "en", 72, "six doz"),
    ("a couple dozen soldiers", "en", 24, "a couple dozen"),
    ("two thousands soldiers", "en", 2000, "two thousands"),
    ("6 millions people", "en", 6e6, "6 millions"),
    ("half dozen soldiers", "en", 6, "half dozen"),
    # numbers in parts
    ("7 thousand 2 hundred troops", "en", 7200, "7 thousand 2 hundred"),
    ("another three-thousand-250 were hurt", "en", 3250, "three-thousand-250"),
    ("six thousand 40 people", "en", 6040, "six thousand 40"),
    ("2 hundred and 14 soldiers", "en", 214, "2 hundred and 14"),
    ("5 hundred and seven soldiers", "en", 507, "5 hundred and seven"),
    ("25-hundred troops", "en", 2500, "25-hundred"),
    ("twelve thousand five hundred troops", "en", 12500, "twelve thousand five hundred"),
    ("eighteen hundred men", "en", 1800, "eighteen hundred"),
    ("4 million 300 thousand people", "en", 4_300_000, "4 million 300 thousand"),
    # a decimal comma
    ("7,50 euros each", "en", 7.5, "7,50"),
    # a four-digit figure before a plural noun counts it
    ("Officials said 1500 soldiers died", "en", 1500, "1500"),
    ("the 2000 North Korean troops", "en", 2000, "2000"),
    ("they sent 1950 men", "en", 1950, "1950"),
    ("around 1999 people", "en", 1999, "around 1999"),
    # Chinese: Arabic digits inside CJK numerals
    ("共有3万2千5百名士兵", "zh", 32500, "3万2千5百"),
    ("6万8000人", "zh", 68000, "6万8000"),
    ("4万730人", "zh", 40730, "4万730"),
    ("15万3千人", "zh", 153000, "15万3千"),
    ("3千零20万人", "zh", 30_200_000, "3千零20万"),
    ("2千零7人", "zh", 2007, "2千零7"),
    ("2.6万人", "zh", 26000, "2.6万"),
    ("3.15亿人", "zh", 315_000_000, "3.15亿"),
    ("1,200万人", "zh", 12_000_000, "1,200万"),
    ("30k名", "zh", 30000, "30k"),
    # spaces inside
    ("8 万人", "zh", 80000, "8 万"),
    ("12 萬人", "zh", 120000, "12 萬"),
    ("300  万人", "zh", 3_000_000, "300  万"),
    ("三百 二 十 七人", "zh", 327, "三百 二 十 七"),
    ("9万 2千 3百人", "zh", 92300, "9万 2千 3百"),
    ("六千 五百 四十三 万 二千名", "zh", 65_432_000, "六千 五百 四十三 万 二千"),
    # full-width digits and separators
    ("７，３２１名士兵", "zh", 7321, "７，３２１"),
    ("１２万人", "zh", 120000, "１２万"),
    # traditional and variant characters, financial numerals
    ("三萬人", "zh", 30000, "三萬"),
    ("兩億人", "zh", 200_000_000, "兩億"),
    ("陸百人", "zh", 600, "陸百"),
    ("貳仟伍佰人", "zh", 2500, "貳仟伍佰"),
    ("參拾名士兵", "zh", 30, "參拾"),
    ("壹萬零陸佰人", "zh", 10600, "壹萬零陸佰"),
    ("他們倆人", "zh", 2, "倆"),
    # 兆, 万万, 打, 半百
    ("3兆元", "zh", 3e12, "3兆"),
    ("七万万人", "zh", 700_000_000, "七万万"),
    ("三打鸡蛋", "zh", 36, "三打"),
    ("二十打士兵", "zh", 240, "二十打"),
    ("半打士兵", "zh", 6, "半打"),
    # contracted tens
    ("廿三名士兵", "zh", 23, "廿三"),
    ("卅万人", "zh", 300_000, "卅万"),
]


@pytest.mark.parametrize(("text", "lang", "value", "quoted"), FAMILIES,
                         ids=[f[0][:40] for f in FAMILIES])
def test_number_families(text: str, lang: str, value: float, quoted: str) -> None:
    found = [m for m in find_quantities(text, lang) if m.role in ("count", "money")]
    assert [(m.text[m.number_start - m.start:m.number_end - m.start] if m.role == "money"
             else m.text, m.value if m.value is not None else m.low) for m in found][-1:] == [
        (quoted, pytest.approx(value))
    ]


# (text, lang, [(mention text, role)]): what these families must not swallow
NOT_FAMILIES: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("a 10m wall", "en", [("10", "measure")]),
    ("the 400m mark", "en", [("400", "measure")]),
    ("5G networks", "en", [("5", "code")]),
    # a letter before a model number is no scale
    ("31 M1 tanks", "en", [("31", "count"), ("1", "code")]),
    ("5 B-52 bombers", "en", [("5", "count"), ("52", "code")]),
    ("4 K-9 units", "en", [("4", "count"), ("9", "code")]),
    ("in 2000 soldiers were sent", "en", [("2000", "year")]),
    ("since 2014 troops have", "en", [("2014", "year")]),
    ("by 2030 troops will leave", "en", [("2030", "year")]),
    ("the 2022 invasion", "en", [("2022", "year")]),
    ("the 2018 Winter Olympics", "en", [("2018", "year")]),
    ("The 2014 war killed 300", "en", [("2014", "year"), ("300", "count")]),
    ("2024 was a hard year", "en", [("2024", "year")]),
    ("items 4,5,6", "en", [("4", "count"), ("5", "count"), ("6", "count")]),
    ("dozens of people", "en", [("dozens", "count")]),
    ("thousands of people", "en", [("thousands", "count")]),
    ("several thousands fled", "en", [("several thousands", "count")]),
    ("two-thirds of them", "en", [("two", "percent")]),
    ("one by one", "en", []),
    ("他一打开门", "zh", []),
    ("他们参加了会议", "zh", []),
    ("编号一 二 三名", "zh", [("三", "count")]),
    ("万万没想到", "zh", []),
    ("千方百计", "zh", []),
    ("他千里迢迢赶来", "zh", []),
    ("5兆瓦", "zh", [("5兆", "measure")]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), NOT_FAMILIES,
                         ids=[f[0][:40] for f in NOT_FAMILIES])
def test_number_families_leave_alone(
    text: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    assert [(m.text, m.role) for m in find_quantities(text, lang)] == expected


# (text, lang, low, high, mention text): one-sided bounds and ranges
BOUNDS: list[tuple[str, str, float | None, float | None, str]] = [
    (">450 soldiers", "en", 450, N, ">450"),
    ("> 450 soldiers", "en", 450, N, "> 450"),
    (">=75 soldiers", "en", 75, N, ">=75"),
    ("> = 75 soldiers", "en", 75, N, "> = 75"),
    ("≥ 75 soldiers", "en", 75, N, "≥ 75"),
    ("<35 soldiers", "en", N, 35, "<35"),
    ("<= 35 soldiers", "en", N, 35, "<= 35"),
    ("< = 35 soldiers", "en", N, 35, "< = 35"),
    ("≤35 soldiers", "en", N, 35, "≤35"),
    ("~600 soldiers", "en", 600, 600, "~600"),
    ("exceeding 900 troops", "en", 900, N, "exceeding 900"),
    ("topping 900 troops", "en", 900, N, "topping 900"),
    ("the toll surpassed 900", "en", 900, N, "surpassed 900"),
    ("surpassing 900 troops", "en", 900, N, "surpassing 900"),
    ("bigger than 80 units", "en", 80, N, "bigger than 80"),
    ("larger than 80 units", "en", 80, N, "larger than 80"),
    ("higher or equal than two hundred men", "en", 200, N, "higher or equal than two hundred"),
    ("greater than or equal to 64", "en", 64, N, "greater than or equal to 64"),
    ("at least or equal to 64", "en", 64, N, "at least or equal to 64"),
    ("more than 820 or equal to", "en", 820, N, "more than 820 or equal to"),
    ("820 or above", "en", 820, N, "820 or above"),
    ("820 or higher", "en", 820, N, "820 or higher"),
    ("smaller than 55", "en", N, 55, "smaller than 55"),
    ("lower or equal than 55", "en", N, 55, "lower or equal than 55"),
    ("less than or equal to 55", "en", N, 55, "less than or equal to 55"),
    ("fewer than 55", "en", N, 55, "fewer than 55"),
    ("equal to 55 or less", "en", N, 55, "55 or less"),
    ("55 or below", "en", N, 55, "55 or below"),
    ("not exceeding 55", "en", N, 55, "not exceeding 55"),
    ("equal or more than 64", "en", 64, N, "equal or more than 64"),
    ("larger than or equal 64", "en", 64, N, "larger than or equal 64"),
    ("not below 64", "en", 64, N, "not below 64"),
    ("no higher than 55", "en", N, 55, "no higher than 55"),
    ("equal to or fewer than 55", "en", N, 55, "equal to or fewer than 55"),
    # two bounds side by side make one range, in either order
    ("more than 15 and less than 45 people", "en", 15, 45, "more than 15 and less than 45"),
    ("at least 300 but fewer than 500", "en", 300, 500, "at least 300 but fewer than 500"),
    ("no more than 90 and no less than 60 soldiers", "en", 60, 90,
     "no more than 90 and no less than 60"),
    ("above 2,000, below 3,000", "en", 2000, 3000, "above 2,000, below 3,000"),
    ("bigger than 12 smaller than 30", "en", 12, 30, "bigger than 12 smaller than 30"),
    ("> 70 and < 90 soldiers", "en", 70, 90, "> 70 and < 90"),
    ("greater than 16 and less than or equal to 24", "en", 16, 24,
     "greater than 16 and less than or equal to 24"),
    ("between 4,000 - 6,000 troops", "en", 4000, 6000, "between 4,000 - 6,000"),
    ("from 300 through 500", "en", 300, 500, "from 300 through 500"),
    ("5,000 or 8,000 soldiers", "en", 5000, 8000, "5,000 or 8,000"),
    ("three to four thousand troops", "en", 3000, 4000, "three to four thousand"),
    ("2-3m people", "en", 2e6, 3e6, "2-3m"),
    ("5k-8k troops", "en", 5000, 8000, "5k-8k"),
    ("less than 40 thousand and more than 25 thousand", "en", 25000, 40000,
     "less than 40 thousand and more than 25 thousand"),
    ("二十几万人", "zh", 200000, N, "二十几万"),
    ("十余万人", "zh", 100000, N, "十余万"),
    ("十 余 萬人", "zh", 100000, N, "十 余 萬"),
    ("逾8000人", "zh", 8000, N, "逾8000"),
    ("超过6 萬人", "zh", 60000, N, "超过6 萬"),
    ("至少 3 萬人", "zh", 30000, N, "至少 3 萬"),
    ("三千五百零幾萬人", "zh", 35_000_000, N, "三千五百零幾萬"),
    # a bare scale character is a number with a hedge on either side
    ("近万人", "zh", 10000, 10000, "近万"),
    ("超过千人", "zh", 1000, N, "超过千"),
    ("约百人", "zh", 100, 100, "约百"),
    ("万余人", "zh", 10000, N, "万余"),
]


@pytest.mark.parametrize(("text", "lang", "low", "high", "quoted"), BOUNDS,
                         ids=[f[0][:40] for f in BOUNDS])
def test_bounds_and_ranges(
    text: str, lang: str, low: float | None, high: float | None, quoted: str
) -> None:
    (m,) = [m for m in find_quantities(text, lang) if m.role == "count"]
    assert (m.text, m.low, m.high) == (quoted, low, high)


def test_bounds_far_apart_stay_two() -> None:
    found = find_quantities("more than 10 were killed, and later less than 40 fled")
    assert [(m.low, m.high) for m in found] == [(10, None), (None, 40)]


def test_traditional_offsets_slice_the_original() -> None:
    text = "據報導，超過 1 萬 2 千名士兵陣亡，兩千人受傷"
    found = find_quantities(text, "zh")
    assert [(m.text, m.value or m.low) for m in found] == [
        ("超過 1 萬 2 千", 12000), ("兩千", 2000)
    ]
    for m in found:
        assert text[m.start:m.end] == m.text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_thousands_written_in_parts_add_up(a: int, b: int) -> None:
    for text in (f"{a} thousand {b} soldiers", f"{a}-thousand-{b} soldiers",
                 f"{a} thousand and {b} soldiers"):
        (m,) = find_quantities(text)
        assert (m.value, m.text) == (a * 1000 + b, text.removesuffix(" soldiers"))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1000, max_value=9999),
       st.booleans())
def test_chinese_wan_with_digits_adds_up(a: int, b: int, space: bool) -> None:
    sep = " " if space else ""
    text = f"{a}万{sep}{b}名士兵"
    (m,) = find_quantities(text, "zh")
    assert m.value == a * 10000 + b
    assert text[m.start:m.end] == m.text


def _rows(ms: list[Mention]) -> list[Row]:
    return [(m.text, m.value, m.low, m.high, m.qualifier.value, m.role) for m in ms]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_quantities(text: str, lang: str, expected: list[Row]) -> None:
    got = find_quantities(text, lang)
    assert _rows(got) == [
        (t, *(None if x is None else pytest.approx(x) for x in (v, lo, hi)), q, r)
        for t, v, lo, hi, q, r in expected
    ]


@pytest.mark.parametrize(
    ("text", "lang", "unit"),
    [
        ("28.7 trillion won", "en", "won"),
        ("$5 million", "en", "$"),
        ("170 millimeter", "en", "millimeter"),
        ("240mm", "en", "millimeter"),
        ("the 5,000-ton-class", "en", "ton"),
        ("20 percent", "en", "percent"),
        ("three days", "en", "day"),
        ("12,000 troops", "en", None),
        ("1.2万名", "zh", "名"),
        ("十二辆", "zh", "辆"),
        ("5亿元", "zh", "元"),
        ("两架", "zh", "架"),
        ("3艘", "zh", "艘"),
    ],
)
def test_units(text: str, lang: str, unit: str | None) -> None:
    (m,) = find_quantities(text, lang)
    assert m.unit == unit


@pytest.mark.parametrize(
    ("text", "lang", "number"),
    [
        ("around 12-thousand troops", "en", "12-thousand"),
        ("more than $5 million", "en", "5 million"),
        ("between 50 and 100", "en", "50 and 100"),
        ("约有1.2万名", "zh", "1.2万"),
        ("3000人左右", "zh", "3000"),
    ],
)
def test_number_offsets_exclude_hedges(text: str, lang: str, number: str) -> None:
    (m,) = find_quantities(text, lang)
    assert text[m.number_start:m.number_end] == number


def test_seed_paragraph() -> None:
    text = (
        "South Korean and Western intelligence agencies have reported that Pyongyang sent more "
        "than 10,000 soldiers to Russia's Kursk region last year. Around 600 North Korean "
        "soldiers have been killed and thousands more wounded fighting for Russia."
    )
    counts = [m.text for m in find_quantities(text) if m.role == "count"]
    assert counts == ["more than 10,000", "Around 600", "thousands"]


def test_zh_inside_running_text() -> None:
    text = "去年10月,韩国情报机构评估称,约有1.2万名朝鲜士兵被部署至库尔斯克地区。"
    assert [(m.text, m.role) for m in find_quantities(text, "zh")] == [
        ("10", "time"), ("约有1.2万", "count")
    ]


# ---------------------------------------------------------------- extra hedges


def test_extra_hedges_merge_with_language_file() -> None:
    text = "a whopping 5,000 troops, about 300 more"
    plain = find_quantities(text)
    assert [m.qualifier.value for m in plain] == ["exact", "approx"]
    extra = find_quantities(text, extra_hedges={"more_than": ["a whopping"]})
    assert [(m.text, m.qualifier.value, m.high) for m in extra] == [
        ("a whopping 5,000", "more_than", None), ("about 300", "approx", 300)
    ]


def test_extra_hedges_zh() -> None:
    (m,) = find_quantities("大约摸3000人", "zh", extra_hedges={"approx": ["大约摸"]})
    assert (m.text, m.qualifier.value) == ("大约摸3000", "approx")


def test_extra_hedges_unknown_qualifier() -> None:
    with pytest.raises(ConfigError, match="unknown qualifier 'maybe'"):
        find_quantities("5 troops", extra_hedges={"maybe": ["perhaps"]})


# ---------------------------------------------------------------- robustness


def _check(text: str, ms: list[Mention]) -> None:
    prev = 0
    for m in ms:
        assert text[m.start:m.end] == m.text
        assert prev <= m.start <= m.number_start <= m.number_end <= m.end <= len(text)
        prev = m.end


NUMBERISH = st.lists(
    st.sampled_from(
        list("0123456789,.-–/: $%+()１２％年万千百十一二两三约余多名人第至萬億兩幾參打兆零，<>≥~")
        + ["to ", "and ", "between ", "more than ", "thousand ", "million ", "one ", "twenty-",
           "a dozen ", "thousands ", "-year-old ", "Article ", "May ", "百分之", "左右", "\n",
           "half ", "a quarter ", "three quarters ", "lakh ", "crore ", "bn ", "M ", "dozens ",
           "or equal to ", "less than ", "in ", "soldiers ", "打开", "半百"]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), NUMBERISH), st.sampled_from(["en", "zh"]))
def test_never_raises_and_offsets_slice_back(text: str, lang: str) -> None:
    _check(text, find_quantities(text, lang))
    parse_number(text, lang)


def test_language_tags_and_unknown_language() -> None:
    assert find_quantities("3000人", "zh-Hans")[0].value == 3000
    assert find_quantities("3,000 troops", "EN")[0].value == 3000
    with pytest.raises(ConfigError, match="no number rules"):
        find_quantities("3", "xx")


# ---------------------------------------------------------------- rule files


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rule_files_validate(lang: str) -> None:
    rules = load_rules(lang)
    assert isinstance(rules, NumberRules)
    assert rules.language == lang
    assert rules.vague and rules.markers and rules.hedges
    # every vague interval is ordered, every hedge list names a real qualifier
    assert all(low <= high for low, high in rules.vague.values())
    assert set(rules.hedges) <= {"approx", "more_than", "at_least", "up_to"}


@pytest.mark.parametrize(
    ("form", "phrases"),
    [("at least", ["at least"]),
     ("{more|greater} than", ["more than", "greater than"]),
     ("equal [to] or less", ["equal to or less", "equal or less"]),
     ("{not|no} below [than]", ["not below than", "not below", "no below than", "no below"]),
     (" odd", [" odd"])],
)
def test_hedge_forms_expand(form: str, phrases: list[str]) -> None:
    assert expand(form) == phrases


def test_rules_are_cached() -> None:
    assert load_rules("en") is load_rules("en")


def test_broken_rule_file_names_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "numbers.yaml"
    bad.write_text(
        "language: en\nnumerals: {system: words, units: {one: 1}, scales: {}}\n"
        "ranges: {connectors: [to]}\nyears: {min: 1900, max: 2100}\n"
        "markers:\n  - {role: count, colour: red, suffix: [x]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        read_rules(bad)
    assert str(bad) in str(err.value)
    assert "markers.0.colour" in str(err.value)


def test_broken_yaml_syntax_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "numbers.yaml"
    bad.write_text("language: en\nvague: {thousands: [2000, 9999]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"numbers\.yaml:\d+: not valid YAML"):
        read_rules(bad)


def test_broken_rule_names_file_field_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "numbers.yaml"
    bad.write_text(
        "language: en\nnumerals: {system: words, units: {one: 1}, scales: {}}\n"
        "ranges: {connectors: [to]}\nyears: {min: 1900, max: 2100}\n"
        "markers:\n  - role: count\n    suffix: [x]\n  - role: nonsense\n    suffix: [y]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        read_rules(bad)
    assert str(err.value).startswith(f"{bad}:8: markers.1.role: ")


def test_vague_interval_must_be_ordered(tmp_path: Path) -> None:
    bad = tmp_path / "numbers.yaml"
    bad.write_text(
        "language: en\nnumerals: {system: words, units: {one: 1}, scales: {}}\n"
        "ranges: {connectors: [to]}\nyears: {min: 1900, max: 2100}\n"
        "vague: {thousands: [9999, 2000]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="low 9999.0 is above high 2000.0"):
        read_rules(bad)


@pytest.mark.parametrize("text", ["thousandſ of troops", "ſeven soldiers", "twelve thouſand",
                                  "20 \u212a", "İ saw 3 tanks", "ıt was 5"])
def test_letters_that_match_ascii_case_insensitively_do_not_crash(text: str) -> None:
    for m in find_quantities(text):
        assert text[m.start : m.end] == m.text
