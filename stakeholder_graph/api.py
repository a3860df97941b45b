"""The Python API: the verbs of the command line as functions.

>>> import stakeholder_graph as sg  # doctest: +SKIP
>>> result = sg.analyze("pleven", since="2023-01-01", directed=True)  # doctest: +SKIP
>>> result["centrality"].nlargest(5, "betweenness")  # doctest: +SKIP
>>> sg.api.export(result, "pleven.graphml")  # doctest: +SKIP

``source`` is anything ``--source`` accepts: a dataset folder, an ``.xlsx`` workbook, the name
of a bundled dataset, or ``"neo4j"``; :func:`analyze` and :func:`export` also take a
:class:`~stakeholder_graph.dataset.model.NetworkData`.
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pandas as pd

from stakeholder_graph.analysis import Analysis, AnalysisParams, write_tables
from stakeholder_graph.analysis import analyze as _analyze
from stakeholder_graph.dataset.model import NetworkData, in_key_order
from stakeholder_graph.errors import InputError
from stakeholder_graph.export import export_graph
from stakeholder_graph.network.graph import GraphOptions

GRAPH_KEYS = frozenset(f.name for f in fields(GraphOptions))
PARAM_KEYS = frozenset(f.name for f in fields(AnalysisParams)) - {"graph"}


def parse_date(value: Any, name: str) -> pd.Timestamp | None:
    """``value`` as a timestamp (``None`` stays ``None``); :class:`InputError` when unreadable.

    Examples
    --------
    >>> parse_date("2024-03-01", "since").date().isoformat()
    '2024-03-01'
    """
    from stakeholder_graph.bounds import parse_date_text

    if value is None or (isinstance(value, str) and value == ""):
        return None
    return parse_date_text(value, name)  # range-checked (stakeholder_graph.bounds)


def make_params(base: AnalysisParams | None = None, **options: Any) -> AnalysisParams:
    """Analysis parameters from keyword options (graph options and analysis parameters mixed).

    Dates may be strings; ``types`` may be a comma-separated string. Unknown names raise
    :class:`InputError`.

    Examples
    --------
    >>> p = make_params(since="2023-01-01", types="grant,ppp", pivots=64, directed=True)
    >>> p.graph.types, p.graph.directed, p.pivots
    (('grant', 'ppp'), True, 64)
    """
    params = base or AnalysisParams()
    unknown = set(options) - GRAPH_KEYS - PARAM_KEYS
    if unknown:
        raise InputError(f"unknown analysis option(s): {', '.join(sorted(unknown))}")
    graph = {k: v for k, v in options.items() if k in GRAPH_KEYS}
    rest = {k: v for k, v in options.items() if k in PARAM_KEYS}
    for key in ("since", "until"):
        if key in graph:
            graph[key] = parse_date(graph[key], key)
    if "types" in graph and isinstance(graph["types"], str):
        graph["types"] = tuple(t.strip() for t in graph["types"].split(",") if t.strip()) or None
    elif graph.get("types") is not None:
        graph["types"] = tuple(graph["types"])
    if "as_of" in rest:
        rest["as_of"] = parse_date(rest["as_of"], "as_of")
    since, until = graph.get("since", params.graph.since), graph.get("until", params.graph.until)
    if since is not None and until is not None and since > until:
        raise InputError(f"since ({since.date()}) is after until ({until.date()})")
    if "isolation_window_days" in rest:
        from stakeholder_graph.bounds import check_window_days

        check_window_days(int(rest["isolation_window_days"]), "isolation_window_days")
    for key in ("exact_threshold", "pivots", "allies_top_k", "allies_per_org"):
        if key in rest and (not isinstance(rest[key], int) or rest[key] < 1):
            raise InputError(f"{key} must be a positive integer, not {rest[key]!r}")
    return replace(params, graph=replace(params.graph, **graph), **rest)


def validate(source: str | Path) -> NetworkData:
    """Read and validate a dataset; :class:`InputError` lists every problem found.

    Returns the :class:`NetworkData` (its ``warnings`` hold the non-fatal findings).
    """
    from stakeholder_graph.sources import read_network

    return read_network(str(source))


def _network(source_or_data: str | Path | NetworkData) -> NetworkData:
    if isinstance(source_or_data, NetworkData):
        return source_or_data
    return validate(source_or_data)


def analyze(
    source_or_data: str | Path | NetworkData,
    out_dir: str | Path | None = None,
    params: AnalysisParams | None = None,
    **options: Any,
) -> Analysis:
    """Analyse a network; with ``out_dir``, also write every table and ``summary.json``.

    ``options`` are the fields of :class:`~stakeholder_graph.network.graph.GraphOptions` and
    :class:`~stakeholder_graph.analysis.AnalysisParams` (see :func:`make_params`).
    """
    result = _analyze(_network(source_or_data), make_params(params, **options))
    if out_dir is not None:
        write_tables(result, out_dir)
    return result


def export(
    source_or_analysis: str | Path | NetworkData | Analysis,
    path: str | Path,
    format: str = "graphml",
    **options: Any,
) -> Path:
    """Write the network with its metrics as GraphML, GEXF or a CSV edge list (see
    :func:`stakeholder_graph.export.export_graph`); analyses it first unless given an
    :class:`Analysis`."""
    if isinstance(source_or_analysis, Analysis):
        if options:
            raise InputError("options apply when exporting a source, not a finished analysis")
        result = source_or_analysis
    else:
        result = analyze(source_or_analysis, **options)
    return export_graph(result, path, format)


def compare(
    source_or_data: str | Path | NetworkData,
    before: str,
    after: str,
    seed: int = 42,
    out_dir: str | Path | None = None,
) -> dict[str, Any]:
    """Compare the network in two periods (``START:END`` or ``YYYY``); see
    :func:`stakeholder_graph.network.change.compare` for the frames returned.

    >>> result = compare("pleven", before="2023", after="2024")  # doctest: +SKIP
    >>> result["ties_gained"].head()  # doctest: +SKIP
    """
    from stakeholder_graph.network.change import compare as _compare
    from stakeholder_graph.network.change import parse_period

    b, a = parse_period(before, "--before"), parse_period(after, "--after")
    result = _compare(_network(source_or_data), b, a, seed=seed)
    if out_dir is not None:
        from stakeholder_graph.cli.change_cmds import write_frames

        write_frames(Path(out_dir), result)
    return result


def what_if(
    source_or_data: str | Path | NetworkData,
    remove: str | list[str] | None = None,
    key_players: int | None = None,
    since: str | None = None,
    until: str | None = None,
) -> dict[str, Any]:
    """The network without the organizations ``remove`` (ids, a list or comma-separated), and
    with ``key_players`` the KPP-Neg / KPP-Pos sets of that size; see
    :mod:`stakeholder_graph.network.whatif`.

    >>> sg.what_if("dk-social", key_players=3)["key_players"]  # doctest: +SKIP
    """
    from stakeholder_graph.network.graph import build_graph
    from stakeholder_graph.network.whatif import key_players as _key_players
    from stakeholder_graph.network.whatif import what_if as _what_if

    data = in_key_order(_network(source_or_data))
    params = make_params(since=since, until=until)
    if key_players is not None and (not isinstance(key_players, int) or key_players < 1):
        raise InputError(f"--key-players must be a positive integer, not {key_players!r}")
    g = build_graph(data, params.graph)
    result: dict[str, Any] = {"summary": {"name": data.name}}
    if remove is not None:
        result = _what_if(g, remove)
        result["summary"] = {"name": data.name, **result["summary"]}
    if key_players is not None:
        result["key_players"] = _key_players(g, key_players)
    return result


def backtest_allies(
    source_or_data: str | Path | NetworkData,
    train: str,
    test: str,
    k: str | tuple[int, ...] = (10, 50, 100),
    negatives: int = 20_000,
    seed: int = 0,
    direct_only: bool = False,
) -> dict[str, Any]:
    """Precision@k, recall@k and AUC of the ally score and four baselines on the ties that
    formed in ``test`` after fitting on ``train`` (``direct_only``: ties formed by interactions,
    not by attending the same activity); see
    :mod:`stakeholder_graph.network.backtest`.

    >>> sg.backtest_allies("pleven", train=":2023-12-31", test="2024-01-01:")  # doctest: +SKIP
    """
    from stakeholder_graph.network.backtest import backtest_allies as _backtest
    from stakeholder_graph.network.change import parse_period

    if isinstance(k, str):
        try:
            ks = tuple(int(x) for x in k.split(",") if x.strip())
        except ValueError as error:
            raise InputError(f"--k: {k!r} is not a comma-separated list of integers") from error
    else:
        ks = tuple(int(x) for x in k)
    if negatives < 1:
        raise InputError(f"--negatives must be a positive integer, not {negatives}")
    return _backtest(
        _network(source_or_data),
        parse_period(train, "--train"),
        parse_period(test, "--test"),
        ks=ks,
        negatives=negatives,
        seed=seed,
        direct_only=direct_only,
    )
