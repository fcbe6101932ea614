"""Where a reader finds an article's date, outlet and place: header lines, datelines, bylines
and urls (examples written for these tests)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.load import headers
from claimtrack.load.articles import build_articles
from claimtrack.load.urls import fill_from_url, host_outlet, url_date
from claimtrack.models import ArticleMeta


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Published: 3 Feb. 2023, 09:41", "2023-02-03"),  # no zone: the day only
        ("Published August 11, 2022 | 10:05 PM", "2022-08-11"),
        ("March 14, 2023 at 08:15 JST", "2023-03-14T08:15+09:00"),
        ("Posted: Tuesday, May 26, 2015 6:39 AM EDT Updated: Wednesday, May 27, 2015",
         "2015-05-26T06:39-04:00"),
        ("Posted on 3 March 2024 at 9:15 pm GMT", "2024-03-03T21:15+00:00"),
        ("发布时间：2023-05-04 10:20", "2023-05-04"),
        ("發佈時間：2023年5月4日", "2023-05-04"),
        ("2024-10-27T22:05:00+09:00", "2024-10-27T22:05+09:00"),
        ("11/28/2023 November 28, 2023 Five brigades moved north", "2023-11-28"),
        ("Last updated: 5 June 2024", "2024-06-05"),
    ],
)
def test_publication_lines(line: str, published: str) -> None:
    found = headers.publication_line(line)
    assert found is not None and found[0] == published


@pytest.mark.parametrize(
    "line",
    [
        "03/04/2025",  # reads both ways: not guessed
        "The ministry said on Tuesday that 300 soldiers had been killed.",
        "Troops crossed the border in March 2022, officials said.",
        "Published",
    ],
)
def test_lines_that_give_no_publication_date(line: str) -> None:
    assert headers.publication_line(line) is None


def test_an_update_time_counts_only_when_there_is_no_publication_time() -> None:
    assert headers.publication_line("Updated: 5 June 2024") == ("2024-06-05", True)
    text = ("Hundreds killed in overnight strikes on the port city\n\n"
            "Updated: 6 June 2024\n\nPublished: 5 June 2024\n\n"
            "At least 300 people were killed in the strikes, the regional governor said.\n")
    (article,) = build_articles(text)
    assert article.meta.published == "2024-06-05"


@pytest.mark.parametrize(
    ("line", "place", "agency", "published"),
    [
        ("SEOUL (Yonhap) -- North Korea has moved 2,400 soldiers to the border, the agency said.",
         "Seoul", "Yonhap", None),
        ("LVIV, Ukraine – Overnight drone strikes hit two power stations, officials said.",
         "Lviv, Ukraine", None, None),
        ("MOSCOW, March 3 /TASS/. Russian forces took control of the village, the ministry said.",
         "Moscow", "TASS", None),
        ("KHAN YUNIS, Gaza Strip (AP) — The toll rose to 312 overnight, officials say.",
         "Khan Yunis, Gaza Strip", "Associated Press", None),
        ("DAYTON (May 9, 2016) – One man has died after officers answered two calls.",
         "Dayton", None, "2016-05-09"),
        ("Odesa, (APP - Example Wire / Point News - 4th Dec, 2023) Ukrainian officials said.",
         "Odesa", "APP", "2023-12-04"),
    ],
)
def test_datelines(line: str, place: str, agency: str | None, published: str | None) -> None:
    found = headers.dateline(line)
    assert found is not None
    assert (found.place, found.agency, found.published) == (place, agency, published)
    assert line[found.end] in "NRTOU"  # the story starts where the dateline ends


@pytest.mark.parametrize(
    "line",
    [
        "NATO. The alliance met in Brussels on Tuesday to discuss the war.",
        "North Korea has moved 2,400 soldiers to the border, the agency said.",
        "UPDATE: officials now say 12 people were killed.",
    ],
)
def test_sentences_are_not_datelines(line: str) -> None:
    assert headers.dateline(line) is None


@pytest.mark.parametrize(
    ("line", "author", "outlet", "date"),
    [
        ("By Maria K. Lund Washington Post", "Maria K. Lund", "The Washington Post", None),
        ("By AFP | Apr. 7, 2023", "AFP", None, "2023-04-07"),
        ("By TOMAS WERNER", "TOMAS WERNER", None, None),
        ("By Jane Doe and John Roe", "Jane Doe", None, None),
        ("By Lee Min-Jae, Associated Press", "Lee Min-Jae", "Associated Press", None),
    ],
)
def test_bylines(line: str, author: str, outlet: str | None, date: str | None) -> None:
    assert headers.byline(line) == (author, outlet, date)


def test_a_byline_is_never_taken_for_the_outlet() -> None:
    text = ("Hundreds of soldiers killed near the border, ministry says\n\nBy TOMAS WERNER\n\n"
            "The defence ministry says 700 soldiers were killed.\n")
    (article,) = build_articles(text)
    assert (article.meta.byline, article.meta.outlet) == ("TOMAS WERNER", None)


def test_chinese_bracket_gives_outlet_and_date() -> None:
    text = "【大紀元2023年5月4日訊】烏克蘭軍方稱，過去一天內擊斃俄軍約六百人。\n"
    (article,) = build_articles(text)
    assert (article.meta.outlet, article.meta.published) == ("大紀元", "2023-05-04")


def test_a_title_is_never_a_date_a_caption_or_a_wire_credit() -> None:
    text = (
        "REUTERS\n\n"
        "March 14, 2023 at 08:15 JST\n\n"
        "Soldiers march in a parade in the capital on Friday (John Doe/AFP via Getty Images)\n\n"
        "At least 40 troops killed near the river, lawmaker says\n\n"
        "SEOUL--At least 40 soldiers sent to the front have been killed, he said.\n"
    )
    (article,) = build_articles(text)
    meta = article.meta
    assert meta.title == "At least 40 troops killed near the river, lawmaker says"
    assert (meta.outlet, meta.published, meta.place) == (
        "Reuters", "2023-03-14T08:15+09:00", "Seoul")


@pytest.mark.parametrize(
    ("url", "date"),
    [
        ("https://www.example.com/stories/2024/dec/16/troops-suffer-losses/", "2024-12-16"),
        ("https://example.com/news/2024/12/16/strikes-kill-10", "2024-12-16"),
        ("https://example.com/news/2025-03-27/national/story.html", "2025-03-27"),
        ("https://example.com/en/article/all/20250617/5666191/1", "2025-06-17"),
        ("https://example.com/15-Nov-2024/war-deaths-higher", "2024-11-15"),
        ("https://example.com/2025/04/600-soldiers-killed.html", "2025-04"),
        ("https://example.com/world/article/2001528350/troops-killed", None),  # an id
        ("https://example.com/live-70572913?date=20240101", None),  # the query is not read
        ("https://example.com/2024/02/30/no-such-day", "2024-02"),
        ("http://web.archive.org/web/20160110085637/http://example.com/2013/01/07/story",
         "2013-01-07"),  # the archived page's date, not the capture's
    ],
)
def test_dates_in_url_paths(url: str, date: str | None) -> None:
    assert url_date(url) == date


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.washingtonpost.com/world/2024/12/16/story/", "The Washington Post"),
        ("http://world.kbs.co.kr/service/news_view.htm?Seq_Code=1", "KBS"),
        ("https://www.small-town-news.example/story", "small-town-news.example"),
        ("http://bit.ly/15ig4OG", None),
        ("not a url", None),
    ],
)
def test_outlet_from_host(url: str, outlet: str | None) -> None:
    assert host_outlet(url) == outlet


def test_url_fills_only_what_nothing_better_gave() -> None:
    meta = ArticleMeta(outlet="Spokesman", url="https://www.spokesman.com/stories/2024/dec/08/x/")
    assert (fill_from_url(meta).outlet, fill_from_url(meta).published) == ("Spokesman",
                                                                           "2024-12-08")
    dated = ArticleMeta(published="2024-12-07", url=meta.url)
    assert fill_from_url(dated).published == "2024-12-07"


@given(st.text(max_size=300))
def test_header_readers_take_any_text(text: str) -> None:
    for line in (text, f"Published: {text}", f"By {text}", f"SEOUL (Yonhap) -- {text}"):
        found = headers.publication_line(line)
        if found is not None:
            ArticleMeta(published=found[0])  # always a valid publication date
        headers.dateline(line)
        headers.byline(line)
        url_date(line)
        host_outlet(line)
