"""Vectorised sampling primitives of the generator: Zipf weights, row-wise categorical draws,
weighted picks inside blocks (e.g. municipality × sector), and Zipf-popular theme lists.

Each function draws all its samples with a constant number of numpy calls, whatever their number.
"""

from __future__ import annotations

import numpy as np


def zipf_weights(k: int, exponent: float = 1.0) -> np.ndarray:
    """Normalised Zipf weights ``w_r ∝ 1 / r^exponent`` for ranks ``r = 1..k``.

    Examples
    --------
    >>> zipf_weights(3).round(3).tolist()
    [0.545, 0.273, 0.182]
    """
    weights = 1.0 / np.arange(1, k + 1) ** exponent
    return weights / weights.sum()


def categorical(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One draw per element of ``rows`` from the row-wise distributions ``probs[rows]``.

    Inverse-CDF sampling: draw ``u ~ U[0, 1)`` and count the cumulative probabilities of the
    row that are ``<= u``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> categorical(rng, np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 1, 1])).tolist()
    [0, 1, 1]
    """
    cum = np.cumsum(probs, axis=1)
    cum[:, -1] = 1.0
    u = rng.random(len(rows))
    return (u[:, None] >= cum[rows]).sum(axis=1)


def pick_in_blocks(
    u: np.ndarray, blocks: np.ndarray, org_block: np.ndarray, weight: np.ndarray, n_blocks: int
) -> np.ndarray:
    """For each draw ``i``, an element of block ``blocks[i]`` chosen ∝ ``weight`` (-1 if none).

    ``u`` holds uniform numbers in [0, 1). The elements are sorted by block and the pick is an
    inverse-CDF lookup in their cumulative weights, so all draws cost one ``searchsorted``.
    Elements of weight 0 are never picked; a block of total weight 0 gives -1.

    Examples
    --------
    >>> pick_in_blocks(np.array([0.1, 0.9, 0.5]), np.array([0, 0, 1]),
    ...                np.array([0, 1, 0, 1]), np.array([1.0, 0.0, 3.0, 0.0]), 2).tolist()
    [0, 2, -1]
    """
    order = np.argsort(org_block, kind="stable")
    cw = np.concatenate([[0.0], np.cumsum(weight[order])])
    counts = np.bincount(org_block, minlength=n_blocks)
    ends = np.cumsum(counts)
    starts = ends - counts
    lo, total = cw[starts], cw[ends] - cw[starts]
    pos = np.searchsorted(cw[1:], lo[blocks] + u * total[blocks], side="right")
    pos = np.clip(pos, starts[blocks], np.maximum(ends[blocks] - 1, starts[blocks]))
    picked = order[np.minimum(pos, len(order) - 1)]
    ok = (total[blocks] > 0) & (weight[picked] > 0)
    return np.where(ok, picked, -1)


def pick_themes(
    rng: np.random.Generator,
    n: int,
    max_k: int,
    vocabulary: tuple[str, ...],
    popularity: np.ndarray,
) -> np.ndarray:
    """``n`` strings of 1..max_k distinct themes, ``;``-joined, drawn ∝ ``popularity``.

    Sampling without replacement by the Gumbel top-k trick: the ``k`` largest of
    ``log p_t + G_t`` (``G`` standard Gumbel) are a weighted sample of ``k`` distinct themes.
    The number of themes is ``1 + Binomial(max_k - 1, 0.45)``.

    Examples
    --------
    >>> out = pick_themes(np.random.default_rng(0), 4, 2, ("a", "b"), np.array([0.5, 0.5]))
    >>> all(set(x.split(";")) <= {"a", "b"} for x in out)
    True
    """
    keys = np.log(popularity)[None, :] + rng.gumbel(size=(n, len(vocabulary)))
    top = np.argsort(-keys, axis=1, kind="stable")[:, :max_k]
    k = 1 + rng.binomial(max_k - 1, 0.45, n)
    names = np.asarray(vocabulary, dtype=object)
    out = names[top[:, 0]].copy()
    for j in range(1, max_k):
        out = np.where(k > j, out + ";" + names[top[:, j]], out)
    return out
