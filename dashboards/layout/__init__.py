"""Page layouts: one module per view, each with a ``layout()`` of empty, id-carrying parts that
the callbacks fill. :func:`page` picks the module of a view."""

from __future__ import annotations

from dash import html

from dashboards.layout import (
    allies,
    change,
    glossary,
    isolated,
    network,
    overview,
    rankings,
    trust,
)

_PAGES = {
    "overview": overview,
    "network": network,
    "trust": trust,
    "allies": allies,
    "isolated": isolated,
    "rankings": rankings,
    "change": change,
    "glossary": glossary,
}


def page(view: str, analyst: bool = False) -> html.Div:
    """The layout of ``view`` (one of :data:`dashboards.state.VIEWS`); the trust page shows
    dyads only to an ``analyst`` (see :mod:`dashboards.privacy`)."""
    if view == "trust":
        return trust.layout(analyst=analyst)
    return _PAGES[view].layout()
