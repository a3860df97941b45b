"""Bring a network in from where coordinators keep it: Kumu, GraphML, GEXF, edge lists, and
PARTNER-style survey exports. Each importer maps its source onto dataset format v1, records
what it mapped, guessed and dropped in an :class:`~.summary.ImportSummary`, and the result is
written only after it passes the project's own validation.

>>> from stakeholder_graph.importers import import_dataset  # doctest: +SKIP
>>> data, summary = import_dataset("kumu", "map.xlsx", "datasets/mine")  # doctest: +SKIP
>>> print("\\n".join(summary.lines()))  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from stakeholder_graph.dataset.model import TABLES, NetworkData
from stakeholder_graph.errors import InputError
from stakeholder_graph.fileio import check_out_folder
from stakeholder_graph.importers.build import finish
from stakeholder_graph.importers.mapping import load_mapping
from stakeholder_graph.importers.summary import ImportSummary

FORMATS: tuple[str, ...] = ("kumu", "graphml", "gexf", "edgelist", "partner")


OUT_FILES: tuple[str, ...] = (*(f"{t}.csv" for t in TABLES), "import-summary.json")
"""What an import writes into ``--out`` (a folder holding one of them is a previous output)."""


def import_dataset(
    kind: str,
    path: str | Path,
    out: str | Path,
    map_path: str | Path | None = None,
    force: bool = False,
) -> tuple[NetworkData, ImportSummary]:
    """Import ``path`` (a ``kind`` file) into the dataset folder ``out``.

    ``partner`` adds ``perceptions.csv`` to the dataset already in ``out`` (its organizations
    are who the answers are matched to); every other kind writes a whole dataset. ``out`` must
    be new, empty or a previous import's folder unless ``force``.

    Returns the validated network and the summary. Raises :class:`InputError` (exit 2) for a
    bad file, a bad mapping file, or a result that does not validate (then nothing is written).
    """
    if kind not in FORMATS:
        raise InputError(f"unknown import format {kind!r}; use one of {', '.join(FORMATS)}")
    path, out = Path(path), Path(out)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    check_out_folder(out, OUT_FILES, force=force)
    mapping = load_mapping(map_path)
    summary = ImportSummary(kind, str(path))
    if kind == "partner":
        from stakeholder_graph.dataset.reader import read_dataset
        from stakeholder_graph.importers.partner import import_partner

        if not (out / "organizations.csv").is_file():
            raise InputError(
                f"{out}: a partner survey is added to an existing dataset: --out must be a "
                "dataset folder holding organizations.csv"
            )
        dataset = read_dataset(out)
        perceptions = import_partner(path, dataset, mapping, summary)
        data = NetworkData(
            organizations=dataset.organizations, perceptions=perceptions, name=dataset.name
        )
        return finish(out, summary, data, tables=("perceptions",), base=out), summary
    if kind == "kumu":
        from stakeholder_graph.importers.kumu import import_kumu

        data = import_kumu(path, mapping, summary)
    elif kind == "edgelist":
        from stakeholder_graph.importers.edgelist import import_edgelist

        data = import_edgelist(path, mapping, summary)
    else:
        from stakeholder_graph.importers.graphfile import import_graph_file

        data = import_graph_file(path, kind, mapping, summary)
    if data.organizations.empty:
        raise InputError(
            f"{path}: no organization could be imported; nothing was written",
            summary.lines()[1:],
        )
    return finish(out, summary, data), summary
