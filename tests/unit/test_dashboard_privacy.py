"""Dashboard privacy: a coordinator never receives one organization's rating of another.

Every survey answer of ``pleven`` gets a fingerprint: its only trust item and its only value item
are set to a distinct score with six decimals, so a trust (or value) mean that rests on that one
answer is exactly the fingerprint. The callbacks' answers are then read as Dash sends them (every
callback fed by the filters, the size measure and the selected organization, posted to Dash's own
endpoint as a browser does), together with the downloads (GraphML, GEXF, the report of the whole
and of a filtered view): for a coordinator no fingerprint may appear anywhere; for an analyst
they must (or the check would prove nothing).
"""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pandas as pd
import pytest

from dashboards import create_app
from dashboards.callbacks import exports, views
from dashboards.callbacks.common import FILTER_IDS, get_data
from dashboards.privacy import MIN_RATERS, redact_tables, sector_pairs
from dashboards.state import DEFAULT_SIZE, FilterState
from stakeholder_graph.dataset.model import SURVEY_ITEMS, coerce_table
from stakeholder_graph.sources import read_network

NO_FILTERS = ([], [], [], [], [], None, [])


def _fingerprint(i: int, offset: float) -> float:
    """A score in [1, 4) written with exactly six decimals (no other number looks like it)."""
    v = round(1.0 + 2.9 * ((i * 0.6180339887 + offset) % 1.0), 6)
    return v if len(repr(v).split(".")[1]) == 6 else round(v + 0.000003, 6)


@pytest.fixture(scope="module")
def fingerprinted():
    """pleven with one distinct score per answer: (network, trust fingerprints, value ones)."""
    data = read_network("pleven")
    p = data.perceptions.copy()
    trust = np.array([_fingerprint(i, 0.1) for i in range(len(p))])
    value = np.array([_fingerprint(i, 0.6) for i in range(len(p))])
    for item in SURVEY_ITEMS:
        p[item] = np.nan
    p["reliability"], p["influence"] = trust, value
    network = dataclasses.replace(data, perceptions=coerce_table("perceptions", p))
    return network, {repr(float(v)) for v in trust}, {repr(float(v)) for v in value}


FILTER_VALUES = dict(zip(FILTER_IDS, NO_FILTERS, strict=True))


def _wire(app, values: dict) -> list[str]:
    """The JSON bodies Dash answers for every server callback fed only by ``values``' ids (the
    filters, the size measure, the mode, the selected organization), as a browser asks them."""
    client = app.server.test_client()

    def spec(dep) -> dict:
        return {"id": dep.component_id, "property": dep.component_property}

    bodies = []
    for key, cb in app.callback_map.items():
        ids = [d["id"] for d in cb["inputs"] + cb["state"]]
        if cb.get("callback") is None or not all(isinstance(i, str) and i in values for i in ids):
            continue
        out = cb["output"]
        request = {
            "output": key,
            "outputs": [spec(o) for o in out] if isinstance(out, list) else spec(out),
            "inputs": [{**d, "value": values[d["id"]]} for d in cb["inputs"]],
            "state": [{**d, "value": values[d["id"]]} for d in cb["state"]],
            "changedPropIds": [f"{cb['inputs'][0]['id']}.{cb['inputs'][0]['property']}"],
        }
        response = client.post("/_dash-update-component", json=request)
        assert response.status_code in (200, 204), (key, response.status_code)
        bodies.append(response.get_data(as_text=True))
    return bodies


def _payloads(network, role: str) -> tuple[str, list[str]]:
    """Everything the dashboard sends a browser for the whole network, as JSON text, and the
    council reports of the whole network and of a filtered view."""
    app = create_app(network, role=role, warm=False)
    rated = sorted(set(network.perceptions["rater"]) | set(network.perceptions["ratee"]))
    base = FILTER_VALUES | {"net-mode": None, "selected-org": None}
    bodies = _wire(app, base | {"net-size": DEFAULT_SIZE})
    bodies += _wire(app, base | {"net-size": "trust_received"})
    sectors = base | {"f-sector": ["civil", "public"], "net-size": DEFAULT_SIZE}
    bodies += _wire(app, sectors)
    for org in rated:  # the side panel of every organization that rated or was rated
        bodies += _wire(app, base | {"net-size": DEFAULT_SIZE, "selected-org": org})
    assert sum('"net-panel"' in b for b in bodies) >= len(rated)  # the panels were answered
    assert sum('"trust-scope"' in b for b in bodies) >= 3
    with app.server.test_request_context():
        data = get_data()
        whole = data.view(FilterState())
        civil = data.view(FilterState(sectors=("civil", "public")))
        files = [
            exports.graph_file(whole, "graphml").decode(),
            exports.graph_file(whole, "gexf").decode(),
        ]
        reports = [
            exports.report_file(whole, "pleven", None),
            exports.report_file(civil, "pleven", None),  # analysed anew from the raw answers
        ]
    return "\n".join(bodies + files + reports), reports


def _pair_rows(report: str) -> int:
    """Rows of the report's table of organization pairs with the largest trust gap (its
    scores are rounded to two decimals, so the fingerprints cannot be matched there)."""
    section = report.split("<h3>Pairs with the largest trust gap</h3>", 1)[1].split("<h3>")[0]
    return max(section.count("<tr>") - 1, 0)  # the header row; an empty table is "None."


def _found(text: str, fingerprints: set[str]) -> set[str]:
    numbers = set(re.findall(r"\d+\.\d+", text))
    return numbers & fingerprints


def test_a_coordinator_receives_no_single_rating_an_analyst_does(fingerprinted) -> None:
    network, trust, value = fingerprinted
    coordinator, reports = _payloads(network, "coordinator")
    assert _found(coordinator, trust) == set()
    assert _found(coordinator, value) == set()
    assert [_pair_rows(r) for r in reports] == [0, 0]
    analyst, reports = _payloads(network, "analyst")
    assert len(_found(analyst, trust)) > 20  # the dyads table and single-rater means
    assert _found(analyst, value)
    assert min(_pair_rows(r) for r in reports) > 0


def test_the_coordinators_trust_view_shows_sector_pairs_and_says_why(fingerprinted) -> None:
    network, _, _ = fingerprinted
    app = create_app(network, warm=False)  # the default role is the safe one
    with app.server.test_request_context():
        out = views.trust(*NO_FILTERS)
        (scope, _heat, _asym, _init, gaps, gaps_count, fragile, fragile_note, untapped, _) = out
        sector_trust = get_data().view(FilterState()).table("sector_trust")
    assert fragile == [] and untapped == [] and "analysts only" in fragile_note
    assert {row["a"] for row in gaps} <= {"public", "private", "civil", "social_economy"}
    assert set(gaps[0]) == {"a", "b", "trust_ab", "trust_ba", "gap", "n_ab", "n_ba"}
    assert gaps_count.endswith("sector pairs")
    # civil → public: the seeds' one-sided distrust, 26 answers: shown
    civil_public = next(r for r in gaps if {r["a"], r["b"]} == {"civil", "public"})
    cell = sector_trust.set_index(["rater_sector", "ratee_sector"])
    ab = cell.loc[(civil_public["a"], civil_public["b"]), "trust"]
    assert civil_public["trust_ab"] == pytest.approx(ab)
    assert civil_public["n_ab"] >= MIN_RATERS and civil_public["n_ba"] >= MIN_RATERS
    # a cell of fewer answers is blank, and so is any gap that would reveal it
    for row in gaps:
        if min(row["n_ab"], row["n_ba"]) < MIN_RATERS:
            assert row["gap"] is None
    from dashboards.layout import page

    text = json.dumps(page("trust").to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "no organization's rating of another" in text and "--role analyst" in text
    assert "relationship_gap" not in text  # the dyadic gaps grid is not even laid out
    assert "relationship_gap" in json.dumps(
        page("trust", analyst=True).to_plotly_json(), default=lambda o: o.to_plotly_json()
    )


def test_redaction_rules_on_known_values() -> None:
    org = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "trust_received": [2.0, 3.0, 1.5],
            "n_received": [1, 3, 2],
            "trust_given": [4.0, 2.5, 3.0],
            "n_given": [3, 0, 5],
            "value_received": [2.0, 2.0, 2.0],
            "n_value": [3, 2, 3],
        }
    )
    sector = pd.DataFrame(
        {
            "rater_sector": ["civil", "public", "civil"],
            "ratee_sector": ["public", "civil", "civil"],
            "trust": [1.8, 3.0, 3.2],
            "n": [26, 2, 8],
            "asymmetry": [-1.2, 1.2, 0.0],
        }
    )
    dyads = pd.DataFrame({"a": ["a"], "b": ["b"], "trust_ab": [2.0], "trust_ba": [3.0]})
    ties = pd.DataFrame(
        {
            "a": ["a"],
            "b": ["b"],
            "interactions": [4],
            "trust_ab": [2.0],
            "trust_ba": [3.0],
            "trust": [2.5],
            "fragile": [True],
            "untapped_trust": [False],
        }
    )
    tables = {"organization_trust": org, "sector_trust": sector, "trust_dyads": dyads}
    tables["ties"] = ties
    out = redact_tables(tables)
    o = out["organization_trust"]
    assert o["trust_received"].tolist()[1] == 3.0 and o["trust_received"].isna().tolist() == [
        True,
        False,
        True,
    ]
    assert o["trust_given"].isna().tolist() == [False, True, False]
    assert o["value_received"].isna().tolist() == [False, True, False]
    assert o["n_received"].tolist() == [1, 3, 2]  # counts are not ratings: kept
    s = out["sector_trust"]
    assert s["trust"].isna().tolist() == [False, True, False]
    assert s["asymmetry"].isna().tolist() == [True, True, False]  # its mirror is blank
    assert out["trust_dyads"].empty and list(out["trust_dyads"].columns) == list(dyads.columns)
    t = out["ties"]
    assert t[["trust_ab", "trust_ba", "trust"]].isna().all(axis=None)
    assert not t["fragile"].any() and t["interactions"].tolist() == [4]
    assert org["trust_received"].notna().all() and not dyads.empty  # inputs untouched
    pairs = sector_pairs(s)
    assert pairs[["a", "b"]].values.tolist() == [["civil", "public"], ["civil", "civil"]]
    assert pd.isna(pairs.loc[0, "trust_ba"]) and pd.isna(pairs.loc[0, "gap"])


def test_a_replaced_analysis_is_redacted_anew() -> None:
    """When the store swaps an analysis (a full one after a quick first pass), the coordinator
    gets the new one, redacted; the same one is redacted once."""
    from dashboards.privacy import Redacting
    from stakeholder_graph.analysis import analyze

    network = read_network("pleven")
    first, second = analyze(network), analyze(network)
    current = {"k": first}
    calls = []

    def get(key):
        calls.append(key)
        return current[key]

    redacting = Redacting(get)
    one = redacting("k")
    assert redacting("k") is one and one.tables["trust_dyads"].empty
    assert not first.tables["trust_dyads"].empty  # the store's own copy is untouched
    current["k"] = second
    two = redacting("k")
    assert two is not one and two.graph is second.graph and two.tables["trust_dyads"].empty
    assert calls == ["k", "k", "k"]
