"""Ally suggestions tested against time: fit on one period, score the ties the next one formed.

:func:`backtest_allies` builds the graph of the *train* window and of the *test* window. The
*positives* are the pairs tied in the test window and not in the train window (new ties). Each
method ranks the untied pairs of the train graph:

* ``allies`` — the product's potential-ally score
  (:func:`~stakeholder_graph.network.allies.potential_allies`: weighted resource allocation
  over shared partners, locality, rare shared themes, sector complementarity); its top *k* are
  exactly the suggestions it makes, and any other pair gets the same score for the AUC;
* ``common_neighbours`` — ``|N(a) ∩ N(b)|``;
* ``adamic_adar`` — ``Σ_{z ∈ N(a) ∩ N(b)} 1 / log k(z)`` (Adamic & Adar 2003);
* ``preferential_attachment`` — ``k(a) · k(b)`` (Barabási & Albert 1999);
* ``random`` — a seeded random order.

With ``direct_only`` the new ties are those of the test window's interactions alone: two
organizations that only attended the same public hearing formed no tie of cooperation, and
co-attendance follows how active each one is (it rewards preferential attachment), not whom
they would choose to work with. The train graph is the same either way.

Reported per method: precision@k (share of the top *k* that formed a tie), recall@k (share of
the new ties found in the top *k*) and the AUC — the probability that a random new tie scores
above a random pair that stayed untied (ties count one half), estimated over all positives and
``negatives`` pairs sampled uniformly from the untied pairs (Lü & Zhou 2011).

References
----------
Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social networks.
*JASIST* 58(7), 1019–1031. Lü, L. & Zhou, T. (2011). Link prediction in complex networks: a
survey. *Physica A* 390(6), 1150–1170. Adamic, L. A. & Adar, E. (2003). Friends and neighbors
on the Web. *Social Networks* 25(3), 211–230.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import NetworkData, in_key_order
from stakeholder_graph.errors import InputError
from stakeholder_graph.network import allies
from stakeholder_graph.network.allies_kernel import shared_entries
from stakeholder_graph.network.allies_score import PairScorer, binary
from stakeholder_graph.network.graph import CooperationGraph, GraphOptions, build_graph

METHODS: tuple[str, ...] = (
    "allies",
    "common_neighbours",
    "adamic_adar",
    "preferential_attachment",
    "random",
)


def _pair_keys(g: CooperationGraph) -> np.ndarray:
    e = g.undirected_edges
    return np.unique(e["u"].to_numpy(np.int64) * g.n + e["v"].to_numpy(np.int64))


def _sample_untied(
    rng: np.random.Generator, n: int, size: int, tied: np.ndarray, exclude: np.ndarray
) -> np.ndarray:
    """``size`` distinct untied pairs (keys ``lo·n + hi``), uniform, none in ``exclude``."""
    out = np.zeros(0, dtype=np.int64)
    total = n * (n - 1) // 2 - len(tied) - len(exclude)
    size = int(min(size, max(total, 0)))
    while len(out) < size:
        a = rng.integers(0, n, 2 * size + 16)
        b = rng.integers(0, n, 2 * size + 16)
        keys = np.minimum(a, b) * n + np.maximum(a, b)
        keys = keys[(a != b) & ~np.isin(keys, tied) & ~np.isin(keys, exclude)]
        out = np.unique(np.r_[out, keys])
    return rng.permutation(out)[:size]


class _Scorer:
    """Scores of every method for arbitrary pairs of the train graph (vectorised)."""

    def __init__(self, g: CooperationGraph, seed: int) -> None:
        self.g = g
        self.adj = binary(g.adjacency(weighted=False, symmetric=True))
        self.degree = np.diff(self.adj.indptr).astype(float)
        with np.errstate(divide="ignore"):
            self.aa = np.where(self.degree >= 2, 1.0 / np.log(np.maximum(self.degree, 2)), 0.0)
        self.allies = PairScorer(g)
        self.seed = seed

    def _sum(self, lo: np.ndarray, hi: np.ndarray, weights: np.ndarray) -> np.ndarray:
        pair, pos, _ = shared_entries(self.adj.indptr, self.adj.indices, lo, hi)
        return np.bincount(pair, weights=weights[self.adj.indices[pos]], minlength=len(lo))

    def scores(self, keys: np.ndarray) -> dict[str, np.ndarray]:
        n = self.g.n
        lo, hi = np.divmod(keys, n)
        # the random order is a fixed hash of the pair, so a pair scores the same everywhere
        rnd = np.random.default_rng([self.seed, 7]).random(1)[0]
        rand = ((keys.astype(np.float64) * 0.6180339887498949 + rnd) % 1.0).astype(float)
        return {
            "allies": self.allies.components(lo, hi)["score"],
            "common_neighbours": self._sum(lo, hi, np.ones(n)),
            "adamic_adar": self._sum(lo, hi, self.aa),
            "preferential_attachment": self.degree[lo] * self.degree[hi],
            "random": rand,
        }


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(pos > neg) + ½ P(pos = neg) over all pairs of the two samples."""
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    neg = np.sort(neg)
    below = np.searchsorted(neg, pos, side="left")
    equal = np.searchsorted(neg, pos, side="right") - below
    return float((below + 0.5 * equal).sum() / (len(pos) * len(neg)))


def _top_keys(g: CooperationGraph, scorer: _Scorer, method: str, k: int, tied: np.ndarray):
    """The ``k`` best untied pairs of a method (keys), best first."""
    n = g.n
    if method == "allies":
        params = SimpleNamespace(allies_top_k=k, allies_per_org=0)
        table = allies.potential_allies(g, params)
        lo, hi = g.index_of(table["a"]), g.index_of(table["b"])
        return (np.minimum(lo, hi) * n + np.maximum(lo, hi))[:k]
    if method == "random":
        rng = np.random.default_rng([scorer.seed, 11])
        return _sample_untied(rng, n, k, tied, np.zeros(0, dtype=np.int64))
    if method == "preferential_attachment":
        order = np.argsort(-scorer.degree, kind="stable")
        m = 2
        while m < n and m * (m - 1) // 2 < k + int(
            np.isin(
                (
                    np.minimum.outer(order[:m], order[:m]) * n
                    + np.maximum.outer(order[:m], order[:m])
                )[np.triu_indices(m, 1)],
                tied,
            ).sum()
        ):
            m *= 2
        top = order[: min(m, n)]
        a = np.repeat(top, n)
        b = np.tile(np.arange(n), len(top))
        keys = np.unique((np.minimum(a, b) * n + np.maximum(a, b))[a != b])
    else:
        two = (scorer.adj @ scorer.adj).tocoo()
        keep = two.row < two.col
        keys = two.row[keep].astype(np.int64) * n + two.col[keep]
    keys = keys[~np.isin(keys, tied)]
    score = scorer.scores(keys)[method]
    order = np.lexsort((keys, -score))[:k]
    return keys[order]


def backtest_allies(
    data: NetworkData,
    train: GraphOptions,
    test: GraphOptions,
    ks: tuple[int, ...] = (10, 50, 100),
    negatives: int = 20_000,
    seed: int = 0,
    direct_only: bool = False,
) -> dict[str, Any]:
    """Fit on ``train``, score the ties that formed in ``test`` (see the module docstring).

    Returns ``{"scores": DataFrame, "summary": dict}``; ``scores`` has one row per method and
    *k*: ``method, k, precision, recall, hits, auc``.

    Examples
    --------
    >>> import pandas as pd
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> data = graph_from_edges([(0, 1), (1, 2), (2, 3), (3, 4)]).data
    >>> dates = ["2023-01-01"] * 4
    >>> inter = pd.concat([data.interactions.assign(date=pd.to_datetime(dates)),
    ...     data.interactions.head(1).assign(id="x", target="o2", date=pd.Timestamp("2024-01-01"))])
    >>> from dataclasses import replace
    >>> result = backtest_allies(replace(data, interactions=inter),
    ...     GraphOptions(until=pd.Timestamp("2023-12-31")), GraphOptions(since=pd.Timestamp("2024-01-01")),
    ...     ks=(1,))
    >>> float(result["scores"].set_index("method").loc["common_neighbours", "precision"])
    1.0
    """
    if not ks or any(int(k) < 1 for k in ks):
        raise InputError(f"--k: every k must be a positive integer, not {list(ks)}")
    data = in_key_order(data)  # ties between equal scores are broken by id, not by row order
    g_train = build_graph(data, train)
    g_test = build_graph(data, replace(test, coparticipation=False) if direct_only else test)
    n = g_train.n
    tied = _pair_keys(g_train)
    positives = np.setdiff1d(_pair_keys(g_test), tied)
    if len(positives) == 0:
        what = "no new tie by interactions" if direct_only else "no new tie"
        raise InputError(f"the test period formed {what}: nothing to score the suggestions on")
    rng = np.random.default_rng(seed)
    negative_keys = _sample_untied(rng, n, negatives, tied, positives)
    scorer = _Scorer(g_train, seed)
    pos_scores, neg_scores = scorer.scores(positives), scorer.scores(negative_keys)
    rows = []
    kmax = int(max(ks))
    for method in METHODS:
        auc = _auc(pos_scores[method], neg_scores[method])
        top = _top_keys(g_train, scorer, method, kmax, tied)
        hit = np.isin(top, positives)
        for k in sorted(int(x) for x in ks):
            hits = int(hit[:k].sum())
            rows.append(
                {
                    "method": method,
                    "k": k,
                    "precision": hits / k,
                    "recall": hits / len(positives),
                    "hits": hits,
                    "suggested": int(min(k, len(top))),
                    "auc": auc,
                }
            )
    scores = pd.DataFrame(rows)
    summary = {
        "name": data.name,
        "train": train.as_dict(),
        "test": test.as_dict(),
        "organizations": int(n),
        "train_ties": int(len(tied)),
        "new_ties": int(len(positives)),
        "new_ties_counted": "interactions only"
        if direct_only
        else "interactions and shared activities",
        "untied_pairs": int(n * (n - 1) // 2 - len(tied)),
        "base_rate": float(len(positives) / max(n * (n - 1) // 2 - len(tied), 1)),
        "negatives_sampled": int(len(negative_keys)),
        "seed": seed,
    }
    return {"scores": scores, "summary": summary}
