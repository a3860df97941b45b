"""The Social Relations Model for the partner survey: rater leniency, target reputation and the
relationship itself.

A rating of *j* by *i* is decomposed (Warner, Kenny & Stoto 1979; Kenny 1994) as

    x_ij = μ + a_i + b_j + g_ij

with ``a_i`` the **rater (actor) effect** — how much *i* trusts partners in general, its
leniency —, ``b_j`` the **target (partner) effect** — how much *j* is trusted in general, its
reputation —, and ``g_ij`` the **relationship effect**: how much *i* trusts *j* in particular,
beyond both. A raw trust gap ``x_ij − x_ji`` mixes all three; the leniency-corrected gap is
``g_ij − g_ji``.

Two estimators, one per design:

* **Complete round-robin** (every participant rated every other one):
  :func:`round_robin`, the ANOVA estimator of Warner, Kenny & Stoto (1979) with the variance
  components, the generalized and dyadic reciprocity and the Lashley & Bond (1997) standard
  errors, exactly as R ``TripleR`` (Schönbrodt, Back & Schmukle 2012) computes them.
* **Incomplete designs** — a partner survey, where each organization rates a few partners:
  :func:`fit_srm`, the multilevel SRM (Snijders & Kenny 1999) with crossed random effects for
  the rater, the target and the dyad, fitted by restricted maximum likelihood (REML; the model
  lme4 fits with ``y ~ 1 + (1|rater) + (1|ratee) + (1|dyad)``). Rater and target effects are
  their best linear unbiased predictions (BLUPs, shrunk towards 0 when an organization gave or
  received few answers) with their conditional standard errors; the relationship effect of an
  answer is ``x_ij − μ − a_i − b_j``. The dyad variance is the part of the relationship
  variance the two directions share, so ``dyadic_reciprocity = σ²_dyad / σ²_relationship``
  (≥ 0 by construction in this model).

Assumptions: the effects are independent draws with constant variances (no sector-specific
variances), ratings are on an interval scale, missing answers are missing at random given the
effects. Everything is vectorised over numpy / scipy sparse matrices.

References
----------
Warner, R. M., Kenny, D. A., & Stoto, M. (1979). A new round robin analysis of variance for
social interaction data. *Journal of Personality and Social Psychology* 37, 1742–1757.
Kenny, D. A. (1994). *Interpersonal Perception: A Social Relations Analysis*. Guilford.
Lashley, B. R., & Bond, C. F. (1997). Significance testing for round robin data.
*Psychological Methods* 2, 278–291.
Snijders, T. A. B., & Kenny, D. A. (1999). The social relations model for family data: a
multilevel approach. *Personal Relationships* 6, 471–486.
Schönbrodt, F. D., Back, M. D., & Schmukle, S. C. (2012). TripleR: an R package for social
relations analyses based on round-robin designs. *Behavior Research Methods* 44, 455–470.
Bates, D., Mächler, M., Bolker, B., & Walker, S. (2015). Fitting linear mixed-effects models
using lme4. *Journal of Statistical Software* 67(1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.sparse.linalg import splu

DENSE_SE_MAX = 2500
"""Exact conditional standard errors (dense inverse) up to this many random effects; beyond,
the diagonal approximation ``σ²λ² / A_kk`` (a lower bound) — :attr:`SrmFit.se_exact` says
which."""

ZERO_SHARE = 1e-9
"""A variance component below this share of the largest one is reported as exactly 0."""

LOG_LAMBDA_MIN, LOG_LAMBDA_MAX = -20.0, float(np.log(1e4))
"""Search range of log(σ_effect / σ_residual): a variance below e⁻⁴⁰ of another counts as 0."""


@dataclass(frozen=True)
class RoundRobin:
    """The ANOVA estimates of a complete round-robin (see :func:`round_robin`).

    ``actor``, ``partner``: effects per participant; ``relationship``: n × n matrix (NaN
    diagonal); ``components``: actor, partner and relationship variance, actor–partner
    covariance (generalized reciprocity) and relationship covariance (dyadic reciprocity),
    with ``estimate``, ``standardized`` and ``se`` columns; ``mean``: the grand mean.
    """

    actor: np.ndarray
    partner: np.ndarray
    relationship: np.ndarray
    components: pd.DataFrame
    mean: float


def _lashley_bond(saa: float, sbb: float, scc: float, sab: float, sccs: float, n: int) -> list:
    """Squared standard errors of the five round-robin components (Lashley & Bond 1997)."""
    w = (n**2 - 3 * n + 6) * (n**2 - 3 * n + 4)
    q = w * (n + 1) * n**2 * (n - 2) ** 2
    c1 = n**6 - 7 * n**5 + 28 * n**4 - 66 * n**3 + 102 * n**2 - 84 * n + 32
    c2 = (n**3 - n**2 - 2 * n + 16) * (n**2 - 2 * n + 2)
    c3 = n**5 - 5 * n**4 + 20 * n**3 - 42 * n**2 + 60 * n - 32

    def actor_like(s: float) -> float:
        return (
            2 * s**2 / (n + 1)
            + 2 * c1 * scc**2 / q
            + 2 * c2 * sccs**2 / q
            + 4 * s * ((n - 1) * scc + sccs) / ((n + 1) * n * (n - 2))
            + 4 * c3 * scc * sccs / q
        )

    rel = 2 * (n**2 - 3 * n + 5) * (scc**2 + sccs**2) / w + 4 * scc * sccs / w
    d1 = n**6 - 5 * n**5 + 19 * n**4 - 45 * n**3 + 90 * n**2 - 96 * n + 64
    d2 = n**6 - 7 * n**5 + 31 * n**4 - 83 * n**3 + 150 * n**2 - 144 * n + 64
    ab = (
        (n - 3) * sab**2 / ((n + 1) * (n - 2))
        + d1 * scc**2 / q
        + d2 * sccs**2 / q
        + (n - 1) * saa * sbb / ((n + 1) * (n - 2))
        + (n - 1) * (saa + sbb) * ((n - 1) * scc + sccs) / ((n + 1) * n * (n - 2) ** 2)
        + 2 * (n - 3) * sab * (scc + (n - 1) * sccs) / ((n + 1) * n * (n - 2) ** 2)
        + 4 * c3 * scc * sccs / q
    )
    return [actor_like(saa), actor_like(sbb), rel, ab, rel]


def round_robin(x: np.ndarray) -> RoundRobin:
    r"""ANOVA estimates of the Social Relations Model for a complete round-robin matrix.

    ``x[i, j]`` is *i*'s rating of *j* (the diagonal is ignored). With row means
    :math:`M_{i\cdot}`, column means :math:`M_{\cdot j}` and grand mean :math:`M`:
    :math:`a_i = \frac{(n-1)^2}{n(n-2)} M_{i\cdot} + \frac{n-1}{n(n-2)} M_{\cdot i} -
    \frac{n-1}{n-2} M`, :math:`b_j` symmetrically, :math:`g_{ij} = x_{ij} - a_i - b_j - M`;
    the variance components follow Warner, Kenny & Stoto (1979) and the standard errors
    Lashley & Bond (1997), as in R ``TripleR::RR`` (tested against it to 1e-6).

    Examples
    --------
    >>> x = np.array([[np.nan, 4, 3, 2], [3, np.nan, 2, 1], [4, 3, np.nan, 2], [5, 4, 3, np.nan]])
    >>> rr = round_robin(x)
    >>> rr.actor.round(3).tolist(), rr.partner.round(3).tolist()
    ([0.375, -0.875, -0.125, 0.625], [1.125, 0.375, -0.375, -1.125])
    """
    x = np.array(x, dtype=float)
    n = x.shape[0]
    if n < 4:
        raise ValueError("a round-robin needs at least 4 participants")
    np.fill_diagonal(x, np.nan)
    if np.isnan(x).sum() > n:
        raise ValueError("round_robin needs every off-diagonal rating; use fit_srm")
    rows, cols, mean = np.nanmean(x, axis=1), np.nanmean(x, axis=0), float(np.nanmean(x))
    f1, f2, f3 = (n - 1) ** 2 / (n * (n - 2)), (n - 1) / (n * (n - 2)), (n - 1) / (n - 2)
    a = f1 * rows + f2 * cols - f3 * mean
    b = f1 * cols + f2 * rows - f3 * mean
    g = x - a[:, None] - b[None, :] - mean
    big_a, big_b, big_c = (a**2).sum() / (n - 1), (b**2).sum() / (n - 1), (a * b).sum() / (n - 1)
    e = 0.5 * (g + g.T)
    d = g - g.T
    big_d = np.nansum(e**2) / ((n - 1) * (n - 2) / 2 - 1)
    big_e = (np.nansum(d**2) / 2) / ((n - 1) * (n - 2))
    scc, sccs = (big_d + big_e) / 2, (big_d - big_e) / 2
    sab = big_c - sccs * (n - 1) / (n * (n - 2)) - scc / (n * (n - 2))
    saa = big_a - scc * (n - 1) / (n * (n - 2)) - sccs / (n * (n - 2))
    sbb = big_b - scc * (n - 1) / (n * (n - 2)) - sccs / (n * (n - 2))
    variances = np.array([saa, sbb, scc])
    kept = np.where(variances >= 0, variances, np.nan)
    total = np.nansum(kept)
    standardized = [
        kept[0] / total,
        kept[1] / total,
        kept[2] / total,
        sab / np.sqrt(saa * sbb) if saa > 0 and sbb > 0 else np.nan,
        sccs / kept[2] if kept[2] > 0 else np.nan,
    ]
    se = np.sqrt(np.array(_lashley_bond(saa, sbb, scc, sab, sccs, n), dtype=float))
    se[:3][variances <= 0] = np.nan
    components = pd.DataFrame(
        {
            "component": [
                "rater_variance",
                "target_variance",
                "relationship_variance",
                "generalized_reciprocity",
                "dyadic_reciprocity",
            ],
            "estimate": [saa, sbb, scc, sab, sccs],
            "standardized": standardized,
            "se": se,
        }
    )
    return RoundRobin(actor=a, partner=b, relationship=g, components=components, mean=mean)


@dataclass(frozen=True)
class SrmFit:
    """A REML fit of the multilevel SRM (see :func:`fit_srm`).

    Attributes
    ----------
    mean:
        The intercept μ.
    variances:
        ``rater``, ``target``, ``dyad`` and ``residual`` variances;
        ``relationship = dyad + residual``.
    rater, target:
        Frames ``level, effect, se, n`` — BLUP, conditional standard error, number of answers.
    relationship:
        One value per answer, in input order: ``x − μ − a_rater − b_target``.
    reml_criterion:
        −2 × the restricted log-likelihood at the optimum (lme4's ``REMLcrit``).
    se_exact:
        Whether the standard errors are exact (see :data:`DENSE_SE_MAX`).
    """

    mean: float
    variances: dict[str, float]
    rater: pd.DataFrame
    target: pd.DataFrame
    dyad: pd.DataFrame
    relationship: np.ndarray
    reml_criterion: float
    se_exact: bool = True

    def shares(self) -> dict[str, float]:
        """Rater, target and relationship shares of the total variance (sum 1)."""
        v = self.variances
        total = v["rater"] + v["target"] + v["relationship"]
        if total <= 0:
            return {"rater": np.nan, "target": np.nan, "relationship": np.nan}
        return {k: float(v[k] / total) for k in ("rater", "target", "relationship")}

    @property
    def dyadic_reciprocity(self) -> float:
        """Correlation of the two relationship effects of a pair: σ²_dyad / σ²_relationship."""
        rel = self.variances["relationship"]
        return float(self.variances["dyad"] / rel) if rel > 0 else float("nan")


def _design(codes: np.ndarray, levels: int) -> sp.csr_matrix:
    rows = np.arange(len(codes))
    return sp.csr_matrix((np.ones(len(codes)), (rows, codes)), shape=(len(codes), levels))


@dataclass(frozen=True)
class _Cross:
    """The products of the random-effects design that every REML evaluation reuses."""

    z: sp.csr_matrix
    ztz: sp.csc_matrix
    zty: np.ndarray
    zt1: np.ndarray
    y: np.ndarray
    group: np.ndarray

    rows: np.ndarray
    cols: np.ndarray
    diagonal: np.ndarray

    @classmethod
    def of(cls, z: sp.csr_matrix, group: np.ndarray, y: np.ndarray) -> _Cross:
        ztz = (z.T @ z).tocsc()
        ztz.sort_indices()
        cols = np.repeat(np.arange(ztz.shape[1]), np.diff(ztz.indptr))
        rows = ztz.indices.astype(np.int64)
        diagonal = (rows == cols).astype(float)  # every level has an answer: full diagonal
        return cls(z, ztz, z.T @ y, z.T @ np.ones(len(y)), y, group, rows, cols, diagonal)

    def penalised(self, scale: np.ndarray) -> sp.csc_matrix:
        """``ΛZ'ZΛ + I`` on the fixed sparsity pattern of ``Z'Z``."""
        data = self.ztz.data * scale[self.rows] * scale[self.cols] + self.diagonal
        return sp.csc_matrix((data, self.ztz.indices, self.ztz.indptr), shape=self.ztz.shape)


def _profiled(lam: np.ndarray, c: _Cross) -> tuple[float, dict]:
    """Profiled REML deviance at relative standard deviations ``lam`` (Bates et al. 2015).

    With ``Λ`` the diagonal of relative standard deviations, ``A = ΛZ'ZΛ + I``; the penalised
    least squares solution gives β, the spherical effects ``u`` and the penalised residual sum
    of squares ``r²``; ``−2ℓ_R = log|A| + log|X'X − X'ZΛA⁻¹ΛZ'X| + (N−1)(1 + log(2πr²/(N−1)))``.
    """
    y = c.y
    n = len(y)
    scale = lam[c.group]
    zty, ztx = scale * c.zty, scale * c.zt1
    a = c.penalised(scale)
    lu = splu(  # symmetric ordering, no pivoting: A is symmetric positive definite
        a, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0, options={"SymmetricMode": True}
    )  # A is symmetric positive definite: |det A| = Π|U_ii|
    logdet_a = float(np.log(np.abs(lu.U.diagonal())).sum())
    cu, cx = lu.solve(zty), lu.solve(ztx)
    schur = float(n - ztx @ cx)
    if not schur > 0:
        raise FloatingPointError("singular fixed-effect block")
    beta = (float(y.sum()) - float(ztx @ cu)) / schur
    u = cu - cx * beta
    resid = y - beta - c.z @ (scale * u)
    pwrss = float(resid @ resid + u @ u)
    dof = n - 1
    dev = logdet_a + np.log(schur) + dof * (1 + np.log(2 * np.pi * pwrss / dof))
    return float(dev), {"beta": beta, "u": u, "pwrss": pwrss, "scale": scale, "a": a}


def fit_srm(rater: np.ndarray, target: np.ndarray, value: np.ndarray) -> SrmFit:
    """REML fit of the multilevel SRM with crossed rater, target and dyad effects.

    ``rater`` and ``target`` are labels (any hashable), ``value`` the ratings; one answer per
    ordered pair. The model is ``x_ij = μ + a_i + b_j + d_{ij} + e_ij`` with independent normal
    effects (``d`` shared by the two directions of a pair). The profiled REML criterion of
    Bates et al. (2015) is minimised over the three relative standard deviations (bounded at 0)
    on the log scale (Nelder–Mead on small surveys; L-BFGS-B on large ones, polished by
    Nelder–Mead near a zero variance); BLUPs and conditional standard errors follow from the penalised least
    squares solution (tested against lme4 to 1e-6). Conditional standard errors are exact up to
    :data:`DENSE_SE_MAX` random effects and a lower-bound approximation beyond.

    Examples
    --------
    >>> fit = fit_srm(["a", "a", "b", "b", "c", "c"], ["b", "c", "a", "c", "a", "b"],
    ...               [3.0, 3.0, 1.0, 1.0, 2.0, 2.0])
    >>> round(fit.mean, 6), fit.rater.set_index("level")["effect"].round(3).tolist()
    (2.0, [1.0, -1.0, 0.0])
    """
    rater = np.asarray(rater, dtype=object)
    target = np.asarray(target, dtype=object)
    y = np.asarray(value, dtype=float)
    r_levels, r_code = np.unique(rater.astype(str), return_inverse=True)
    t_levels, t_code = np.unique(target.astype(str), return_inverse=True)
    lo = np.where(rater.astype(str) < target.astype(str), rater, target).astype(str)
    hi = np.where(rater.astype(str) < target.astype(str), target, rater).astype(str)
    d_levels, d_code = np.unique(np.char.add(np.char.add(lo, "|"), hi), return_inverse=True)
    z = sp.hstack(
        [
            _design(r_code, len(r_levels)),
            _design(t_code, len(t_levels)),
            _design(d_code, len(d_levels)),
        ]
    ).tocsr()
    group = np.repeat([0, 1, 2], [len(r_levels), len(t_levels), len(d_levels)])

    cross = _Cross.of(z, group, y)

    def objective(log_lam: np.ndarray) -> float:
        try:
            return _profiled(np.exp(log_lam), cross)[0]
        except (ZeroDivisionError, RuntimeError, FloatingPointError, np.linalg.LinAlgError):
            return np.inf

    bounds = [(LOG_LAMBDA_MIN, LOG_LAMBDA_MAX)] * 3
    small = z.shape[1] <= DENSE_SE_MAX
    nelder_mead = {"xatol": 1e-8, "fatol": 1e-11, "maxfev": 600}
    if small:  # Nelder–Mead: robust where the criterion is flat towards a zero variance
        best = minimize(objective, np.zeros(3), method="Nelder-Mead", bounds=bounds,
                        options=nelder_mead)  # fmt: skip
    else:  # L-BFGS-B, fewer evaluations of the large factorisation
        best = minimize(objective, np.zeros(3), method="L-BFGS-B", bounds=bounds,
                        options={"ftol": 1e-14, "gtol": 1e-9, "maxiter": 500})  # fmt: skip
        if np.any(best.x < -6) or np.any(best.x > 6):  # near a zero variance: polish
            polish = minimize(objective, best.x, method="Nelder-Mead", bounds=bounds,
                              options=nelder_mead)  # fmt: skip
            best = polish if polish.fun <= best.fun else best
    lam = np.exp(best.x)
    # a component below 10⁻⁹ of the largest variance is 0 (the optimum is on the boundary)
    lam = np.where(lam**2 < ZERO_SHARE * max(1.0, float((lam**2).max())), 0.0, lam)
    dev, sol = _profiled(lam, cross)
    sigma2 = sol["pwrss"] / (len(y) - 1)
    effects = sol["scale"] * sol["u"]
    q = z.shape[1]
    exact_se = q <= DENSE_SE_MAX
    if exact_se:
        inverse_diag = np.diag(np.linalg.inv(sol["a"].toarray()))
    else:
        inverse_diag = 1.0 / sol["a"].diagonal()
    se = np.sqrt(sigma2 * sol["scale"] ** 2 * inverse_diag)
    var = {
        "rater": float(sigma2 * lam[0] ** 2),
        "target": float(sigma2 * lam[1] ** 2),
        "dyad": float(sigma2 * lam[2] ** 2),
        "residual": float(sigma2),
    }
    var["relationship"] = var["dyad"] + var["residual"]
    bounds = np.cumsum([0, len(r_levels), len(t_levels), len(d_levels)]).tolist()

    def frame(k: int, levels: np.ndarray, codes: np.ndarray) -> pd.DataFrame:
        part = slice(bounds[k], bounds[k + 1])
        return pd.DataFrame(
            {
                "level": levels,
                "effect": effects[part],
                "se": se[part],
                "n": np.bincount(codes, minlength=len(levels)),
            }
        )

    a = effects[: bounds[1]][r_code]
    b = effects[bounds[1] : bounds[2]][t_code]
    return SrmFit(
        mean=float(sol["beta"]),
        variances=var,
        rater=frame(0, r_levels, r_code),
        target=frame(1, t_levels, t_code),
        dyad=frame(2, d_levels, d_code),
        relationship=y - sol["beta"] - a - b,
        reml_criterion=float(dev),
        se_exact=exact_se,
    )
