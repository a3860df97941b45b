"""The report's methods page: the definitions behind every number, with their references."""

from __future__ import annotations

from html import escape
from typing import Any

DEFINITIONS: tuple[tuple[str, str], ...] = (
    (
        "Ties",
        "Two organizations are tied when they interacted at least once in the window or took "
        "part in the same council, project, hearing, forum or network; a tie's weight adds up "
        "its interactions and shared activities.",
    ),
    (
        "Density",
        "Ties divided by the number of possible pairs, n(n−1)/2 (Wasserman & Faust 1994, §4.3).",
    ),
    (
        "Communities",
        "Leiden algorithm maximising modularity (Traag, Waltman & van Eck 2019); modularity as "
        "in Newman (2006).",
    ),
    (
        "Brokerage",
        "Gould–Fernandez brokerage roles over sectors: for each open two-path a–b–c, broker b is "
        "coordinator, itinerant, gatekeeper, representative or liaison by the sectors of a, b "
        "and c (Gould & Fernandez 1989).",
    ),
    (
        "E–I index",
        "(external − internal) / (external + internal) ties of a sector (Krackhardt & Stern 1988).",
    ),
    (
        "Trust",
        "The mean of a survey answer's reliability, mission support and openness items (1–4), "
        "as in the PARTNER tool (Varda et al. 2008; Varda & Retrum 2012); a sector pair's "
        "trust is the mean over its answers, its asymmetry the difference between the two "
        "directions.",
    ),
    (
        "Initiative",
        "The share of a pair's interactions started by each side or jointly; one-sided when "
        "one side starts at least 80% of at least three interactions.",
    ),
    (
        "Potential allies",
        "Unconnected pairs scored by their shared partners (resource allocation weighted by tie "
        "strength, Zhou, Lü & Zhang 2009) and same municipality, multiplied by how specific "
        "their shared themes are and by cross-sector complementarity.",
    ),
    (
        "Isolated NGOs",
        "Civil and social-economy organizations with no interaction in the window, no tie to "
        "a public body, ties only inside the civil sector, a single partner, or activity down "
        "by half against the previous window.",
    ),
)

REFERENCES: tuple[str, ...] = (
    "Adamic, L. A., Adar, E. (2003). Friends and neighbors on the Web. Social Networks 25(3), "
    "211–230.",
    "Gould, R. V., Fernandez, R. M. (1989). Structures of mediation: a formal approach to "
    "brokerage in transaction networks. Sociological Methodology 19, 89–126.",
    "Krackhardt, D., Stern, R. N. (1988). Informal networks and organizational crises. Social "
    "Psychology Quarterly 51(2), 123–140.",
    "Newman, M. E. J. (2006). Modularity and community structure in networks. PNAS 103(23), "
    "8577–8582.",
    "Traag, V. A., Waltman, L., van Eck, N. J. (2019). From Louvain to Leiden: guaranteeing "
    "well-connected communities. Scientific Reports 9, 5233.",
    "Varda, D. M., Chandra, A., Stern, S. A., Lurie, N. (2008). Core dimensions of "
    "connectivity in public health collaboratives. J. Public Health Management and Practice "
    "14(5), E1–E7.",
    "Varda, D. M., Retrum, J. H. (2012). An exploratory analysis of network characteristics "
    "and quality of interactions among public health collaboratives. J. Public Health "
    "Research 1(2), 170–176.",
    "Wasserman, S., Faust, K. (1994). Social Network Analysis. Cambridge University Press.",
    "Zhou, T., Lü, L., Zhang, Y.-C. (2009). Predicting missing links via local information. "
    "European Physical Journal B 71(4), 623–630.",
)


def methods_html(summary: dict[str, Any]) -> str:
    """The methods page: definitions, how paths were computed, the parameters, references."""
    params = summary.get("parameters", {})
    graph = params.get("graph", {})
    rows = "".join(
        f"<tr><td><b>{escape(name)}</b></td><td>{escape(text)}</td></tr>"
        for name, text in DEFINITIONS
    )
    refs = "".join(f"<li>{escape(r)}</li>" for r in REFERENCES)
    setting = (
        f"Ties {'directed' if summary.get('directed') else 'undirected'}; window "
        f"{graph.get('since') or 'start'} to {graph.get('until') or 'end'}; interaction types "
        f"{', '.join(graph.get('types') or []) or 'all'}; co-participation "
        f"{'counted' if graph.get('coparticipation', True) else 'not counted'}. Betweenness: "
        f"{summary.get('paths', {}).get('method', '')}. Source: {summary.get('source', '')}."
    )
    return (
        "<h2>Methods</h2>"
        f"<table><tbody>{rows}</tbody></table>"
        f'<p class="note">{escape(setting)}</p>'
        f'<h3>References</h3><ol class="note">{refs}</ol>'
    )
