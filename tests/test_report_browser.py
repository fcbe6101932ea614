"""The HTML report in a real browser (Debian's headless chromium, driven by selenium): the
page draws a timeline per group, its filters hide groups, a click explains a mark or a
conflict, nothing injected by an article runs, and the console stays clean.

Skipped when chromium, its driver or selenium is missing (`.ci/run` installs them).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .reportpages import OUTLET_B, REPO, export, hostile_corpus, ingest

CHROMIUM = os.environ.get("CLAIMTRACK_CHROMIUM", "/usr/bin/chromium")
DRIVER = os.environ.get("CLAIMTRACK_CHROMEDRIVER", "/usr/bin/chromedriver")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                "(pip install -e '.[test]')")
if not (shutil.which(CHROMIUM) and shutil.which(DRIVER)):
    pytest.skip(f"no headless browser: {CHROMIUM} or {DRIVER} missing "
                "(apt-get install chromium chromium-driver)", allow_module_level=True)

from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

WIDTH = 1280


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The seeds and a corpus whose titles and outlets hold scripts, as HTML and as JSON."""
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "r.db"
    ingest(db, REPO / "seeds", hostile_corpus(folder / "hostile"))
    data = json.loads(export(db, "json", folder / "r.json"))
    page = folder / "report.html"
    export(db, "html", page)
    return page, data


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={WIDTH},900", "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser: webdriver.Chrome, report: tuple[Path, dict]) -> webdriver.Chrome:
    browser.get(report[0].as_uri())
    browser.get_log("browser")  # what the load said is checked by its own test
    return browser


def _shown(driver: webdriver.Chrome) -> list[str]:
    return [s.get_attribute("data-group") for s in
            driver.find_elements(By.CSS_SELECTOR, "section.group") if s.is_displayed()]


def test_loads_clean_with_nothing_injected_run(
    browser: webdriver.Chrome, report: tuple[Path, dict], tmp_path: Path,
) -> None:
    browser.get(report[0].as_uri())
    problems = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert problems == []
    assert browser.execute_script("return window.__pwned === undefined")
    # the injected title is the page's text, in the table and in a tooltip
    assert OUTLET_B in browser.find_element(By.TAG_NAME, "main").text
    titles = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg title'), t => t.textContent)")
    assert any(OUTLET_B in t for t in titles)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(WIDTH, min(height, 6000))
    shot = Path(os.environ.get("CLAIMTRACK_SCREENSHOT_DIR", tmp_path)) / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    browser.set_window_size(WIDTH, 900)


def test_a_timeline_per_group_and_a_mark_per_claim(
    page: webdriver.Chrome, report: tuple[Path, dict],
) -> None:
    data = report[1]
    sections = page.find_elements(By.CSS_SELECTOR, "section.group")
    assert len(sections) == len(data["groups"])
    want = {g["id"]: len(g["claims"]) for g in data["groups"]}
    for s in sections:
        assert len(s.find_elements(By.CSS_SELECTOR, "svg.timeline")) == 1
        drawn = s.find_elements(By.CSS_SELECTOR, "svg.timeline g.mark")
        assert len(drawn) == want[s.get_attribute("data-group")]
        # drawn on screen, inside the timeline
        box = s.find_element(By.CSS_SELECTOR, "svg.timeline").rect
        for m in drawn:
            r = m.rect
            assert r["width"] > 0 and r["height"] > 0
            assert box["x"] - 1 <= r["x"] and r["x"] + r["width"] <= box["x"] + box["width"] + 1
    assert page.find_element(By.ID, "f-count").text == f"{len(sections)} of {len(sections)} " \
        "groups shown"


def test_filters_hide_groups(page: webdriver.Chrome, report: tuple[Path, dict]) -> None:
    data = report[1]
    every = {g["id"] for g in data["groups"]}
    assert set(_shown(page)) == every
    Select(page.find_element(By.ID, "f-status")).select_by_value("conflict")
    conflicting = {g["id"] for g in data["groups"] if g["status"] == "conflict"}
    assert conflicting and set(_shown(page)) == conflicting
    assert page.find_element(By.ID, "f-count").text.startswith(f"{len(conflicting)} of ")
    Select(page.find_element(By.ID, "f-status")).select_by_value("")
    Select(page.find_element(By.ID, "f-kind")).select_by_value("casualties")
    assert set(_shown(page)) == {g["id"] for g in data["groups"]
                                 if g["kind"].startswith("casualties.")}
    Select(page.find_element(By.ID, "f-kind")).select_by_value("")
    # the title of b.txt, as its rows show it (any case)
    page.find_element(By.ID, "f-text").send_keys("TOM &amp; jerry")
    of_b = {c["id"] for c in data["claims"] if c["document"] == "b.txt"}
    assert set(_shown(page)) == {g["id"] for g in data["groups"] if of_b & set(g["claims"])}
    assert 0 < len(_shown(page)) < len(every)
    found = page.find_elements(By.CSS_SELECTOR, "tr.match")
    assert {r.get_attribute("data-claim") for r in found} == of_b
    assert all(r.is_displayed() for r in found)
    page.find_element(By.ID, "f-text").send_keys(" nothing matches this")
    assert _shown(page) == []
    assert page.find_element(By.ID, "none-shown").is_displayed()


def test_a_click_explains_a_mark_and_a_conflict(
    page: webdriver.Chrome, report: tuple[Path, dict],
) -> None:
    conflict = report[1]["conflicts"][0]
    section = page.find_element(By.CSS_SELECTOR, f'section[data-group="{conflict["group"]}"]')
    detail = section.find_element(By.CSS_SELECTOR, ".detail")
    assert detail.text == ""
    mark = section.find_element(By.CSS_SELECTOR, "g.mark")
    page.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                        mark)
    assert mark.get_attribute("data-claim") in detail.text
    line = section.find_element(By.CSS_SELECTOR, "g.conflict")
    page.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                        line)
    assert detail.text == conflict["reason"]
    selected = section.find_elements(By.CSS_SELECTOR, "tr.selected")
    assert {r.get_attribute("data-claim") for r in selected} == set(conflict["claims"])
    reason = section.find_element(By.CSS_SELECTOR, "ol.conflicts li.selected")
    assert reason.text == conflict["reason"]
    assert page.get_log("browser") == []


def test_hovering_explains_at_once_and_leaving_shows_what_was_pinned(
    page: webdriver.Chrome, report: tuple[Path, dict],
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    # a figure conflict: a date conflict of two days a day apart is a line shorter than its
    # marks, which a pointer at its middle hovers instead (its reason is in the list)
    conflict = next(c for c in report[1]["conflicts"] if c["type"] == "value")
    section = page.find_element(By.CSS_SELECTOR, f'section[data-group="{conflict["group"]}"]')
    page.execute_script("arguments[0].scrollIntoView()", section)
    detail = section.find_element(By.CSS_SELECTOR, ".detail")
    mark = section.find_element(By.CSS_SELECTOR, "g.mark")
    page.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                        mark)
    pinned = detail.text
    line = section.find_element(By.CSS_SELECTOR, "g.conflict .hit")
    ActionChains(page).move_to_element(line).perform()
    assert detail.text == conflict["reason"]
    ActionChains(page).move_to_element(section.find_element(By.CSS_SELECTOR, "h2")).perform()
    assert detail.text == pinned
    assert page.get_log("browser") == []
