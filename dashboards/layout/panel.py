"""The organization side panel of the network view (built from
:func:`dashboards.summaries.organization_profile`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from dash import html

from dashboards.data import View
from dashboards.figures.charts import kpi
from dashboards.layout.whatif import whatif_block
from dashboards.theme import sector_colour, sector_label

ROLE_TEXT = {
    "coordinator": "coordinator (links organizations of its own sector)",
    "itinerant": "itinerant broker (links two organizations of another sector)",
    "gatekeeper": "gatekeeper (lets outsiders into its sector)",
    "representative": "representative (speaks for its sector outward)",
    "liaison": "liaison (links two other sectors)",
    "gatekeeper/representative": "gatekeeper / representative (links its sector with another)",
}


def _badge(sector: str) -> html.Span:
    return html.Span(
        sector_label(sector), className="badge", style={"backgroundColor": sector_colour(sector)}
    )


def _pick(org_id: str, name: str, sector: str) -> html.Button:
    """A name that selects its organization when clicked."""
    return html.Button(
        [html.Span(className="dot", style={"backgroundColor": sector_colour(sector)}), str(name)],
        id={"type": "pick", "org": org_id},
        className="link-button",
        n_clicks=0,
    )


def _num(value: Any, kind: str = "float") -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return "–"
    return kpi(value, kind)


def _row(label: str, value: Any) -> html.Div:
    return html.Div(
        [html.Span(label, className="k"), html.Span(value, className="v")], className="kv"
    )


def _srm_rows(view: View, org_id: str) -> list[html.Div]:
    """Leniency (rater effect) and reputation (target effect) from the Social Relations Model."""
    srm = view.analysis.tables.get("srm")
    if srm is None or srm.empty:
        return []
    hit = srm[srm["id"] == org_id]
    if hit.empty:
        return []
    row = hit.iloc[0]
    note = " (few answers)" if bool(row.get("few_answers")) else ""
    return [
        _row("leniency (SRM rater effect)", f"{_num(row.get('rater_effect'))}{note}"),
        _row("reputation (SRM target effect)", f"{_num(row.get('target_effect'))}{note}"),
    ]


def organization_panel(profile: dict[str, Any], view: View) -> html.Div:
    """Profile, measures, trust, brokerage, flags, partners and potential allies of one
    organization; every name is text."""
    p = profile["profile"]
    org_id = str(p["id"])
    centrality = view.analysis.tables.get("centrality")
    metrics: dict[str, Any] = {}
    if centrality is not None and not centrality.empty:
        hit = centrality[centrality["id"] == org_id]
        if not hit.empty:
            metrics = hit.iloc[0].to_dict()
    themes = [t.strip() for t in str(p.get("themes") or "").split(";") if t.strip()]
    place = " · ".join(
        str(x)
        for x in (p.get("type"), p.get("municipality"), p.get("country"))
        if x and str(x) != "<NA>"
    )
    head = html.Div(
        [
            html.Div(
                [
                    html.H2(str(p["name"]), id="panel-name", className="panel-name"),
                    _badge(str(p["sector"])),
                ],
                className="panel-title",
            ),
            html.Div(place, className="panel-place"),
            html.Div([html.Span(t, className="chip") for t in themes], className="chips"),
            html.Button(
                "Clear selection",
                id="panel-clear",
                className="button button-light small",
                n_clicks=0,
            ),
        ]
    )
    facts = html.Div(
        [
            _row("founded", str(int(p["founded"])) if pd.notna(p.get("founded")) else "–"),
            _row("staff", _num(p.get("staff"), "int")),
            _row("partners", _num(metrics.get("degree"), "int")),
            _row("betweenness", _num(metrics.get("betweenness_norm"))),
            _row("PageRank", _num(metrics.get("pagerank"))),
            _row("community", _num(metrics.get("community"), "int")),
        ],
        className="kvs",
    )
    trust = profile["trust"]
    brokerage = profile["brokerage"]
    role = str(brokerage.get("role") or "")
    trust_block = html.Div(
        [
            html.H4("Trust"),
            _row(
                "received",
                f"{_num(trust.get('trust_received'))} (n={_num(trust.get('n_received'), 'int')})",
            ),
            _row(
                "given", f"{_num(trust.get('trust_given'))} (n={_num(trust.get('n_given'), 'int')})"
            ),
            _row(
                "value (PARTNER)",
                f"{_num(trust.get('value_received'))} (n={_num(trust.get('n_value'), 'int')})",
            ),
            *_srm_rows(view, org_id),
            *(
                [html.P("Ratings of and by single partners: analysts only.", className="note")]
                if view.private
                else []
            ),
            html.Ul(
                [
                    html.Li(
                        f"{row.partner_name}: gives {_num(row.given)}, receives {_num(row.received)}"
                    )
                    for row in profile["trust_dyads"].head(3).itertuples()
                ],
                className="small-list",
            ),
        ]
    )
    brokerage_block = html.Div(
        [
            html.H4("Brokerage"),
            html.P(
                ROLE_TEXT.get(role, "no dominant brokerage role")
                if role
                else "no cross-sector brokerage"
            ),
            _row("brokerage pairs", _num(brokerage.get("total"), "int")),
            _row("role z-score", _num(brokerage.get(f"{role.split('/')[0]}_z")) if role else "–"),
            _row("E–I index", _num(brokerage.get("ei_index"))),
        ]
    )
    flags = profile["flags"]
    flag_block = html.Div(
        [
            html.H4("Flags"),
            html.Ul([html.Li(f, className="flag") for f in flags]) if flags else html.P("none"),
        ]
    )
    partners = profile["partners"]
    partner_block = html.Div(
        [
            html.H4(f"Partners ({len(partners)})"),
            html.Ul(
                [
                    html.Li(
                        [
                            _pick(r.id, r.name, r.sector),
                            html.Span(f" weight {r.weight:g}", className="muted"),
                        ]
                    )
                    for r in partners.head(12).itertuples()
                ],
                className="small-list",
            ),
        ]
    )
    allies = profile["allies"]
    ally_block = html.Div(
        [
            html.H4("Potential allies"),
            html.Ul(
                [
                    html.Li(
                        [
                            _pick(r.other, r.other_name, r.other_sector),
                            html.Div(str(r.reasons), className="reason"),
                        ]
                    )
                    for r in allies.itertuples()
                ],
                className="small-list",
            )
            if len(allies)
            else html.P("none suggested"),
        ]
    )
    return html.Div(
        [
            head,
            facts,
            flag_block,
            whatif_block(org_id),
            brokerage_block,
            trust_block,
            ally_block,
            partner_block,
        ],
        className="panel-body",
        id="panel-body",
    )
