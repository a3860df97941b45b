"""What every callback shares: the app's data, the filter inputs and JSON-ready rows."""

from __future__ import annotations

import json
from typing import Any

import flask
import pandas as pd
from dash import Input, no_update

from dashboards.data import DashboardData
from dashboards.state import FilterState

DATA_KEY = "STAKEHOLDER_GRAPH_DASHBOARD"
"""Key of the :class:`DashboardData` in the Flask app's config."""

FILTER_IDS: tuple[str, ...] = (
    "f-sector",
    "f-type",
    "f-theme",
    "f-muni",
    "f-itype",
    "f-years",
    "f-community",
)
FILTER_INPUTS = [Input(i, "value") for i in FILTER_IDS]


def get_data() -> DashboardData:
    """The data of the app serving the current request."""
    return flask.current_app.config[DATA_KEY]


def filter_state(
    sectors: Any,
    org_types: Any,
    themes: Any,
    municipalities: Any,
    itypes: Any,
    years: Any,
    communities: Any = None,
) -> FilterState:
    """The canonical :class:`FilterState` of the sidebar's control values."""
    return FilterState.make(
        sectors=sectors,
        org_types=org_types,
        themes=themes,
        municipalities=municipalities,
        interaction_types=itypes,
        years=years,
        bounds=get_data().options.years,
        communities=communities,
    )


def records(frame: pd.DataFrame | None, limit: int | None = None) -> list[dict[str, Any]]:
    """Rows for ag-grid: NaN as null, dates as ISO strings, numpy scalars as Python numbers."""
    if frame is None or frame.empty:
        return []
    if limit is not None:
        frame = frame.head(limit)
    dates = frame.select_dtypes(include=["datetime", "datetimetz"]).columns
    if len(dates):
        # a date is a day: 2023-10-20, not 2023-10-20T00:00:00.000
        frame = frame.assign(**{c: frame[c].dt.strftime("%Y-%m-%d") for c in dates})
    return json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))


def clicked_org(ctx: Any) -> Any:
    """The organization of a clicked pattern-matching button (``{"org": id, ...}``), else
    ``no_update``.

    ``ctx`` is Dash's callback context. Buttons are created with ``n_clicks=0``, so their
    appearance (a value of 0 or ``None``) is not a click.
    """
    trigger = ctx.triggered_id
    value = ctx.triggered[0].get("value") if ctx.triggered else None
    if isinstance(trigger, dict) and value:
        return trigger.get("org")
    return no_update
