"""The report's "what changed" page: the report's period against a comparison period, read from
:func:`stakeholder_graph.network.change.compare` (the numbers ``compare`` writes)."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

from stakeholder_graph.errors import InputError
from stakeholder_graph.network.change import compare, parse_period
from stakeholder_graph.network.graph import GraphOptions
from stakeholder_graph.report.html import table

if TYPE_CHECKING:
    from stakeholder_graph.analysis import Analysis

TOP_TIES = 10
ROWS: tuple[tuple[str, str, str], ...] = (
    ("organizations_active", "organizations with ties", ".0f"),
    ("ties", "ties", ".0f"),
    ("interactions", "interactions", ".0f"),
    ("density", "density", ".3f"),
    ("cross_sector_share", "share of cross-sector ties", ".0%"),
    ("planning_share", "share of interactions in planning", ".0%"),
    ("components", "separate groups", ".0f"),
    ("modularity", "modularity", ".2f"),
)


def periods(analysis: Analysis, compare_with: str) -> tuple[GraphOptions, GraphOptions]:
    """The comparison period (``START:END`` or a year) and the report's period.

    The report's period is its own ``since``/``until``; without ``since`` it starts the day after
    the comparison period ends. Both keep the report's other graph options (types, direction,
    co-participation).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> a = SimpleNamespace(params=SimpleNamespace(graph=GraphOptions()))
    >>> before, after = periods(a, "2023")
    >>> str(before.until.date()), str(after.since.date()), after.until
    ('2023-12-31', '2024-01-01', None)
    """
    window = parse_period(compare_with, "--compare-with")
    if window.until is None:
        raise InputError(f"--compare-with {compare_with}: the comparison period needs an end")
    graph = analysis.params.graph
    before = replace(graph, since=window.since, until=window.until)
    since = graph.since if graph.since is not None else window.until + pd.Timedelta(days=1)
    if graph.until is not None and since > graph.until:
        raise InputError(f"--compare-with {compare_with}: ends after the report's period")
    return before, replace(graph, since=since)


def _fmt(value: Any, fmt: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return format(value, fmt)


def _window(w: dict[str, Any]) -> str:
    return f"{w.get('since') or 'start'} to {w.get('until') or 'end'}"


def changes_html(analysis: Analysis, compare_with: str) -> str:
    """The "what changed" section of the report."""
    before, after = periods(analysis, compare_with)
    result = compare(analysis.graph.data, before, after, seed=analysis.params.seed)
    s = result["summary"]
    rows = pd.DataFrame(
        [
            (
                label,
                _fmt(s["before"][key], fmt),
                _fmt(s["after"][key], fmt),
                ("+" if s["change"][key] > 0 else "") + _fmt(s["change"][key], fmt),
            )
            for key, label, fmt in ROWS
        ],
        columns=["measure", "before", "after", "change"],
    )
    orgs = result["organizations"]
    moved = ", ".join(
        f"{what}: {', '.join(orgs.loc[orgs[col], 'name']) or 'none'}"
        for col, what in (
            ("entered", "entered"),
            ("left", "left"),
            ("became_isolated", "lost every tie"),
        )
    )
    columns = ["a_name", "a_sector", "b_name", "b_sector"]
    heads = ["organization", "sector", "organization", "sector"]
    gained = result["ties_gained"].sort_values("interactions_after", ascending=False)
    lost = result["ties_lost"].sort_values("interactions_before", ascending=False)
    sentence = (
        f"{s['ties_gained']} ties gained ({s['cross_sector_gained']} across sectors) and "
        f"{s['ties_lost']} lost ({s['cross_sector_lost']} across sectors). {moved}."
    )
    return (
        '<section class="page"><h2>What changed</h2>'
        f'<p class="note">The report\'s period ({escape(_window(s["after"]["window"]))}) '
        f"against the comparison period ({escape(_window(s['before']['window']))}).</p>"
        + table(rows)
        + f"<p>{escape(sentence)}</p>"
        + f"<h3>Ties gained (top {TOP_TIES} by interactions)</h3>"
        + table(gained[columns].head(TOP_TIES), heads)
        + f"<h3>Ties lost (top {TOP_TIES} by earlier interactions)</h3>"
        + table(lost[columns].head(TOP_TIES), heads)
        + "</section>"
    )
