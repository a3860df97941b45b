"""The report's figures: pure functions from an :class:`Analysis` to plotly figures, and their
export to PNG through kaleido (which drives the Chromium the project already installs).

Figures: the network picture (a force-directed layout, organizations coloured by sector with a
legend, sized by degree), the sector x sector cooperation matrix (ties between sectors) and
the sector x sector trust matrix (mean trust a rater sector gives a ratee sector).
"""

from __future__ import annotations

import base64
import os
import shutil
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from stakeholder_graph.dataset.model import SECTORS
from stakeholder_graph.errors import StakeholderGraphError

if TYPE_CHECKING:
    from stakeholder_graph.analysis import Analysis

SECTOR_COLOURS = {
    "public": "#1f77b4",
    "private": "#ff7f0e",
    "civil": "#2ca02c",
    "social_economy": "#9467bd",
}
SECTOR_LABELS = {
    "public": "public",
    "private": "private",
    "civil": "civil",
    "social_economy": "social economy",
}
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 13}


def layout_positions(analysis: Analysis, seed: int = 0) -> np.ndarray:
    """``(n, 2)`` coordinates of a Fruchterman–Reingold layout, the same for the same seed.

    Reference: Fruchterman, T. M. J., Reingold, E. M. (1991). Graph drawing by force-directed
    placement. *Software: Practice and Experience* 21(11), 1129–1164.
    """
    g = analysis.graph.undirected_graph
    n = g.vcount()
    if n == 0:
        return np.zeros((0, 2))
    start = np.random.default_rng(seed).uniform(-1, 1, size=(n, 2)).tolist()
    niter = 500 if n <= 2000 else 100
    coords = g.layout_fruchterman_reingold(seed=start, niter=niter, weights=None)
    return np.asarray(coords.coords, dtype=float)


def network_figure(analysis: Analysis, seed: int = 0) -> go.Figure:
    """The network picture: one trace of edges, one trace per sector (the legend)."""
    cg = analysis.graph
    xy = layout_positions(analysis, seed)
    edges = cg.edges
    u, v = edges["u"].to_numpy(), edges["v"].to_numpy()
    seg = np.full((len(u) * 3, 2), np.nan)
    seg[0::3], seg[1::3] = xy[u], xy[v]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=seg[:, 0],
            y=seg[:, 1],
            mode="lines",
            line={"color": "rgba(120,120,120,0.35)", "width": 0.7},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    degree = np.asarray(cg.undirected_graph.degree(), dtype=float)
    size = 6 + 18 * np.sqrt(degree / degree.max()) if len(degree) and degree.max() > 0 else 8
    sizes = np.broadcast_to(size, (cg.n,))
    for sector in SECTORS:
        mask = np.asarray(cg.sector) == sector
        if not mask.any():
            continue
        fig.add_trace(
            go.Scatter(
                x=xy[mask, 0],
                y=xy[mask, 1],
                mode="markers",
                name=f"{SECTOR_LABELS[sector]} ({int(mask.sum())})",
                marker={
                    "color": SECTOR_COLOURS[sector],
                    "size": sizes[mask],
                    "line": {"color": "white", "width": 0.6},
                },
            )
        )
    fig.update_layout(
        font=FONT,
        showlegend=True,
        legend={"title": {"text": "sector"}, "orientation": "h", "y": -0.02, "font": {"size": 18}},
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    return fig


def cooperation_matrix(analysis: Analysis) -> pd.DataFrame:
    """Ties between sectors: a symmetric sector x sector count (a directed tie counts once for
    its pair of sectors), rows and columns in :data:`SECTORS` order.

    """
    cg = analysis.graph
    index = {s: i for i, s in enumerate(SECTORS)}
    codes = np.array([index.get(s, -1) for s in cg.sector], dtype=np.int64)
    u, v = cg.edges["u"].to_numpy(), cg.edges["v"].to_numpy()
    a, b = codes[u], codes[v]
    ok = (a >= 0) & (b >= 0)
    counts = np.zeros((len(SECTORS), len(SECTORS)), dtype=np.int64)
    np.add.at(counts, (a[ok], b[ok]), 1)
    counts = counts + counts.T - np.diag(np.diag(counts))
    return pd.DataFrame(counts, index=list(SECTORS), columns=list(SECTORS))


def trust_matrix(analysis: Analysis) -> pd.DataFrame:
    """Mean trust (1–4) from each rater sector (rows) to each ratee sector (columns); NaN where
    no one rated."""
    st = analysis["sector_trust"]
    if st.empty:
        return pd.DataFrame(np.nan, index=list(SECTORS), columns=list(SECTORS))
    m = st.pivot_table(index="rater_sector", columns="ratee_sector", values="trust")
    return m.reindex(index=list(SECTORS), columns=list(SECTORS))


def matrix_figure(
    matrix: pd.DataFrame,
    title: str,
    colourscale: str,
    fmt: str,
    zrange: tuple[float, float] | None = None,
) -> go.Figure:
    """A labelled heatmap of a sector x sector matrix, values written in the cells."""
    labels = [SECTOR_LABELS[s] for s in matrix.columns]
    rows = [SECTOR_LABELS[s] for s in matrix.index]
    z = matrix.to_numpy(dtype=float)
    text = [["–" if np.isnan(x) else format(x, fmt) for x in row] for row in z]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=rows,
            text=text,
            texttemplate="%{text}",
            colorscale=colourscale,
            showscale=True,
            hoverongaps=False,
            zmin=zrange[0] if zrange else None,
            zmax=zrange[1] if zrange else None,
        )
    )
    fig.update_layout(
        font=FONT,
        title={"text": title, "x": 0.5},
        yaxis={"autorange": "reversed"},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        paper_bgcolor="white",
    )
    return fig


def chromium_path() -> str | None:
    """The Chromium (or Chrome) used for images and PDF: ``BROWSER_PATH``, else the first of
    ``chromium``, ``chromium-browser``, ``google-chrome`` on ``PATH``."""
    explicit = os.environ.get("BROWSER_PATH")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_png(figures: Sequence[go.Figure], sizes: Sequence[tuple[int, int]]) -> list[bytes]:
    """PNG bytes of each figure, rendered by kaleido in one Chromium session.

    Raises :class:`StakeholderGraphError` when no Chromium can be found (``scripts/
    install-browser.sh`` installs Debian's).
    """
    import kaleido
    import plotly.io as pio

    browser = chromium_path()
    if browser is None:
        raise StakeholderGraphError(
            "no Chromium found for the report's images: install it (scripts/install-browser.sh)"
            " or set BROWSER_PATH"
        )
    os.environ.setdefault("BROWSER_PATH", browser)
    out: list[bytes] = []

    def render() -> None:
        for fig, (width, height) in zip(figures, sizes, strict=True):
            out.append(pio.to_image(fig, format="png", width=width, height=height, scale=2))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kaleido.start_sync_server(silence_warnings=True)
        try:
            done = _bounded(render, RENDER_TIMEOUT_S + 10 * len(figures))
        finally:
            if not _bounded(
                lambda: kaleido.stop_sync_server(silence_warnings=True), STOP_TIMEOUT_S
            ):
                _forget_kaleido_server()
    if not done:
        raise StakeholderGraphError(
            f"the report's images were not rendered within {RENDER_TIMEOUT_S + 10 * len(figures)}"
            " s (Chromium did not answer)"
        )
    return out


RENDER_TIMEOUT_S = 60
"""Seconds the report's images may take (plus 10 per figure) before the report gives up."""
STOP_TIMEOUT_S = 30
"""Seconds kaleido's session may take to close before it is abandoned."""


def _bounded(work: Callable[[], object], seconds: float) -> bool:
    """Run ``work`` in a daemon thread; whether it finished within ``seconds``.

    kaleido's session waits without a timeout on Chromium: seen once in CI, closing it never
    returned (the browser was gone, the session's event loop waited on). A daemon thread left
    waiting does not keep the process alive; its error, if any, is raised here.
    """
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if errors:
        raise errors[0]
    return not thread.is_alive()


def _forget_kaleido_server() -> None:
    """Mark kaleido's stuck global session closed, so that the next report starts a new one and
    the interpreter's exit does not wait on it (kaleido registers a closing call at exit)."""
    try:
        from kaleido._sync_server import GlobalKaleidoServer

        GlobalKaleidoServer()._initialized = False  # noqa: SLF001 - no public way to abandon it
    except (ImportError, AttributeError):
        pass


def data_uri(png: bytes) -> str:
    """A ``data:image/png;base64,...`` URI, so the HTML needs no other file."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
