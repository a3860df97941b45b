"""The potential-ally score of a pair of organizations, and its components.

For an untied pair *a*, *b*:

* ``partner_score`` — weighted resource allocation over the shared partners *z*,
  ``Σ_z s(a,z)·s(b,z) / S(z)`` with tie strength ``s = log₂(1 + w)`` (*w* the tie's weight:
  interactions plus shared activities; one interaction gives ``s = 1``) and ``S(z)`` the total
  strength of *z* (Zhou, Lü & Zhang 2009; Lü & Zhou 2010 for the weighted form). A partner
  that works closely with both and with few others says most; on an unweighted graph it is the
  resource-allocation index ``Σ_z 1/k(z)``;
* ``theme_score`` — the shared themes weighted by rarity, ``Σ_t ln(n / df(t))`` (Salton &
  Buckley 1988); divided by ``ln n`` it counts shared themes in units of a theme held by one
  organization only;
* ``complementarity`` — :data:`COMPLEMENTARITY` of the two sectors;
* ``same_municipality`` — both based in the same (non-empty) municipality.

``score = (√partner_score + 0.1·same_municipality + 0.01)
          · (1 + gain·specificity) · (1 + 0.05·complementarity)``

with ``specificity = Σ_t (idf(t) / ln n)²`` over the shared themes and
``gain = 2·max(lift − 1, 0) + 0.25`` (:func:`theme_gain`): ``lift`` compares the specificity
of the themes tied pairs share with that of all pairs, so shared causes count more where
partners already share their causes. Shared partners and a shared place are the evidence that
two organizations can meet; shared causes and complementary sectors multiply it — they say
*why* the meeting is worth it. The square root keeps many shared partners from drowning every
other reason; the small base keeps a pair with no partner and no place ranked by its themes and
sectors. Every term is fixed (no maximum over the candidates), so any pair scores the same
whichever pairs are scored with it. ``docs/metrics.md`` gives the measured backtest.

References
----------
Zhou, T., Lü, L. & Zhang, Y.-C. (2009). Predicting missing links via local information.
*EPJ B* 71(4). Lü, L. & Zhou, T. (2010). Link prediction in weighted networks: the role of weak
ties. *EPL* 89(1), 18001. Salton, G. & Buckley, C. (1988). Term-weighting approaches in
automatic text retrieval. *Information Processing & Management* 24(5).
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp

from stakeholder_graph.network.allies_kernel import shared_entries, shared_weighted_sums
from stakeholder_graph.network.graph import CooperationGraph

COMPLEMENTARITY = np.array(
    [
        # public private civil social_economy
        [0.0, 1.0, 1.0, 1.0],  # public
        [1.0, 0.0, 1.0, 1.0],  # private
        [1.0, 1.0, 0.0, 0.5],  # civil
        [1.0, 1.0, 0.5, 0.0],  # social_economy
    ]
)
"""Sector complementarity in :data:`~stakeholder_graph.dataset.model.SECTORS` order."""

WEIGHTS: dict[str, float] = {
    "locality": 0.1,
    "base": 0.01,
    "theme": 2.0,
    "theme_floor": 0.25,
    "complementarity": 0.05,
}
"""The constants of the score (see the module docstring): what the same municipality adds to
the partner evidence, the base, and the gains of rare shared themes and of complementarity.
Chosen on a generated network (seed 1) and reported on others (``docs/metrics.md``)."""


def binary(matrix: sp.spmatrix) -> sp.csr_matrix:
    """A 0/1 CSR copy with summed duplicates, no explicit zeros and sorted indices."""
    out = sp.csr_matrix(matrix, dtype=float, copy=True)
    out.sum_duplicates()
    out.data[:] = 1.0
    out.eliminate_zeros()
    out.sort_indices()
    return out


def tie_strength(g: CooperationGraph) -> sp.csr_matrix:
    """Symmetric n × n tie strengths ``log₂(1 + w)`` of the undirected ties, sorted indices.

    A tie whose weight is 0 or less keeps a tiny strength, so the structure is the tie graph's.
    """
    e = g.undirected_edges
    u, v = e["u"].to_numpy(np.int64), e["v"].to_numpy(np.int64)
    s = np.log2(1.0 + np.maximum(e["weight"].to_numpy(float), 0.0))
    s = np.maximum(s, 1e-9)
    out = sp.csr_matrix((np.r_[s, s], (np.r_[u, v], np.r_[v, u])), shape=(g.n, g.n))
    out.sum_duplicates()
    out.sort_indices()
    return out


def allocation_weights(strength: sp.csr_matrix) -> np.ndarray:
    """``1 / S(z)`` per organization (0 for one without ties)."""
    total = np.asarray(strength.sum(axis=1)).ravel()
    return np.where(total > 0, 1.0 / np.maximum(total, 1e-300), 0.0)


def theme_idf(g: CooperationGraph) -> tuple[sp.csr_matrix, np.ndarray]:
    """The 0/1 organization × theme matrix and each theme's ``ln(n / df)``."""
    themes = binary(g.themes)
    df = np.asarray(themes.sum(axis=0)).ravel()
    return themes, np.log(max(g.n, 1) / np.maximum(df, 1.0))


def theme_unit(n: int) -> float:
    """``ln n``, the IDF of a theme only one of ``n`` organizations holds (1 below n = 3)."""
    return max(math.log(max(n, 1)), 1.0)


def municipality_codes(g: CooperationGraph) -> np.ndarray:
    """Integer code of each organization's municipality, −1 when none is given."""
    import pandas as pd

    names = g.municipality.astype(str)
    codes = pd.factorize(names)[0].astype(np.int64)
    codes[names == ""] = -1
    return codes


def theme_gain(g: CooperationGraph, themes: sp.csr_matrix, idf: np.ndarray) -> float:
    """How much shared themes count here: ``2 · max(lift − 1, 0) + 0.25`` (:data:`WEIGHTS`).

    ``lift`` is the mean theme specificity of the tied pairs divided by its mean over all
    pairs (exact: ``Σ_t u_t² · df_t(df_t − 1) / (n(n − 1))``, ``u_t = idf(t) / ln n``): themes
    weigh as much as they explain the cooperation already there — nothing where ties ignore
    themes, more where partners share their causes (theme homophily; McPherson, Smith-Lovin &
    Cook 2001). The floor keeps a shared cause worth something where the ties say nothing.
    """
    n = g.n
    e = g.undirected_edges
    if n < 2 or len(e) == 0 or themes.nnz == 0:
        return WEIGHTS["theme_floor"]
    u2 = (idf / theme_unit(n)) ** 2
    df = np.asarray(themes.sum(axis=0)).ravel()
    everyone = float((u2 * df * (df - 1)).sum()) / (n * (n - 1.0))
    if everyone <= 0:
        return WEIGHTS["theme_floor"]
    lo, hi = e["u"].to_numpy(np.int64), e["v"].to_numpy(np.int64)
    _, pos, _ = shared_entries(themes.indptr, themes.indices, lo, hi)
    tied = float(u2[themes.indices[pos]].sum()) / len(lo)
    return WEIGHTS["theme"] * max(tied / everyone - 1.0, 0.0) + WEIGHTS["theme_floor"]


def ally_score(
    partner: np.ndarray,
    specificity: np.ndarray,
    comp: np.ndarray,
    same: np.ndarray,
    gain: float,
) -> np.ndarray:
    """The score from its components and the network's theme gain (module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> one = np.array([1.0])
    >>> float(ally_score(4 * one, 0 * one, 0 * one, np.array([True]), gain=2.0)[0])
    2.11
    """
    w = WEIGHTS
    evidence = np.sqrt(partner) + w["locality"] * same + w["base"]
    return evidence * (1.0 + gain * specificity) * (1.0 + w["complementarity"] * comp)


class PairScorer:
    """Components and score of arbitrary pairs of one graph, vectorised (built once per graph).

    Examples
    --------
    >>> import numpy as np
    >>> from stakeholder_graph.network.graph import graph_from_edges
    >>> g = graph_from_edges([(0, 1), (1, 2)])
    >>> c = PairScorer(g).components(np.array([0]), np.array([2]))
    >>> float(c["partner_score"][0]), int(c["shared_partners"][0])
    (0.5, 1)
    """

    def __init__(self, g: CooperationGraph) -> None:
        self.g = g
        self.strength = tie_strength(g)
        self.allocation = allocation_weights(self.strength)
        self.themes, self.idf = theme_idf(g)
        self.sector = g.sector_code.astype(np.int64)
        self.municipality = municipality_codes(g)
        self.gain = theme_gain(g, self.themes, self.idf)

    def components(self, lo: np.ndarray, hi: np.ndarray) -> dict[str, np.ndarray]:
        """``partner_score, shared_partners, theme_score, complementarity, same_municipality,
        score`` of the pairs ``(lo[i], hi[i])``."""
        lo, hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
        s = self.strength
        partner, shared = shared_weighted_sums(s.indptr, s.indices, s.data, self.allocation, lo, hi)
        t = self.themes  # 0/1 entries: each shared theme adds its weight, in column order
        theme, _ = shared_weighted_sums(t.indptr, t.indices, t.data, self.idf, lo, hi)
        unit = theme_unit(self.g.n)
        specific, _ = shared_weighted_sums(
            t.indptr, t.indices, t.data, (self.idf / unit) ** 2, lo, hi
        )
        a, b = self.sector[lo], self.sector[hi]
        known = (a >= 0) & (b >= 0)
        comp = np.where(known, COMPLEMENTARITY[np.maximum(a, 0), np.maximum(b, 0)], 0.0)
        ma = self.municipality[lo]
        same = (ma == self.municipality[hi]) & (ma >= 0)
        return {
            "partner_score": partner,
            "shared_partners": shared,
            "theme_score": theme,
            "complementarity": comp,
            "same_municipality": same,
            "theme_specificity": specific,
            "score": ally_score(partner, specific, comp, same, self.gain),
        }
