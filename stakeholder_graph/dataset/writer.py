"""Write a :class:`NetworkData` as a dataset folder (format v1): one UTF-8 CSV per table.

The output is byte-for-byte deterministic for a given network: columns in :data:`TABLES` order,
``\\n`` line ends, no BOM, ISO dates (``YYYY-MM-DD``), booleans as ``true``/``false``, missing
values as empty fields, and numbers without a trailing ``.0`` when they are whole.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import TABLES, NetworkData, coerce_table

_DTYPES = {"str": "object", "date": "datetime64[ns]", "float": "float64", "int": "Int64"}


def _is_canonical(table: str, frame: pd.DataFrame) -> bool:
    """True when ``frame`` already has exactly the columns and dtypes of ``table``."""
    columns = TABLES[table]
    if list(frame.columns) != list(columns):
        return False
    return all(str(frame[c].dtype) == _DTYPES.get(kind, "boolean") for c, kind in columns.items())


def format_table(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every column of ``table`` turned into the text written to CSV.

    Parameters
    ----------
    table:
        One of :data:`TABLES`.
    frame:
        A frame holding (a subset of) the table's columns; missing ones are written empty.

    Returns
    -------
    pandas.DataFrame
        Object columns of ``str`` in file order.

    Examples
    --------
    >>> f = format_table("perceptions", pd.DataFrame(
    ...     {"rater": ["a"], "ratee": ["b"], "reliability": [3.0], "openness": [2.5]}))
    >>> f.loc[0, ["reliability", "openness", "influence"]].tolist()
    ['3', '2.5', '']
    """
    if not _is_canonical(table, frame):
        frame = coerce_table(table, frame)
    out: dict[str, pd.Series] = {}
    for column, kind in TABLES[table].items():
        s = frame[column]
        if kind == "str":
            text = s
        elif kind == "date":
            values = s.to_numpy("datetime64[D]")
            text = pd.Series(np.datetime_as_string(values, unit="D"), dtype=object)
            text[s.isna().to_numpy()] = ""
        elif kind == "float":
            values = s.to_numpy(float)
            known = np.isfinite(values)
            whole = known & (values == np.round(values))
            text = pd.Series(np.full(len(values), "", dtype=object))
            if whole.any():
                text[whole] = values[whole].astype(np.int64).astype(str)
            rest = known & ~whole
            if rest.any():
                text[rest] = [f"{v:.6g}" for v in values[rest]]
        elif kind == "int":
            text = s.astype("string").fillna("").astype(object)
        else:  # bool
            values = s.astype("boolean")
            text = pd.Series(
                np.where(values.fillna(False).to_numpy(bool), "true", "false"), dtype=object
            )
            text[values.isna().to_numpy()] = ""
        out[column] = pd.Series(text.to_numpy(dtype=object), dtype=object)
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def write_dataset(data: NetworkData, out: Path, tables: tuple[str, ...] | None = None) -> None:
    """Write ``data`` to the folder ``out`` (created when missing), one CSV per table.

    Parameters
    ----------
    data:
        The network to write.
    out:
        The dataset folder; existing files of the same names are replaced, all together
        after every file is written. Values are written as stored (a dataset is data, not a
        spreadsheet report: no formula neutralising here).
    tables:
        Which tables to write (default: all five, even when empty, as header-only files).
    """
    from stakeholder_graph.fileio import StagedFiles, file_errors

    out = Path(out)
    with file_errors(out, "create folder"):
        out.mkdir(parents=True, exist_ok=True)
    staged = StagedFiles(out)  # all files renamed into place only once all are written
    try:
        for table in tables or tuple(TABLES):
            text = format_table(table, data.table(table))
            staged.write_text(f"{table}.csv", text.to_csv(index=False, lineterminator="\n"))
        staged.commit()
    except BaseException:
        staged.discard()
        raise
