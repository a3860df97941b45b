"""Render the council report as one self-contained HTML file (figures embedded as data URIs,
styles inline, no script), laid out for A4 pages so Chromium prints it as the PDF."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import pandas as pd

from stakeholder_graph import __version__
from stakeholder_graph.report.content import ReportContent

CSS = """
@page { size: A4; margin: 15mm 14mm 16mm 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #222;
       max-width: 190mm; margin: 0 auto; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0 0 2mm 0; }
h2 { font-size: 13pt; border-bottom: 1.5px solid #2c5d8a; padding-bottom: 1mm; margin-top: 0; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm 0; }
.subtitle { color: #555; margin-bottom: 5mm; }
section.page { break-before: page; }
section.first { break-before: auto; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm 0; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #ddd; padding: 0.9mm 1.4mm; text-align: left;
         vertical-align: top; }
th { background: #eef3f8; }
td.num { text-align: right; white-space: nowrap; }
table.headline { font-size: 9.5pt; }
table.headline td.value { font-size: 12pt; font-weight: bold; color: #2c5d8a;
                          white-space: nowrap; }
img { max-width: 100%; display: block; margin: 0 auto; }
img.network { max-height: 100mm; }
.figure-row { display: flex; gap: 4mm; }
.figure-row img { width: 50%; }
.note { color: #555; font-size: 9pt; }
tr { break-inside: avoid; }
"""


def _cell(value: Any) -> tuple[str, bool]:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "", False
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat(), False
    if isinstance(value, bool):
        return ("yes" if value else "no"), False
    if isinstance(value, float):
        return (f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"), True
    if isinstance(value, int):
        return str(value), True
    return str(value), False


def table(frame: pd.DataFrame, headers: Sequence[str] | None = None) -> str:
    """An HTML table of ``frame`` (numbers right-aligned, everything escaped)."""
    if frame.empty:
        return '<p class="note">None.</p>'
    heads = headers or [str(c).replace("_", " ") for c in frame.columns]
    out = ["<table><thead><tr>", *(f"<th>{escape(h)}</th>" for h in heads), "</tr></thead><tbody>"]
    for row in frame.itertuples(index=False):
        out.append("<tr>")
        for value in row:
            text, numeric = _cell(value.item() if hasattr(value, "item") else value)
            out.append(
                f'<td class="num">{escape(text)}</td>' if numeric else f"<td>{escape(text)}</td>"
            )
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_html(content: ReportContent, images: dict[str, str], methods: str) -> str:
    """The whole report as HTML text.

    ``images`` maps ``"network"``, ``"cooperation"`` and ``"trust"`` to data URIs;
    ``methods`` is the methods page's HTML.
    """
    c = content
    headline_rows = "".join(
        f'<tr><td class="value">{escape(h.value)}</td><td><b>{escape(h.label)}</b>: '
        f"{escape(h.meaning)}</td></tr>"
        for h in c.headlines
    )
    iso = c.notes["isolation_window"]
    isolated_text = (
        f"Civil-society and social-economy organizations flagged for the window "
        f"{iso['start']} to {iso['as_of']} ({iso['days']} days): no interaction in the window, "
        "no tie to any public body, ties only inside the civil sector, a single partner, or "
        "activity down by half or more against the previous window."
    )
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(c.title)}</title><style>{CSS}</style></head><body>",
        '<section class="first">',
        f'<h1>{escape(c.title)}</h1><div class="subtitle">{escape(c.subtitle)}</div>',
        "<h2>Headline numbers</h2>",
        f'<table class="headline"><tbody>{headline_rows}</tbody></table>',
        "<h2>The network</h2>",
        f'<img class="network" alt="The cooperation network, organizations coloured by sector" '
        f'src="{images["network"]}">',
        '<p class="note">Each dot is an organization, coloured by sector (legend below the '
        "picture) and sized by its number of partners; each line is a tie (an interaction or a "
        "shared council, project or hearing). Organizations that work together are drawn "
        "close together.</p></section>",
        '<section class="page"><h2>Cooperation and trust between sectors</h2>',
        '<div class="figure-row">',
        f'<img alt="Ties between sectors" src="{images["cooperation"]}">',
        f'<img alt="Trust between sectors" src="{images["trust"]}">',
        "</div>",
        '<p class="note">Left: how many ties join each pair of sectors. Right: the mean trust '
        "(1–4) organizations of the row sector give organizations of the column sector in the "
        "partner survey; a dash where no one answered.</p>",
        "<h3>Openness of each sector (E–I index)</h3>",
        table(c.sector_ei),
        '<p class="note">E–I index: (external − internal) / (external + internal) ties; −1 means '
        "a sector only works with itself, +1 only with others.</p>",
        "</section>",
        '<section class="page"><h2>Who brokers between sectors</h2>',
        table(c.brokers, ["organization", "sector", "main role", "brokerage", "sector pairs"]),
        '<p class="note">Brokerage counts the pairs of partners an organization connects that '
        "are not tied to each other (Gould–Fernandez roles: coordinator, gatekeeper, "
        "representative, itinerant, liaison). Without these brokers, the sectors they join "
        "would lose their link.</p>",
        "<h2>Trust and initiative asymmetries</h2>",
        "<h3>Sectors that trust each other unequally</h3>",
        table(c.sector_asymmetry, ["sector a", "sector b", "a trusts b", "b trusts a", "gap"]),
        "<h3>Pairs with the largest trust gap</h3>",
        table(c.trust_gaps, ["a", "b", "a trusts b", "b trusts a", "gap"]),
        "<h3>Who takes the initiative</h3>",
        table(
            c.initiative,
            ["sector a", "sector b", "interactions", "% by a", "% by b", "% joint", "one-sided"],
        ),
        "</section>",
        '<section class="page"><h2>Potential allies</h2>',
        '<p class="note">Pairs with no tie yet, ranked by shared themes (rarer themes count '
        "more), shared partners, cross-sector complementarity and place.</p>",
        table(c.allies, ["#", "organization", "sector", "could meet", "sector", "score", "why"]),
        "</section>",
        "<section><h2>Isolated NGOs and why</h2>",
        f'<p class="note">{escape(isolated_text)}</p>',
        table(c.isolated, ["organization", "sector", "partners", "last interaction", "why"]),
        "</section>",
    ]
    if "changes" in c.notes:
        parts.append(c.notes["changes"])
    parts += [
        '<section class="page">',
        methods,
        f'<p class="note">Made with stakeholder-graph {escape(__version__)}.</p>',
        "</section></body></html>",
    ]
    return "\n".join(parts)
