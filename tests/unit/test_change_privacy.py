"""The Change view's comparison keeps single ratings from a coordinator (issue: partner survey,
consent and privacy): its trust means carry no answer counts, so a coordinator sees none."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from dashboards import create_app
from dashboards.change import comparison
from stakeholder_graph.sources import read_network


@pytest.fixture(scope="module")
def two_waves():
    """Pleven with its survey asked twice: in mid-2023 and, a point lower, in mid-2024."""
    network = read_network("pleven")
    first = network.perceptions.assign(date=pd.Timestamp("2023-06-01"), wave="2023")
    second = network.perceptions.assign(date=pd.Timestamp("2024-06-01"), wave="2024")
    second["reliability"] = (second["reliability"] - 1).clip(lower=1)
    perceptions = pd.concat([first, second], ignore_index=True)
    return dataclasses.replace(network, perceptions=perceptions)


@pytest.fixture(scope="module")
def both(two_waves):
    out = {}
    for role in ("analyst", "coordinator"):
        data = create_app(two_waves, warm=False, role=role).server.config[
            "STAKEHOLDER_GRAPH_DASHBOARD"
        ]
        out[role] = comparison(data, "2023", "2024")
    return out


def _trust_values(result) -> int:
    count = 0
    for name in ("organizations", "sectors"):
        frame = result[name]
        trust = [c for c in frame.columns if c.startswith("trust")]
        count += int(np.isfinite(frame[trust].to_numpy(float)).sum())
    return count


def test_analyst_sees_trust_change_and_coordinator_none(both):
    assert _trust_values(both["analyst"]) > 10
    assert _trust_values(both["coordinator"]) == 0
    assert "trust_dyads" not in both["coordinator"]


def test_coordinator_keeps_ties_and_measures(both):
    analyst, coordinator = both["analyst"], both["coordinator"]
    assert coordinator["summary"] == analyst["summary"]
    for name in ("ties_gained", "ties_lost"):
        assert coordinator[name].equals(analyst[name])
    degree = [c for c in analyst["organizations"].columns if c.startswith("degree")]
    assert coordinator["organizations"][degree].equals(analyst["organizations"][degree])
