"""The rows the Cypher load sends: each table of a :class:`NetworkData` as a list of dicts of
plain Python values, one per ``UNWIND $rows`` element of ``cypher/write/*.cypher``.

Prepared column-wise with pandas; missing values become ``None`` (``null`` in Cypher, which
removes a property). The offline import writes the same values as CSV
(:mod:`stakeholder_graph.store.neo4j_import_files`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import TRUST_ITEMS, NetworkData, split_themes


def plain_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame`` as a list of dicts of plain Python values the driver sends as Cypher values.

    Missing values (NaN, NaT, <NA>, empty strings) become ``None``; datetime columns become
    ISO dates (``"YYYY-MM-DD"``, turned into Cypher dates by ``date()`` in the write queries,
    which is cheaper than sending date structures); nullable integers and booleans become
    ``int`` / ``bool``. Column-wise (vectorised per column), then zipped into dicts.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"a": ["x", ""], "d": pd.to_datetime(["2024-05-01", None])})
    >>> plain_records(f)
    [{'a': 'x', 'd': '2024-05-01'}, {'a': None, 'd': None}]
    """
    names = [str(name) for name in frame.columns]
    columns: list[list[Any]] = []
    for name in frame.columns:
        s = frame[name]
        missing = s.isna().to_numpy()
        if pd.api.types.is_datetime64_any_dtype(s):
            values = s.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        else:
            values = s.astype(object).to_numpy()
        if pd.api.types.is_object_dtype(s):
            missing = missing | (s == "").to_numpy(dtype=bool)
        columns.append(np.where(missing, None, values).tolist())
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True)]


def _node_rows(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Rows of the node, theme-link and municipality-link queries of organizations or
    activities; ``themes`` becomes a list, ``themes_text`` keeps a cell that is not exactly
    the ``;``-joined list (so it reads back as written)."""
    themes = split_themes(frame["themes"])
    joined = themes.map(";".join)
    text = frame["themes"].where(frame["themes"] != joined, "")
    nodes = plain_records(frame.drop(columns=["themes"]).assign(themes_text=text))
    for row, listed in zip(nodes, themes, strict=True):
        row["themes"] = listed or None
    ids = frame["id"]
    return {
        "nodes": nodes,
        "prune_themes": [{"id": i, "themes": t} for i, t in zip(ids, themes, strict=True)],
        "themes": _long_themes(ids, themes),
        "prune_municipality": frame[["id", "municipality"]].to_dict("records"),
        "municipality": frame.loc[frame["municipality"] != "", ["id", "municipality"]].to_dict(
            "records"
        ),
    }


def organization_rows(data: NetworkData) -> dict[str, list[dict[str, Any]]]:
    """Rows of the organization queries: nodes, theme links and municipality links."""
    from stakeholder_graph.store.neo4j_import_files import sector_codes

    orgs = data.organizations
    rows = _node_rows(orgs)
    from stakeholder_graph.store.name_search import search_names

    codes = sector_codes(orgs["sector"]).tolist()
    folded = search_names(orgs["name"]).tolist()
    for row, code, name in zip(rows["nodes"], codes, folded, strict=True):
        row["sectorCode"] = None if code is pd.NA else int(code)
        row["searchName"] = name or None
    return rows


def activity_rows(data: NetworkData) -> dict[str, list[dict[str, Any]]]:
    """Rows of the activity queries: nodes, theme links and municipality links."""
    return _node_rows(data.activities)


def _occurrence(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    """0 for the first row of each key, 1 for the second, ... (keeps repeated rows apart)."""
    return frame.groupby(keys, dropna=False, sort=False).cumcount()


def participation_rows(data: NetworkData) -> list[dict[str, Any]]:
    """Rows of ``merge_participation``, with ``seq`` numbering repeated pairs."""
    p = data.participation
    return plain_records(p.assign(seq=_occurrence(p, ["activity", "organization"])))


def _long_themes(ids: pd.Series, themes: pd.Series) -> list[dict[str, Any]]:
    long = pd.DataFrame({"id": ids.to_numpy(), "theme": themes.to_numpy()}).explode("theme")
    long = long.dropna().drop_duplicates()
    return long.to_dict("records")


def interaction_rows(data: NetworkData) -> list[dict[str, Any]]:
    """Rows of ``merge_interactions``: one per interaction, dates as ISO strings."""
    return plain_records(data.interactions)


def perception_rows(data: NetworkData) -> list[dict[str, Any]]:
    """Rows of ``merge_perceptions``: the answer key (ISO date or ``''``), ``seq`` numbering
    repeated answers, and ``trust`` (mean of the trust items answered)."""
    p = data.perceptions
    p = p.assign(
        trust=p[list(TRUST_ITEMS)].mean(axis=1, skipna=True),
        answer=p["date"].dt.strftime("%Y-%m-%d").fillna(""),
        seq=_occurrence(p, ["rater", "ratee", "date"]),
    )
    rows = plain_records(p)
    for row, key in zip(rows, p["answer"], strict=True):
        row["answer"] = key
    return rows
