"""The dashboard's state as a value: filters, selected organization, and their URL form.

A :class:`FilterState` is immutable and hashable, so it keys the analysis cache directly. The
URL of every view holds the whole state in its query string (``?sector=civil&from=2021&org=o7``),
so a reload or a shared link restores it: :func:`encode_query` and :func:`decode_query` are
inverse of each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

import pandas as pd

VIEWS: tuple[str, ...] = (
    "overview",
    "network",
    "trust",
    "allies",
    "isolated",
    "rankings",
    "change",
    "glossary",
)
"""The views, in the order of the navigation bar; each is served at ``/<view>``."""

VIEW_TITLES: dict[str, str] = {
    "overview": "Overview",
    "network": "Network",
    "trust": "Trust",
    "allies": "Potential allies",
    "isolated": "Isolated NGOs",
    "rankings": "Rankings",
    "change": "Change",
    "glossary": "Glossary",
}

SIZE_MEASURES: tuple[str, ...] = (
    "degree",
    "strength",
    "betweenness_norm",
    "harmonic",
    "pagerank",
    "eigenvector",
    "coreness",
)
"""Centrality columns a user can size network nodes by."""

DEFAULT_SIZE = "betweenness_norm"

# query-string key -> FilterState field
_LIST_KEYS: dict[str, str] = {
    "sector": "sectors",
    "type": "org_types",
    "theme": "themes",
    "municipality": "municipalities",
    "itype": "interaction_types",
    "community": "communities",
}


def _clean(values: Iterable[str] | None) -> tuple[str, ...]:
    """Sorted unique non-empty strings."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    return tuple(sorted({str(v) for v in values if v is not None and str(v) != ""}))


@dataclass(frozen=True)
class FilterState:
    """What the user filtered on. Empty tuples and ``None`` mean "no restriction".

    The *analysis* depends on the time window and interaction types only (they decide which
    ties exist); sector, organization type, theme and municipality restrict which organizations
    are shown, so isolation and brokerage keep their meaning relative to the whole network.

    Attributes
    ----------
    sectors, org_types, themes, municipalities:
        Show organizations matching any of the values (all of them when empty).
    communities:
        Show the members of these communities (numbers of the analysis's ``community`` column,
        as text): opening a community of a large network.
    interaction_types:
        Keep interactions of these types (all when empty).
    year_from, year_to:
        Inclusive window of interaction years (open when ``None``).
    """

    sectors: tuple[str, ...] = ()
    org_types: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    interaction_types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    communities: tuple[str, ...] = ()

    @classmethod
    def make(
        cls,
        sectors: Iterable[str] | None = None,
        org_types: Iterable[str] | None = None,
        themes: Iterable[str] | None = None,
        municipalities: Iterable[str] | None = None,
        interaction_types: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
        bounds: tuple[int, int] | None = None,
        communities: Iterable[str] | None = None,
    ) -> FilterState:
        """A canonical state from raw control values.

        Lists are sorted and deduplicated so equal selections give equal (cache-sharing) states.
        A year window that covers ``bounds`` (the data's first and last year) is open.

        Examples
        --------
        >>> FilterState.make(sectors=["public", "civil", "civil"], years=[2019, 2024],
        ...                  bounds=(2019, 2024))
        FilterState(sectors=('civil', 'public'), org_types=(), themes=(), municipalities=(), interaction_types=(), year_from=None, year_to=None, communities=())
        """
        year_from = year_to = None
        if years is not None:
            pair = [int(y) for y in years if y is not None]
            if len(pair) == 2:
                year_from, year_to = min(pair), max(pair)
                if bounds is not None:
                    if year_from <= bounds[0]:
                        year_from = None
                    if year_to >= bounds[1]:
                        year_to = None
        return cls(
            sectors=_clean(sectors),
            org_types=_clean(org_types),
            themes=_clean(themes),
            municipalities=_clean(municipalities),
            interaction_types=_clean(interaction_types),
            year_from=year_from,
            year_to=year_to,
            communities=_clean(communities),
        )

    @property
    def since(self) -> pd.Timestamp | None:
        """First day of the window."""
        return pd.Timestamp(year=self.year_from, month=1, day=1) if self.year_from else None

    @property
    def until(self) -> pd.Timestamp | None:
        """Last day of the window."""
        return pd.Timestamp(year=self.year_to, month=12, day=31) if self.year_to else None

    def analysis_key(self) -> tuple[int | None, int | None, tuple[str, ...]]:
        """The part of the state the analysis depends on: window and interaction types."""
        return (self.year_from, self.year_to, self.interaction_types)

    def has_org_filter(self) -> bool:
        """Whether some organizations are hidden by sector, type, theme or municipality."""
        return bool(
            self.sectors or self.org_types or self.themes or self.municipalities or self.communities
        )

    def with_(self, **changes: object) -> FilterState:
        """A copy with some fields changed."""
        return replace(self, **changes)


@dataclass(frozen=True)
class UrlState:
    """Everything a link restores: the filters, the selected organization, the size measure,
    and the Change view's two periods (``2023`` or ``2023-01-01:2023-06-30``, as typed)."""

    filters: FilterState = field(default_factory=FilterState)
    org: str | None = None
    size_by: str = DEFAULT_SIZE
    before: str | None = None
    after: str | None = None


def encode_query(state: UrlState) -> str:
    """The query string (with its leading ``?``, or ``""``) that restores ``state``.

    Examples
    --------
    >>> encode_query(UrlState(FilterState(sectors=("civil",), year_from=2021), org="o7"))
    '?sector=civil&from=2021&org=o7'
    """
    pairs: list[tuple[str, str]] = []
    for key, name in _LIST_KEYS.items():
        pairs.extend((key, value) for value in getattr(state.filters, name))
    if state.filters.year_from is not None:
        pairs.append(("from", str(state.filters.year_from)))
    if state.filters.year_to is not None:
        pairs.append(("to", str(state.filters.year_to)))
    if state.org:
        pairs.append(("org", state.org))
    if state.size_by != DEFAULT_SIZE:
        pairs.append(("size", state.size_by))
    for key in ("before", "after"):
        if getattr(state, key):
            pairs.append((key, getattr(state, key)))
    return "?" + urlencode(pairs) if pairs else ""


def _int_or_none(values: list[str] | None) -> int | None:
    if not values:
        return None
    try:
        return int(values[-1])
    except ValueError:
        return None


def decode_query(search: str | None) -> UrlState:
    """Parse a query string written by :func:`encode_query`; unknown keys are ignored.

    Examples
    --------
    >>> decode_query("?sector=civil&org=o7").org
    'o7'
    """
    query = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    lists = {name: _clean(query.get(key)) for key, name in _LIST_KEYS.items()}
    filters = FilterState(
        **lists,
        year_from=_int_or_none(query.get("from")),
        year_to=_int_or_none(query.get("to")),
    )
    org = (query.get("org") or [None])[-1]
    size_by = (query.get("size") or [DEFAULT_SIZE])[-1]
    if size_by not in SIZE_MEASURES:
        size_by = DEFAULT_SIZE
    periods = {key: ((query.get(key) or [None])[-1] or None) for key in ("before", "after")}
    return UrlState(filters=filters, org=org, size_by=size_by, **periods)


def view_from_path(pathname: str | None) -> str:
    """The view served at ``pathname`` (the overview for ``/`` and unknown paths).

    Examples
    --------
    >>> view_from_path("/trust"), view_from_path("/"), view_from_path("/nope")
    ('trust', 'overview', 'overview')
    """
    name = (pathname or "/").strip("/").split("/")[-1]
    return name if name in VIEWS else "overview"
