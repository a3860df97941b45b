"""The coordinators' dashboard: a Dash app over the stakeholder-graph analysis.

``create_app(source)`` builds the app; ``stakeholder-graph dashboard`` serves it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import dash


def create_app(
    source: Any,
    params: Any = None,
    warm: bool = True,
    job_out: Any = None,
    precompute: bool = False,
    role: str = "coordinator",
    **options: Any,
) -> dash.Dash:
    """Build the dashboard app (see :func:`dashboards.app.create_app`)."""
    from dashboards.app import create_app as _create_app

    return _create_app(
        source, params, warm, job_out=job_out, precompute=precompute, role=role, **options
    )


__all__ = ["create_app"]
