"""The `dk-social` sample dataset: a Danish municipality's specialised social area."""

from __future__ import annotations

from sample_builder import Net

AS_OF = "2025-03-31"
OA_INIT = (0.92, 0.04, 0.04)  # operating agreements: the municipality starts almost everything
OA_STAGE = (0.05, 0.70, 0.25)


def dk_social() -> tuple[Net, dict]:
    n = Net(
        "dk",
        start="2021-10-01",
        as_of=AS_OF,
        seed=20250331,
        municipality="Fjordby Kommune",
        country="DK",
    )
    n.survey_date = "2024-11-20"
    pub, pri, civ, soc = "public", "private", "civil", "social_economy"
    adm = "administration"
    n.org(
        "dk-adm-social",
        "Socialforvaltningen, Fjordby Kommune",
        pub,
        adm,
        "social_services;mental_health",
        2007,
        240,
    )
    n.org(
        "dk-adm-handicap",
        "Handicap og Psykiatri, Fjordby Kommune",
        pub,
        adm,
        "disability;mental_health",
        2007,
        85,
    )
    n.org(
        "dk-adm-myndighed", "Myndighedsafdelingen for voksne", pub, adm, "social_services", 2007, 32
    )
    n.org("dk-adm-udbud", "Indkøb og Udbud, Fjordby Kommune", pub, adm, "social_services", 2010, 9)
    n.org("dk-adm-job", "Jobcenter Fjordby", pub, adm, "employment", 2009, 70)
    n.org(
        "dk-adm-boern", "Børne- og Familieafdelingen", pub, adm, "youth;domestic_violence", 2007, 60
    )
    n.org("dk-adm-sundhed", "Misbrugscenter Fjordby", pub, adm, "addiction;health", 2012, 24)
    n.org(
        "dk-council-social",
        "Social- og Sundhedsudvalget",
        pub,
        "council_committee",
        "social_services;health",
        2007,
        7,
    )
    n.org("dk-st-tilsyn", "Socialtilsyn Midt", pub, "state_agency", "social_services", 2014, 110)
    n.org(
        "dk-st-styrelsen",
        "Socialstyrelsen",
        pub,
        "state_agency",
        "social_services;homelessness",
        2011,
        400,
    )
    si = "self_governing_institution"
    n.org(
        "dk-si-lindely",
        "Bostedet Lindely (selvejende institution)",
        civ,
        si,
        "disability;housing",
        1968,
        45,
    )
    n.org(
        "dk-si-kastanje",
        "Botilbuddet Kastanjehuset (selvejende institution)",
        civ,
        si,
        "mental_health;housing",
        1985,
        28,
    )
    n.org(
        "dk-si-krise",
        "Fjordby Krisecenter (selvejende institution)",
        civ,
        si,
        "domestic_violence;housing",
        1992,
        14,
    )
    n.org(
        "dk-si-havnely",
        "Herberget Havnely (selvejende institution)",
        civ,
        si,
        "homelessness;housing",
        1979,
        19,
    )
    n.org(
        "dk-si-nordlys",
        "Behandlingscentret Nordlys (selvejende institution)",
        civ,
        si,
        "addiction;mental_health",
        1996,
        22,
    )
    n.org(
        "dk-si-solsikken",
        "Bofællesskabet Solsikken (selvejende institution)",
        civ,
        si,
        "disability;housing",
        2001,
        17,
    )
    n.org(
        "dk-si-fyrtaarn",
        "Værestedet Fyrtårnet (selvejende institution)",
        civ,
        si,
        "mental_health;social_services",
        2004,
        8,
    )
    n.org(
        "dk-si-moelle",
        "Beskyttet værksted Mølleåen (selvejende institution)",
        soc,
        si,
        "employment;disability",
        1974,
        26,
    )
    n.org(
        "dk-se-bryggen",
        "Café Bryggen – socialøkonomisk virksomhed",
        soc,
        "social_enterprise",
        "employment;mental_health",
        2015,
        11,
    )
    n.org(
        "dk-se-genbrug",
        "Genbrugsbutikken Ny Chance ApS",
        soc,
        "social_enterprise",
        "employment;environment",
        2017,
        6,
    )
    co = "company"
    n.org(
        "dk-pr-egebakken", "Opholdsstedet Egebakken ApS", pri, co, "youth;social_services", 2003, 21
    )
    n.org(
        "dk-pr-rusklinik", "Rusmiddelklinikken Fjordby ApS", pri, co, "addiction;health", 2012, 16
    )
    n.org("dk-pr-botilbud", "Nordisk Botilbud A/S", pri, co, "disability;housing", 2008, 130)
    n.org("dk-pr-ledsager", "Ledsagerservice Danmark ApS", pri, co, "disability;sports", 2014, 40)
    n.org(
        "dk-pr-bostoette",
        "Socialpædagogisk Bostøtte ApS",
        pri,
        co,
        "mental_health;housing",
        2011,
        25,
    )
    n.org(
        "dk-pr-velfaerd",
        "Velfærdsteknologi Nord A/S",
        pri,
        co,
        "welfare_technology;disability",
        2016,
        34,
    )
    n.org("dk-pr-fjordhuse", "Byggeselskabet Fjordhuse A/S", pri, co, "housing", 1989, 160)
    n.org("dk-pr-vikar", "Omsorgsvikaren ApS", pri, co, "social_services", 2010, 300)
    n.org("dk-pr-korsel", "Handicapkørsel Fjordby ApS", pri, co, "disability", 2005, 38)
    n.org(
        "dk-bus-erhverv",
        "Fjordby Erhvervsforening",
        pri,
        "business_association",
        "employment",
        1921,
        2,
    )
    fo = "association"
    n.org(
        "dk-ngo-lev",
        "LEV Fjordby – forening for mennesker med udviklingshæmning",
        civ,
        fo,
        "disability;housing",
        1958,
        0,
    )
    n.org("dk-ngo-idraet", "Fjordby Handicapidrætsforening", civ, fo, "disability;sports", 1979, 0)
    n.org(
        "dk-ngo-nystart",
        "Foreningen Ny Start – netværk for tidligere misbrugere",
        civ,
        fo,
        "addiction;mental_health",
        2009,
        1,
    )
    n.org(
        "dk-ngo-frivillig",
        "Frivilligcenter Fjordby",
        civ,
        fo,
        "civil_sector_development;social_services",
        2002,
        3,
    )
    n.org("dk-ngo-besoeg", "Besøgsvennerne i Fjordby", civ, fo, "elderly_care", 1998, 0)
    n.org("dk-ngo-gadens", "Foreningen Gadens Folk", civ, fo, "homelessness", 2006, 1)
    n.org("dk-ngo-kvinder", "Kvindenetværket Fjordby", civ, fo, "domestic_violence", 2012, 0)
    n.org("dk-ngo-lyspunkt", "Psykiatriforeningen Lyspunkt", civ, fo, "mental_health", 1994, 0)
    n.org(
        "dk-ngo-paaroerende",
        "Pårørendeforeningen i Fjordby",
        civ,
        fo,
        "mental_health;disability",
        2008,
        0,
    )
    n.org("dk-ngo-mad", "Foreningen Mad til Alle", civ, fo, "homelessness;health", 2016, 0)
    n.org("dk-ngo-broen", "Ungdomsforeningen Broen", civ, fo, "youth", 2019, 0)
    n.org(
        "dk-ngo-diakoni",
        "Fjordby Sogns Diakoniforening",
        civ,
        fo,
        "homelessness;social_services",
        1987,
        1,
    )

    r = n.rel
    # operating agreements (driftsoverenskomster): tight municipal control
    for inst, owner in [
        ("dk-si-lindely", "dk-adm-handicap"),
        ("dk-si-kastanje", "dk-adm-handicap"),
        ("dk-si-solsikken", "dk-adm-handicap"),
        ("dk-si-moelle", "dk-adm-handicap"),
        ("dk-si-krise", "dk-adm-social"),
        ("dk-si-havnely", "dk-adm-social"),
        ("dk-si-nordlys", "dk-adm-sundhed"),
        ("dk-si-fyrtaarn", "dk-adm-social"),
    ]:
        r(owner, inst, 4, types=("operating_agreement",), initiator=OA_INIT, stage=OA_STAGE)
        r("dk-st-tilsyn", inst, 1, types=("information_exchange",))
    # market purchase of services
    for provider, buyer in [
        ("dk-pr-egebakken", "dk-adm-boern"),
        ("dk-pr-rusklinik", "dk-adm-myndighed"),
        ("dk-pr-botilbud", "dk-adm-myndighed"),
        ("dk-pr-ledsager", "dk-adm-myndighed"),
        ("dk-pr-bostoette", "dk-adm-myndighed"),
        ("dk-pr-vikar", "dk-adm-udbud"),
        ("dk-pr-korsel", "dk-adm-udbud"),
    ]:
        r(buyer, provider, 3, types=("service_purchase",), initiator=(0.85, 0.1, 0.05))
    for provider in ("dk-pr-egebakken", "dk-pr-botilbud", "dk-pr-bostoette"):
        r("dk-st-tilsyn", provider, 1, types=("information_exchange",))
    # one OPP and one OPI
    n.once("dk-adm-social", "dk-pr-fjordhuse", "ppp", "2023-02-14", stage="planning")
    n.once(
        "dk-adm-social", "dk-pr-fjordhuse", "ppp", "2023-06-20", initiator="joint", stage="planning"
    )
    n.once("dk-adm-social", "dk-pr-fjordhuse", "ppp", "2024-04-09", initiator="joint")
    n.once("dk-adm-social", "dk-pr-fjordhuse", "ppp", "2024-11-26", initiator="joint")
    n.once(
        "dk-pr-velfaerd",
        "dk-adm-handicap",
        "innovation_partnership",
        "2023-05-03",
        stage="planning",
    )
    n.once(
        "dk-adm-handicap",
        "dk-pr-velfaerd",
        "innovation_partnership",
        "2023-10-11",
        initiator="joint",
    )
    n.once(
        "dk-adm-handicap",
        "dk-pr-velfaerd",
        "innovation_partnership",
        "2024-06-18",
        initiator="joint",
    )
    n.once(
        "dk-adm-handicap",
        "dk-pr-velfaerd",
        "innovation_partnership",
        "2024-12-05",
        initiator="joint",
        stage="evaluation",
    )
    # the municipality's own departments
    for a, b, k in [
        ("dk-adm-social", "dk-council-social", 3),
        ("dk-adm-social", "dk-adm-handicap", 3),
        ("dk-adm-social", "dk-adm-myndighed", 3),
        ("dk-adm-social", "dk-adm-sundhed", 2),
        ("dk-adm-myndighed", "dk-adm-udbud", 2),
        ("dk-adm-boern", "dk-adm-social", 2),
        ("dk-adm-job", "dk-adm-social", 2),
        ("dk-st-styrelsen", "dk-adm-social", 1),
        ("dk-adm-handicap", "dk-st-tilsyn", 1),
        ("dk-adm-social", "dk-st-tilsyn", 1),
        ("dk-adm-boern", "dk-si-krise", 1),
    ]:
        r(a, b, k)
    # nonprofits, social enterprises, business
    for a, b, k in [
        ("dk-ngo-lev", "dk-adm-handicap", 2),
        ("dk-ngo-lev", "dk-si-lindely", 2),
        ("dk-ngo-idraet", "dk-adm-handicap", 2),
        ("dk-ngo-idraet", "dk-ngo-lev", 2),
        ("dk-ngo-lev", "dk-pr-ledsager", 1),
        ("dk-ngo-nystart", "dk-adm-sundhed", 2),
        ("dk-ngo-nystart", "dk-si-nordlys", 2),
        ("dk-ngo-nystart", "dk-ngo-frivillig", 1),
        ("dk-pr-rusklinik", "dk-adm-sundhed", 2),
        ("dk-pr-rusklinik", "dk-si-nordlys", 1),
        ("dk-ngo-frivillig", "dk-adm-social", 3),
        ("dk-ngo-besoeg", "dk-ngo-frivillig", 2),
        ("dk-ngo-besoeg", "dk-adm-social", 2),
        ("dk-ngo-gadens", "dk-si-havnely", 2),
        ("dk-ngo-gadens", "dk-adm-social", 2),
        ("dk-ngo-gadens", "dk-ngo-diakoni", 2),
        ("dk-ngo-kvinder", "dk-si-krise", 2),
        ("dk-ngo-kvinder", "dk-adm-boern", 2),
        ("dk-ngo-lyspunkt", "dk-adm-handicap", 2),
        ("dk-ngo-lyspunkt", "dk-si-fyrtaarn", 2),
        ("dk-ngo-lyspunkt", "dk-ngo-paaroerende", 2),
        ("dk-ngo-paaroerende", "dk-adm-handicap", 2),
        ("dk-ngo-paaroerende", "dk-si-kastanje", 2),
        ("dk-ngo-diakoni", "dk-adm-social", 2),
        ("dk-ngo-diakoni", "dk-st-styrelsen", 1),
        ("dk-se-bryggen", "dk-adm-job", 2),
        ("dk-se-bryggen", "dk-si-fyrtaarn", 2),
        ("dk-se-genbrug", "dk-adm-job", 2),
        ("dk-se-genbrug", "dk-ngo-frivillig", 1),
        ("dk-si-moelle", "dk-adm-job", 1),
        ("dk-bus-erhverv", "dk-adm-job", 2),
        ("dk-pr-vikar", "dk-bus-erhverv", 1),
        ("dk-pr-fjordhuse", "dk-bus-erhverv", 1),
        ("dk-pr-velfaerd", "dk-bus-erhverv", 1),
    ]:
        r(a, b, k)
    # planted isolated nonprofits
    r("dk-ngo-mad", "dk-si-havnely", 2, until="2023-09-15")  # no interaction in the window
    r("dk-ngo-mad", "dk-ngo-gadens", 1.5, until="2023-09-15")
    r("dk-ngo-broen", "dk-adm-boern", 4)  # a single tie
    n.once("dk-adm-social", "dk-si-fyrtaarn", "operating_agreement", AS_OF, stage="evaluation")

    n.activity(
        "dk-act-udsatteraad",
        "Udsatterådet i Fjordby",
        "council",
        "homelessness;addiction",
        "2021-11-01",
        None,
        [
            "dk-adm-social",
            "dk-ngo-gadens",
            "dk-ngo-diakoni",
            "dk-si-havnely",
            "dk-si-nordlys",
            "dk-ngo-frivillig",
        ],
    )
    n.activity(
        "dk-act-handicapraad",
        "Handicaprådet i Fjordby Kommune",
        "council",
        "disability",
        "2022-01-15",
        None,
        [
            "dk-adm-handicap",
            "dk-council-social",
            "dk-ngo-lev",
            "dk-ngo-idraet",
            "dk-ngo-paaroerende",
            "dk-ngo-lyspunkt",
        ],
    )
    n.activity(
        "dk-act-opp",
        "OPP om Bofællesskabet Engparken",
        "project",
        "housing;disability",
        "2023-01-10",
        "2026-12-31",
        ["dk-adm-social", "dk-pr-fjordhuse", "dk-si-solsikken"],
        "lead",
        "partner",
    )
    n.activity(
        "dk-act-opi",
        "OPI: velfærdsteknologi i botilbud",
        "project",
        "welfare_technology;disability",
        "2023-04-01",
        "2024-12-31",
        ["dk-adm-handicap", "dk-pr-velfaerd", "dk-si-lindely"],
        "lead",
        "partner",
    )
    n.activity(
        "dk-act-hoering-2024",
        "Offentlig høring om Socialpolitikken 2024",
        "hearing",
        "social_services",
        "2024-09-12",
        "2024-09-12",
        [
            "dk-adm-social",
            "dk-council-social",
            "dk-ngo-frivillig",
            "dk-ngo-lev",
            "dk-ngo-lyspunkt",
            "dk-si-fyrtaarn",
            "dk-ngo-gadens",
        ],
        role="observer",
    )
    n.activity(
        "dk-act-leverandoerforum",
        "Leverandørforum for det specialiserede socialområde",
        "forum",
        "social_services",
        "2023-11-15",
        "2023-11-15",
        [
            "dk-adm-myndighed",
            "dk-pr-egebakken",
            "dk-pr-botilbud",
            "dk-pr-bostoette",
            "dk-pr-vikar",
            "dk-pr-rusklinik",
            "dk-pr-ledsager",
        ],
    )
    n.activity(
        "dk-act-frivilligforum",
        "Frivilligt Forum Fjordby",
        "network",
        "civil_sector_development",
        "2022-03-01",
        None,
        ["dk-ngo-frivillig", "dk-ngo-besoeg", "dk-ngo-diakoni", "dk-ngo-gadens", "dk-se-genbrug"],
    )

    rate = n.rate
    # self-governing institutions feel tightly steered; the municipality rates them well
    for inst, owner, down, up in [
        ("dk-si-lindely", "dk-adm-handicap", (2, 1, 1), (3, 3, 4)),
        ("dk-si-kastanje", "dk-adm-handicap", (2, 2, 1), (3, 3, 3)),
        ("dk-si-solsikken", "dk-adm-handicap", (2, 1, 2), (4, 3, 3)),
        ("dk-si-krise", "dk-adm-social", (2, 2, 1), (3, 4, 3)),
        ("dk-si-havnely", "dk-adm-social", (2, 1, 1), (2, 2, 2)),
        ("dk-si-nordlys", "dk-adm-sundhed", (2, 2, 2), (3, 3, 3)),
        ("dk-si-fyrtaarn", "dk-adm-social", (1, 2, 2), (3, 3, 3)),
        ("dk-si-moelle", "dk-adm-handicap", (2, 2, 1), (3, 3, 3)),
    ]:
        rate(inst, owner, down)
        rate(owner, inst, up)
    # private providers and the buyer: lukewarm both ways (opaque prices)
    for provider, buyer, down, up in [
        ("dk-pr-botilbud", "dk-adm-myndighed", (3, 2, 2), (2, 3, 2)),
        ("dk-pr-bostoette", "dk-adm-myndighed", (2, 3, 2), (3, 2, 2)),
        ("dk-pr-egebakken", "dk-adm-boern", (3, 2, 3), (2, 2, 3)),
        ("dk-pr-velfaerd", "dk-adm-handicap", (3, 3, 3), (3, 3, 3)),
    ]:
        rate(provider, buyer, down)
        rate(buyer, provider, up)
    # nonprofits rate the administration low (unreciprocated: the administration did not answer)
    for ngo, body, s in [
        ("dk-ngo-lev", "dk-adm-handicap", (2, 2, 2)),
        ("dk-ngo-gadens", "dk-adm-social", (2, 1, 2)),
        ("dk-ngo-lyspunkt", "dk-adm-handicap", (2, 2, 1)),
        ("dk-ngo-frivillig", "dk-adm-social", (3, 2, 2)),
        ("dk-ngo-kvinder", "dk-adm-boern", (2, 2, 2)),
    ]:
        rate(ngo, body, s)
    rate("dk-adm-social", "dk-ngo-frivillig", (3, 4, 3))

    planted = {
        "window": ("2024-03-31", AS_OF),
        "isolated": {"dk-ngo-mad": "no_interaction", "dk-ngo-broen": "single_tie"},
        "allies": [("dk-pr-rusklinik", "dk-ngo-nystart"), ("dk-pr-ledsager", "dk-ngo-idraet")],
        "fragile": [("dk-si-havnely", "dk-adm-social")],
        "initiative": ("operating_agreement", 0.8),
        "asymmetry": 1.0,
    }
    return n, planted
