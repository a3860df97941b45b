"""Callbacks, grouped by view. Each module's functions are plain functions (callable without a
browser, as the benchmark does); :func:`register` wires them to an app."""

from __future__ import annotations

import dash

from dashboards.callbacks import change, exports, isolated, network, shell, status, views, whatif


def register(app: dash.Dash) -> None:
    """Attach every callback to ``app``."""
    shell.register(app)
    network.register(app)
    views.register(app)
    isolated.register(app)
    exports.register(app)
    status.register(app)
    change.register(app)
    whatif.register(app)
