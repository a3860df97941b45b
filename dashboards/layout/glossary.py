"""Glossary: every measure in one plain sentence and one "what to do with it", from docs/metrics.md."""

from __future__ import annotations

from dash import html

from dashboards.glossary import glossary, sections


def layout() -> html.Div:
    """The glossary page (built from :func:`dashboards.glossary.sections`)."""
    entries = sections()
    if not entries:
        return html.Div(
            "The metrics document (docs/metrics.md) is not installed.", className="placeholder"
        )
    keys = {
        e.title: sorted(k for k, v in glossary().items() if v.title == e.title) for e in entries
    }
    return html.Div(
        [
            html.P(
                "Each measure of the dashboard in one sentence, and what a coordinator can do "
                "with it — read from the project's metrics document (docs/metrics.md), where the "
                "formulas and references are. Column headers marked ⓘ show the same text.",
                className="note",
            ),
            html.Dl(
                [
                    part
                    for e in entries
                    for part in (
                        html.Dt(
                            [
                                html.Span(e.title, className="term"),
                                html.Span(
                                    " · ".join(keys[e.title]) if len(keys[e.title]) > 1 else "",
                                    className="keys",
                                ),
                            ],
                            id=f"term-{keys[e.title][0]}",
                        ),
                        html.Dd(
                            [
                                html.Span(e.definition, className="definition"),
                                html.Br() if e.reading else None,
                                html.Span(e.reading, className="reading") if e.reading else None,
                            ]
                        ),
                    )
                ],
                className="glossary card",
                id="glossary",
            ),
        ],
        className="page page-glossary",
    )
