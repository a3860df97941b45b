"""Derived results of the opening state, computed before the first visitor arrives.

The views answer from caches (:meth:`dashboards.data.DashboardData.memo`) once a filter state has
been seen. :func:`warm_views` runs the callbacks of the unfiltered, all-years state once, inside
the app's context, so the first page and a first click on any view read a cache instead of
building tables and figures while the visitor waits (on 20,000 organizations the overview alone
is about a second of pandas work).
"""

from __future__ import annotations

from typing import Any

import dash

from dashboards.callbacks import isolated, network, views
from dashboards.callbacks.common import get_data
from dashboards.state import DEFAULT_SIZE


def default_filters() -> list[Any]:
    """The sidebar's control values when a page opens without a query string."""
    years = get_data().options.years
    return [[], [], [], [], [], list(years) if years else [0, 0], []]


def warm_views(app: dash.Dash) -> None:
    """Run the opening state's view callbacks once so their answers are cached."""
    with app.server.app_context():
        filters = default_filters()
        views.overview(*filters)
        views.trust(*filters)
        isolated.isolated(*filters)
        network.community_filter_options(*filters[:-1])
        network.render_network(*filters, DEFAULT_SIZE, "communities")
