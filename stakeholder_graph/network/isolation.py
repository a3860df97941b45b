"""Isolated NGOs: civil and social-economy organizations drifting out of the network.

The window is ``[as_of − window_days, as_of]`` (both ends inclusive) and the previous window the
same length just before it, ``[as_of − 2·window_days, as_of − window_days)``. ``as_of`` is
``params.as_of``, else the analysis window's ``until``, else the latest interaction date.

For every civil and social-economy organization:

* ``window_interactions`` / ``previous_interactions`` — interactions it took part in (as source
  or target) in each window; undated interactions count in the current window;
* ``ties`` — distinct partners in the window, through interactions or through taking part in the
  same activity while it ran (an activity overlapping the window; undated activities count);
  ``public_ties`` — those partners that are public bodies;
* flags: ``no_interaction`` (no interaction in the window), ``no_public_tie`` (no partner in the
  public sector), ``civil_only`` (has partners, all of them civil), ``single_tie`` (exactly one
  partner), ``declining`` (``previous ≥ DECLINE_MIN_PREVIOUS`` and
  ``window ≤ (1 − params.decline_threshold) · previous``).

It reads every interaction of ``g.data`` (ignoring the analysis graph's own window and type
filter), so the same numbers come out of an analysis and of the scheduled job for a given
``as_of`` and window. Vectorised: masks and group-bys, no loop per organization or interaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp

from stakeholder_graph.network.graph import CooperationGraph

if TYPE_CHECKING:
    from stakeholder_graph.analysis import AnalysisParams

WATCHED_SECTORS: tuple[str, ...] = ("civil", "social_economy")
"""Sectors whose organizations are checked for isolation."""

DECLINE_MIN_PREVIOUS = 2
"""A decline is only read from at least this many interactions in the previous window."""

FLAGS: tuple[str, ...] = (
    "no_interaction",
    "no_public_tie",
    "civil_only",
    "single_tie",
    "declining",
)

COLUMNS = [
    "id",
    "name",
    "sector",
    "municipality",
    "last_interaction",
    "ties",
    "public_ties",
    "window_interactions",
    "previous_interactions",
    *FLAGS,
    "reasons",
]


def isolation_as_of(g: CooperationGraph, params: AnalysisParams) -> pd.Timestamp | None:
    """The end of the isolation window: ``params.as_of``, ``graph.until`` or the latest date."""
    if params.as_of is not None:
        return pd.Timestamp(params.as_of)
    if params.graph.until is not None:
        return pd.Timestamp(params.graph.until)
    latest = g.data.interactions["date"].max()
    return None if pd.isna(latest) else pd.Timestamp(latest)


def _partners(
    g: CooperationGraph, src: np.ndarray, tgt: np.ndarray, start: pd.Timestamp | None, end
) -> sp.csr_matrix:
    """Binary n × n matrix of partners in the window: interactions plus co-participation."""
    n = g.n
    rows = [src, tgt]
    cols = [tgt, src]
    acts = g.data.activities
    if len(acts) and len(g.data.participation):
        active = np.ones(len(acts), dtype=bool)
        if start is not None:
            active &= ~(acts["end"].notna() & (acts["end"] < start)).to_numpy()
        if end is not None:
            active &= ~(acts["start"].notna() & (acts["start"] > end)).to_numpy()
        act_index = pd.Index(acts["id"][active])
        part = g.data.participation
        org = g.index_of(part["organization"].to_numpy(dtype=object))
        act = act_index.get_indexer(part["activity"])
        keep = (org >= 0) & (act >= 0)
        incidence = sp.csr_matrix(
            (np.ones(int(keep.sum())), (org[keep], act[keep])), shape=(n, len(act_index))
        )
        incidence.data[:] = 1.0
        watched = np.flatnonzero(np.isin(g.sector, WATCHED_SECTORS))
        co = (incidence[watched] @ incidence.T).tocoo()
        rows.append(watched[co.row])
        cols.append(co.col.astype(np.int64))
    r = np.concatenate(rows).astype(np.int64)
    c = np.concatenate(cols).astype(np.int64)
    keep = r != c
    matrix = sp.csr_matrix((np.ones(int(keep.sum())), (r[keep], c[keep])), shape=(n, n))
    matrix.data[:] = 1.0
    return matrix


def _reason_text(frame: pd.DataFrame, params: AnalysisParams) -> pd.Series:
    """Readable reasons, ``;``-joined, built column-wise."""

    def when(mask: pd.Series, text: pd.Series | str) -> pd.Series:
        text = text if isinstance(text, pd.Series) else pd.Series(text, index=frame.index)
        return text.where(mask.to_numpy(), "")

    last = frame["last_interaction"]
    last_text = ("last one " + last.dt.strftime("%Y-%m-%d")).where(last.notna(), "none recorded")
    ties = frame["ties"].astype(str)
    plural = pd.Series(np.where(frame["ties"] > 1, "s", ""), index=frame.index)
    pieces = [
        when(
            frame["no_interaction"],
            f"no interaction in the last {params.isolation_window_days} days (" + last_text + ")",
        ),
        when(frame["ties"] == 0, "no partner at all in the window"),
        when(frame["no_public_tie"] & (frame["ties"] > 0), "no tie to any public body"),
        when(
            frame["civil_only"],
            "ties only inside the civil sector (" + ties + " civil partner" + plural + ")",
        ),
        when(frame["single_tie"], "a single partner"),
        when(
            frame["declining"],
            "activity down from "
            + frame["previous_interactions"].astype(str)
            + " to "
            + frame["window_interactions"].astype(str)
            + " interactions against the previous window",
        ),
    ]
    joined = pieces[0].str.cat(pieces[1:], sep="; ")
    return joined.str.replace(r"(; )+", "; ", regex=True).str.strip("; ")


def flag_isolated(g: CooperationGraph, params: AnalysisParams) -> pd.DataFrame:
    """Civil and social-economy organizations at risk of isolation, each with its reasons.

    Parameters
    ----------
    g:
        The cooperation graph (only its ``data`` and id arrays are used).
    params:
        ``as_of``, ``isolation_window_days`` and ``decline_threshold``.

    Returns
    -------
    DataFrame
        ``id, name, sector, municipality, last_interaction, ties, public_ties,
        window_interactions, previous_interactions, no_interaction, no_public_tie, civil_only,
        single_tie, declining, reasons`` — one row per flagged organization, the most flags
        first.

    Examples
    --------
    >>> import pandas as pd
    >>> from stakeholder_graph.analysis import AnalysisParams
    >>> from stakeholder_graph.dataset.model import NetworkData, coerce_table
    >>> from stakeholder_graph.network.graph import build_graph
    >>> orgs = coerce_table("organizations", pd.DataFrame({"id": ["n", "m", "p"],
    ...     "name": ["NGO", "Club", "Town"], "sector": ["civil", "civil", "public"]}))
    >>> ties = coerce_table("interactions", pd.DataFrame({"source": ["n", "m"],
    ...     "target": ["m", "p"], "date": ["2020-01-01", "2024-06-01"]}))
    >>> flagged = flag_isolated(build_graph(NetworkData(orgs, ties)), AnalysisParams())
    >>> flagged[["id", "ties", "no_interaction", "single_tie"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'id': 'n', 'ties': 0, 'no_interaction': True, 'single_tie': False},
     {'id': 'm', 'ties': 1, 'no_interaction': False, 'single_tie': True}]
    >>> flagged.loc[0, "reasons"]
    'no interaction in the last 365 days (last one 2020-01-01); no partner at all in the window'
    """
    as_of = isolation_as_of(g, params)
    days = pd.Timedelta(days=params.isolation_window_days)
    inter = g.data.interactions
    src = g.index_of(inter["source"].to_numpy(dtype=object))
    tgt = g.index_of(inter["target"].to_numpy(dtype=object))
    date = inter["date"]
    valid = (src >= 0) & (tgt >= 0) & (src != tgt)
    dated = date.notna().to_numpy()
    if as_of is None:
        start = prev_start = None
        in_window = valid & ~dated
        in_previous = np.zeros(len(inter), dtype=bool)
        up_to = valid & dated
    else:
        start, prev_start = as_of - days, as_of - 2 * days
        d = date.to_numpy()
        in_window = valid & (~dated | ((d >= start) & (d <= as_of)))
        in_previous = valid & dated & (d >= prev_start) & (d < start)
        up_to = valid & dated & (d <= as_of)

    n = g.n
    both_src, both_tgt = np.r_[src, tgt], np.r_[tgt, src]
    window_count = np.bincount(both_src[np.r_[in_window, in_window]], minlength=n)
    previous_count = np.bincount(both_src[np.r_[in_previous, in_previous]], minlength=n)
    last = (
        pd.Series(np.r_[date.to_numpy(), date.to_numpy()][np.r_[up_to, up_to]])
        .groupby(both_src[np.r_[up_to, up_to]])
        .max()
        .reindex(np.arange(n))
    )
    window_mask = np.r_[in_window, in_window]
    partners = _partners(g, both_src[window_mask], both_tgt[window_mask], start, as_of)
    is_public = (g.sector == "public").astype(float)
    is_civil = (g.sector == "civil").astype(float)
    ties = np.diff(partners.indptr)
    public_ties = partners @ is_public
    civil_ties = partners @ is_civil

    watched = np.isin(g.sector, WATCHED_SECTORS)
    frame = pd.DataFrame(
        {
            "id": g.ids,
            "name": g.names,
            "sector": g.sector,
            "municipality": g.municipality,
            "last_interaction": pd.to_datetime(last.to_numpy()).astype("datetime64[ns]"),
            "ties": ties.astype(np.int64),
            "public_ties": public_ties.astype(np.int64),
            "window_interactions": window_count.astype(np.int64),
            "previous_interactions": previous_count.astype(np.int64),
        }
    )
    frame["no_interaction"] = frame["window_interactions"] == 0
    frame["no_public_tie"] = frame["public_ties"] == 0
    frame["civil_only"] = (ties > 0) & (civil_ties == ties)
    frame["single_tie"] = ties == 1
    frame["declining"] = (previous_count >= DECLINE_MIN_PREVIOUS) & (
        window_count <= (1.0 - params.decline_threshold) * previous_count
    )
    flags = frame[list(FLAGS)].sum(axis=1)
    frame = frame[watched & (flags > 0).to_numpy()].copy()
    frame["reasons"] = _reason_text(frame, params) if len(frame) else pd.Series(dtype=object)
    frame["_flags"] = flags[frame.index]
    frame = frame.sort_values(["_flags", "id"], ascending=[False, True], kind="stable")
    return frame[COLUMNS].reset_index(drop=True)
