"""The "What if it left?" part of the organization panel (network view).

The panel shows a button; the answer — computed on demand for that one organization with
:func:`stakeholder_graph.network.whatif.what_if` (without its betweenness, the costly part on
large networks) — is written into ``whatif-result`` by :mod:`dashboards.callbacks.whatif`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboards.glossary import explain
from dashboards.theme import sector_colour

SHOWN = 15
"""Names listed per group (the count says how many there are)."""


def whatif_block(org_id: str) -> html.Div:
    """The panel's block: the button and an empty answer area."""
    return html.Div(
        [
            html.H4("What if it left?", title=explain("cut_off") or None),
            html.Button(
                "What if it left?",
                id="whatif-run",
                className="button button-light small",
                n_clicks=0,
                title="Remove this organization and its ties, and see who is cut off",
            ),
            html.Div(id="whatif-result", **{"data-org": org_id}),
        ],
        id="whatif-block",
    )


def _pick(org_id: str, name: str, sector: str, group: str) -> html.Button:
    """A name that selects its organization (ids apart from the panel's partner links, which
    may name the same organization)."""
    return html.Button(
        [html.Span(className="dot", style={"backgroundColor": sector_colour(sector)}), str(name)],
        id={"type": "whatif-pick", "org": org_id, "group": group},
        className="link-button",
        n_clicks=0,
    )


def _names(frame: pd.DataFrame, ident: str) -> html.Ul:
    items = [
        html.Li(_pick(str(r.id), str(r.name), str(r.sector), ident))
        for r in frame.head(SHOWN).itertuples(index=False)
    ]
    if len(frame) > SHOWN:
        items.append(html.Li(f"… and {len(frame) - SHOWN:,} more", className="muted"))
    return html.Ul(items, className="small-list", id=ident)


def ngos_losing_public(result: dict[str, Any]) -> pd.DataFrame:
    """NGOs (civil and social-economy) that lose every path to a public body."""
    cut = result["cut_off"]
    ngo = cut["sector"].astype(str).isin(("civil", "social_economy"))
    return cut[ngo & cut["loses_public"].astype(bool)].sort_values("name", ignore_index=True)


def whatif_answer(name: str, result: dict[str, Any]) -> html.Div:
    """The sentence and the lists for one removed organization.

    "If <name> left: N NGOs lose every path to a public body, M organizations leave the
    largest component", then who they are, and the ties that would need replacing.
    """
    cut = result["cut_off"]
    summary = result["summary"]
    ngos = ngos_losing_public(result)
    leave = cut[cut["loses_largest_component"].astype(bool)].sort_values("name", ignore_index=True)
    business = int(summary.get("lose_private", 0))
    n, m = len(ngos), len(leave)
    head = html.P(
        [
            html.Strong(f"If {name} left: "),
            html.Span(
                f"{n:,} NGO{'' if n == 1 else 's'} lose{'s' if n == 1 else ''} every path to a "
                f"public body, {m:,} organization{'' if m == 1 else 's'} leave"
                f"{'s' if m == 1 else ''} the largest component",
                id="whatif-sentence",
            ),
            html.Span(
                f"; {business:,} lose{'s' if business == 1 else ''} every path to a business."
                if business
                else ".",
            ),
        ]
    )
    before, after = summary["before"], summary["after"]
    facts = html.P(
        f"{summary['ties_to_replace']:,} ties would need replacing; components "
        f"{before['components']:,} → {after['components']:,}, largest component "
        f"{before['largest_component']:,} → {after['largest_component']:,}.",
        className="muted",
    )
    parts: list[Any] = [head, facts]
    if n:
        parts += [html.H5("NGOs cut off from every public body"), _names(ngos, "whatif-ngos")]
    if m:
        parts += [html.H5("Leave the largest component"), _names(leave, "whatif-leave")]
    if not n and not m:
        parts.append(html.P("Nobody is cut off: the others stay connected without it."))
    return html.Div(parts, className="whatif-answer")
