"""Files shipped with the package: the Cypher library and the bundled datasets.

This is the one place that locates ``cypher/`` and ``datasets/``; both are package data in a
wheel and the top-level folders of a source checkout.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


def _package_dir(package: str) -> Path:
    return Path(str(resources.files(package)))


def cypher_dir() -> Path:
    """The folder holding ``schema/``, ``queries/`` and ``write/``."""
    return _package_dir("stakeholder_graph.cypher")


def datasets_dir() -> Path:
    """The folder holding the bundled datasets, one subfolder each."""
    return _package_dir("stakeholder_graph.datasets")


def metrics_doc() -> Path | None:
    """``docs/metrics.md`` (the definitions of every measure), or None when not shipped."""
    try:
        path = _package_dir("stakeholder_graph.docs") / "metrics.md"
    except ModuleNotFoundError:
        path = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"
    return path if path.is_file() else None


def bundled_datasets() -> list[str]:
    """Names of the bundled datasets, sorted."""
    return sorted(p.name for p in datasets_dir().iterdir() if (p / "organizations.csv").is_file())


def bundled_dataset(name: str) -> Path | None:
    """The folder of the bundled dataset ``name``, or None when there is none by that name.

    A name is a plain name: anything with a path separator or ``..`` is not a bundled dataset.

    >>> bundled_dataset("../pleven") is None, bundled_dataset("") is None
    (True, True)
    """
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name:
        return None
    path = datasets_dir() / name
    return path if (path / "organizations.csv").is_file() else None


@cache
def cypher(relative_path: str) -> str:
    """The text of ``cypher/<relative_path>`` (e.g. ``"write/load_organizations.cypher"``)."""
    path = cypher_dir() / relative_path
    if path.suffix != ".cypher":
        path = path.with_suffix(".cypher")
    return path.read_text(encoding="utf-8")
