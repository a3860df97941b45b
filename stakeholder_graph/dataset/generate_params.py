"""Parameters of the synthetic networks written by :mod:`stakeholder_graph.dataset.generate`.

Shares, mixing matrices and vocabularies drawn from the field material: sector shares, the
organization types of each sector, who works with whom and through which form of cooperation,
which forms are formal or lasting, and the sector × sector trust levels of the partner survey.
"""

from __future__ import annotations

import numpy as np

PERIOD_END = np.datetime64("2025-06-30", "D")
"""Last day of the generated period."""
PERIOD_DAYS = 4 * 365 + 1
"""Length of the generated period (four years)."""
PERIOD_START = PERIOD_END - np.timedelta64(PERIOD_DAYS - 1, "D")

SECTOR_SHARES: tuple[float, ...] = (0.10, 0.35, 0.45, 0.10)
"""Share of each sector of :data:`SECTORS` among generated organizations."""
LOCAL_SHARE = 0.85
THEME_TIE_SHARE = 0.3
"""Share of interaction draws whose partner shares the source's main theme (same municipality)."""
CLOSURE_SHARE = 0.25
"""Rows added, as a share of the draws, that close a triangle: a partner's partner,
dated 30–365 days after the later of the two ties it closes (shared partners bring ties)."""
CLOSURE_DELAY_DAYS = (30, 366)
"""Probability that an interaction stays inside the source's municipality."""
ISOLATE_SHARE = 0.03
"""Share of non-public organizations with no interaction and no activity at all."""
FADING_SHARE = 0.06
"""Share of civil and social-economy organizations whose activity stops after 60 % of the period."""

# Organization types per sector with their shares, and the label used in generated names.
SECTOR_TYPES: dict[str, tuple[tuple[str, float, str], ...]] = {
    "public": (
        ("administration", 0.30, "Municipal department"),
        ("council_committee", 0.10, "Council committee"),
        ("state_agency", 0.15, "State agency office"),
        ("school", 0.45, "School"),
    ),
    "private": (
        ("company", 0.94, "Company"),
        ("business_association", 0.06, "Business association"),
    ),
    "civil": (
        ("ngo", 0.50, "Association"),
        ("foundation", 0.15, "Foundation"),
        ("community_centre", 0.20, "Community centre"),
        ("parents_association", 0.15, "Parents' association"),
    ),
    "social_economy": (
        ("social_enterprise", 0.60, "Social enterprise"),
        ("cooperative", 0.40, "Cooperative"),
    ),
}
SECTOR_ACTIVITY = np.array([4.0, 0.5, 1.0, 0.8])
"""Multiplier of the Pareto activity weight per sector (public bodies are hubs)."""
PARETO_SHAPE = 1.6

# P(partner sector | source sector), rows and columns in SECTORS order.
SECTOR_MIXING = np.array(
    [
        [0.25, 0.20, 0.45, 0.10],
        [0.35, 0.35, 0.20, 0.10],
        [0.40, 0.10, 0.40, 0.10],
        [0.35, 0.25, 0.30, 0.10],
    ]
)
# Interaction type shares per unordered sector pair.
PAIR_TYPES: dict[tuple[str, str], dict[str, float]] = {
    ("public", "public"): {"meeting": 0.5, "information_exchange": 0.4, "joint_project": 0.1},
    ("public", "private"): {
        "service_purchase": 0.35,
        "meeting": 0.2,
        "information_exchange": 0.15,
        "ppp": 0.05,
        "innovation_partnership": 0.05,
        "sponsorship": 0.1,
        "joint_project": 0.1,
    },
    ("public", "civil"): {
        "consultative_council": 0.15,
        "public_hearing": 0.1,
        "joint_project": 0.25,
        "grant": 0.15,
        "service_purchase": 0.1,
        "information_exchange": 0.1,
        "meeting": 0.15,
    },
    ("public", "social_economy"): {
        "service_purchase": 0.3,
        "operating_agreement": 0.15,
        "grant": 0.15,
        "joint_project": 0.2,
        "meeting": 0.2,
    },
    ("private", "private"): {"partnership": 0.3, "information_exchange": 0.4, "meeting": 0.3},
    ("private", "civil"): {
        "sponsorship": 0.5,
        "volunteering": 0.2,
        "partnership": 0.15,
        "meeting": 0.15,
    },
    ("private", "social_economy"): {"service_purchase": 0.4, "partnership": 0.3, "meeting": 0.3},
    ("civil", "civil"): {
        "joint_project": 0.3,
        "information_exchange": 0.3,
        "meeting": 0.25,
        "volunteering": 0.15,
    },
    ("civil", "social_economy"): {
        "joint_project": 0.35,
        "partnership": 0.25,
        "meeting": 0.25,
        "volunteering": 0.15,
    },
    ("social_economy", "social_economy"): {"partnership": 0.5, "meeting": 0.5},
}
FORMAL_TYPES = frozenset(
    {
        "operating_agreement",
        "service_purchase",
        "ppp",
        "innovation_partnership",
        "grant",
        "joint_project",
        "consultative_council",
    }
)
LASTING_TYPES = frozenset(
    {"operating_agreement", "service_purchase", "ppp", "innovation_partnership", "grant"}
    | {"joint_project", "partnership"}
)
BASE_TRUST = np.array(
    [
        [3.0, 2.7, 3.1, 3.0],
        [2.4, 3.0, 2.6, 2.7],
        [1.9, 2.3, 3.1, 2.9],
        [2.2, 2.6, 2.9, 3.0],
    ]
)
"""Mean trust score given by rater sector (rows) to ratee sector (columns), SECTORS order."""

NAME_SYLLABLES_A = (
    "Bel",
    "Vid",
    "Kal",
    "Mor",
    "Sten",
    "Hav",
    "Rét",
    "Tor",
    "Lind",
    "Dob",
    "Sar",
    "Ost",
)
NAME_SYLLABLES_B = ("ovo", "ene", "by", "sted", "falva", "háza", "ica", "lund", "ec", "ina")
COUNTRIES = ("BG", "DK", "HU")
# Activities per municipality: kind, name prefix, participant count range, participant sector
# shares (SECTORS order).
ACTIVITY_SPECS = (
    ("council", "Public council for cooperation with NGOs", (6, 20), (0.25, 0.05, 0.6, 0.1)),
    ("council", "Thematic council on", (5, 14), (0.3, 0.05, 0.55, 0.1)),
    ("hearing", "Public hearing on the budget", (5, 30), (0.2, 0.2, 0.5, 0.1)),
    ("forum", "Business forum", (8, 25), (0.2, 0.6, 0.1, 0.1)),
    ("network", "Civil network on", (4, 15), (0.0, 0.0, 0.85, 0.15)),
    ("project", "Joint project on", (2, 7), (0.25, 0.15, 0.45, 0.15)),
)
