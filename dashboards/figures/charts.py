"""Plotly charts of the overview, trust and isolation views (pure functions).

Every chart takes plain frames or dicts (analysis tables, :mod:`dashboards.summaries` outputs)
and returns a :class:`plotly.graph_objects.Figure` in the shared theme. Text drawn by plotly is
HTML-escaped first, so names and categories display exactly as written.
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboards.theme import (
    ASYMMETRY_SCALE,
    STAGE_COLOURS,
    TRUST_SCALE,
    plot_layout,
    sector_colour,
    sector_label,
)
from stakeholder_graph.dataset.model import SECTORS


def _esc(value: object) -> str:
    return html.escape(str(value))


def empty_figure(message: str) -> go.Figure:
    """A blank figure carrying ``message`` in its middle."""
    fig = go.Figure()
    fig.update_layout(
        **plot_layout(),
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {"text": _esc(message), "showarrow": False, "font": {"size": 14, "color": "#78909C"}}
        ],
    )
    return fig


def sector_bar(per_sector: dict[str, int]) -> go.Figure:
    """Organizations per sector, one bar each in its sector colour.

    Examples
    --------
    >>> fig = sector_bar({"public": 3, "civil": 5})
    >>> list(fig.data[0].y)
    [3, 5]
    """
    sectors = [s for s in per_sector if per_sector[s] or s in SECTORS]
    fig = go.Figure(
        go.Bar(
            x=[sector_label(s) for s in sectors],
            y=[per_sector[s] for s in sectors],
            marker_color=[sector_colour(s) for s in sectors],
            text=[per_sector[s] for s in sectors],
            textposition="outside",
            hovertemplate="%{x}: %{y} organizations<extra></extra>",
        )
    )
    fig.update_layout(**plot_layout(title="Organizations per sector"), yaxis_title="organizations")
    return fig


def stage_bar(shares: dict[str, float]) -> go.Figure:
    """Share of interactions in planning, implementation and evaluation: one stacked bar."""
    fig = go.Figure()
    for stage, share in shares.items():
        fig.add_trace(
            go.Bar(
                y=["interactions"],
                x=[share],
                orientation="h",
                name=stage.capitalize(),
                marker_color=STAGE_COLOURS.get(stage, STAGE_COLOURS["unknown"]),
                text=[f"{share:.0%}"],
                textposition="inside",
                hovertemplate=f"{stage}: %{{x:.0%}}<extra></extra>",
            )
        )
    fig.update_layout(
        **plot_layout(
            title="Planning vs implementation", margin={"l": 20, "r": 20, "t": 40, "b": 20}
        ),
        barmode="stack",
        height=170,
        xaxis={"tickformat": ".0%", "range": [0, 1]},
        yaxis={"visible": False},
        legend={"orientation": "h", "y": -0.3},
    )
    return fig


def sector_pair_heatmap(pairs: pd.DataFrame) -> go.Figure:
    """Ties per pair of sectors (a symmetric matrix): who works with whom.

    Examples
    --------
    >>> p = pd.DataFrame({"sector_a": ["public"], "sector_b": ["civil"], "ties": [5]})
    >>> sector_pair_heatmap(p).data[0].z.tolist()
    [[nan, 5.0], [5.0, nan]]
    """
    if pairs.empty:
        return empty_figure("No ties in this selection")
    present = set(pairs["sector_a"]) | set(pairs["sector_b"])
    order = [s for s in SECTORS if s in present] + sorted(present - set(SECTORS))
    both = pd.concat(
        [pairs, pairs.rename(columns={"sector_a": "sector_b", "sector_b": "sector_a"})]
    ).drop_duplicates(["sector_a", "sector_b"])
    z = both.pivot_table(index="sector_a", columns="sector_b", values="ties", aggfunc="sum")
    z = z.reindex(index=order, columns=order)
    labels = [sector_label(s) for s in order]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(float),
            x=labels,
            y=labels,
            colorscale="Blues",
            texttemplate="%{z:,.0f}",
            showscale=False,
            hovertemplate="%{y} – %{x}: %{z:,.0f} ties<extra></extra>",
        )
    )
    fig.update_layout(
        **plot_layout(
            title="Ties between sectors", height=300, margin={"l": 110, "r": 20, "t": 40, "b": 40}
        ),
        yaxis_autorange="reversed",
    )
    return fig


_PANELS = (
    # (title, x domain, y domain)
    ("Ties per year", (0.0, 0.45), (0.6, 1.0)),
    ("Density", (0.55, 1.0), (0.6, 1.0)),
    ("Cross-sector share of ties", (0.0, 0.45), (0.0, 0.4)),
    ("Planning vs implementation", (0.55, 1.0), (0.0, 0.4)),
)


def partial_years(dates: pd.Series) -> dict[int, str]:
    """Years the data covers only in part, with a note: ``{2021: "from 2021-07-01"}``.

    A first year whose data starts after January, or a last year ending before December, is
    partial: its counts are not comparable with a whole year's.

    Examples
    --------
    >>> partial_years(pd.Series(pd.to_datetime(["2021-07-01", "2023-12-31"])))
    {2021: 'from 2021-07-01'}
    """
    dates = pd.to_datetime(dates).dropna()
    if dates.empty:
        return {}
    first, last = dates.min(), dates.max()
    out: dict[int, str] = {}
    # more than a month missing at either end makes a year partial
    if first > pd.Timestamp(year=first.year, month=1, day=31):
        out[first.year] = f"from {first.date().isoformat()}"
    if last < pd.Timestamp(year=last.year, month=12, day=1):
        note = f"to {last.date().isoformat()}"
        out[last.year] = f"{out[last.year]} {note}" if last.year in out else note
    return out


def trend_figure(trend: pd.DataFrame, partial: dict[int, str] | None = None) -> go.Figure:
    """Ties, density, cross-sector share and planning share per year (four small panels).

    Built from a plain figure dictionary (four axis pairs side by side), which is several
    times faster than ``make_subplots`` for the same picture. Years in ``partial`` (see
    :func:`partial_years`) are drawn as open markers on a dotted line and named under the chart,
    so a half year does not read as a collapse; every axis starts at zero.

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2022, 2023], "ties": [3, 5], "density": [0.1, 0.2],
    ...                   "cross_sector_share": [0.5, 0.4], "planning_share": [0.1, 0.2],
    ...                   "implementation_share": [0.8, 0.7]})
    >>> [tr.yaxis for tr in trend_figure(t).data]
    ['y', 'y2', 'y3', 'y4', 'y4']
    """
    if trend.empty:
        return empty_figure("No dated interactions in this selection")
    year = trend["year"].tolist()
    series = (
        ("ties", "ties", "#37474F", 1),
        ("density", "density", "#5E35B1", 2),
        ("cross_sector_share", "cross-sector", "#00897B", 3),
        ("planning_share", "planning", STAGE_COLOURS["planning"], 4),
        ("implementation_share", "implementation", STAGE_COLOURS["implementation"], 4),
    )
    partial = partial or {}
    symbols = ["circle-open" if y in partial else "circle" for y in year]
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": year,
            "y": trend[column].tolist(),
            "name": name,
            "line": {"color": colour},
            "marker": {"symbol": symbols, "size": 8},
            "xaxis": "x" if k == 1 else f"x{k}",
            "yaxis": "y" if k == 1 else f"y{k}",
            "showlegend": k == 4,
        }
        for column, name, colour, k in series
    ]
    layout: dict[str, Any] = plot_layout(height=460, legend={"orientation": "h", "y": -0.12})
    annotations = []
    for k, (title, xdom, ydom) in enumerate(_PANELS, start=1):
        suffix = "" if k == 1 else str(k)
        layout[f"xaxis{suffix}"] = {"domain": list(xdom), "anchor": f"y{suffix}", "dtick": 1}
        yaxis: dict[str, Any] = {"domain": list(ydom), "anchor": f"x{suffix}"}
        if k in (1, 2):
            yaxis["rangemode"] = "tozero"
        if k == 2:
            yaxis["tickformat"] = ".2~r"  # 0.0008, not 800µ
        if k >= 3:
            yaxis.update({"tickformat": ".0%", "range": [0, 1]})
        layout[f"yaxis{suffix}"] = yaxis
        annotations.append(
            {
                "text": title,
                "x": sum(xdom) / 2,
                "y": ydom[1] + 0.02,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 14},
            }
        )
    if partial:
        annotations.append(
            {
                "text": "Open markers: partial years ("
                + "; ".join(f"{y} {note}" for y, note in sorted(partial.items()))
                + ")",
                "x": 0,
                "y": -0.2,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "left",
                "showarrow": False,
                "font": {"size": 12, "color": "#607D8B"},
            }
        )
    layout["annotations"] = annotations
    return go.Figure({"data": data, "layout": layout})


def _sector_matrix(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    sectors = [s for s in SECTORS if s in set(frame["rater_sector"]) | set(frame["ratee_sector"])]
    extra = sorted((set(frame["rater_sector"]) | set(frame["ratee_sector"])) - set(SECTORS))
    order = sectors + extra
    return frame.pivot_table(
        index="rater_sector", columns="ratee_sector", values=value, aggfunc="mean"
    ).reindex(index=order, columns=order)


def response_note(survey: dict[str, Any] | None) -> str:
    """The survey's response rate, overall and per sector, as one line ("" when unknown).

    Examples
    --------
    >>> response_note({"response_rate": 0.5, "response_rate_by_sector": {"civil": 0.75,
    ...                "public": 0.25, "private": None}})
    'answered: 50 % of organizations (civil society 75 %, public 25 %)'
    """
    if not survey or survey.get("response_rate") is None:
        return ""
    parts = [
        f"{sector_label(k).lower()} {v:.0%}".replace("%", " %")
        for k, v in (survey.get("response_rate_by_sector") or {}).items()
        if v is not None
    ]
    overall = f"{survey['response_rate']:.0%}".replace("%", " %")
    return f"answered: {overall} of organizations" + (f" ({', '.join(parts)})" if parts else "")


def partner_note(survey: dict[str, Any] | None) -> str:
    """The network's PARTNER-style scores (trust, and value when rated) as one line.

    Examples
    --------
    >>> partner_note({"trust_score": 2.52, "value_score": None})
    'network trust score (PARTNER) 2.52 / 4'
    >>> partner_note({"trust_score": 2.5, "value_score": 3.0})
    'network trust score (PARTNER) 2.50 / 4 · value score 3.00 / 4'
    """
    if not survey or survey.get("trust_score") is None:
        return ""
    note = f"network trust score (PARTNER) {survey['trust_score']:.2f} / 4"
    if survey.get("value_score") is not None:
        note += f" · value score {survey['value_score']:.2f} / 4"
    return note


def trust_heatmap(sector_trust: pd.DataFrame, survey: dict[str, Any] | None = None) -> go.Figure:
    """Mean trust (1–4) that each rater sector (rows) gives each ratee sector (columns).

    Cells show the mean and the number of ratings behind it; the title adds the survey's
    response rates (:func:`response_note`) when ``survey`` (``summary["survey"]``) is given.

    Examples
    --------
    >>> t = pd.DataFrame({"rater_sector": ["civil"], "ratee_sector": ["public"],
    ...                   "trust": [2.0], "n": [4], "asymmetry": [-0.5]})
    >>> trust_heatmap(t).data[0].z.tolist()
    [[nan, nan], [2.0, nan]]
    """
    if sector_trust.empty:
        return empty_figure("No survey answers in this selection")
    z = _sector_matrix(sector_trust, "trust")
    n = _sector_matrix(sector_trust, "n").reindex(index=z.index, columns=z.columns)
    labels = [sector_label(s) for s in z.columns]
    text = np.where(
        np.isnan(z.to_numpy(float)),
        "",
        np.char.add(
            np.char.mod("%.2f", np.nan_to_num(z.to_numpy(float))),
            np.char.add("<br>n=", np.nan_to_num(n.to_numpy(float)).astype(int).astype(str)),
        ),
    )
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(float),
            x=labels,
            y=[sector_label(s) for s in z.index],
            zmin=1,
            zmax=4,
            colorscale=TRUST_SCALE,
            text=text,
            texttemplate="%{text}",
            colorbar={"title": "trust"},
            hovertemplate="%{y} → %{x}: %{z:.2f}<extra></extra>",
        )
    )
    note = " · ".join(n for n in (response_note(survey), partner_note(survey)) if n)
    title = "Trust given (rows) to received (columns)" + (f"<br><sub>{note}</sub>" if note else "")
    fig.update_layout(
        **plot_layout(title=title),
        xaxis_title="rated sector",
        yaxis_title="rating sector",
        yaxis_autorange="reversed",
    )
    return fig


def asymmetry_heatmap(sector_trust: pd.DataFrame) -> go.Figure:
    """The ``asymmetry`` of the sector matrix: trust row→column minus column→row."""
    if sector_trust.empty:
        return empty_figure("No survey answers in this selection")
    z = _sector_matrix(sector_trust, "asymmetry")
    values = z.to_numpy(float)
    top = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
    labels = [sector_label(s) for s in z.columns]
    fig = go.Figure(
        go.Heatmap(
            z=values,
            x=labels,
            y=[sector_label(s) for s in z.index],
            zmid=0,
            zmin=-top,
            zmax=top,
            colorscale=ASYMMETRY_SCALE,
            texttemplate="%{z:+.2f}",
            colorbar={"title": "gap"},
            hovertemplate="%{y} trusts %{x} by %{z:+.2f} more than the reverse<extra></extra>",
        )
    )
    fig.update_layout(
        **plot_layout(title="Asymmetry: given minus returned"),
        xaxis_title="rated sector",
        yaxis_title="rating sector",
        yaxis_autorange="reversed",
    )
    return fig


def initiative_bars(sector_initiative: pd.DataFrame) -> go.Figure:
    """Who starts the joint work, per sector pair: share started by each side and jointly.

    Each bar is one pair of sectors; the part started by a sector has that sector's colour.
    One-sided pairs are marked with ★.
    """
    if sector_initiative.empty:
        return empty_figure("No interactions with a recorded initiator")
    frame = sector_initiative.sort_values("n", ascending=True)
    star = np.where(frame["one_sided"].fillna(False).astype(bool), " ★", "")
    pairs = [
        f"{sector_label(a)} – {sector_label(b)}{s}"
        for a, b, s in zip(frame["a_sector"], frame["b_sector"], star, strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=pairs,
            x=frame["share_a"],
            orientation="h",
            name="first sector starts",
            marker_color=[sector_colour(s) for s in frame["a_sector"]],
            customdata=np.column_stack([[sector_label(s) for s in frame["a_sector"]], frame["n"]]),
            hovertemplate="%{customdata[0]} starts %{x:.0%} of %{customdata[1]}<extra></extra>",
            texttemplate="%{x:.0%}",
            textposition="inside",
        )
    )
    fig.add_trace(
        go.Bar(
            y=pairs,
            x=frame["share_joint"],
            orientation="h",
            name="joint",
            marker_color="#CFD8DC",
            hovertemplate="joint: %{x:.0%}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=pairs,
            x=frame["share_b"],
            orientation="h",
            name="second sector starts",
            marker_color=[sector_colour(s) for s in frame["b_sector"]],
            customdata=np.column_stack([[sector_label(s) for s in frame["b_sector"]], frame["n"]]),
            hovertemplate="%{customdata[0]} starts %{x:.0%} of %{customdata[1]}<extra></extra>",
            texttemplate="%{x:.0%}",
            textposition="inside",
        )
    )
    fig.update_layout(
        **plot_layout(
            title="Who takes the initiative (★ one-sided)",
            height=max(260, 34 * len(frame) + 120),
            margin={"l": 230, "r": 20, "t": 40, "b": 40},
        ),
        barmode="stack",
        showlegend=False,
        xaxis={"tickformat": ".0%", "range": [0, 1]},
    )
    return fig


ISOLATION_FLAGS: dict[str, str] = {
    "no_interaction": "no interaction in the window",
    "no_public_tie": "no tie to a public body",
    "civil_only": "ties only inside the civil sector",
    "single_tie": "a single tie",
    "declining": "activity falling",
}


def isolation_bar(isolated: pd.DataFrame) -> go.Figure:
    """How many flagged organizations carry each isolation flag.

    The count axis keeps automatic ticks, so it stays readable at any count.

    Examples
    --------
    >>> frame = pd.DataFrame({"no_public_tie": [True] * 1300, "single_tie": [False] * 1300})
    >>> fig = isolation_bar(frame)
    >>> list(fig.data[0].x), fig.layout.xaxis.dtick is None
    ([1300, 0], True)
    """
    if isolated.empty:
        return empty_figure("No isolated NGOs in this selection")
    flags = [f for f in ISOLATION_FLAGS if f in isolated.columns]
    counts = [int(isolated[f].fillna(False).astype(bool).sum()) for f in flags]
    fig = go.Figure(
        go.Bar(
            y=[ISOLATION_FLAGS[f] for f in flags],
            x=counts,
            orientation="h",
            marker_color=sector_colour("civil"),
            text=counts,
            textposition="outside",
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    fig.update_layout(
        **plot_layout(
            title="Why they are flagged", height=260, margin={"l": 220, "r": 30, "t": 40, "b": 30}
        ),
        yaxis_autorange="reversed",
        # automatic ticks (at most ~6, whole numbers): a tick per integer draws hundreds of
        # overlapping labels once a thousand NGOs are flagged
        xaxis={"rangemode": "tozero", "nticks": 6, "tickformat": ",d", "title": "NGOs flagged"},
    )
    return fig


def kpi(value: Any, kind: str = "int") -> str:
    """A number formatted for a headline card.

    Examples
    --------
    >>> kpi(0.1234, "pct"), kpi(1234), kpi(0.01234, "float")
    ('12.3%', '1,234', '0.0123')
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if kind == "pct":
        return f"{value:.1%}"
    if kind == "float":
        return f"{value:.3g}"
    return f"{int(value):,}"
