"""A small declarative builder for the bundled sample datasets (used by make_sample_datasets.py).

Organizations, recurring relations ("a works with b about k times a year between two dates"),
one-off interactions, activities with participants, and survey answers are declared; ``build``
turns them into a :class:`NetworkData` with one seeded random generator, so the output is
reproducible. Recurring relations are spread over six-month periods counted back from the
dataset's last day (``as_of``), with about ``k / 2`` interactions in every period, so an
organization's activity is steady across the isolation window and the one before it unless a
relation says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stakeholder_graph.dataset.model import NetworkData, coerce_table

FORMAL = {
    "grant",
    "service_purchase",
    "operating_agreement",
    "ppp",
    "innovation_partnership",
    "joint_project",
    "consultative_council",
}
LASTING = {"grant", "service_purchase", "ppp", "innovation_partnership", "joint_project"}
DELIBERATIVE = {"consultative_council", "public_hearing"}
MARGIN_DAYS = 8  # keep recurring interactions away from the edges of the six-month periods

# default interaction types per (source sector, target sector)
DEFAULT_TYPES: dict[tuple[str, str], tuple[str, ...]] = {
    ("public", "public"): ("meeting", "information_exchange", "meeting"),
    ("civil", "public"): ("joint_project", "meeting", "grant", "information_exchange"),
    ("social_economy", "public"): ("service_purchase", "meeting", "joint_project"),
    ("public", "private"): ("service_purchase", "meeting", "information_exchange"),
    ("private", "public"): ("meeting", "information_exchange", "sponsorship"),
    ("private", "civil"): ("sponsorship", "volunteering", "partnership"),
    ("private", "private"): ("meeting", "information_exchange", "partnership"),
    ("private", "social_economy"): ("service_purchase", "partnership"),
    ("civil", "civil"): ("joint_project", "information_exchange", "meeting", "volunteering"),
    ("public", "civil"): ("meeting", "joint_project", "information_exchange"),
    ("civil", "social_economy"): ("partnership", "meeting"),
    ("social_economy", "civil"): ("partnership", "meeting"),
    ("public", "social_economy"): ("meeting", "service_purchase"),
    ("civil", "private"): ("meeting", "partnership"),
    ("social_economy", "private"): ("partnership", "meeting"),
    ("social_economy", "social_economy"): ("partnership",),
}


@dataclass
class Relation:
    source: str
    target: str
    per_year: float
    types: tuple[str, ...] | None
    since: pd.Timestamp | None
    until: pd.Timestamp | None
    initiator: tuple[float, float, float] | None
    stage: tuple[float, float, float] | None


@dataclass
class Net:
    """A sample network under construction; see the module docstring."""

    prefix: str
    start: str
    as_of: str
    seed: int
    municipality: str
    country: str
    orgs: list[dict] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    single: list[dict] = field(default_factory=list)
    acts: list[dict] = field(default_factory=list)
    parts: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)
    survey_date: str = ""

    def org(
        self,
        id: str,
        name: str,
        sector: str,
        type: str,
        themes: str,
        founded: int | None = None,
        staff: int | None = None,
    ) -> str:
        assert id not in {o["id"] for o in self.orgs}, id
        self.orgs.append(
            {
                "id": id,
                "name": name,
                "sector": sector,
                "type": type,
                "municipality": self.municipality,
                "country": self.country,
                "themes": themes,
                "founded": founded,
                "staff": staff,
            }
        )
        return id

    def rel(
        self,
        source: str,
        target: str,
        per_year: float,
        types: tuple[str, ...] | None = None,
        since: str | None = None,
        until: str | None = None,
        initiator: tuple[float, float, float] | None = None,
        stage: tuple[float, float, float] | None = None,
    ) -> None:
        self.relations.append(
            Relation(
                source,
                target,
                per_year,
                types,
                pd.Timestamp(since) if since else None,
                pd.Timestamp(until) if until else None,
                initiator,
                stage,
            )
        )

    def once(
        self,
        source: str,
        target: str,
        type: str,
        date: str,
        initiator: str = "source",
        stage: str = "implementation",
    ) -> None:
        self.single.append(
            {
                "source": source,
                "target": target,
                "type": type,
                "date": pd.Timestamp(date),
                "initiator": initiator,
                "stage": stage,
            }
        )

    def activity(
        self,
        id: str,
        name: str,
        kind: str,
        themes: str,
        start: str,
        end: str | None,
        members: list[str],
        first_role: str = "chair",
        role: str = "member",
    ) -> None:
        self.acts.append(
            {
                "id": id,
                "name": name,
                "kind": kind,
                "themes": themes,
                "start": start,
                "end": end,
                "municipality": self.municipality,
            }
        )
        for k, org in enumerate(members):
            self.parts.append(
                {"activity": id, "organization": org, "role": first_role if k == 0 else role}
            )

    def rate(self, rater: str, ratee: str, scores: tuple[float, ...]) -> None:
        row = {"rater": rater, "ratee": ratee}
        items = ("reliability", "mission_support", "openness")
        items += ("influence", "involvement", "resources")
        row.update(dict(zip(items, scores, strict=False)))
        self.ratings.append(row)

    # ------------------------------------------------------------------------------------
    def sector(self, org_id: str) -> str:
        return next(o["sector"] for o in self.orgs if o["id"] == org_id)

    def _periods(self) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
        end = pd.Timestamp(self.as_of)
        start = pd.Timestamp(self.start)
        periods = []
        while end > start:
            lo = end - pd.DateOffset(months=6)
            periods.append((max(lo, start), end))
            end = lo
        return periods[::-1]

    def build(self) -> NetworkData:
        rng = np.random.default_rng(self.seed)
        ids = {o["id"] for o in self.orgs}
        rows: list[dict] = []
        periods = self._periods()
        for r in self.relations:
            assert r.source in ids and r.target in ids and r.source != r.target, r
            key = (self.sector(r.source), self.sector(r.target))
            types = r.types or DEFAULT_TYPES[key]
            civic_to_public = key[0] in ("civil", "social_economy") and key[1] == "public"
            init = r.initiator or ((0.86, 0.09, 0.05) if civic_to_public else (0.75, 0.1, 0.15))
            for lo, hi in periods:
                a = max(lo + pd.Timedelta(days=MARGIN_DAYS), r.since or lo)
                b = min(hi - pd.Timedelta(days=MARGIN_DAYS), r.until or hi)
                if b <= a:
                    continue
                share = (b - a).days / max((hi - lo).days - 2 * MARGIN_DAYS, 1)
                quota = r.per_year / 2 * min(share, 1.0)
                count = int(quota) + int(rng.random() < quota - int(quota))
                for _ in range(count):
                    day = a + pd.Timedelta(days=int(rng.integers(0, (b - a).days + 1)))
                    kind = types[int(rng.integers(0, len(types)))]
                    stage_p = r.stage or (
                        (0.5, 0.35, 0.15) if kind in DELIBERATIVE else (0.08, 0.77, 0.15)
                    )
                    rows.append(
                        {
                            "source": r.source,
                            "target": r.target,
                            "type": kind,
                            "date": day,
                            "initiator": ("source", "target", "joint")[rng.choice(3, p=init)],
                            "stage": ("planning", "implementation", "evaluation")[
                                rng.choice(3, p=stage_p)
                            ],
                        }
                    )
        for s in self.single:
            assert s["source"] in ids and s["target"] in ids, s
            rows.append(dict(s))
        inter = pd.DataFrame(rows)
        inter["weight"] = np.where(rng.random(len(inter)) < 0.2, 2.0, 1.0)
        inter["formal"] = inter["type"].isin(FORMAL)
        lasting = inter["type"].isin(LASTING).to_numpy()
        days = pd.to_timedelta(rng.integers(60, 366, len(inter)), unit="D")
        inter["end_date"] = pd.Series(pd.NaT, index=inter.index, dtype="datetime64[ns]")
        inter.loc[lasting, "end_date"] = inter.loc[lasting, "date"] + days[lasting]
        inter = inter.sort_values(["date", "source", "target"], kind="stable").reset_index(
            drop=True
        )
        assert inter["date"].max() <= pd.Timestamp(self.as_of)
        assert inter["date"].min() >= pd.Timestamp(self.start)
        inter["id"] = [f"{self.prefix}-i{k:04d}" for k in range(1, len(inter) + 1)]

        perceptions = pd.DataFrame(self.ratings)
        if len(perceptions):
            perceptions["date"] = pd.Timestamp(self.survey_date)
            assert perceptions["rater"].isin(ids).all() and perceptions["ratee"].isin(ids).all()
            assert not perceptions.duplicated(["rater", "ratee"]).any()
        parts = pd.DataFrame(self.parts)
        assert parts["organization"].isin(ids).all(), set(parts["organization"]) - ids
        assert not parts.duplicated(["activity", "organization"]).any()
        return NetworkData(
            organizations=coerce_table("organizations", pd.DataFrame(self.orgs)),
            interactions=coerce_table("interactions", inter),
            activities=coerce_table("activities", pd.DataFrame(self.acts)),
            participation=coerce_table("participation", parts),
            perceptions=coerce_table("perceptions", perceptions),
            name=self.prefix,
        )
