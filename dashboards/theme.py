"""One colour scheme and one set of labels for every view of the dashboard.

Sector colours follow the Okabe–Ito palette, which stays distinguishable for the common forms of
colour blindness (Okabe & Ito, *Color Universal Design*, 2008). Every figure, legend, table badge
and network node takes its sector colour from :data:`SECTOR_COLOURS`.
"""

from __future__ import annotations

from stakeholder_graph.dataset.model import SECTORS

SECTOR_COLOURS: dict[str, str] = {
    "public": "#0072B2",
    "private": "#E69F00",
    "civil": "#009E73",
    "social_economy": "#CC79A7",
}
"""Colour of each of :data:`~stakeholder_graph.dataset.model.SECTORS`."""

UNKNOWN_COLOUR = "#9E9E9E"
"""Colour of an organization whose sector is not one of the four."""

SECTOR_LABELS: dict[str, str] = {
    "public": "Public",
    "private": "Private",
    "civil": "Civil society",
    "social_economy": "Social economy",
}

CODE_LABELS: dict[str, str] = {
    **SECTOR_LABELS,
    # interaction types
    "consultative_council": "Consultative council",
    "public_hearing": "Public hearing",
    "joint_project": "Joint project",
    "operating_agreement": "Operating agreement",
    "service_purchase": "Service purchase",
    "partnership": "Partnership",
    "ppp": "Public-private partnership",
    "innovation_partnership": "Innovation partnership",
    "grant": "Grant",
    "sponsorship": "Sponsorship",
    "information_exchange": "Information exchange",
    "volunteering": "Volunteering",
    "meeting": "Meeting",
    "other": "Other",
    # stages
    "planning": "Planning",
    "implementation": "Implementation",
    "evaluation": "Evaluation",
    # participation roles and brokerage roles
    "lead": "Lead",
    "member": "Member",
    "chair": "Chair",
    "observer": "Observer",
    "coordinator": "Coordinator (within its sector)",
    "itinerant": "Itinerant (outsider between two of a sector)",
    "gatekeeper": "Gatekeeper (lets outsiders in)",
    "representative": "Representative (speaks for its sector)",
    "liaison": "Liaison (between two other sectors)",
    # isolation flags
    "no_interaction": "No interaction in the window",
    "no_public_tie": "No tie to a public body",
    "civil_only": "Only civil partners",
    "single_tie": "A single partner",
    "declining": "Activity falling",
    "new": "Newly isolated",
    "still": "Still isolated",
}
"""A reader's label for every code the data uses: sectors, interaction types, stages, roles,
brokerage roles and isolation flags."""


def label(code: object) -> str:
    """A reader's label for a code (the code itself when it has none).

    Examples
    --------
    >>> label("operating_agreement"), label("hu-ngo-1")
    ('Operating agreement', 'hu-ngo-1')
    """
    text = "" if code is None else str(code)
    return CODE_LABELS.get(text, text)


STAGE_COLOURS: dict[str, str] = {
    "planning": "#56B4E9",
    "implementation": "#D55E00",
    "evaluation": "#F0E442",
    "unknown": "#BDBDBD",
}

INITIATIVE_COLOURS: dict[str, str] = {
    "first": "#0072B2",
    "second": "#E69F00",
    "joint": "#7F7F7F",
}

FONT = "Inter, 'Segoe UI', 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"
"""Font stack with Cyrillic and Latin Extended coverage."""

TRUST_SCALE = "RdYlGn"
"""Diverging colour scale for trust (survey scale 1–4)."""

ASYMMETRY_SCALE = "RdBu"
"""Diverging colour scale for asymmetries centred on zero."""


def sector_colour(sector: str) -> str:
    """The colour of ``sector`` (grey for an unknown sector).

    Examples
    --------
    >>> sector_colour("civil")
    '#009E73'
    >>> sector_colour("other")
    '#9E9E9E'
    """
    return SECTOR_COLOURS.get(sector, UNKNOWN_COLOUR)


def sector_label(sector: str) -> str:
    """A reader's label for ``sector`` (the raw value when unknown).

    Examples
    --------
    >>> sector_label("social_economy")
    'Social economy'
    """
    return SECTOR_LABELS.get(sector, sector)


def plot_layout(**overrides: object) -> dict[str, object]:
    """Common plotly layout settings: font, margins, white background."""
    base: dict[str, object] = {
        "font": {"family": FONT, "size": 13, "color": "#263238"},
        "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "hoverlabel": {"font": {"family": FONT}},
    }
    base.update(overrides)
    return base


__all__ = [
    "SECTORS",
    "SECTOR_COLOURS",
    "SECTOR_LABELS",
    "STAGE_COLOURS",
    "INITIATIVE_COLOURS",
    "UNKNOWN_COLOUR",
    "sector_colour",
    "sector_label",
    "CODE_LABELS",
    "label",
    "plot_layout",
]
