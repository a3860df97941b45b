"""The app factory: :func:`create_app` reads the network once and wires layout and callbacks."""

from __future__ import annotations

from pathlib import Path

import dash

from dashboards.callbacks import register
from dashboards.callbacks.common import DATA_KEY
from dashboards.data import QUICK_ABOVE, DashboardData
from dashboards.history import load_history
from dashboards.layout.shell import shell
from dashboards.privacy import DEFAULT_ROLE
from stakeholder_graph.analysis import AnalysisParams
from stakeholder_graph.dataset.model import NetworkData
from stakeholder_graph.sources import read_network

ASSETS = Path(__file__).resolve().parent / "assets"


def create_app(
    source: str | NetworkData,
    params: AnalysisParams | None = None,
    warm: bool = True,
    job_out: str | Path | None = None,
    precompute: bool = False,
    role: str = DEFAULT_ROLE,
    quick_above: int | None = QUICK_ABOVE,
) -> dash.Dash:
    """A Dash app showing the network named by ``source``.

    Parameters
    ----------
    source:
        A dataset folder, an ``.xlsx`` workbook, a bundled dataset's name, ``"neo4j"`` (see
        :func:`stakeholder_graph.sources.read_network`), or an already read network.
    params:
        Analysis parameters; the dashboard's filters change the window and interaction types.
    warm:
        Compute the unfiltered analysis, the layout and the opening state's views before
        serving, so the first page is fast.
    job_out:
        The isolated-NGO job's out folder: its ``report.json`` shows newly / still isolated and
        recovered organizations on the Isolated view. Without it, a dashboard on ``"neo4j"``
        shows the runs the job recorded there (``flag-isolated --write-back``).
    precompute:
        Analyse, in a background process, the year windows a coordinator is likely to pick next
        (see :mod:`dashboards.precompute`), so a year change answers from the cache, and the
        Change view's default periods (:func:`dashboards.change.prefetch_default`).
    role:
        ``coordinator`` (default): ratings only aggregated, never one organization's rating of
        another; ``analyst``: the dyads too (see :mod:`dashboards.privacy`).
    quick_above:
        In networks with more organizations, a window not analysed yet is answered first by a
        quick analysis (sampled betweenness, closeness and harmonic, labelled as estimates) and
        refined in the background; ``None`` always waits for the full analysis.

    Returns
    -------
    dash.Dash
        Not yet running: call ``app.run(host, port)`` or serve ``app.server`` with any WSGI server.

    Examples
    --------
    >>> app = create_app("pleven")  # doctest: +SKIP
    >>> app.run(port=8050)  # doctest: +SKIP
    """
    network = source if isinstance(source, NetworkData) else read_network(source)
    data = DashboardData(
        network,
        params,
        history=load_history(source, job_out),
        role=role,
        quick_above=quick_above,
    )
    if warm:
        from dashboards.state import FilterState

        data.analyses.get(FilterState().analysis_key(), quick=False)
        data.view(FilterState())
        _ = data.positions
    if precompute:
        from dashboards.change import prefetch_default

        data.prefetch_windows()
        prefetch_default(data)  # the Change view's default periods
    app = dash.Dash(
        __name__,
        title=f"Cooperation network · {network.name}",
        assets_folder=str(ASSETS),
        assets_path_ignore=["vendor"],  # served on demand (ready.js), not on every page
        suppress_callback_exceptions=True,
        update_title=None,
    )
    app.server.config[DATA_KEY] = data
    app.layout = shell(network.name, data.options)
    register(app)
    if warm:
        from dashboards.warm import warm_views

        warm_views(app)
    return app
