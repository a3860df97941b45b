"""The compiled sentence writer against the column-wise arrow formulation it replaces."""

from __future__ import annotations

import numpy as np
import pytest

from stakeholder_graph.network.allies_sentence import Labels, joined, sentences
from stakeholder_graph.network.allies_text import SECTOR_NOUNS, join_columns, reasons

THEMES = ["youth", "roma inclusion", "", "environment", "social_services", "culture"]
NAMES = ["Town", "Община Плевен", "", "Fondation «Ünnep»", "Company 7"]
SECTORS = ["public", "private", "civil", "social_economy", "other"]
PLACES = ["Плевен", "Vidovo", "", "Kőszeg"]


def _rows(seed: int, m: int = 400):
    rng = np.random.default_rng(seed)
    t_count = rng.integers(0, 6, m)
    t_codes = np.full((m, 5), -1)
    for i, c in enumerate(t_count):
        t_codes[i, :c] = rng.choice(len(THEMES), c, replace=False)
    p_count = rng.choice([0, 1, 2, 3, 4, 12, 105], m)
    p_codes = np.full((m, 3), -1)
    for i, c in enumerate(p_count):
        k = min(c, 3)
        p_codes[i, :k] = rng.choice(len(NAMES), k, replace=False)
    return (
        t_codes,
        t_count,
        p_codes,
        p_count,
        rng.integers(0, len(SECTORS), m),
        rng.integers(0, len(SECTORS), m),
        rng.random(m) < 0.6,
        rng.integers(0, len(PLACES), m),
        rng.random(m) < 0.5,
    )


def _labels(values, codes):
    arr = np.array([*values, ""], dtype=object)
    return [arr[np.where(col < 0, len(values), col)] for col in codes.T]


@pytest.mark.parametrize("seed", range(4))
def test_sentences_equal_the_arrow_reasons(seed):
    t_codes, t_count, p_codes, p_count, sa, sb, comp, place, same = _rows(seed)
    words = [t.replace("_", " ") for t in THEMES]
    expected = reasons(
        (_labels(words, t_codes[:, :3]), t_count),
        (_labels(NAMES, p_codes), p_count),
        np.array(SECTORS, dtype=object)[sa],
        np.array(SECTORS, dtype=object)[sb],
        comp.astype(float),
        np.array(PLACES, dtype=object)[place],
        same,
    )
    got = sentences(
        Labels(words),
        t_codes,
        t_count,
        Labels(NAMES),
        p_codes,
        p_count,
        Labels([SECTOR_NOUNS.get(s, s) for s in SECTORS]),
        sa,
        sb,
        comp,
        Labels(PLACES),
        place,
        same,
    ).to_pylist()
    assert got == list(expected)
    assert any("…" in s for s in got) and any(s == "" for s in got)


@pytest.mark.parametrize("seed", range(3))
def test_joined_equals_join_columns(seed):
    t_codes, *_ = _rows(seed)
    expected = join_columns(_labels(THEMES, t_codes), ";", len(t_codes))
    assert joined(Labels(THEMES), t_codes).to_pylist() == list(expected)


def test_a_sentence_reads_as_written():
    got = sentences(
        Labels(["youth", "roma inclusion"]),
        np.array([[0, 1, -1]]),
        np.array([2]),
        Labels(["Town"]),
        np.array([[0, -1, -1]]),
        np.array([1]),
        Labels(["a company", "an NGO"]),
        np.array([0]),
        np.array([1]),
        np.array([True]),
        Labels(["Плевен"]),
        np.array([0]),
        np.array([True]),
    )
    assert got.to_pylist() == [
        "both work on youth and roma inclusion; 1 shared partner (Town); "
        "would connect a company with an NGO; both in Плевен"
    ]
