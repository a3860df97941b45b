"""The survey form in real headless Chromium: fill, leave, come back, finish; a wrong link; two
respondents at once; a phone-sized window. Screenshots go to ``test-artifacts/screenshots/``.

The form is served by :func:`~stakeholder_graph.survey.client.serve_in_thread` on a free
loopback port (not the dashboard's 8050).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from stakeholder_graph.analysis import analyze
from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.survey.app import create_survey_app
from stakeholder_graph.survey.client import serve_in_thread
from stakeholder_graph.survey.state import SurveyState
from stakeholder_graph.survey.tokens import make_invites
from tests.browser.conftest import pytest_setup_options
from tests.conftest import REPO

CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture()
def form(tmp_path: Path) -> Iterator[tuple[str, dict[str, str], Path]]:
    """(base URL, token by organization, dataset folder) of a served survey over pleven."""
    folder = tmp_path / "pleven"
    shutil.copytree(REPO / "datasets" / "pleven", folder)
    made = make_invites(
        read_dataset(folder).organizations, "2025", "bg", datetime(2025, 1, 1), 9999
    )
    SurveyState(folder / "survey").add_invites([i for i, _ in made])
    app = create_survey_app(folder)
    with serve_in_thread(app) as base:
        yield base, {i.organization: t for i, t in made}, folder


def _browser(width: int = 1280, height: int = 1000) -> webdriver.Chrome:
    options = pytest_setup_options()
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_window_size(width, height)
    return driver


@pytest.fixture()
def browser() -> Iterator[webdriver.Chrome]:
    driver = _browser()
    yield driver
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    driver.quit()
    assert severe == []


def _wait(driver: webdriver.Chrome, css: str):
    return WebDriverWait(driver, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _tick(driver: webdriver.Chrome, org_id: str) -> None:
    box = driver.find_element(By.CSS_SELECTOR, f'input[name="partner"][value="{org_id}"]')
    driver.find_element(By.CSS_SELECTOR, f'label[for="{box.get_attribute("id")}"]').click()


def _shot(driver: webdriver.Chrome, screenshots: Path, name: str) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(int(height) + 140, 6000))
    driver.save_screenshot(str(screenshots / f"{name}.png"))


def test_fill_leave_come_back_finish_and_analyze(form, browser, screenshots) -> None:
    base, tokens, folder = form
    link = f"{base}/s/{tokens['pl-ngo-roma-1']}"
    browser.get(link + "?lang=en")
    orgs = read_dataset(folder).organizations.set_index("id")
    assert _wait(browser, "#organization").text == orgs.loc["pl-ngo-roma-1", "name"]
    assert "Step 1 of 2" in browser.find_element(By.TAG_NAME, "h1").text
    # keyboard: focus the consent box and press space
    consent = browser.find_element(By.ID, "consent")
    consent.send_keys(Keys.SPACE)
    assert consent.is_selected()
    search = browser.find_element(By.ID, "q")
    search.send_keys("Дирекция")
    browser.find_element(By.CSS_SELECTOR, 'button[value="search"]').click()
    _wait(browser, 'input[name="partner"][value="pl-adm-social"]')
    assert not browser.find_elements(By.CSS_SELECTOR, 'input[value="pl-adm-mayor"]')
    _tick(browser, "pl-adm-social")
    browser.find_element(By.ID, "show-all").click()
    _tick(browser, "pl-cht-botev")
    _shot(browser, screenshots, "survey-partners-desktop-en")
    browser.find_element(By.ID, "continue").click()
    _wait(browser, "#p0-reliability-1").click()  # the first partner chosen: pl-adm-social
    browser.find_element(By.CSS_SELECTOR, 'label[for="p0-initiative-us"]').click()
    browser.find_element(By.ID, "save").click()
    assert "Your progress is saved" in _wait(browser, "#saved").text

    # leave: a fresh browser session (no cookies) opens the same link and resumes
    browser.delete_all_cookies()
    browser.get(link + "?lang=en")
    assert _wait(browser, "#p0-reliability-1").is_selected()
    assert browser.find_element(By.ID, "p0-initiative-us").is_selected()
    for item, value in (("openness", "1"), ("mission_support", "2")):
        browser.find_element(By.CSS_SELECTOR, f'label[for="p0-{item}-{value}"]').click()
    for item in ("reliability", "mission_support", "openness"):
        browser.find_element(By.CSS_SELECTOR, f'label[for="p1-{item}-4"]').click()
    browser.find_element(By.ID, "p1-stage-implementation").click()
    _shot(browser, screenshots, "survey-ratings-desktop-en")
    browser.find_element(By.ID, "submit").click()
    assert _wait(browser, "#done").text == "Thank you"

    # pleven already holds roma-1 → adm-social (2, 1, 2) and → sch-levski (2, 2, 2), dated
    # 2025-03-14; the survey's answers are newer, so they count: (1, 2, 1) and botev (4, 4, 4)
    analysis = analyze(read_dataset(folder))
    dyads = analysis["trust_dyads"].set_index(["a", "b"])
    assert dyads.loc[("pl-adm-social", "pl-ngo-roma-1"), "trust_ba"] == pytest.approx(4 / 3)
    given = analysis["organization_trust"].set_index("id").loc["pl-ngo-roma-1"]
    assert given["trust_given"] == pytest.approx((4 / 3 + 2 + 4) / 3)
    assert given["n_given"] == 3


def test_a_wrong_link_is_a_plain_not_found(form, browser) -> None:
    base, tokens, _ = form
    browser.get(f"{base}/s/{tokens['pl-adm-mayor'][:-2]}xx/partners")
    body = _wait(browser, "body").text
    assert body == "Not found."
    assert browser.title == "Not found"
    logged = browser.get_log("browser")  # reading the log empties it: only the expected 404
    assert [e["source"] for e in logged] == ["network"] and "404" in logged[0]["message"]


def test_two_respondents_at_once(form) -> None:
    base, tokens, folder = form
    who = {"pl-bus-chamber": "pl-adm-economy", "pl-co-wine": "pl-adm-economy"}
    drivers = {org: _browser(1000, 900) for org in who}
    barrier = threading.Barrier(len(who))
    errors: list[BaseException] = []

    def answer(org: str) -> None:
        try:
            driver = drivers[org]
            driver.get(f"{base}/s/{tokens[org]}")
            _wait(driver, 'label[for="consent"]').click()
            _tick(driver, who[org])
            driver.find_element(By.ID, "continue").click()
            score = "3" if org == "pl-co-wine" else "2"
            _wait(driver, f'label[for="p0-reliability-{score}"]').click()
            barrier.wait(timeout=60)
            driver.find_element(By.ID, "submit").click()
            _wait(driver, "#done")
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=answer, args=(org,)) for org in who]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        for driver in drivers.values():
            driver.quit()
    assert errors == []
    p = read_dataset(folder).perceptions
    got = p[p["wave"] == "2025"].set_index("rater")["reliability"].to_dict()
    assert got == {"pl-bus-chamber": 2.0, "pl-co-wine": 3.0}


def test_phone_sized_window_in_bulgarian(form, screenshots) -> None:
    base, tokens, _ = form
    driver = _browser(390, 844)
    try:
        driver.get(f"{base}/s/{tokens['pl-cht-botev']}")
        _wait(driver, "#consent")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "bg"
        assert "Граждански сектор" in driver.page_source
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        _shot(driver, screenshots, "survey-partners-phone-bg")
        driver.set_window_size(390, 844)
        driver.find_element(By.CSS_SELECTOR, 'label[for="consent"]').click()
        _tick(driver, "pl-adm-culture")
        _tick(driver, "pl-ngo-youth-1")
        driver.find_element(By.ID, "continue").click()
        submit = _wait(driver, "#submit")
        assert submit.size["width"] <= 390 and submit.size["height"] >= 40
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        _shot(driver, screenshots, "survey-ratings-phone-bg")
    finally:
        driver.quit()
