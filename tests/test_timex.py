"""Time expressions: finding them, resolving them against a publication date, and the rule files."""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.errors import ConfigError
from claimtrack.extract.document import Extraction
from claimtrack.extract.timex import (
    TimeMention,
    dates_figure,
    find_times,
    load_rules,
    read_rules,
    resolve,
    weekday_matches,
)
from claimtrack.models import Article, ArticleMeta, Document, Passage, TimeSpan


def day(iso: str | None) -> dt.date | None:
    return None if iso is None else dt.date.fromisoformat(iso)


def only(text: str, anchor: str | None, lang: str) -> TimeMention:
    mentions = find_times(text, day(anchor), lang)
    assert len(mentions) == 1, [m.text for m in mentions]
    return mentions[0]


# (sentence, anchor, mention text, label, weekday)
# fmt: off
EN_CASES = [
    # weekdays: most recent on or before the anchor
    ("the state news agency KCNA said Monday that", "2025-04-28", "Monday", "2025-04-28", 0),
    ("Russia on Saturday local time confirmed", "2025-04-28", "Saturday local time",
     "2025-04-26", 5),
    ("The shelling began early Thursday near the border", "2015-08-28", "early Thursday",
     "2015-08-27", 3),
    ("Pyongyang on Sunday slammed a joint exercise", "2025-07-24", "Sunday", "2025-07-20", 6),
    ("strikes continued Sunday night", "2025-04-28", "Sunday night", "2025-04-27", 6),
    ("the location for Wednesday's contest", "2025-07-24", "Wednesday", "2025-07-23", 2),
    ("late on Friday, officials said", "2025-04-28", "late on Friday", "2025-04-25", 4),
    ("talks resume next Monday", "2025-04-28", "next Monday", "2025-05-05", 0),
    ("talks resumed last Monday", "2025-04-28", "last Monday", "2025-04-21", 0),
    ("talks resume Monday next week", "2025-04-23", "Monday next week", "2025-04-28", 0),
    # next/last + weekday count whole Monday-Sunday weeks: Friday of next week
    ("talks resume next Friday", "2025-04-23", "next Friday", "2025-05-02", 4),
    ("talks resume this coming Friday", "2025-04-23", "this coming Friday", "2025-04-25", 4),
    # weekday with a date: one mention, the date wins, the weekday is kept
    ("state media said on Thursday (Jul 24)", "2025-07-24", "Thursday (Jul 24)",
     "2025-07-24", 3),
    ("state media said on Thursday, July 24, that", "2025-07-30", "Thursday, July 24",
     "2025-07-24", 3),
    ("on Wednesday, Aug. 26, 2015, shells fell", None, "Wednesday, Aug. 26, 2015",
     "2015-08-26", 2),
    # calendar dates
    ("the JCS said on March 27.", "2025-03-27", "March 27", "2025-03-27", None),
    ("On April 28, 2025, KCNA reported", "2025-04-29", "April 28, 2025", "2025-04-28", None),
    ("fighting on Aug. 26, 2015 killed", "2015-08-28", "Aug. 26, 2015", "2015-08-26", None),
    ("fighting on 26 August 2015 killed", None, "26 August 2015", "2015-08-26", None),
    ("a parade on May 9 in Moscow", "2025-04-28", "May 9", "2025-05-09", None),
    ("Putin's visit on June 12", "2025-07-14", "June 12", "2025-06-12", None),
    ("published 2025-04-28 by", None, "2025-04-28", "2025-04-28", None),
    ("signed on December 3", "2025-04-28", "December 3", "2024-12-03", None),
    ("it began on the 3rd of March", "2025-04-28", "the 3rd of March", "2025-03-03", None),
    # months
    ("assessed in October of last year that", "2025-04-28", "October of last year",
     "2024-10", None),
    ("3,000 more troops in January and February", "2025-03-27", "January and February",
     "2025-01/2025-02", None),
    ("in three stages during July and August of this year", "2025-07-14",
     "July and August of this year", "2025-07/2025-08", None),
    ("the parade in May", "2025-04-28", "May", "2025-05", None),
    ("a report in October", "2025-04-28", "October", "2025-10", None),
    ("a report in December", "2025-04-28", "December", "2024-12", None),
    ("deployed in mid-June", "2025-07-14", "mid-June", "2025-06-10/2025-06-20", None),
    ("deployed in early July", "2025-07-14", "early July", "2025-07-01/2025-07-10", None),
    ("will deploy in late August", "2025-04-28", "late August", "2025-08-21/2025-08-31", None),
    ("deployed in late August", "2025-04-28", "late August", "2024-08-21/2024-08-31", None),
    ("by the end of June", "2025-04-28", "the end of June", "2025-06-21/2025-06-30", None),
    ("since October 2024", "2025-04-28", "October 2024", "2024-10", None),
    ("the March-April 2024 offensive", None, "March-April 2024", "2024-03/2024-04", None),
    ("met last October", "2025-04-28", "last October", "2024-10", None),
    ("will meet next March", "2025-04-28", "next March", "2026-03", None),
    # years
    ("signed with Putin last year.", "2025-04-28", "last year", "2024", None),
    ("this year alone", "2025-04-28", "this year", "2025", None),
    ("expected next year", "2025-04-28", "next year", "2026", None),
    ("losses in 2024 were high", "2025-04-28", "2024", "2024", None),
    ("fighting since 2022", None, "2022", "2022", None),
    ("the Korean War (1950-1953)", None, "1950-1953", "1950/1953", None),
    ("the 2024–25 winter campaign", None, "2024–25", "2024/2025", None),
    ("a treaty (2024) says", None, "(2024)", "2024", None),
    ("launched in mid-2024", None, "mid-2024", "2024-05/2024-08", None),
    ("from 2022 to 2024 the war", None, "2022 to 2024", "2022/2024", None),
    ("sent late last year", "2025-04-28", "late last year", "2024-09/2024-12", None),
    # relative days, weeks, months, windows
    ("said yesterday", "2025-04-28", "yesterday", "2025-04-27", None),
    ("said today", "2025-04-28", "today", "2025-04-28", None),
    ("On this day, the agency reported", "2025-04-28", "On this day", "2025-04-28", None),
    ("will speak tonight", "2025-04-28", "tonight", "2025-04-28", None),
    ("met last week", "2025-04-28", "last week", "2025-04-21/2025-04-27", None),
    ("meets this week", "2025-04-30", "this week", "2025-04-28/2025-05-04", None),
    ("met last month", "2025-04-28", "last month", "2025-03", None),
    ("possible visit to Russia next month", "2025-04-28", "next month", "2025-05", None),
    ("a CNN report earlier this month", "2025-07-14", "earlier this month", "2025-07", None),
    ("earlier this year", "2025-04-28", "earlier this year", "2025", None),
    ("over the next two months", "2025-07-14", "the next two months",
     "2025-07-14/2025-09-14", None),
    ("troops in the coming months", "2025-07-14", "the coming months",
     "2025-07-14/2025-10-14", None),
    ("gains made in recent months", "2025-07-14", "recent months",
     "2025-04-14/2025-07-14", None),
    ("in the past week", "2025-04-28", "the past week", "2025-04-21/2025-04-28", None),
    ("over the past three weeks", "2025-04-28", "the past three weeks",
     "2025-04-07/2025-04-28", None),
    ("met over the weekend", "2025-07-14", "the weekend", "2025-07-12/2025-07-13", None),
    ("signed just over a year ago", "2025-07-14", "just over a year ago",
     "2024-06/2024-07", None),
    ("arrived two weeks ago", "2025-04-28", "two weeks ago", "2025-04-14", None),
]

ZH_CASES = [
    ("据朝鲜中央通讯社周日援引执政党消息称", "2025-04-28", "周日", "2025-04-27", 6),
    ("俄罗斯国防部于当地时间周六证实", "2025-04-28", "当地时间周六", "2025-04-26", 5),
    ("双方星期六会晤", "2025-04-28", "星期六", "2025-04-26", 5),
    ("礼拜天发布", "2025-04-28", "礼拜天", "2025-04-27", 6),
    ("周日晚间发表讲话", "2025-04-28", "周日晚间", "2025-04-27", 6),
    ("上周一抵达", "2025-04-30", "上周一", "2025-04-21", 0),
    ("下周三举行", "2025-04-28", "下周三", "2025-05-07", 2),
    ("去年10月，韩国情报机构评估称", "2025-04-28", "去年10月", "2024-10", None),
    ("其决策依据是去年与俄罗斯签署的条约", "2025-04-28", "去年", "2024", None),
    ("今年的演习", "2025-04-28", "今年", "2025", None),
    ("明年再议", "2025-04-28", "明年", "2026", None),
    ("前年开始", "2025-04-28", "前年", "2023", None),
    ("参加五月的庆祝活动", "2025-04-28", "五月", "2025-05", None),
    ("十月发表的报告", "2025-04-28", "十月", "2025-10", None),
    ("12月签署", "2025-04-28", "12月", "2024-12", None),
    ("2024年10月部署", None, "2024年10月", "2024-10", None),
    ("1月至2月增派", "2025-03-27", "1月至2月", "2025-01/2025-02", None),
    ("于今年7、8月分批部署", "2025-07-14", "今年7、8月", "2025-07/2025-08", None),
    ("10月中旬", "2025-07-24", "10月中旬", "2025-10-10/2025-10-20", None),
    ("2024年底", None, "2024年底", "2024-09/2024-12", None),
    ("2024年", None, "2024年", "2024", None),
    ("朝鲜战争（1950年至1953年）", None, "1950年至1953年", "1950/1953", None),
    ("2025年4月28日报道", None, "2025年4月28日", "2025-04-28", None),
    ("二〇二五年十月二十八日", None, "二〇二五年十月二十八日", "2025-10-28", None),
    ("4月28日宣布", "2025-04-29", "4月28日", "2025-04-28", None),
    ("5月9日举行阅兵", "2025-04-28", "5月9日", "2025-05-09", None),
    ("5月9号举行阅兵", "2025-04-28", "5月9号", "2025-05-09", None),
    ("7月24日（周四）报道", "2025-07-24", "7月24日（周四）", "2025-07-24", 3),
    ("新华社莫斯科28日电", "2025-04-28", "28日", "2025-04-28", None),
    ("二十八日宣布", "2025-05-02", "二十八日", "2025-04-28", None),
    ("昨天发布", "2025-04-28", "昨天", "2025-04-27", None),
    ("上周宣布", "2025-04-28", "上周", "2025-04-21/2025-04-27", None),
    ("本周举行", "2025-04-30", "本周", "2025-04-28/2025-05-04", None),
    ("上个月抵达", "2025-04-28", "上个月", "2025-03", None),
    ("本月", "2025-04-28", "本月", "2025-04", None),
    ("下个月访问", "2025-04-28", "下个月", "2025-05", None),
    ("本月初", "2025-07-24", "本月初", "2025-07-01/2025-07-10", None),
    ("近几个月", "2025-04-28", "近几个月", "2025-01-28/2025-04-28", None),
    ("未来两个月", "2025-07-14", "未来两个月", "2025-07-14/2025-09-14", None),
    ("上周末", "2025-07-14", "上周末", "2025-07-12/2025-07-13", None),
    ("上周末", "2025-07-19", "上周末", "2025-07-12/2025-07-13", None),
]
# fmt: on


@pytest.mark.parametrize(("text", "anchor", "words", "label", "weekday"), EN_CASES)
def test_english(text: str, anchor: str | None, words: str, label: str, weekday: int | None):
    m = only(text, anchor, "en")
    assert (m.text, m.weekday) == (words, weekday)
    assert text[m.start : m.end] == words
    assert m.span is not None and m.span.label == label and m.span.text == words


@pytest.mark.parametrize(("text", "anchor", "words", "label", "weekday"), ZH_CASES)
def test_chinese(text: str, anchor: str | None, words: str, label: str, weekday: int | None):
    m = only(text, anchor, "zh")
    assert (m.text, m.weekday) == (words, weekday)
    assert m.span is not None and m.span.label == label


# (sentence, anchor, mention text, label): one family per block, sentences written here
# fmt: off
EN_DATE_FAMILIES = [
    # numeric dates: month first when that is a date, else day first; two-digit years
    ("The convoy was hit on 03/14/2021 near the border.", "2021-06-01", "03/14/2021",
     "2021-03-14"),
    ("The convoy was hit on 14/03/2021 near the border.", "2021-06-01", "14/03/2021",
     "2021-03-14"),
    ("The ceasefire began on 6-9-2019, officials said.", "2021-06-01", "6-9-2019", "2019-06-09"),
    ("Records dated 07/07/93 list the unit.", "2021-06-01", "07/07/93", "1993-07-07"),
    ("The siege ended on 11/02/14 after weeks.", "2021-06-01", "11/02/14", "2014-11-02"),
    ("The order was signed on 2011.9.30 in the capital.", None, "2011.9.30", "2011-09-30"),
    ("The drill took place on 20190415.", None, "20190415", "2019-04-15"),
    ("The deal was signed on 2019-jun-03.", None, "2019-jun-03", "2019-06-03"),
    ("Fighting resumed on 17/Aug/2022.", None, "17/Aug/2022", "2022-08-17"),
    ("Fighting resumed on Aug-17-2022.", None, "Aug-17-2022", "2022-08-17"),
    ("The shelling stopped on 3/9, the army said.", "2021-06-01", "3/9", "2021-03-09"),
    ("Tanks crossed the river on Friday 4.16, witnesses said.", "2021-06-01", "Friday 4.16",
     "2021-04-16"),
    # month abbreviations with or without a dot, space or hyphen; lower-case names
    ("Shells fell on Feb3 and again later.", "2022-03-01", "Feb3", "2022-02-03"),
    ("Shells fell on Feb-3, residents said.", "2022-03-01", "Feb-3", "2022-02-03"),
    ("Shells fell on Sept. 9, residents said.", "2022-10-01", "Sept. 9", "2022-09-09"),
    ("Shells fell on february 3, residents said.", "2022-03-01", "february 3", "2022-02-03"),
    ("The brigade withdrew in nov, a report said.", "2022-12-05", "nov", "2022-11"),
    ("The brigade withdrew in may, a report said.", "2022-12-05", "may", "2022-05"),
    ("the attack on wednesday was repelled", "2022-12-09", "wednesday", "2022-12-07"),
    # ordinal days, with or without a weekday
    ("The strike came on the 19th, officials said.", "2022-12-09", "19th", "2022-11-19"),
    ("The strike came on the 3rd, officials said.", "2022-12-09", "3rd", "2022-12-03"),
    ("The strike came on the ninth, officials said.", "2022-12-09", "ninth", "2022-12-09"),
    ("The strike came on Tuesday the 13th, officials said.", "2022-12-09", "Tuesday the 13th",
     "2022-09-13"),
    ("The strike came on Thu 8th, officials said.", "2022-12-09", "Thu 8th", "2022-12-08"),
    ("The strike came on 9th Nov, 2021, officials said.", None, "9th Nov, 2021", "2021-11-09"),
    ("The strike came on the twenty-first of March, officials said.", "2022-12-09",
     "the twenty-first of March", "2022-03-21"),
    ("The strike came on March twenty seventh, officials said.", "2022-12-09",
     "March twenty seventh", "2022-03-27"),
    ("The strike will come on the 19th, officials said.", "2022-12-09", "19th", "2022-12-19"),
    # spelled-out years
    ("The base was built in nineteen seventy two.", None, "nineteen seventy two", "1972"),
    ("The base was built in two thousand and nine.", None, "two thousand and nine", "2009"),
    ("The treaty of May 4, nineteen oh five was cited.", None, "May 4, nineteen oh five",
     "1905-05-04"),
    ("The treaty was signed in June two thousand and twelve.", None,
     "June two thousand and twelve", "2012-06"),
    # relative offsets
    ("The depot burned 5 weeks ago.", "2022-12-09", "5 weeks ago", "2022-11-04"),
    ("The depot burned 2 months and 3 days ago.", "2022-12-09", "2 months and 3 days ago",
     "2022-10-06"),
    ("The depot burned 1 year, 2 months ago.", "2022-12-09", "1 year, 2 months ago",
     "2021-10"),
    ("Reinforcements will arrive in 3 weeks.", "2022-12-09", "3 weeks", "2022-12-30"),
    ("Reinforcements arrive three days from now.", "2022-12-09", "three days from now",
     "2022-12-12"),
    ("The talks were held two days before yesterday.", "2022-12-09",
     "two days before yesterday", "2022-12-06"),
    ("The talks were held the day before yesterday.", "2022-12-09", "the day before yesterday",
     "2022-12-07"),
    # week-relative days (weeks run Monday to Sunday)
    ("The vote is set for this week Thursday.", "2022-12-05", "this week Thursday",
     "2022-12-08"),
    ("The vote is set for next week Thursday.", "2022-12-05", "next week Thursday",
     "2022-12-15"),
    ("The vote was held last Thursday.", "2022-12-09", "last Thursday", "2022-12-01"),
    ("The vote was held previous Thursday.", "2022-12-09", "previous Thursday", "2022-12-01"),
    ("The vote was held this past Thursday.", "2022-12-09", "this past Thursday", "2022-12-08"),
    ("The vote will be held this coming Thursday.", "2022-12-09", "this coming Thursday",
     "2022-12-15"),
    ("The vote will be held next Thursday.", "2022-12-09", "next Thursday", "2022-12-15"),
    ("The vote was held on Thursday of last week.", "2022-12-09", "Thursday of last week",
     "2022-12-01"),
    # the nth weekday of a month
    ("Talks open on the second Monday of next month.", "2022-12-09",
     "the second Monday of next month", "2023-01-09"),
    ("Talks opened on the last Friday of October.", "2022-12-09",
     "the last Friday of October", "2022-10-28"),
    # named days
    ("The offensive began at Easter, a spokesman said.", "2022-06-01", "Easter", "2022-04-17"),
    ("The offensive began on Christmas Day 2016.", None, "Christmas Day 2016", "2016-12-25"),
    ("Troops will parade on Victory Day.", "2022-06-01", "Victory Day", "2023-05-09"),
]

# tense: a yearless date, month or weekday is the latest one not after publication in a past
# statement, the next one in a future statement, the nearer one when the text gives no tense
EN_TENSE = [
    ("In December, four soldiers were killed.", "2016-11-07", "December", "2015-12"),
    ("In December, four soldiers will be deployed.", "2016-11-07", "December", "2016-12"),
    ("The rotation in December brings four soldiers.", "2016-11-07", "December", "2016-12"),
    ("The brigade arrived on March 20.", "2016-03-10", "March 20", "2015-03-20"),
    ("The brigade is expected to arrive on March 20.", "2016-03-10", "March 20", "2016-03-20"),
    ("The brigade arrived in March.", "2016-03-10", "March", "2016-03"),
    ("The brigade will arrive in March.", "2016-03-10", "March", "2016-03"),
    ("The brigade arrived on Friday.", "2016-03-09", "Friday", "2016-03-04"),
    ("The brigade will arrive on Friday.", "2016-03-09", "Friday", "2016-03-11"),
    ("Officials said the brigade would arrive on Feb 29.", "2017-03-01", "Feb 29", "2020-02-29"),
    ("Officials said the brigade arrived on Feb 29.", "2017-03-01", "Feb 29", "2016-02-29"),
    ("Records from 12/12/41 were found.", "2016-03-09", "12/12/41", "1941-12-12"),
]

ZH_DATE_FAMILIES = [
    ("去年10月，该部队曾抵达前线", "2025-04-28", "去年10月", "2024-10"),
    ("上周日，双方交换了战俘", "2025-04-30", "上周日", "2025-04-27"),
    ("3月5日，该国宣布了增兵计划", "2025-04-28", "3月5日", "2025-03-05"),
    ("7月5日，该国宣布了增兵计划", "2025-04-28", "7月5日", "2024-07-05"),
    ("7月5日，该国将宣布增兵计划", "2025-04-28", "7月5日", "2025-07-05"),
    ("当地时间5日，炮击造成了伤亡", "2025-04-28", "5日", "2025-04-05"),
    ("2023年6月2日，双方举行了会谈", "2025-04-28", "2023年6月2日", "2023-06-02"),
    ("12月，部队已经撤离", "2025-04-28", "12月", "2024-12"),
    ("部队计划在12月撤离", "2025-04-28", "12月", "2025-12"),
    ("本月5日，部队已经撤离", "2025-04-28", "本月5日", "2025-04-05"),
    ("上个月28日发生了袭击", "2025-04-28", "上个月28日", "2025-03-28"),
    # traditional characters are read as simplified ones; the mention keeps the text's own
    ("上週日，雙方交換了戰俘", "2025-04-30", "上週日", "2025-04-27"),
    ("兩個月前部隊抵達", "2025-04-28", "兩個月前", "2025-02"),
    ("當地時間週六", "2025-04-28", "當地時間週六", "2025-04-26"),
]
# fmt: on


@pytest.mark.parametrize(("text", "anchor", "words", "label"), EN_DATE_FAMILIES + EN_TENSE)
def test_english_date_families(text: str, anchor: str | None, words: str, label: str):
    m = only(text, anchor, "en")
    assert text[m.start : m.end] == m.text
    assert words in m.text
    assert m.span is not None and m.span.label == label


@pytest.mark.parametrize(("text", "anchor", "words", "label"), ZH_DATE_FAMILIES)
def test_chinese_date_families(text: str, anchor: str, words: str, label: str):
    m = only(text, anchor, "zh")
    assert words in m.text
    assert m.span is not None and m.span.label == label


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # figures, not dates
        ("Prices rose 4.22 million on 4.5 percent", "en"),
        ("The vote was 7-6 in the chamber", "en"),
        ("They were killed in two days of fighting", "en"),
        ("They were killed in two days.", "en"),  # how long, not when
        ("The army loses 300 men in a day.", "en"),  # a rate
        ("Sun said the brigade withdrew", "en"),  # a surname, not Sunday
        ("Mar the record", "en"),
        ("he may march on", "en"),
        ("in march soldiers sang", "en"),
        ("On March 3 two hundred soldiers died", "en"),  # a date, but not 200 as a year
        ("将军说", "zh"),
    ],
)
def test_not_these_dates(text: str, lang: str):
    mentions = find_times(text, day("2025-04-28"), lang)
    if text.startswith("On March 3"):
        assert [m.text for m in mentions] == ["March 3"]
    else:
        assert mentions == [], [m.text for m in mentions]


# which time expression dates a figure (#15): not one that says when a running count began,
# names an event, or sits in a clause of its own that the figure is not in
# fmt: off
AS_OF_CASES = [
    ("About 9,000 troops remain deployed in the region after the March 3, 2011 bombings.", "en",
     None),
    ("About 9,000 troops stay there a decade after Russia's February 2014 annexation.", "en",
     None),
    ("Some 52,000 soldiers have been killed since the war began in 2014, the minister said on "
     "Tuesday.", "en", "2025-07-08"),
    ("Some 52,000 soldiers have been killed since March 2022.", "en", None),
    ("Some 8,000 troops were sent to the valley where fighting broke out in May.", "en", None),
    ("In the valley where fighting broke out in May, 8,000 troops were moved.", "en", "2025-05"),
    ("The army sent 2,000 soldiers in June.", "en", "2025-06"),
    ("The army sent 2,000 soldiers and that 5,000 more would follow by October.", "en", None),
    ("自2022年2月以来，已有3万名士兵死亡。", "zh", None),
    ("2022年2月，3万名士兵被部署。", "zh", "2022-02"),
]
# fmt: on


def _document(text: str, lang: str, anchor: dt.date) -> Document:
    return Document(
        path="/x.txt", name="x.txt", sha256="0" * 64, size=len(text), encoding="utf-8",
        format="txt", text=text,
        articles=[Article(index=0, start=0, end=len(text), meta=ArticleMeta(published=anchor),
                          passages=[Passage(index=0, paragraph=0, start=0, end=len(text),
                                            text=text, language=lang)])],
    )


@pytest.mark.parametrize(("text", "lang", "as_of"), AS_OF_CASES)
def test_the_time_that_governs_the_figure(
    extraction: Extraction, text: str, lang: str, as_of: str | None
) -> None:
    anchor = dt.date(2025, 7, 14)
    claims = [c for c in extraction(_document(text, lang, anchor)) if c.kind != "date"]
    assert claims
    claim = claims[0]
    if as_of is None:  # no time of its own: the publication date, marked inferred
        assert (claim.as_of, claim.as_of_inferred) == ("2025-07-14", True)
    else:
        assert (claim.as_of, claim.as_of_inferred) == (as_of, False)


def test_context_marks_are_on_the_mentions():
    text = "About 9,000 troops stay in the region where fighting began in May."
    [m] = find_times(text, day("2025-07-14"))
    assert m.dates_figures and m.clause_start == text.index("where")
    assert not dates_figure(m, text.index("9,000"))
    assert dates_figure(m, len(text) - 1)
    [since] = find_times("losses since 2022", day("2025-07-14"))
    assert not since.dates_figures and not dates_figure(since, 0)


@pytest.mark.parametrize(
    ("text", "anchor", "lang", "start", "end", "grain"),
    [
        ("over the next two months", "2025-07-14", "en", "2025-07-14", "2025-09-14", "period"),
        ("earlier this month", "2025-07-14", "en", "2025-07-01", "2025-07-14", "month"),
        ("later this year", "2025-04-28", "en", "2025-04-28", "2025-12-31", "year"),
        ("in January and February", "2025-03-27", "en", "2025-01-01", "2025-02-28", "period"),
        ("the Korean War (1950-1953)", None, "en", "1950-01-01", "1953-12-31", "period"),
        ("last week", "2024-10-20", "en", "2024-10-07", "2024-10-13", "week"),
        ("in October of last year", "2025-04-28", "en", "2024-10-01", "2024-10-31", "month"),
        ("in the coming months", "2025-07-28", "en", "2025-07-28", "2025-10-28", "period"),
        ("December and January", "2025-01-10", "en", "2024-12-01", "2025-01-31", "period"),
        ("去年", "2025-04-28", "zh", "2024-01-01", "2024-12-31", "year"),
        ("近几个月", "2025-04-28", "zh", "2025-01-28", "2025-04-28", "period"),
    ],
)
def test_span_bounds(text: str, anchor: str, lang: str, start: str, end: str, grain: str) -> None:
    m = only(text, anchor, lang)
    assert m.span is not None
    assert (m.span.start, m.span.end, m.grain) == (day(start), day(end), grain)


@pytest.mark.parametrize(
    ("text", "lang", "explicit"),
    [
        ("Aug. 26, 2015", "en", True),
        ("in October", "en", True),
        ("Thursday (Jul 24)", "en", True),
        ("22/02/2016", "en", True),
        ("03/04/2016", "en", False),  # reads both ways: month first, but a guess
        ("Monday", "en", False),
        ("last year", "en", False),
        ("the coming months", "en", False),
        ("2025年4月28日", "zh", True),
        ("周日", "zh", False),
        ("去年", "zh", False),
    ],
)
def test_explicit(text: str, lang: str, explicit: bool):
    assert only(text, "2025-04-28", lang).explicit is explicit


@pytest.mark.parametrize(
    ("text", "lang", "label", "grain"),
    [
        ("Aug. 26, 2015", "en", "2015-08-26", "day"),
        ("in 2024", "en", "2024", "year"),
        ("October 2024", "en", "2024-10", "month"),
        ("(1950-1953)", "en", "1950/1953", "period"),
        ("2025年4月28日", "zh", "2025-04-28", "day"),
        ("2024年10月", "zh", "2024-10", "month"),
    ],
)
def test_absolute_without_anchor(text: str, lang: str, label: str, grain: str):
    m = only(text, None, lang)
    assert m.span is not None and (m.span.label, m.grain) == (label, grain)


@pytest.mark.parametrize(
    ("text", "lang", "grain", "weekday"),
    [
        ("KCNA said Monday", "en", "day", 0),
        ("last year", "en", "year", None),
        ("last week", "en", "week", None),
        ("in October", "en", "month", None),
        ("April 28", "en", "day", None),
        ("over the next two months", "en", "period", None),
        ("yesterday", "en", "day", None),
        ("周日", "zh", "day", 6),
        ("去年10月", "zh", "month", None),
        ("上周", "zh", "week", None),
    ],
)
def test_relative_without_anchor(text: str, lang: str, grain: str, weekday: int | None):
    m = only(text, None, lang)
    assert (m.span, m.grain, m.weekday) == (None, grain, weekday)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Article 4 of the treaty says", "en"),
        ("around 12,000 troops", "en"),
        ("12-thousand North Korean troops", "en"),
        ("the M2010 armored vehicle", "en"),
        ("a BTR-80 carrier", "en"),
        ("the 80th anniversary of the party", "en"),
        ("a 5,000-ton-class destroyer", "en"),
        ("2024 troops were sent", "en"),
        ("sent in 2000 troops", "en"),
        ("a rise in 2025%", "en"),
        ("he may march on", "en"),
        ("1,500–3,000 troops per batch", "en"),
        ("KN-23 missiles and 170mm guns", "en"),
        ("in the 1990s", "en"),
        ("a 2020-style attack on 1,950 homes", "en"),
        ("该条约第四条规定", "zh"),
        ("约有1.2万名朝鲜士兵", "zh"),
        ("每周一次", "zh"),
        ("3个月内", "zh"),
        ("价值5日元", "zh"),
        ("最近日本政府表示", "zh"),
        ("将近一年", "zh"),
    ],
)
def test_not_a_time(text: str, lang: str):
    assert find_times(text, day("2025-04-28"), lang) == []


def test_several_mentions_in_text_order():
    text = "On Monday, KCNA said troops sent last year fought in October of last year."
    mentions = find_times(text, day("2025-04-28"), "en")
    assert [m.text for m in mentions] == ["Monday", "last year", "October of last year"]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_longest_match_wins():
    [m] = find_times("during July and August of this year", day("2025-07-14"))
    assert m.text == "July and August of this year"


@pytest.mark.parametrize(
    ("expression", "anchor", "lang", "label"),
    [
        ("on Saturday", "2025-04-28", "en", "2025-04-26"),
        ("in October of last year", "2025-04-28", "en", "2024-10"),
        ("Thursday (Jul 24)", "2025-07-24", "en", "2025-07-24"),
        ("去年10月", "2025-04-28", "zh", "2024-10"),
        ("Aug. 26, 2015", None, "en", "2015-08-26"),
    ],
)
def test_resolve(expression: str, anchor: str | None, lang: str, label: str):
    span = resolve(expression, day(anchor), lang)
    assert span is not None and span.label == label


@pytest.mark.parametrize(
    ("expression", "anchor", "lang"),
    [
        ("no time here", "2025-04-28", "en"),
        ("remains unclear to this day", "2025-04-28", "en"),  # "until now", not a date
        ("last year", None, "en"),
        ("", None, "en"),
        ("yesterday", "2025-04-28", "xx"),
    ],
)
def test_resolve_none(expression: str, anchor: str | None, lang: str):
    assert resolve(expression, day(anchor), lang) is None


def test_language_tags_are_normalised():
    assert resolve("去年", day("2025-04-28"), "zh-Hans") == resolve("去年", day("2025-04-28"), "zh")
    assert find_times("last year", day("2025-04-28"), "und") == []


@pytest.mark.parametrize(
    ("start", "end", "weekday", "expected"),
    [
        ("2025-07-24", "2025-07-24", 3, True),
        ("2025-07-24", "2025-07-24", 4, False),
        ("2025-04-27", "2025-04-27", 6, True),
        ("2025-04-21", "2025-04-27", 0, False),
    ],
)
def test_weekday_matches(start: str, end: str, weekday: int, expected: bool):
    span = TimeSpan(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end), label="x")
    assert weekday_matches(span, weekday) is expected


def test_weekday_and_date_disagree_is_visible():
    [m] = find_times("on Thursday, July 25", day("2025-07-28"))
    assert m.span is not None and m.weekday == 3
    assert not weekday_matches(m.span, m.weekday)


# ---------------------------------------------------------------- rule files


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rule_files_validate_and_examples_resolve(lang: str):
    rules = load_rules(lang)
    assert rules.language == lang
    for rule in rules.patterns:
        for example in rule.examples:
            # a pattern read only in one tense is shown a verb of that tense
            verb = {"future": "will come ", "past": "came "}.get(rule.only_tense or "", "")
            mentions = find_times(verb + example, day("2025-04-28"), lang)
            assert mentions, f"{lang}: {example!r} found nothing"


def test_unknown_language_is_a_config_error():
    with pytest.raises(ConfigError, match="xx"):
        load_rules("xx")


def _rule_file(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load((files("claimtrack") / "rules" / "en" / "time.yaml").read_text("utf-8"))
    mutate(data)
    path = tmp_path / "broken-time.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (lambda d: d["lexicon"]["month"].update({"smarch": 13}), "lexicon.month"),
        (lambda d: d.update({"colour": "blue"}), "colour"),
        (lambda d: d["patterns"][0].update({"regex": "(?P<year>"}), "bad regex"),
        (lambda d: d["patterns"][0].update({"regex": "{nonsense}"}), "unknown placeholder"),
        (lambda d: d["patterns"][0].update({"regex": r"(?P<when>\d+)"}), "unknown group"),
        (lambda d: d["patterns"][0].update({"kind": "era"}), "patterns.0.kind"),
        (lambda d: d["patterns"][0].update({"regex": r"(?P<year>\d{4})"}), "needs groups"),
        (lambda d: d["patterns"][0].update({"examples": ["yesteryear"]}), "yesteryear"),
        (lambda d: d["lexicon"]["words"].update({"month": ["x"]}), "name of a table"),
        (lambda d: d.update({"capitalized": ["colours"]}), "colours"),
        (lambda d: d["tense"][0].update({"examples": ["nevermore"]}), "nevermore"),
        (lambda d: d["tense"][0].update({"tense": "present"}), "tense.0.tense"),
        (lambda d: d["lexicon"]["holiday"].update({"odd day": {"month": 1}}), "holiday"),
        (lambda d: d["patterns"][0].update({"only_tense": "present"}), "only_tense"),
        (lambda d: d["fragments"].update({"day_end": "{nowhere}"}), "unknown placeholder"),
        (lambda d: d["context"][0].update({"examples": ["elsewhere"]}), "elsewhere"),
        (lambda d: d.update({"convert": "s2t"}), "convert"),
        (lambda d: d.update({"anchors": ["colours"]}), "anchors"),
        (lambda d: d["patterns"][0].update(
            {"kind": "weekend", "examples": ["around Xmas"], "regex": r"around\s+Xmas"}),
         "no digit and no word"),
        (lambda d: d["context"][0].update({"role": "maybe"}), "context.0.role"),
    ],
)
def test_invalid_rule_file_names_file_and_problem(tmp_path: Path, mutate, problem: str):
    path = _rule_file(tmp_path, mutate)
    with pytest.raises(ConfigError) as info:
        read_rules(path)
    assert "broken-time.yaml" in str(info.value)
    assert problem in str(info.value)


def test_rule_file_that_is_not_yaml(tmp_path: Path):
    path = tmp_path / "time.yaml"
    path.write_text("language: en\npatterns: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="time.yaml"):
        read_rules(path)


# ---------------------------------------------------------------- properties

_FRAGMENTS = [
    "Monday", "Sunday night", "early ", "last ", "next ", "this ", "week", "month", "year",
    "in ", "on ", "October", "Aug. ", "26", "28", "31", ", ", "2015", "2024", "1950-1953",
    " and ", "February", "mid-", "the coming months", "the next two months", "ago", "two ",
    "(", ")", "-", "–", "Jul 24", "Thursday", "12,000", "troops", "M2010", "yesterday",
    "周日", "星期六", "当地时间", "去年", "今年", "10月", "五月", "二十八日", "28日", "年",
    "月", "日", "上周", "下周", "本月", "近几个月", "未来两个月", "至", "、", "初", "底",
    "中旬", "〇", "十", "前", "多", "周末", "9999", "0000", "00", " ",
    "02/22/2016", "31/31/99", "Oct2", "Feb 29", "the 27th", "on the ", "Friday the 13th",
    "two thousand and ", "nineteen ", "eighty six", "from now", " after ", "Easter", "were ",
    "will ", "next week ", "second ", "of next month", "了", "将", "3月5日", "29/02/00",
]  # fmt: skip
_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=12).map("".join),
)
_anchors = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([dt.date.min, dt.date.max, dt.date(1, 1, 31), dt.date(9999, 12, 1)]),
)


@settings(max_examples=300, deadline=None)
@given(text=_texts, anchor=_anchors, lang=st.sampled_from(["en", "zh"]))
def test_never_raises_and_offsets_slice_back(text: str, anchor: dt.date | None, lang: str):
    mentions = find_times(text, anchor, lang)
    previous_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.start < m.end
        assert m.start >= previous_end  # in order and not overlapping
        previous_end = m.end
        assert m.grain in {"day", "week", "month", "year", "period"}
        assert m.weekday is None or 0 <= m.weekday <= 6
        if m.span is not None:
            assert m.span.start <= m.span.end
            assert m.span.text == m.text and m.span.label
    span = resolve(text, anchor, lang)
    assert span is None or span.start <= span.end


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _spell_pair(n: int) -> str:
    """0-99 in words, as a year's second half is said ("oh five", "eighty six")."""
    if n < 10:
        return f"oh {_UNITS[n]}"
    if n < 20:
        return _TEENS[n - 10]
    return f"{_TENS[n // 10]} {_UNITS[n % 10]}".strip()


def _renderings(d: dt.date) -> list[str]:
    month = _MONTHS[d.month - 1]
    out = [d.isoformat(), f"{month} {d.day}, {d.year}", f"{d.day} {month} {d.year}",
           f"{month[:3]}-{d.day}-{d.year}", f"{d.day}/{month[:3]}/{d.year}",
           f"the {d.day}th of {month}, {d.year}" if d.day in (4, 5, 6, 7, 8, 9, 10) else
           f"{month} {d.day} {d.year}"]
    if d.day > 12:  # reads one way only
        out += [f"{d.month}/{d.day}/{d.year}", f"{d.day}/{d.month}/{d.year}",
                f"{d.day}.{d.month:02d}.{d.year}"]
    if 1910 <= d.year <= 1999:
        out.append(f"{month} {d.day}, nineteen {_spell_pair(d.year % 100)}")
    return out


@settings(max_examples=200, deadline=None)
@given(d=st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_dates_render_and_read_back(d: dt.date):
    for text in _renderings(d):
        sentence = f"The agency said on {text}, troops moved."
        mentions = find_times(sentence, dt.date(2024, 6, 1), "en")
        assert len(mentions) == 1, (text, [m.text for m in mentions])
        m = mentions[0]
        assert sentence[m.start : m.end] == m.text and text in m.text
        assert m.span is not None and m.span.label == d.isoformat(), text
