"""The partner survey: tokens, the form (Flask test client), answers written as data, security."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from stakeholder_graph.dataset.reader import read_dataset
from stakeholder_graph.errors import InputError
from stakeholder_graph.network.change import compare
from stakeholder_graph.network.graph import GraphOptions, build_graph
from stakeholder_graph.network.trust import organization_trust
from stakeholder_graph.survey.app import NOT_FOUND, create_survey_app
from stakeholder_graph.survey.locale import available_languages, language_for_countries, messages
from stakeholder_graph.survey.state import SurveyState
from stakeholder_graph.survey.tokens import find_invite, make_invites, token_hash
from tests.conftest import REPO

TINY = REPO / "tests" / "data" / "tiny"
NOW = datetime(2025, 5, 2, 9, 0)


class Clock:
    """A settable clock for the app."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture()
def survey(tmp_path: Path):
    """A copy of the tiny dataset with one invite per organization; (folder, tokens, clock)."""
    folder = tmp_path / "net"
    shutil.copytree(TINY, folder)
    data = read_dataset(folder)
    made = make_invites(data.organizations, "2025-spring", "en", NOW, 30)
    SurveyState(folder / "survey").add_invites([i for i, _ in made])
    tokens = {i.organization: t for i, t in made}
    return folder, tokens, Clock(NOW)


def _app(folder: Path, clock: Clock, **kw):
    app = create_survey_app(folder, clock=clock, **kw)
    app.config["TESTING"] = True
    return app


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _choose(client, token: str, partners: list[str], consent: bool = True):
    page = client.get(f"/s/{token}/partners").get_data(as_text=True)
    form = {"csrf": _csrf(page), "action": "continue", "partner": partners}
    if consent:
        form["consent"] = "yes"
    return client.post(f"/s/{token}/partners", data=form)


def _rate(client, token: str, answers: list[dict], action: str = "submit"):
    page = client.get(f"/s/{token}/ratings").get_data(as_text=True)
    form = {"csrf": _csrf(page), "action": action}
    for i, entry in enumerate(answers):
        for key, value in entry.items():
            form[f"p{i}-{key}"] = value
    return client.post(f"/s/{token}/ratings", data=form)


def _survey_rows(folder: Path) -> pd.DataFrame:
    p = read_dataset(folder).perceptions
    return p[p["wave"] != ""].reset_index(drop=True)


# -- tokens and languages ----------------------------------------------------------------------
def test_tokens_are_unique_stored_hashed_and_expire(survey) -> None:
    folder, tokens, _ = survey
    stored = (folder / "survey" / "invites.json").read_text()
    assert len(set(tokens.values())) == len(tokens) == 8
    assert not any(t in stored for t in tokens.values())
    invites = SurveyState(folder / "survey").invites()
    invite = find_invite(invites, tokens["bank"])
    assert invite.organization == "bank" and invite.hash == token_hash(tokens["bank"])
    assert find_invite(invites, tokens["bank"] + "x") is None
    assert not invite.expired(NOW + timedelta(days=29))
    assert invite.expired(NOW + timedelta(days=30))


def test_every_language_file_has_every_text() -> None:
    def keys(d: dict, prefix: str = "") -> set[str]:
        out = set()
        for k, v in d.items():
            out.add(prefix + k)
            if isinstance(v, dict):
                out |= keys(v, prefix + k + ".")
        return out

    assert {"en", "bg", "da", "hu"} <= set(available_languages())
    for lang in available_languages():
        assert keys(messages(lang)) == keys(messages("en")), lang
    assert language_for_countries(["HU", "HU", "DK"]) == "hu"
    assert language_for_countries(["FR", ""]) == "en"


def test_contacts_name_known_organizations(survey) -> None:
    folder, _, _ = survey
    orgs = read_dataset(folder).organizations
    people = pd.DataFrame({"organization": ["mun", "nowhere"], "name": ["A", "B"], "email": ""})
    with pytest.raises(InputError) as error:
        make_invites(orgs, "1", "en", NOW, 5, people)
    assert error.value.details == [
        "contacts.csv:3: column organization: unknown organization 'nowhere'"
    ]


# -- the form ------------------------------------------------------------------------------------
def test_fill_leave_come_back_finish_lands_in_perceptions_and_trust(survey) -> None:
    folder, tokens, clock = survey
    app = _app(folder, clock)
    token = tokens["bank"]
    first = app.test_client()
    page = first.get(f"/s/{token}/partners").get_data(as_text=True)
    assert "Danube Bank Pleven Branch" in page
    assert "Civil society" in page and 'for="o-1-civil"' in page
    # consent is required before continuing; the ticked partners are kept meanwhile
    response = _choose(first, token, ["youth-ngo", "roma-ngo"], consent=False)
    assert "Please tick the consent box" in response.get_data(as_text=True)
    response = _choose(first, token, ["youth-ngo", "roma-ngo"])
    assert response.status_code == 303 and response.location.endswith("/ratings")
    _rate(first, token, [{"reliability": "3", "type": "grant", "initiative": "them"}], "save")

    # the respondent leaves; a new browser with the same link resumes at the ratings step
    second = app.test_client()
    resumed = second.get(f"/s/{token}", follow_redirects=True).get_data(as_text=True)
    assert "Step 2 of 2" in resumed
    assert 'id="p0-reliability-3" name="p0-reliability" value="3" checked' in resumed
    assert not (folder / "survey" / "answers.jsonl").exists()  # saved, not yet submitted

    response = _rate(
        second,
        token,
        [
            {"reliability": "3", "mission_support": "4", "openness": "2", "type": "grant"},
            {"reliability": "1", "openness": "1", "frequency": "yearly", "stage": "planning"},
        ],
    )
    assert response.status_code == 303 and response.location.endswith("/done")
    rows = _survey_rows(folder)
    assert rows[["rater", "ratee", "wave"]].values.tolist() == [
        ["bank", "roma-ngo", "2025-spring"],
        ["bank", "youth-ngo", "2025-spring"],
    ]
    assert rows["date"].dt.date.astype(str).tolist() == ["2025-05-02"] * 2
    assert rows.loc[1, ["reliability", "mission_support", "openness"]].tolist() == [3, 4, 2]

    # the analysis reads it: roma-ngo had no rating, now bank's trust (1+1)/2 = 1
    data = read_dataset(folder)
    trust = organization_trust(build_graph(data, GraphOptions())).set_index("id")
    assert trust.loc["roma-ngo", "trust_received"] == pytest.approx(1.0)
    assert trust.loc["bank", "trust_given"] == pytest.approx((3 + 1) / 2)
    log = SurveyState(folder / "survey").log()
    assert log[0]["answers"]["roma-ngo"]["frequency"] == "yearly"
    assert log[0]["answers"]["roma-ngo"]["stages"] == ["planning"]


def test_resubmission_replaces_and_other_answers_stay(survey) -> None:
    folder, tokens, clock = survey
    before = read_dataset(folder).perceptions
    app = _app(folder, clock)
    client = app.test_client()
    _choose(client, tokens["bank"], ["youth-ngo"])
    _rate(client, tokens["bank"], [{"reliability": "2"}])
    clock.now += timedelta(days=3)
    _rate(client, tokens["bank"], [{"reliability": "4"}])
    rows = _survey_rows(folder)
    assert len(rows) == 1
    assert rows.loc[0, "reliability"] == 4 and str(rows.loc[0, "date"].date()) == "2025-05-05"
    after = read_dataset(folder).perceptions
    pd.testing.assert_frame_equal(after[after["wave"] == ""].reset_index(drop=True), before)
    assert len(SurveyState(folder / "survey").log()) == 2  # the raw log keeps both


def test_an_unreachable_store_keeps_the_draft_and_says_so(survey) -> None:
    """When the answers cannot be recorded (Neo4j down), nothing is marked submitted or logged,
    the draft stays, and the respondent is asked to submit again; a later submit works."""
    from stakeholder_graph.errors import DatabaseUnavailable
    from stakeholder_graph.survey.stores import DatasetAnswers

    folder, tokens, clock = survey

    class Flaky(DatasetAnswers):
        down = True

        def replace(self, organization, wave, rows):
            if self.down:
                raise DatabaseUnavailable("neo4j:test: could not record the answers")
            super().replace(organization, wave, rows)

    store = Flaky(folder)
    app = create_survey_app(store, folder / "survey", clock=clock)
    app.config["TESTING"] = True
    client = app.test_client()
    token = tokens["bank"]
    _choose(client, token, ["youth-ngo"])
    response = _rate(client, token, [{"reliability": "2"}])
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "could not be recorded just now" in page
    state = SurveyState(folder / "survey")
    progress = state.progress(find_invite(state.invites(), token).hash)
    assert "submitted" not in progress and progress["draft"]["answers"]["youth-ngo"]
    assert state.log() == [] and _survey_rows(folder).empty
    store.down = False
    assert _rate(client, token, [{"reliability": "2"}]).status_code == 303
    assert _survey_rows(folder)["reliability"].tolist() == [2]


def test_invalid_answers_get_the_dataset_message_and_nothing_is_written(survey) -> None:
    folder, tokens, clock = survey
    app = _app(folder, clock)
    client = app.test_client()
    _choose(client, tokens["bank"], ["youth-ngo", "mun"])
    original = (folder / "perceptions.csv").read_bytes()
    # a tampered form posts 7; the second partner has influence but no trust item
    html = _rate(client, tokens["bank"], [{"reliability": "7"}, {"influence": "2"}])
    html = html.get_data(as_text=True)
    assert (folder / "perceptions.csv").read_bytes() == original
    # the same rows in a file: the reader's own messages, line numbers replaced by the names
    bad = folder.parent / "bad"
    shutil.copytree(folder, bad)
    (bad / "perceptions.csv").write_text(
        "rater,ratee,reliability,influence\nbank,youth-ngo,7,\nbank,mun,,2\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as error:
        read_dataset(bad)
    expected = [d.split(": ", 1)[1] for d in error.value.details]
    assert len(expected) == 2
    assert f"Youth Forum Pleven: {expected[0]}" in html
    assert f"Municipality of Pleven: {expected[1]}" in html


def test_two_contacts_of_one_organization_are_averaged(survey) -> None:
    folder, _, clock = survey
    orgs = read_dataset(folder).organizations
    people = pd.DataFrame({"organization": ["mun", "mun"], "name": ["Ana", "Boris"], "email": ""})
    made = make_invites(orgs, "w2", "bg", NOW, 30, people)
    SurveyState(folder / "survey").add_invites([i for i, _ in made])
    app = _app(folder, clock)
    for (invite, token), score in zip(made, ["2", "4"], strict=True):
        assert invite.respondent in ("mun#1", "mun#2")
        client = app.test_client()
        _choose(client, token, ["bank"])
        _rate(client, token, [{"reliability": score}])
    rows = _survey_rows(folder)
    assert rows[["rater", "ratee", "wave", "reliability"]].values.tolist() == [
        ["mun", "bank", "w2", 3.0]
    ]


def test_a_second_wave_adds_dated_answers_and_trust_reads_the_latest(survey) -> None:
    folder, tokens, clock = survey
    app = _app(folder, clock)
    client = app.test_client()
    _choose(client, tokens["youth-ngo"], ["chitalishte"])
    _rate(client, tokens["youth-ngo"], [{"reliability": "1", "openness": "1"}])
    later = datetime(2025, 11, 3)
    made = make_invites(read_dataset(folder).organizations, "2025-autumn", "en", later, 30)
    SurveyState(folder / "survey").add_invites([i for i, _ in made])
    token2 = {i.organization: t for i, t in made}["youth-ngo"]
    clock.now = later
    client2 = app.test_client()
    _choose(client2, token2, ["chitalishte"])
    _rate(client2, token2, [{"reliability": "4", "openness": "4"}])
    rows = _survey_rows(folder)
    assert rows[["wave", "reliability"]].values.tolist() == [["2025-spring", 1], ["2025-autumn", 4]]
    assert rows["date"].dt.date.astype(str).tolist() == ["2025-05-02", "2025-11-03"]
    data = read_dataset(folder)
    now_trust = organization_trust(build_graph(data, GraphOptions())).set_index("id")
    assert now_trust.loc["chitalishte", "trust_received"] == 4
    spring = organization_trust(build_graph(data, GraphOptions(until=pd.Timestamp("2025-06-01"))))
    assert spring.set_index("id").loc["chitalishte", "trust_received"] == 1
    # the "what changed" comparison reads the two dated waves as survey waves
    result = compare(
        data,
        GraphOptions(since=pd.Timestamp("2025-01-01"), until=pd.Timestamp("2025-06-30")),
        GraphOptions(since=pd.Timestamp("2025-07-01"), until=pd.Timestamp("2025-12-31")),
    )
    assert result["summary"]["survey_waves"] is True
    dyads = result["trust_dyads"].set_index(["a", "b"])
    pair = dyads.loc[("chitalishte", "youth-ngo")]
    assert (pair["trust_ba_before"], pair["trust_ba_after"], pair["trust_ba_change"]) == (1, 4, 3)


# -- security ------------------------------------------------------------------------------------
def test_unknown_or_expired_token_is_a_plain_404(survey) -> None:
    folder, tokens, clock = survey
    client = _app(folder, clock).test_client()
    for path in ("/s/nope", "/s/nope/partners", "/s/nope/ratings", "/s/nope/done"):
        response = client.get(path)
        assert response.status_code == 404 and response.get_data(as_text=True) == NOT_FOUND
    for path in ("/s/nope/partners", "/s/nope/ratings"):
        response = client.post(path, data={"consent": "yes", "partner": ["mun"]})
        assert response.status_code == 404 and response.get_data(as_text=True) == NOT_FOUND
    clock.now = NOW + timedelta(days=31)
    response = client.get(f"/s/{tokens['bank']}/partners")
    assert response.status_code == 404 and response.get_data(as_text=True) == NOT_FOUND


def test_bad_tokens_are_rate_limited(survey) -> None:
    folder, tokens, clock = survey
    client = _app(folder, clock, bad_tokens_per_hour=5).test_client()
    codes = [client.get(f"/s/guess{i}").status_code for i in range(7)]
    assert codes == [404] * 5 + [429] * 2
    many = _app(folder, clock, requests_per_minute=3).test_client()
    codes = [many.get(f"/s/{tokens['bank']}/partners").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_csrf_is_required_and_a_token_reaches_only_its_organization(survey) -> None:
    folder, tokens, clock = survey
    app = _app(folder, clock)
    client = app.test_client()
    client.get(f"/s/{tokens['bank']}/partners")
    response = client.post(
        f"/s/{tokens['bank']}/partners", data={"consent": "yes", "partner": ["mun"]}
    )
    assert response.status_code == 400
    assert SurveyState(folder / "survey").all_progress() == {}
    _choose(client, tokens["bank"], ["mun"])
    # the same browser with another organization's link sees that organization, not bank's draft
    other = client.get(f"/s/{tokens['builder']}/partners").get_data(as_text=True)
    assert "Pleven Construction Ltd" in re.search(r'id="organization">([^<]+)<', other).group(1)
    assert 'value="mun" checked' not in other
    response = client.get(f"/s/{tokens['bank']}/partners")
    assert 'value="mun" checked' in response.get_data(as_text=True)
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_search_keeps_selection_and_the_form_speaks_bulgarian(survey) -> None:
    folder, tokens, clock = survey
    client = _app(folder, clock).test_client()
    token = tokens["mun"]
    page = client.get(f"/s/{token}/partners").get_data(as_text=True)
    form = {"csrf": _csrf(page), "action": "search", "q": "pleven", "partner": ["bank"]}
    form["shown"] = ["bank", "builder", "youth-ngo"]
    response = client.post(f"/s/{token}/partners", data=form)
    assert response.status_code == 303 and "q=pleven" in response.location
    found = client.get(f"/s/{token}/partners?q=pleven&lang=bg").get_data(as_text=True)
    assert '<html lang="bg">' in found and "Граждански сектор" in found
    assert "Youth Forum Pleven" in found and "Roma Community Association" not in found
    assert 'value="bank" checked' in found
    assert json.loads((folder / "survey" / "progress" / f"{token_hash(token)}.json").read_text())[
        "draft"
    ]["partners"] == ["bank"]


def test_every_field_has_a_label_and_every_group_a_legend(survey) -> None:
    folder, tokens, clock = survey
    client = _app(folder, clock).test_client()
    token = tokens["mun"]
    _choose(client, token, ["bank", "youth-ngo"])
    pages = [
        client.get(f"/s/{token}/partners").get_data(as_text=True),
        client.get(f"/s/{token}/ratings?lang=hu").get_data(as_text=True),
    ]
    for html in pages:
        ids = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html
        )
        labels = set(re.findall(r'<label for="([^"]+)"', html))
        assert ids and set(ids) <= labels
        assert html.count("<fieldset") == html.count("<legend>")
        assert '<meta name="viewport"' in html
    ratings = pages[1]
    assert '<html lang="hu">' in ratings and "Megbízhatóság" in ratings
    # 2 partners × 6 ratings × (1–4 and "don't know") radio buttons
    assert (
        len(
            re.findall(
                r'type="radio" id="p[01]-(?:reliability|mission_support|openness|'
                r"influence|involvement|resources)-",
                ratings,
            )
        )
        == 2 * 6 * 5
    )
