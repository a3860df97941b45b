"""What changed between two periods: two graph builds of one network, compared.

:func:`compare` builds the cooperation graph twice — the *before* and the *after* window
(:class:`~stakeholder_graph.network.graph.GraphOptions` ``since``/``until``) — and returns:

* ``ties_gained`` / ``ties_lost`` — dyads tied after but not before (and the reverse), with
  names, sectors, interactions in each period, whether the tie crosses sectors and whether one
  side is an NGO flagged as isolated in the *after* period;
* ``organizations`` — per organization each measure in both periods and its change (degree,
  strength, betweenness_norm, harmonic, pagerank, constraint, trust received / given,
  cross-sector partners), and its status: ``entered`` (no tie before, ties after, no interaction
  dated before the after window), ``left`` (the reverse: ties before, none after, no interaction
  dated after the before window), ``became_isolated`` / ``stopped_isolated`` (lost or gained
  every tie while present in the data), and its community in both periods with ``moved``;
* ``sectors`` — sector × sector ties and mean trust in both periods and their change;
* ``trust_dyads`` — when survey answers carry dates in both windows (two survey waves): each
  rated pair's trust in both waves and its change;
* ``summary`` — size, density, average degree, degree and betweenness centralization,
  components, modularity, share of cross-sector ties and share of interactions in planning, each
  before, after and change.

Communities (Leiden, as in the centrality table) get arbitrary labels in each build, so they are
*matched* by member overlap: the after communities are paired one-to-one with before
communities maximising the total Jaccard overlap (Hungarian method); an unmatched after
community gets a new label. An organization ``moved`` when it is in both periods' networks and
its matched community differs.

Survey answers count in a window when dated inside it (undated answers count in both); trust
of each period is therefore the wave answered in that period.

References
----------
Palla, G., Barabási, A.-L. & Vicsek, T. (2007). Quantifying social group evolution. *Nature*
446, 664–667 (matching communities across snapshots by overlap). Kuhn, H. W. (1955). The
Hungarian method for the assignment problem. *Naval Research Logistics Quarterly* 2, 83–97.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import linear_sum_assignment

from stakeholder_graph.dataset.model import NetworkData, in_key_order
from stakeholder_graph.network import isolation, trust
from stakeholder_graph.network.graph import CooperationGraph, GraphOptions
from stakeholder_graph.network.periods import Period, flagged_ngos, measure_period

MEASURES: tuple[str, ...] = (
    "degree",
    "strength",
    "betweenness_norm",
    "harmonic",
    "pagerank",
    "constraint",
    "trust_received",
    "trust_given",
    "cross_sector_partners",
)
"""Per-organization measures compared, each as ``<m>_before``, ``<m>_after``, ``<m>_change``."""

NGO_SECTORS = isolation.WATCHED_SECTORS


def _dated_answers(data: NetworkData, options: GraphOptions) -> int:
    p = data.perceptions
    known = p["date"].notna().to_numpy()
    keep = known.copy()
    if options.since is not None:
        keep &= (p["date"] >= options.since).to_numpy()
    if options.until is not None:
        keep &= (p["date"] <= options.until).to_numpy()
    return int(keep.sum())


def _tie_changes(
    b: pd.DataFrame, a: pd.DataFrame, after: CooperationGraph, flagged: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame]:
    merged = b.merge(a, on=["u", "v"], how="outer", suffixes=("_before", "_after"))
    for col in ("interactions_before", "interactions_after"):
        merged[col] = merged[col].fillna(0).astype(np.int64)
    for col in ("weight_before", "weight_after"):
        merged[col] = merged[col].fillna(0.0)
    u, v = merged["u"].to_numpy(), merged["v"].to_numpy()
    g = after
    frame = pd.DataFrame(
        {
            "a": g.ids[u],
            "b": g.ids[v],
            "a_name": g.names[u],
            "b_name": g.names[v],
            "a_sector": g.sector[u],
            "b_sector": g.sector[v],
            "interactions_before": merged["interactions_before"].to_numpy(),
            "interactions_after": merged["interactions_after"].to_numpy(),
            "weight_before": merged["weight_before"].to_numpy(),
            "weight_after": merged["weight_after"].to_numpy(),
            "cross_sector": g.sector_code[u] != g.sector_code[v],
            "flagged_ngo": flagged[u] | flagged[v],
        }
    )
    was = merged["weight_before"].to_numpy() > 0
    now = merged["weight_after"].to_numpy() > 0
    order = ["a", "b"]
    gained = frame[now & ~was].sort_values(order, ignore_index=True)
    lost = frame[was & ~now].sort_values(order, ignore_index=True)
    return gained, lost


def match_communities(before: np.ndarray, after: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Relabel ``after`` communities with the ``before`` label they overlap most (one-to-one).

    Only vertices with ``present`` count in the overlap. The pairing maximises the total Jaccard
    overlap (Hungarian method); unmatched after communities get labels above every before label.

    Examples
    --------
    >>> match_communities(np.array([0, 0, 1, 1]), np.array([5, 5, 3, 3]), np.ones(4, bool)).tolist()
    [0, 0, 1, 1]
    """
    if len(after) == 0:
        return after.copy()
    bl, b_codes = np.unique(before[present], return_inverse=True)
    al, a_codes = np.unique(after, return_inverse=True)
    a_present = a_codes[present]
    overlap = sp.coo_matrix(
        (np.ones(len(b_codes)), (a_present, b_codes)), shape=(len(al), len(bl))
    ).toarray()
    size_a = np.bincount(a_present, minlength=len(al)).astype(float)
    size_b = np.bincount(b_codes, minlength=len(bl)).astype(float)
    union = size_a[:, None] + size_b[None, :] - overlap
    jaccard = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
    rows, cols = linear_sum_assignment(-jaccard) if jaccard.size else ([], [])
    label = np.full(len(al), -1, dtype=np.int64)
    for r, c in zip(rows, cols, strict=True):
        if jaccard[r, c] > 0:
            label[r] = bl[c]
    top = int(before.max()) + 1 if len(before) else 0
    fresh = np.flatnonzero(label < 0)
    label[fresh] = top + np.arange(len(fresh))
    return label[a_codes]


def _first_last(data: NetworkData, ids: np.ndarray) -> tuple[pd.Series, pd.Series]:
    inter = data.interactions
    long = pd.concat(
        [
            pd.DataFrame({"org": inter["source"], "date": inter["date"]}),
            pd.DataFrame({"org": inter["target"], "date": inter["date"]}),
        ]
    ).dropna()
    grouped = long.groupby("org")["date"]
    return grouped.min().reindex(ids), grouped.max().reindex(ids)


def compare(
    data: NetworkData,
    before: GraphOptions,
    after: GraphOptions,
    seed: int = 42,
    isolation_params: Any | None = None,
) -> dict[str, Any]:
    """Compare the network in two windows (see the module docstring for every output).

    ``isolation_params`` sets the isolation flags of the after period (an object with the
    fields of ``AnalysisParams`` that :func:`~stakeholder_graph.network.isolation.flag_isolated`
    reads; default: its defaults with ``as_of`` the end of the after window).

    Examples
    --------
    >>> import pandas as pd
    >>> from stakeholder_graph.dataset.model import coerce_table
    >>> orgs = coerce_table("organizations", pd.DataFrame(
    ...     {"id": ["a", "b", "c"], "name": ["A", "B", "C"], "sector": ["public", "civil", "civil"]}))
    >>> ties = coerce_table("interactions", pd.DataFrame({"id": ["1", "2"], "source": ["a", "a"],
    ...     "target": ["b", "c"], "date": ["2023-05-01", "2024-05-01"]}))
    >>> result = compare(NetworkData(orgs, ties),
    ...     GraphOptions(until=pd.Timestamp("2023-12-31")), GraphOptions(since=pd.Timestamp("2024-01-01")))
    >>> result["ties_gained"][["a", "b"]].values.tolist(), result["ties_lost"][["a", "b"]].values.tolist()
    ([['a', 'c']], [['a', 'b']])
    """
    data = in_key_order(data)  # the result must not depend on the order rows were read in
    return compare_periods(
        data,
        measure_period(data, before, seed),
        measure_period(data, after, seed),
        isolation_params,
    )


def compare_periods(
    data: NetworkData,
    period_before: Period,
    period_after: Period,
    isolation_params: Any | None = None,
) -> dict[str, Any]:
    """:func:`compare` of two periods measured already (:func:`measure_period`): what a
    dashboard that keeps its periods pays for a new pair (ties, statuses, sectors, summary).

    With both periods measured by ``measure_period(data, options, seed)`` the result is
    :func:`compare`'s own.
    """
    before, after = period_before.options, period_after.options
    g_before, g_after = period_before.graph, period_after.graph
    m_before, m_after = period_before.measures, period_after.measures

    if isolation_params is None:
        flagged = period_after.flagged()
    else:
        flagged = flagged_ngos(g_after, isolation_params)
    gained, lost = _tie_changes(period_before.keys(), period_after.keys(), g_after, flagged)

    ids = g_after.ids
    out = pd.DataFrame({"id": ids, "name": g_after.names, "sector": g_after.sector})
    for m in MEASURES:
        b = m_before[m].to_numpy(float)
        a = m_after[m].to_numpy(float)
        out[f"{m}_before"], out[f"{m}_after"], out[f"{m}_change"] = b, a, a - b
    was = m_before["degree"].to_numpy() > 0
    now = m_after["degree"].to_numpy() > 0
    first, last = _first_last(data, ids)
    before_after_start = (
        (first < after.since).to_numpy(bool) if after.since is not None else np.ones(len(ids), bool)
    )
    after_before_end = (
        (last > before.until).to_numpy(bool)
        if before.until is not None
        else np.ones(len(ids), bool)
    )
    out["entered"] = ~was & now & ~before_after_start
    out["left"] = was & ~now & ~after_before_end
    out["stopped_isolated"] = ~was & now & ~out["entered"].to_numpy()
    out["became_isolated"] = was & ~now & ~out["left"].to_numpy()
    c_before = m_before["community"].to_numpy(np.int64)
    c_after = match_communities(c_before, m_after["community"].to_numpy(np.int64), was & now)
    out["community_before"] = np.where(was, c_before, -1)
    out["community_after"] = np.where(now, c_after, -1)
    out["moved"] = was & now & (c_before != c_after)

    sectors = _sector_changes(period_before.sector_parts(), period_after.sector_parts())
    waves = _dated_answers(data, before) > 0 and _dated_answers(data, after) > 0
    dyads = _dyad_changes(g_before, g_after) if waves else None

    s_before, s_after = period_before.summary, period_after.summary
    summary: dict[str, Any] = {
        "name": data.name,
        "before": {"window": _window(before), **s_before},
        "after": {"window": _window(after), **s_after},
        "change": {k: s_after[k] - s_before[k] for k in s_before},
        "ties_gained": int(len(gained)),
        "ties_lost": int(len(lost)),
        "cross_sector_gained": int(gained["cross_sector"].sum()),
        "cross_sector_lost": int(lost["cross_sector"].sum()),
        "entered": int(out["entered"].sum()),
        "left": int(out["left"].sum()),
        "became_isolated": int(out["became_isolated"].sum()),
        "stopped_isolated": int(out["stopped_isolated"].sum()),
        "moved_community": int(out["moved"].sum()),
        "survey_waves": bool(waves),
    }
    result: dict[str, Any] = {
        "ties_gained": gained,
        "ties_lost": lost,
        "organizations": out,
        "sectors": sectors,
        "summary": summary,
    }
    if dyads is not None:
        result["trust_dyads"] = dyads
    return result


def _window(options: GraphOptions) -> dict[str, str | None]:
    return {
        "since": options.since.date().isoformat() if options.since is not None else None,
        "until": options.until.date().isoformat() if options.until is not None else None,
    }


def _sector_changes(
    before: tuple[pd.Series, pd.Series], after: tuple[pd.Series, pd.Series]
) -> pd.DataFrame:
    parts = []
    for label, (ties, mean_trust) in (("before", before), ("after", after)):
        parts.append(ties.rename(f"ties_{label}"))
        parts.append(mean_trust.rename(f"trust_{label}"))
    frame = pd.concat(parts, axis=1).reset_index()
    frame = frame.rename(columns={"rater_sector": "sector_a", "ratee_sector": "sector_b"})
    for label in ("before", "after"):
        frame[f"ties_{label}"] = frame[f"ties_{label}"].fillna(0).astype(np.int64)
    frame["ties_change"] = frame["ties_after"] - frame["ties_before"]
    frame["trust_change"] = frame["trust_after"] - frame["trust_before"]
    columns = ["sector_a", "sector_b", "ties_before", "ties_after", "ties_change"]
    columns += ["trust_before", "trust_after", "trust_change"]
    return frame[columns].sort_values(["sector_a", "sector_b"], ignore_index=True)


def _dyad_changes(before: CooperationGraph, after: CooperationGraph) -> pd.DataFrame:
    keys = ["a", "b"]
    b = trust.trust_dyads(before).set_index(keys)[["trust_ab", "trust_ba"]]
    a = trust.trust_dyads(after).set_index(keys)[["trust_ab", "trust_ba"]]
    frame = b.join(a, how="outer", lsuffix="_before", rsuffix="_after").reset_index()
    frame["trust_ab_change"] = frame["trust_ab_after"] - frame["trust_ab_before"]
    frame["trust_ba_change"] = frame["trust_ba_after"] - frame["trust_ba_before"]
    return frame.sort_values(keys, ignore_index=True)


def parse_period(value: str, name: str = "period") -> GraphOptions:
    """A window ``START:END`` (``YYYY-MM-DD``, either end open) or a calendar year ``YYYY``.

    Raises :class:`~stakeholder_graph.errors.InputError` (exit code 2) on anything else.

    Examples
    --------
    >>> parse_period("2023").as_dict()["since"], parse_period("2023").as_dict()["until"]
    ('2023-01-01', '2023-12-31')
    >>> parse_period("2024-03-01:").as_dict()["until"] is None
    True
    """
    from stakeholder_graph.errors import InputError

    text = str(value).strip()
    if text.isdigit() and len(text) == 4:
        return GraphOptions(
            since=pd.Timestamp(f"{text}-01-01"), until=pd.Timestamp(f"{text}-12-31")
        )
    if ":" not in text:
        raise InputError(f"{name}: {value!r} is neither START:END (YYYY-MM-DD) nor a year YYYY")
    start, _, end = text.partition(":")
    stamps = []
    for part in (start.strip(), end.strip()):
        if not part:
            stamps.append(None)
            continue
        try:
            stamp = pd.Timestamp(part) if len(part) == 10 and part[4] == "-" else None
        except ValueError:
            stamp = None
        if stamp is None or pd.isna(stamp):
            raise InputError(f"{name}: {part!r} in {value!r} is not a date (use YYYY-MM-DD)")
        stamps.append(stamp)
    since, until = stamps
    if since is not None and until is not None and since > until:
        raise InputError(f"{name}: {value!r} starts after it ends")
    return GraphOptions(since=since, until=until)
