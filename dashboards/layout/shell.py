"""The frame around every view: header, navigation, the filter sidebar and the content area."""

from __future__ import annotations

from dash import dcc, html

from dashboards.data import FilterOptions
from dashboards.state import DEFAULT_SIZE, SIZE_MEASURES, VIEW_TITLES, VIEWS
from dashboards.theme import SECTOR_COLOURS, label, sector_label

SIZE_LABELS = {
    "degree": "Degree (partners)",
    "strength": "Strength (weighted ties)",
    "betweenness_norm": "Betweenness (brokerage)",
    "harmonic": "Harmonic closeness",
    "pagerank": "PageRank",
    "eigenvector": "Eigenvector",
    "coreness": "k-core",
}


def _multi(control_id: str, values: tuple[str, ...], placeholder: str) -> dcc.Dropdown:
    return dcc.Dropdown(
        id=control_id,
        options=[{"label": label(v), "value": v} for v in values],
        value=[],
        multi=True,
        placeholder=placeholder,
        className="filter-dropdown",
    )


def _field(label: str, control: object) -> html.Div:
    return html.Div([html.Label(label, className="filter-label"), control], className="filter")


def sidebar(options: FilterOptions) -> html.Aside:
    """The filters: the same on every view, mirrored in the URL."""
    first, last = options.years if options.years else (0, 0)
    marks = {y: str(y) for y in range(first, last + 1)} if options.years else {}
    if len(marks) > 8:
        step = (len(marks) + 7) // 8
        marks = {y: str(y) for y in range(first, last + 1, step)} | {last: str(last)}
    sector_options = [
        {
            "label": html.Span(
                [
                    html.Span(
                        className="swatch",
                        style={"backgroundColor": SECTOR_COLOURS.get(s, "#9E9E9E")},
                    ),
                    sector_label(s),
                ]
            ),
            "value": s,
        }
        for s in options.sectors
    ]
    return html.Aside(
        [
            html.Div(
                [
                    html.Div("–", id="filter-summary", className="filter-summary"),
                    html.Button(
                        "Reset filters",
                        id="reset-filters",
                        className="button button-light",
                        n_clicks=0,
                    ),
                ],
                className="filter-head",
            ),
            _field(
                "Sector",
                dcc.Checklist(
                    id="f-sector", options=sector_options, value=[], className="sector-checklist"
                ),
            ),
            _field("Organization type", _multi("f-type", options.org_types, "all types")),
            _field("Theme", _multi("f-theme", options.themes, "all themes")),
            _field("Municipality", _multi("f-muni", options.municipalities, "all municipalities")),
            _field(
                "Interaction type",
                _multi("f-itype", options.interaction_types, "all interaction types"),
            ),
            _field(
                "Years",
                dcc.RangeSlider(
                    id="f-years",
                    min=first,
                    max=last,
                    step=1,
                    value=[first, last],
                    marks=marks,
                    allowCross=False,
                    disabled=options.years is None,
                    tooltip={"placement": "bottom", "always_visible": False},
                ),
            ),
            _field(
                "Community",
                dcc.Dropdown(
                    id="f-community",
                    options=[],
                    value=[],
                    multi=True,
                    placeholder="all communities",
                    className="filter-dropdown",
                ),
            ),
            html.Div(
                _field(
                    "Node size by",
                    dcc.Dropdown(
                        id="net-size",
                        options=[{"label": SIZE_LABELS[m], "value": m} for m in SIZE_MEASURES],
                        value=DEFAULT_SIZE,
                        clearable=False,
                    ),
                ),
                id="size-box",
                style={"display": "none"},
            ),
            html.P(
                "Sector, type, theme and municipality choose which organizations are shown; the "
                "years and interaction types choose which ties count in the analysis.",
                className="note",
            ),
        ],
        className="sidebar",
    )


def shell(title: str, options: FilterOptions) -> html.Div:
    """The whole page: header with navigation, sidebar, and ``page-content``."""
    nav = html.Nav(
        [
            dcc.Link(VIEW_TITLES[v], href=f"/{v}", id=f"nav-{v}", className="nav-link")
            for v in VIEWS
        ],
        className="nav",
    )
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            dcc.Store(id="selected-org", data=None),
            dcc.Interval(id="analysis-poll", interval=1000, disabled=True),
            html.Header(
                [
                    html.Div(
                        [
                            html.H1("Cooperation network", className="title"),
                            html.Span(title, className="subtitle"),
                        ],
                        className="brand",
                    ),
                    nav,
                ],
                className="header",
            ),
            html.Div(
                [
                    sidebar(options),
                    # a new time window means a new analysis (seconds on large networks):
                    # dim the page and show a spinner while it runs, not on quick updates
                    dcc.Loading(
                        html.Main(
                            [
                                html.Div(
                                    id="link-notice",
                                    className="notice",
                                    role="alert",
                                    style={"display": "none"},
                                ),
                                # path measures that are estimates (a window's quick pass)
                                html.Div(
                                    id="analysis-status",
                                    className="notice notice-info",
                                    role="status",
                                    style={"display": "none"},
                                ),
                                html.Div(id="page-content"),
                            ],
                            className="content",
                        ),
                        type="circle",
                        color="#0072B2",
                        delay_show=600,
                        overlay_style={"visibility": "visible", "opacity": 0.55},
                        parent_style={"flex": "1", "minWidth": 0},
                    ),
                ],
                className="body",
            ),
        ],
        className="app",
    )
