"""The `pleven` sample dataset: a Bulgarian municipality modelled on the Pleven cooperation study."""

from __future__ import annotations

from sample_builder import Net

AS_OF = "2025-06-30"


def pleven() -> tuple[Net, dict]:
    n = Net(
        "pl", start="2022-01-10", as_of=AS_OF, seed=20250630, municipality="Плевен", country="BG"
    )
    n.survey_date = "2025-03-14"
    pub, pri, civ, soc = "public", "private", "civil", "social_economy"
    # ---- public: administration, council and committees, state agencies, schools
    adm = "administration"
    n.org(
        "pl-adm-mayor",
        "Кмет на Община Плевен",
        pub,
        adm,
        "quality_of_life;regional_development",
        1878,
        12,
    )
    n.org(
        "pl-adm-social",
        "Дирекция „Социални дейности и здравеопазване“",
        pub,
        adm,
        "social_services;health;disability;home_care",
        1991,
        38,
    )
    n.org(
        "pl-adm-culture",
        "Дирекция „Култура, туризъм и спорт“",
        pub,
        adm,
        "culture;tourism;sports",
        1991,
        17,
    )
    n.org("pl-adm-education", "Дирекция „Образование“", pub, adm, "education;youth", 1991, 21)
    n.org("pl-adm-youth", "Отдел „Младежки дейности“", pub, adm, "youth;sports", 2003, 6)
    n.org(
        "pl-adm-projects",
        "Отдел „Проекти и програми“",
        pub,
        adm,
        "regional_development;employment",
        2007,
        9,
    )
    n.org(
        "pl-adm-economy",
        "Дирекция „Икономическо развитие“",
        pub,
        adm,
        "employment;regional_development",
        1995,
        14,
    )
    n.org(
        "pl-adm-ngo",
        "Звено за връзки с гражданския сектор",
        pub,
        adm,
        "civil_sector_development",
        2012,
        3,
    )
    n.org("pl-adm-env", "Отдел „Екология“", pub, adm, "environment", 1999, 7)
    n.org("pl-council", "Общински съвет – Плевен", pub, "council", "quality_of_life", 1878, 51)
    n.org(
        "pl-council-social",
        "Постоянна комисия по социални дейности и здравеопазване",
        pub,
        "council_committee",
        "social_services;health",
        1991,
        9,
    )
    n.org(
        "pl-council-education",
        "Постоянна комисия по образование, култура и вероизповедания",
        pub,
        "council_committee",
        "education;culture",
        1991,
        9,
    )
    n.org(
        "pl-council-youth",
        "Постоянна комисия по младежта и спорта",
        pub,
        "council_committee",
        "youth;sports",
        1991,
        7,
    )
    n.org(
        "pl-council-budget",
        "Постоянна комисия по бюджет и финанси",
        pub,
        "council_committee",
        "regional_development",
        1991,
        11,
    )
    st = "state_agency"
    n.org(
        "pl-st-dsp",
        "Дирекция „Социално подпомагане“ – Плевен",
        pub,
        st,
        "social_services;domestic_violence",
        1995,
        64,
    )
    n.org("pl-st-labour", "Дирекция „Бюро по труда“ – Плевен", pub, st, "employment", 1990, 41)
    n.org(
        "pl-st-police",
        "Областна дирекция на МВР – Плевен",
        pub,
        st,
        "crime_prevention;domestic_violence",
        1991,
        520,
    )
    n.org("pl-st-rzi", "Регионална здравна инспекция – Плевен", pub, st, "health", 2011, 58)
    n.org(
        "pl-st-region", "Областна администрация – Плевен", pub, st, "regional_development", 1999, 36
    )
    n.org(
        "pl-st-rue",
        "Регионално управление на образованието – Плевен",
        pub,
        st,
        "education",
        2016,
        22,
    )
    sch = "school"
    n.org("pl-sch-botev", "СУ „Христо Ботев“", pub, sch, "education;youth", 1920, 84)
    n.org("pl-sch-vazov", "ОУ „Иван Вазов“", pub, sch, "education", 1958, 46)
    n.org("pl-sch-levski", "ОУ „Васил Левски“", pub, sch, "education;roma_inclusion", 1962, 39)
    n.org(
        "pl-sch-tourism",
        "Професионална гимназия по туризъм",
        pub,
        sch,
        "education;tourism;culture",
        1971,
        52,
    )
    n.org(
        "pl-sch-lang",
        "Езикова гимназия „Пейо Яворов“",
        pub,
        sch,
        "education;intercultural_dialogue",
        1974,
        61,
    )
    n.org("pl-sch-kg", "Детска градина „Слънце“", pub, sch, "education", 1981, 24)
    # ---- civil: NGOs, community centres (читалища), parents' associations, foundations
    ngo = "ngo"
    n.org(
        "pl-ngo-youth-1",
        "Сдружение „Младежки център – Плевен“",
        civ,
        ngo,
        "youth;education",
        2004,
        6,
    )
    n.org(
        "pl-ngo-youth-2",
        "Фондация „Младежки инициативи“",
        civ,
        "foundation",
        "youth;employment",
        2010,
        4,
    )
    n.org(
        "pl-ngo-youth-3", "Сдружение „Доброволци за Плевен“", civ, ngo, "youth;environment", 2013, 2
    )
    n.org("pl-ngo-youth-4", "Дебатен клуб „Агора“", civ, ngo, "youth;education", 2016, 1)
    n.org(
        "pl-ngo-disab-1",
        "Сдружение на хора с увреждания „Надежда“",
        civ,
        ngo,
        "disability;social_services",
        1998,
        5,
    )
    n.org("pl-ngo-disab-2", "Сдружение „Равен шанс“", civ, ngo, "disability;employment", 2006, 3)
    n.org(
        "pl-ngo-disab-3",
        "Родителска асоциация „Шанс за децата“",
        civ,
        "parents_association",
        "disability;education",
        2015,
        1,
    )
    n.org(
        "pl-ngo-roma-1",
        "Сдружение „Ромско единство“",
        civ,
        ngo,
        "roma_inclusion;employment;housing",
        2002,
        7,
    )
    n.org(
        "pl-ngo-roma-2",
        "Фондация „Общност и образование“",
        civ,
        "foundation",
        "roma_inclusion;intercultural_dialogue",
        2011,
        2,
    )
    n.org(
        "pl-ngo-roma-3",
        "Център за междуетнически диалог „Мост“",
        civ,
        ngo,
        "roma_inclusion;intercultural_dialogue;health",
        2001,
        5,
    )
    n.org(
        "pl-ngo-dv-1",
        "Фондация „Сигурен дом“",
        civ,
        "foundation",
        "domestic_violence;social_services;quality_of_life",
        2008,
        6,
    )
    n.org(
        "pl-ngo-dv-2",
        "Център за превенция на насилието „Ася“",
        civ,
        ngo,
        "domestic_violence;crime_prevention",
        2003,
        8,
    )
    n.org(
        "pl-ngo-homecare-1",
        "Сдружение „Грижа у дома“",
        civ,
        ngo,
        "home_care;elderly_care",
        2005,
        14,
    )
    n.org(
        "pl-ngo-homecare-2",
        "Фондация „Достоен живот“",
        civ,
        "foundation",
        "home_care;elderly_care;health",
        2009,
        9,
    )
    n.org(
        "pl-ngo-env-1",
        "Екологично сдружение „Зелен Плевен“",
        civ,
        ngo,
        "environment;quality_of_life",
        2007,
        2,
    )
    n.org(
        "pl-ngo-health-1",
        "Сдружение „Здраве за всички“",
        civ,
        ngo,
        "health;social_services",
        2012,
        3,
    )
    n.org("pl-ngo-sport-1", "Спортен клуб „Гренадир“", civ, ngo, "sports;youth", 1994, 12)
    n.org(
        "pl-ngo-civdev",
        "Център за развитие на гражданското общество – Плевен",
        civ,
        ngo,
        "civil_sector_development",
        2000,
        4,
    )
    n.org(
        "pl-ngo-found",
        "Фондация „Общност Плевен“",
        civ,
        "foundation",
        "civil_sector_development;quality_of_life",
        2014,
        3,
    )
    n.org(
        "pl-ngo-parents-1",
        "Училищно настоятелство към СУ „Христо Ботев“",
        civ,
        "parents_association",
        "education",
        2003,
        0,
    )
    n.org(
        "pl-ngo-parents-2",
        "Сдружение на родителите „Детство“",
        civ,
        "parents_association",
        "education;youth",
        2017,
        0,
    )
    n.org(
        "pl-ngo-tourism",
        "Туристическо дружество „Кайлъка“",
        civ,
        ngo,
        "tourism;environment",
        1926,
        2,
    )
    cc = "community_centre"
    n.org(
        "pl-cht-saglasie",
        "Народно читалище „Съгласие 1869“",
        civ,
        cc,
        "culture;tourism;education",
        1869,
        11,
    )
    n.org(
        "pl-cht-botev",
        "Народно читалище „Христо Ботев 1895“",
        civ,
        cc,
        "culture;education",
        1895,
        6,
    )
    n.org("pl-cht-svetlina", "Народно читалище „Светлина 1900“", civ, cc, "culture;youth", 1900, 4)
    n.org(
        "pl-cht-izgrev",
        "Народно читалище „Изгрев 1927“",
        civ,
        cc,
        "culture;roma_inclusion",
        1927,
        3,
    )
    n.org(
        "pl-cht-razvitie",
        "Народно читалище „Развитие 1926“",
        civ,
        cc,
        "culture;elderly_care",
        1926,
        3,
    )
    n.org(
        "pl-cht-napredak",
        "Народно читалище „Напредък 1909“",
        civ,
        cc,
        "culture;intercultural_dialogue",
        1909,
        4,
    )
    # ---- private: companies and business associations
    co = "company"
    n.org("pl-co-moda", "Мода Плевен ООД", pri, co, "domestic_violence;quality_of_life", 2001, 85)
    n.org(
        "pl-co-stroy",
        "Строителна компания „Сторгозия“ ЕООД",
        pri,
        co,
        "employment;roma_inclusion;housing",
        1997,
        140,
    )
    n.org("pl-co-it", "ТехноСофт Плевен ЕООД", pri, co, "education;youth;employment", 2012, 48)
    n.org("pl-co-agro", "Плевен Агро АД", pri, co, "environment;employment", 1993, 210)
    n.org("pl-co-bread", "Хлебозавод „Плевен“ АД", pri, co, "employment", 1952, 120)
    n.org("pl-co-hotel", "Хотел „Ростов“ ООД", pri, co, "tourism", 2005, 35)
    n.org("pl-co-pharm", "Аптеки „Здраве“ ЕООД", pri, co, "health", 2008, 60)
    n.org(
        "pl-co-bank", "Дунав Кредит АД – клон Плевен", pri, co, "sports;quality_of_life", 1996, 25
    )
    n.org("pl-co-wine", "Винарска изба „Плевенски хълм“ ООД", pri, co, "tourism;culture", 2003, 30)
    n.org("pl-co-print", "Печатница „Хемус“ ЕООД", pri, co, "culture", 1999, 18)
    n.org("pl-co-transport", "Транс Плевен ООД", pri, co, "environment", 2002, 190)
    n.org("pl-co-energy", "Енерго Плевен ЕООД", pri, co, "environment", 2009, 44)
    n.org("pl-co-furniture", "Мебели „Вит“ ООД", pri, co, "employment", 1994, 75)
    n.org("pl-co-clean", "Клийн Сървис Плевен ЕООД", pri, co, "employment", 2011, 55)
    ba = "business_association"
    n.org(
        "pl-bus-chamber",
        "Търговско-промишлена палата – Плевен",
        pri,
        ba,
        "employment;regional_development",
        1990,
        8,
    )
    n.org(
        "pl-bus-employers",
        "Регионално сдружение на работодателите – Плевен",
        pri,
        ba,
        "employment",
        2004,
        3,
    )
    # ---- social economy
    n.org(
        "pl-se-coop",
        "Социална кооперация „Зелен труд“",
        soc,
        "cooperative",
        "employment;environment",
        2016,
        22,
    )
    n.org(
        "pl-se-bakery",
        "Социално предприятие „Пекарна Шанс“",
        soc,
        "social_enterprise",
        "employment;disability",
        2018,
        12,
    )

    r = n.rel
    # public bodies among themselves
    for a, b, k in [
        ("pl-adm-mayor", "pl-council", 4),
        ("pl-adm-social", "pl-council-social", 4),
        ("pl-adm-education", "pl-council-education", 3),
        ("pl-adm-youth", "pl-council-youth", 3),
        ("pl-adm-mayor", "pl-council-budget", 2),
        ("pl-adm-social", "pl-st-dsp", 4),
        ("pl-adm-economy", "pl-st-labour", 2),
        ("pl-adm-education", "pl-st-rue", 3),
        ("pl-adm-mayor", "pl-st-region", 2),
        ("pl-adm-social", "pl-st-rzi", 2),
        ("pl-adm-projects", "pl-adm-economy", 2),
        ("pl-adm-ngo", "pl-adm-mayor", 2),
        ("pl-adm-env", "pl-adm-mayor", 2),
        ("pl-st-police", "pl-st-dsp", 2),
        ("pl-adm-culture", "pl-adm-mayor", 2),
    ]:
        r(a, b, k)
    for s in (
        "pl-sch-botev",
        "pl-sch-vazov",
        "pl-sch-levski",
        "pl-sch-tourism",
        "pl-sch-lang",
        "pl-sch-kg",
    ):
        r("pl-adm-education", s, 2)
    # civil -> public: the NGOs take the initiative ("the initiative is always ours")
    civic = [
        ("pl-ngo-youth-1", "pl-adm-youth", 4),
        ("pl-ngo-youth-1", "pl-sch-botev", 2),
        ("pl-ngo-youth-2", "pl-adm-youth", 3),
        ("pl-ngo-youth-2", "pl-adm-projects", 2),
        ("pl-ngo-youth-4", "pl-adm-education", 2),
        ("pl-ngo-youth-4", "pl-sch-botev", 2),
        ("pl-ngo-disab-1", "pl-adm-social", 3),
        ("pl-ngo-disab-2", "pl-adm-social", 2),
        ("pl-ngo-disab-2", "pl-st-labour", 2),
        ("pl-ngo-roma-1", "pl-adm-social", 4),
        ("pl-ngo-roma-1", "pl-sch-levski", 2),
        ("pl-ngo-roma-1", "pl-st-labour", 2),
        ("pl-ngo-roma-3", "pl-adm-social", 2),
        ("pl-ngo-roma-3", "pl-st-rzi", 2),
        ("pl-ngo-dv-1", "pl-st-dsp", 3),
        ("pl-ngo-dv-1", "pl-adm-social", 2),
        ("pl-ngo-dv-1", "pl-st-police", 1),
        ("pl-ngo-dv-2", "pl-st-police", 3),
        ("pl-ngo-dv-2", "pl-adm-social", 2),
        ("pl-ngo-homecare-1", "pl-adm-social", 6),
        ("pl-ngo-homecare-2", "pl-adm-social", 3),
        ("pl-ngo-homecare-2", "pl-st-rzi", 1),
        ("pl-ngo-health-1", "pl-st-rzi", 2),
        ("pl-ngo-health-1", "pl-adm-social", 2),
        ("pl-ngo-sport-1", "pl-adm-youth", 2),
        ("pl-ngo-sport-1", "pl-council-youth", 1),
        ("pl-ngo-civdev", "pl-adm-ngo", 4),
        ("pl-ngo-found", "pl-adm-ngo", 2),
        ("pl-ngo-parents-1", "pl-sch-botev", 3),
        ("pl-ngo-parents-1", "pl-adm-education", 2),
        ("pl-ngo-parents-2", "pl-sch-kg", 2),
        ("pl-ngo-parents-2", "pl-adm-education", 2),
        ("pl-ngo-tourism", "pl-adm-culture", 2),
        ("pl-ngo-tourism", "pl-sch-tourism", 1),
        ("pl-cht-saglasie", "pl-adm-culture", 3),
        ("pl-cht-botev", "pl-adm-culture", 3),
        ("pl-cht-botev", "pl-sch-vazov", 2),
        ("pl-cht-svetlina", "pl-adm-culture", 2),
        ("pl-cht-svetlina", "pl-adm-youth", 2),
        ("pl-cht-izgrev", "pl-adm-culture", 2),
        ("pl-cht-izgrev", "pl-sch-levski", 2),
        ("pl-cht-razvitie", "pl-adm-culture", 2),
        ("pl-cht-razvitie", "pl-adm-social", 2),
        ("pl-cht-napredak", "pl-adm-culture", 2),
        ("pl-cht-napredak", "pl-sch-lang", 2),
        ("pl-se-bakery", "pl-adm-social", 3),
        ("pl-se-bakery", "pl-st-labour", 2),
    ]
    for a, b, k in civic:
        r(a, b, k)
    # ties inside the civil sector
    for a, b, k in [
        ("pl-ngo-dv-1", "pl-ngo-dv-2", 2),
        ("pl-ngo-homecare-1", "pl-ngo-homecare-2", 2),
        ("pl-ngo-roma-1", "pl-ngo-roma-3", 2),
        ("pl-ngo-roma-1", "pl-cht-izgrev", 1),
        ("pl-ngo-found", "pl-ngo-dv-1", 2),
        ("pl-ngo-civdev", "pl-ngo-found", 2),
        ("pl-cht-saglasie", "pl-cht-botev", 2),
        ("pl-ngo-tourism", "pl-cht-saglasie", 1),
        ("pl-ngo-youth-1", "pl-ngo-youth-4", 2),
        ("pl-ngo-disab-2", "pl-se-bakery", 2),
        ("pl-cht-razvitie", "pl-ngo-homecare-2", 1),
    ]:
        r(a, b, k)
    # companies
    for c in (
        "pl-co-moda",
        "pl-co-stroy",
        "pl-co-it",
        "pl-co-agro",
        "pl-co-bread",
        "pl-co-hotel",
        "pl-co-wine",
        "pl-co-furniture",
        "pl-co-clean",
        "pl-co-energy",
    ):
        r(c, "pl-bus-chamber", 2)
    for a, b, k in [
        ("pl-bus-chamber", "pl-adm-economy", 3),
        ("pl-bus-employers", "pl-st-labour", 2),
        ("pl-bus-employers", "pl-bus-chamber", 2),
        (
            "pl-co-moda",
            "pl-adm-social",
            1,
        ),
        ("pl-co-moda", "pl-ngo-found", 2),
        ("pl-co-stroy", "pl-adm-economy", 2),
        ("pl-co-stroy", "pl-st-labour", 3),
        ("pl-co-stroy", "pl-sch-levski", 1),
        ("pl-co-stroy", "pl-cht-izgrev", 1),
        ("pl-co-moda", "pl-st-police", 1),
        ("pl-co-it", "pl-sch-botev", 2),
        ("pl-co-it", "pl-adm-economy", 2),
        ("pl-co-it", "pl-ngo-youth-2", 2),
        ("pl-co-agro", "pl-adm-env", 2),
        ("pl-co-energy", "pl-adm-env", 2),
        ("pl-co-hotel", "pl-adm-culture", 2),
        ("pl-co-hotel", "pl-ngo-tourism", 2),
        ("pl-co-hotel", "pl-sch-tourism", 2),
        ("pl-co-wine", "pl-adm-culture", 1),
        ("pl-co-wine", "pl-cht-saglasie", 1),
        ("pl-co-wine", "pl-sch-tourism", 1),
        ("pl-co-print", "pl-cht-botev", 1),
        ("pl-co-print", "pl-adm-culture", 1),
        ("pl-co-bank", "pl-ngo-sport-1", 2),
        ("pl-co-bank", "pl-adm-mayor", 1),
        ("pl-co-pharm", "pl-ngo-health-1", 1),
        ("pl-co-pharm", "pl-st-rzi", 1),
        ("pl-co-bread", "pl-se-bakery", 2),
        ("pl-co-bread", "pl-bus-employers", 1),
        ("pl-sch-tourism", "pl-adm-culture", 2),
    ]:
        r(a, b, k)
    r("pl-adm-mayor", "pl-co-transport", 3, types=("service_purchase", "meeting"))
    # statements to the council and its committees, in councils and at hearings
    deliberation = ("consultative_council", "public_hearing", "meeting")
    r("pl-ngo-disab-1", "pl-council-social", 2, types=deliberation)
    r("pl-ngo-civdev", "pl-council", 2, types=deliberation)
    r("pl-ngo-roma-1", "pl-council-social", 1, types=deliberation)
    r("pl-ngo-youth-1", "pl-council-youth", 1, types=deliberation)
    # ---- planted isolated organizations -------------------------------------------------
    # (1) no interaction in the window: active until late 2023 only
    r("pl-ngo-env-1", "pl-adm-env", 3, until="2023-11-20")
    r("pl-ngo-env-1", "pl-ngo-tourism", 1.5, until="2023-11-20")
    # (2) ties only inside the civil sector
    r("pl-ngo-roma-2", "pl-ngo-roma-3", 3)
    r("pl-ngo-roma-2", "pl-cht-izgrev", 2)
    r("pl-ngo-roma-2", "pl-ngo-civdev", 1)
    # (3) a single tie, ever
    r("pl-ngo-disab-3", "pl-adm-social", 3)
    # (4) activity fell by more than half against the previous window
    r("pl-ngo-youth-3", "pl-adm-youth", 8, until="2024-06-15")
    n.once("pl-ngo-youth-3", "pl-adm-youth", "meeting", "2024-11-12")
    n.once("pl-ngo-youth-3", "pl-adm-youth", "joint_project", "2025-04-08")
    r("pl-ngo-youth-3", "pl-ngo-youth-1", 2)
    # (5) a social enterprise working only with companies
    r("pl-co-agro", "pl-se-coop", 3, types=("service_purchase", "partnership"))
    r("pl-co-furniture", "pl-se-coop", 2, types=("service_purchase",))
    r("pl-co-clean", "pl-se-coop", 2, types=("service_purchase", "partnership"))
    # the latest date of the dataset
    n.once("pl-ngo-civdev", "pl-adm-ngo", "meeting", AS_OF)

    # ---- activities -------------------------------------------------------------------------
    n.activity(
        "pl-act-ngo-council",
        "Обществен съвет за сътрудничество между местната власт и НПО",
        "council",
        "civil_sector_development",
        "2022-02-01",
        None,
        [
            "pl-adm-ngo",
            "pl-adm-mayor",
            "pl-council",
            "pl-ngo-civdev",
            "pl-ngo-found",
            "pl-ngo-youth-1",
            "pl-ngo-disab-1",
            "pl-ngo-roma-1",
            "pl-ngo-dv-2",
            "pl-ngo-homecare-2",
            "pl-ngo-health-1",
            "pl-cht-botev",
        ],
    )
    n.activity(
        "pl-act-social-council",
        "Обществен съвет по социалните услуги",
        "council",
        "social_services;disability;home_care",
        "2022-03-01",
        None,
        [
            "pl-adm-social",
            "pl-st-dsp",
            "pl-council-social",
            "pl-ngo-disab-1",
            "pl-ngo-disab-2",
            "pl-ngo-homecare-1",
            "pl-ngo-homecare-2",
            "pl-ngo-dv-1",
            "pl-ngo-health-1",
            "pl-se-bakery",
        ],
    )
    n.activity(
        "pl-act-youth-council",
        "Консултативен съвет по въпросите на младежта",
        "council",
        "youth;sports",
        "2022-04-05",
        None,
        [
            "pl-adm-youth",
            "pl-council-youth",
            "pl-ngo-youth-1",
            "pl-ngo-youth-2",
            "pl-ngo-youth-4",
            "pl-ngo-sport-1",
            "pl-cht-svetlina",
            "pl-sch-botev",
        ],
    )
    n.activity(
        "pl-act-ethnic-council",
        "Общински съвет по етническите и интеграционните въпроси",
        "council",
        "roma_inclusion;intercultural_dialogue",
        "2022-05-10",
        None,
        ["pl-adm-social", "pl-sch-levski", "pl-ngo-roma-1", "pl-ngo-roma-3", "pl-cht-izgrev"],
    )
    for year, day in ((2023, "2023-02-15"), (2024, "2024-02-20"), (2025, "2025-02-18")):
        members = [
            "pl-adm-mayor",
            "pl-council-budget",
            "pl-bus-chamber",
            "pl-ngo-civdev",
            "pl-ngo-youth-1",
            "pl-ngo-found",
            "pl-cht-botev",
        ]
        if year == 2023:
            members.append("pl-ngo-env-1")
        n.activity(
            f"pl-act-hearing-budget-{year}",
            f"Обществено обсъждане на проекта на бюджет на Община Плевен за {year} г.",
            "hearing",
            "quality_of_life",
            day,
            day,
            members,
            role="observer",
        )
    n.activity(
        "pl-act-hearing-social-strategy",
        "Обществено обсъждане на Стратегията за развитие на социалните услуги 2022–2025",
        "hearing",
        "social_services",
        "2022-06-10",
        "2022-06-10",
        [
            "pl-adm-social",
            "pl-st-dsp",
            "pl-ngo-disab-1",
            "pl-ngo-disab-2",
            "pl-ngo-homecare-1",
            "pl-ngo-roma-1",
            "pl-ngo-dv-2",
        ],
        role="observer",
    )
    n.activity(
        "pl-act-proj-homecare",
        "Проект „Грижа в дома“ – патронажна грижа",
        "project",
        "home_care;elderly_care",
        "2022-03-01",
        "2023-12-31",
        ["pl-adm-social", "pl-ngo-homecare-1", "pl-ngo-homecare-2", "pl-cht-razvitie"],
        "lead",
        "partner",
    )
    n.activity(
        "pl-act-proj-youthcentre",
        "Проект „Младежки център Плевен“",
        "project",
        "youth",
        "2023-01-15",
        "2025-06-30",
        ["pl-adm-youth", "pl-ngo-youth-1", "pl-ngo-youth-2", "pl-ngo-youth-4", "pl-co-it"],
        "lead",
        "partner",
    )
    n.activity(
        "pl-act-proj-roma",
        "Проект „Образование за всички“ – приобщаване на ромските деца",
        "project",
        "roma_inclusion;education",
        "2024-01-10",
        "2025-12-31",
        ["pl-adm-education", "pl-sch-levski", "pl-ngo-roma-1", "pl-ngo-roma-3"],
        "lead",
        "partner",
    )
    n.activity(
        "pl-act-proj-culture",
        "Проект „Културно наследство на Плевен“",
        "project",
        "culture;tourism",
        "2022-09-01",
        "2024-03-31",
        ["pl-adm-culture", "pl-cht-botev", "pl-cht-svetlina", "pl-cht-napredak", "pl-ngo-tourism"],
        "lead",
        "partner",
    )
    n.activity(
        "pl-act-proj-env",
        "Кампания „Чист Плевен“",
        "project",
        "environment",
        "2022-04-01",
        "2023-05-31",
        ["pl-adm-env", "pl-ngo-env-1", "pl-ngo-youth-3", "pl-co-agro"],
        "lead",
        "partner",
    )
    n.activity(
        "pl-act-civnet",
        "Мрежа „Граждани за Плевен“",
        "network",
        "civil_sector_development;intercultural_dialogue",
        "2022-01-20",
        None,
        [
            "pl-ngo-civdev",
            "pl-ngo-roma-2",
            "pl-ngo-roma-3",
            "pl-cht-izgrev",
            "pl-ngo-youth-1",
            "pl-ngo-found",
            "pl-cht-napredak",
        ],
    )

    # ---- partner survey (spring 2025): one-sided trust ----------------------------------------
    rate = n.rate
    # civil organizations rate the municipality's bodies low ...
    low = [
        ("pl-ngo-youth-1", "pl-adm-youth", (2, 2, 1)),
        ("pl-ngo-youth-1", "pl-sch-botev", (3, 3, 2)),
        ("pl-ngo-youth-2", "pl-adm-youth", (2, 1, 2)),
        ("pl-ngo-youth-4", "pl-adm-education", (2, 2, 2)),
        ("pl-ngo-disab-1", "pl-adm-social", (2, 1, 1)),
        ("pl-ngo-disab-1", "pl-council-social", (1, 1, 2)),
        ("pl-ngo-disab-2", "pl-adm-social", (2, 2, 1)),
        ("pl-ngo-disab-2", "pl-st-labour", (2, 2, 2)),
        ("pl-ngo-disab-3", "pl-adm-social", (2, 1, 2)),
        ("pl-ngo-roma-1", "pl-adm-social", (2, 1, 2)),
        ("pl-ngo-roma-1", "pl-sch-levski", (2, 2, 2)),
        ("pl-ngo-roma-3", "pl-adm-social", (1, 2, 1)),
        ("pl-ngo-dv-1", "pl-st-dsp", (2, 2, 2)),
        ("pl-ngo-dv-2", "pl-st-police", (2, 1, 2)),
        ("pl-ngo-homecare-1", "pl-adm-social", (1, 2, 1)),
        ("pl-ngo-homecare-2", "pl-adm-social", (2, 2, 1)),
        ("pl-ngo-health-1", "pl-st-rzi", (2, 2, 2)),
        ("pl-ngo-civdev", "pl-adm-ngo", (2, 2, 1)),
        ("pl-ngo-civdev", "pl-council", (1, 1, 1)),
        ("pl-ngo-found", "pl-adm-ngo", (2, 1, 2)),
        ("pl-cht-botev", "pl-adm-culture", (2, 2, 2)),
        ("pl-cht-saglasie", "pl-adm-culture", (2, 1, 2)),
        ("pl-cht-svetlina", "pl-adm-culture", (1, 2, 2)),
        ("pl-ngo-sport-1", "pl-adm-youth", (2, 2, 2)),
        ("pl-ngo-parents-1", "pl-adm-education", (2, 2, 2)),
        ("pl-se-bakery", "pl-adm-social", (2, 2, 2)),
    ]
    # ... while the municipality's bodies rate the civil organizations higher
    high = [
        ("pl-adm-youth", "pl-ngo-youth-1", (3, 3, 4)),
        ("pl-adm-youth", "pl-ngo-youth-2", (3, 3, 3)),
        ("pl-adm-education", "pl-ngo-youth-4", (3, 3, 3)),
        ("pl-adm-social", "pl-ngo-disab-1", (3, 3, 3)),
        ("pl-adm-social", "pl-ngo-disab-2", (3, 4, 3)),
        ("pl-adm-social", "pl-ngo-roma-1", (2, 2, 2)),
        ("pl-adm-social", "pl-ngo-roma-3", (3, 3, 3)),
        ("pl-st-dsp", "pl-ngo-dv-1", (4, 3, 3)),
        ("pl-st-police", "pl-ngo-dv-2", (3, 3, 4)),
        ("pl-adm-social", "pl-ngo-homecare-1", (2, 2, 2)),
        ("pl-adm-social", "pl-ngo-homecare-2", (3, 3, 3)),
        ("pl-st-rzi", "pl-ngo-health-1", (3, 3, 3)),
        ("pl-adm-ngo", "pl-ngo-civdev", (4, 3, 3)),
        ("pl-adm-ngo", "pl-ngo-found", (3, 3, 3)),
        ("pl-adm-culture", "pl-cht-botev", (3, 4, 3)),
        ("pl-adm-culture", "pl-cht-saglasie", (4, 3, 3)),
        ("pl-adm-culture", "pl-cht-svetlina", (3, 3, 3)),
        ("pl-adm-youth", "pl-ngo-sport-1", (3, 3, 3)),
        ("pl-adm-education", "pl-ngo-parents-1", (3, 3, 3)),
        ("pl-adm-social", "pl-se-bakery", (3, 3, 4)),
        ("pl-sch-botev", "pl-ngo-youth-1", (3, 4, 3)),
        ("pl-adm-social", "pl-ngo-disab-3", (3, 3, 3)),
    ]
    # among civil organizations and with companies
    other = [
        ("pl-ngo-dv-1", "pl-ngo-dv-2", (3, 4, 3)),
        ("pl-ngo-dv-2", "pl-ngo-dv-1", (4, 3, 3)),
        ("pl-ngo-roma-2", "pl-ngo-roma-3", (3, 3, 4)),
        ("pl-ngo-roma-3", "pl-ngo-roma-2", (3, 3, 3)),
        ("pl-ngo-civdev", "pl-ngo-found", (4, 4, 3)),
        ("pl-ngo-homecare-1", "pl-ngo-homecare-2", (3, 3, 3)),
        ("pl-bus-chamber", "pl-adm-economy", (2, 2, 3)),
        ("pl-adm-economy", "pl-bus-chamber", (3, 3, 3)),
        ("pl-co-moda", "pl-ngo-found", (3, 3, 3)),
        ("pl-ngo-found", "pl-co-moda", (3, 3, 3)),
        # untapped trust: mutual high ratings, never worked together
        ("pl-ngo-youth-2", "pl-sch-lang", (3, 4, 3)),
        ("pl-sch-lang", "pl-ngo-youth-2", (4, 3, 3)),
        ("pl-cht-botev", "pl-ngo-disab-2", (3, 3, 4)),
        ("pl-ngo-disab-2", "pl-cht-botev", (3, 3, 3)),
    ]
    for a, b, s in low + high + other:
        rate(a, b, s)

    planted = {
        "window": ("2024-06-30", AS_OF),
        "isolated": {
            "pl-ngo-env-1": "no_interaction",
            "pl-ngo-roma-2": "civil_only",
            "pl-ngo-disab-3": "single_tie",
            "pl-ngo-youth-3": "declining",
            "pl-se-coop": "no_public_tie",
        },
        "allies": [
            ("pl-co-moda", "pl-ngo-dv-1"),
            ("pl-co-stroy", "pl-ngo-roma-1"),
            ("pl-cht-saglasie", "pl-sch-tourism"),
        ],
        "fragile": [("pl-ngo-homecare-1", "pl-adm-social"), ("pl-ngo-roma-1", "pl-adm-social")],
        "untapped": [("pl-ngo-youth-2", "pl-sch-lang"), ("pl-cht-botev", "pl-ngo-disab-2")],
        "initiative": ("civil_to_public", 0.8),
        "asymmetry": 1.0,
    }
    return n, planted
