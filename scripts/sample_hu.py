"""The `hu-town` sample dataset: a Hungarian town where willing companies and the NGOs working on
the same local causes do not know each other."""

from __future__ import annotations

from sample_builder import Net

AS_OF = "2025-05-31"


def hu_town() -> tuple[Net, dict]:
    n = Net(
        "hu", start="2022-06-01", as_of=AS_OF, seed=20250531, municipality="Rétfalva", country="HU"
    )
    n.survey_date = "2025-01-22"
    pub, pri, civ, soc = "public", "private", "civil", "social_economy"
    n.org(
        "hu-onk",
        "Rétfalva Város Önkormányzata – Polgármesteri Hivatal",
        pub,
        "administration",
        "quality_of_life;regional_development",
        1990,
        64,
    )
    n.org(
        "hu-kt", "Rétfalva Város Képviselő-testülete", pub, "council", "quality_of_life", 1990, 11
    )
    n.org(
        "hu-biz-szoc",
        "Szociális és Egészségügyi Bizottság",
        pub,
        "council_committee",
        "social_services;health",
        1990,
        5,
    )
    n.org(
        "hu-biz-okt",
        "Oktatási, Kulturális és Sportbizottság",
        pub,
        "council_committee",
        "education;culture;sports",
        1990,
        5,
    )
    n.org(
        "hu-isk-petofi",
        "Petőfi Sándor Általános Iskola",
        pub,
        "school",
        "education;youth",
        1948,
        42,
    )
    n.org("hu-gimn", "Kossuth Lajos Gimnázium", pub, "school", "education", 1923, 38)
    n.org("hu-ovoda", "Napsugár Óvoda", pub, "school", "education", 1976, 19)
    n.org(
        "hu-muvhaz",
        "Rétfalvi Művelődési Központ és Könyvtár",
        pub,
        "cultural_institution",
        "culture",
        1962,
        12,
    )
    n.org(
        "hu-csgyk",
        "Család- és Gyermekjóléti Központ",
        pub,
        "social_service",
        "social_services",
        1997,
        14,
    )
    n.org(
        "hu-gamesz", "Rétfalvi Városgondnokság", pub, "municipal_company", "environment", 1993, 35
    )
    co = "company"
    n.org("hu-co-bau", "Rétfalvi Építő Kft.", pri, co, "playgrounds;community_spaces", 1996, 48)
    n.org(
        "hu-co-gyar",
        "Alföldi Alkatrészgyártó Zrt.",
        pri,
        co,
        "holiday_childcare;employment",
        2004,
        420,
    )
    n.org("hu-co-bolt", "Rét Áruház Kft.", pri, co, "community_spaces;quality_of_life", 1999, 37)
    n.org("hu-co-fa", "Tölgy Faipari Kft.", pri, co, "playgrounds;environment", 2008, 22)
    n.org("hu-co-it", "Pixel Informatikai Kft.", pri, co, "education;employment", 2014, 15)
    n.org("hu-co-pek", "Aranykalász Pékség Bt.", pri, co, "quality_of_life", 1992, 9)
    n.org(
        "hu-co-takarek", "Rétfalvi Takarékszövetkezet", pri, co, "sports;quality_of_life", 1957, 21
    )
    n.org("hu-co-energia", "Alföld Energia Kft.", pri, co, "environment", 2011, 30)
    n.org("hu-co-fuvar", "Rét-Trans Fuvarozó Kft.", pri, co, "employment", 2001, 26)
    n.org("hu-co-patika", "Szent György Gyógyszertár Bt.", pri, co, "health", 1994, 6)
    n.org("hu-co-szerviz", "Rétfalvi Autószerviz Kft.", pri, co, "employment", 2006, 12)
    n.org("hu-co-nyomda", "Rétprint Nyomda Kft.", pri, co, "culture", 1998, 8)
    n.org(
        "hu-ipartest", "Rétfalvi Ipartestület", pri, "business_association", "employment", 1990, 1
    )
    n.org(
        "hu-vallkor",
        "Rétfalvi Vállalkozók Köre",
        pri,
        "business_association",
        "employment;quality_of_life",
        2003,
        0,
    )
    ngo = "ngo"
    n.org(
        "hu-ngo-jatszoter",
        "Játszóteret Rétfalvának Egyesület",
        civ,
        ngo,
        "playgrounds;youth",
        2015,
        0,
    )
    n.org(
        "hu-ngo-kozosseg",
        "Közösségi Tér Alapítvány",
        civ,
        "foundation",
        "community_spaces;culture",
        2012,
        2,
    )
    n.org(
        "hu-ngo-napkozi", "Szünidei Napközi Egyesület", civ, ngo, "holiday_childcare;youth", 2017, 1
    )
    n.org(
        "hu-ngo-szulok",
        "Petőfi Iskola Szülői Egyesülete",
        civ,
        "parents_association",
        "education",
        2001,
        0,
    )
    n.org("hu-ngo-sport", "Rétfalvi Sportegyesület", civ, ngo, "sports;youth", 1921, 3)
    n.org("hu-ngo-zold", "Zöld Rétfalva Egyesület", civ, ngo, "environment", 2010, 0)
    n.org("hu-ngo-nyugdij", "Rétfalvi Nyugdíjasklub Egyesület", civ, ngo, "elderly_care", 1989, 0)
    n.org(
        "hu-ngo-hagyomany", "Rétfalvi Hagyományőrző Egyesület", civ, ngo, "culture;tourism", 1996, 0
    )
    n.org("hu-ngo-polgaror", "Rétfalvi Polgárőr Egyesület", civ, ngo, "crime_prevention", 1992, 0)
    n.org("hu-ngo-ifju", "Rétfalvi Ifjúsági Egyesület", civ, ngo, "youth;sports", 2009, 0)
    n.org(
        "hu-ngo-karitasz", "Rétfalvi Karitász Csoport", civ, ngo, "social_services;health", 1995, 0
    )
    n.org(
        "hu-ngo-esely",
        "Esélyt Mindenkinek Egyesület",
        civ,
        ngo,
        "disability;social_services",
        2005,
        2,
    )
    n.org(
        "hu-se-szov",
        "Rétfalvi Szociális Szövetkezet",
        soc,
        "cooperative",
        "employment;environment",
        2013,
        14,
    )

    r = n.rel
    # the municipality and its institutions
    for a, b, k in [
        ("hu-onk", "hu-kt", 4),
        ("hu-onk", "hu-biz-szoc", 2),
        ("hu-onk", "hu-biz-okt", 2),
        ("hu-onk", "hu-isk-petofi", 2),
        ("hu-onk", "hu-gimn", 2),
        ("hu-onk", "hu-ovoda", 2),
        ("hu-onk", "hu-muvhaz", 3),
        ("hu-onk", "hu-csgyk", 3),
        ("hu-onk", "hu-gamesz", 4),
        ("hu-biz-okt", "hu-isk-petofi", 1),
        ("hu-csgyk", "hu-isk-petofi", 2),
    ]:
        r(a, b, k)
    # companies: with the municipality and among themselves, never with the NGOs of the causes
    for c in (
        "hu-co-bau",
        "hu-co-gyar",
        "hu-co-bolt",
        "hu-co-fa",
        "hu-co-it",
        "hu-co-pek",
        "hu-co-takarek",
        "hu-co-energia",
        "hu-co-fuvar",
        "hu-co-szerviz",
    ):
        r(c, "hu-onk", 2, types=("meeting", "information_exchange", "sponsorship"))
    for c in ("hu-co-bau", "hu-co-fa", "hu-co-fuvar", "hu-co-szerviz", "hu-co-nyomda", "hu-co-pek"):
        r(c, "hu-ipartest", 2)
    for c in (
        "hu-co-gyar",
        "hu-co-bolt",
        "hu-co-it",
        "hu-co-takarek",
        "hu-co-energia",
        "hu-co-patika",
    ):
        r(c, "hu-vallkor", 2)
    for a, b, k in [
        (
            "hu-onk",
            "hu-co-bau",
            2,
        ),
        ("hu-co-bau", "hu-co-fa", 2),
        ("hu-co-bau", "hu-isk-petofi", 1),
        ("hu-gamesz", "hu-co-fa", 2),
        ("hu-co-gyar", "hu-isk-petofi", 1),
        ("hu-co-gyar", "hu-co-fuvar", 2),
        ("hu-co-bolt", "hu-muvhaz", 2),
        ("hu-co-bolt", "hu-co-pek", 2),
        ("hu-co-it", "hu-gimn", 2),
        ("hu-co-nyomda", "hu-muvhaz", 1),
        ("hu-co-patika", "hu-biz-szoc", 1),
        ("hu-co-energia", "hu-gamesz", 1),
        ("hu-ipartest", "hu-vallkor", 1),
        ("hu-co-it", "hu-isk-petofi", 1),
        ("hu-gamesz", "hu-co-bau", 1),
        ("hu-co-takarek", "hu-ngo-sport", 2),  # the one company-NGO tie: a sports sponsorship
    ]:
        r(a, b, k)
    # NGOs: with the municipality, its institutions and each other
    for a, b, k in [
        ("hu-ngo-jatszoter", "hu-onk", 3),
        ("hu-ngo-jatszoter", "hu-isk-petofi", 2),
        ("hu-ngo-jatszoter", "hu-gamesz", 2),
        ("hu-ngo-jatszoter", "hu-ngo-szulok", 1),
        ("hu-ngo-kozosseg", "hu-onk", 3),
        ("hu-ngo-kozosseg", "hu-muvhaz", 2),
        ("hu-ngo-napkozi", "hu-onk", 2),
        ("hu-ngo-napkozi", "hu-csgyk", 3),
        ("hu-ngo-napkozi", "hu-isk-petofi", 2),
        ("hu-ngo-szulok", "hu-isk-petofi", 3),
        ("hu-ngo-szulok", "hu-onk", 1),
        ("hu-ngo-sport", "hu-onk", 2),
        ("hu-ngo-sport", "hu-biz-okt", 1),
        ("hu-ngo-sport", "hu-isk-petofi", 1),
        ("hu-ngo-zold", "hu-onk", 2),
        ("hu-ngo-zold", "hu-gamesz", 2),
        ("hu-ngo-nyugdij", "hu-onk", 2),
        ("hu-ngo-nyugdij", "hu-muvhaz", 2),
        ("hu-ngo-polgaror", "hu-onk", 3),
        ("hu-ngo-polgaror", "hu-ngo-zold", 1),
        ("hu-ngo-ifju", "hu-onk", 2),
        ("hu-ngo-ifju", "hu-ngo-sport", 2),
        ("hu-ngo-ifju", "hu-isk-petofi", 1),
        ("hu-ngo-karitasz", "hu-csgyk", 2),
        ("hu-ngo-karitasz", "hu-onk", 1),
        ("hu-ngo-karitasz", "hu-biz-szoc", 1),
        ("hu-ngo-esely", "hu-biz-szoc", 2),
        ("hu-ngo-esely", "hu-csgyk", 2),
        ("hu-se-szov", "hu-onk", 3),
        ("hu-se-szov", "hu-gamesz", 2),
    ]:
        r(a, b, k)
    # planted: an NGO with no interaction in the window
    r("hu-ngo-hagyomany", "hu-muvhaz", 2, until="2023-10-20")
    r("hu-ngo-hagyomany", "hu-onk", 1, until="2023-10-20")
    n.once("hu-ngo-kozosseg", "hu-onk", "grant", AS_OF)

    n.activity(
        "hu-act-civil-kerekasztal",
        "Rétfalvi Civil Kerekasztal",
        "council",
        "civil_sector_development",
        "2022-09-15",
        None,
        [
            "hu-onk",
            "hu-ngo-jatszoter",
            "hu-ngo-kozosseg",
            "hu-ngo-napkozi",
            "hu-ngo-sport",
            "hu-ngo-zold",
            "hu-ngo-nyugdij",
            "hu-ngo-polgaror",
            "hu-ngo-esely",
            "hu-ngo-karitasz",
            "hu-ngo-ifju",
        ],
    )
    companies = [
        "hu-co-bau",
        "hu-co-gyar",
        "hu-co-bolt",
        "hu-co-fa",
        "hu-co-it",
        "hu-co-pek",
        "hu-co-takarek",
        "hu-co-energia",
        "hu-ipartest",
        "hu-vallkor",
    ]
    for year, day in ((2022, "2022-11-10"), (2023, "2023-11-09"), (2024, "2024-11-14")):
        n.activity(
            f"hu-act-vallalkozoi-forum-{year}",
            f"Vállalkozói Fórum {year}",
            "forum",
            "employment",
            day,
            day,
            ["hu-onk", *companies],
        )
    for year, day in ((2023, "2023-03-22"), (2024, "2024-03-20"), (2025, "2025-03-19")):
        n.activity(
            f"hu-act-kozmeghallgatas-{year}",
            f"Közmeghallgatás {year}",
            "hearing",
            "quality_of_life",
            day,
            day,
            [
                "hu-kt",
                "hu-onk",
                "hu-ngo-polgaror",
                "hu-ngo-zold",
                "hu-ngo-nyugdij",
                "hu-ngo-szulok",
            ],
            role="observer",
        )
    n.activity(
        "hu-act-jatszoter-liget",
        "Liget utcai játszótér felújítása",
        "project",
        "playgrounds",
        "2023-04-03",
        "2023-10-31",
        ["hu-onk", "hu-ngo-jatszoter", "hu-gamesz", "hu-ovoda"],
        "lead",
        "partner",
    )
    n.activity(
        "hu-act-nyari-tabor-2024",
        "Nyári napközis tábor 2024",
        "project",
        "holiday_childcare",
        "2024-06-17",
        "2024-08-23",
        ["hu-csgyk", "hu-ngo-napkozi", "hu-isk-petofi"],
        "lead",
        "partner",
    )

    rate = n.rate
    for ngo, s_down, s_up in [
        ("hu-ngo-jatszoter", (2, 2, 1), (3, 3, 3)),
        ("hu-ngo-kozosseg", (2, 2, 2), (3, 4, 3)),
        ("hu-ngo-napkozi", (2, 1, 2), (3, 3, 3)),
        ("hu-ngo-sport", (2, 2, 2), (3, 3, 4)),
        ("hu-ngo-zold", (1, 2, 2), (3, 3, 3)),
        ("hu-ngo-polgaror", (2, 2, 2), (4, 3, 3)),
    ]:
        rate(ngo, "hu-onk", s_down)
        rate("hu-onk", ngo, s_up)
    for c in ("hu-co-bau", "hu-co-gyar", "hu-co-bolt", "hu-co-fa"):
        rate(c, "hu-onk", (3, 3, 3))
        rate("hu-onk", c, (3, 3, 2))

    planted = {
        "window": ("2024-05-31", AS_OF),
        "isolated": {"hu-ngo-hagyomany": "no_interaction"},
        "allies": [
            ("hu-co-bau", "hu-ngo-jatszoter"),
            ("hu-co-gyar", "hu-ngo-napkozi"),
            ("hu-co-bolt", "hu-ngo-kozosseg"),
            ("hu-co-fa", "hu-ngo-jatszoter"),
        ],
        "asymmetry": 1.0,
    }
    return n, planted
