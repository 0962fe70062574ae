"""Hand-written hard cases for comparing sentence splitters (used by bench/splitters.py).

Every text was invented for this table (news-like, no real article). Each case is
``(id, text, expected sentences)``; an expected sentence is the exact stripped text.
"""

from __future__ import annotations

CASES: list[tuple[str, str, list[str]]] = [
    (
        "abbr_us_mid",
        "The U.S. Navy sent two ships. Allies followed within days.",
        ["The U.S. Navy sent two ships.", "Allies followed within days."],
    ),
    (
        "abbr_us_final_pronoun",
        "Tariffs hit farmers across the U.S. They want relief before spring.",
        ["Tariffs hit farmers across the U.S.", "They want relief before spring."],
    ),
    (
        "abbr_us_final_noun",
        "The vaccine is approved in the U.S. Regulators in Brazil are still reviewing it.",
        ["The vaccine is approved in the U.S.", "Regulators in Brazil are still reviewing it."],
    ),
    (
        "abbr_dr_st",
        "Dr. Priya Nandakumar moved her clinic to St. Louis in 2019. Patients followed her.",
        [
            "Dr. Priya Nandakumar moved her clinic to St. Louis in 2019.",
            "Patients followed her.",
        ],
    ),
    (
        "abbr_date",
        "The trial opens Jan. 5 and could run until Feb. 20. Jurors were picked last week.",
        [
            "The trial opens Jan. 5 and could run until Feb. 20.",
            "Jurors were picked last week.",
        ],
    ),
    (
        "abbr_no",
        "She is the No. 2 official at the agency. Her deputy resigned.",
        ["She is the No. 2 official at the agency.", "Her deputy resigned."],
    ),
    (
        "abbr_am_pm_mid",
        "Voting runs from 6 a.m. to 9 p.m. on Sunday. Results are due Monday.",
        ["Voting runs from 6 a.m. to 9 p.m. on Sunday.", "Results are due Monday."],
    ),
    (
        "abbr_pm_final",
        "The curfew begins at 10 p.m. Police will patrol the centre.",
        ["The curfew begins at 10 p.m.", "Police will patrol the centre."],
    ),
    (
        "abbr_titles",
        "Sen. Ada Lindqvist and Gov. Paul Mercer traded barbs. Rep. Yusuf Ali stayed silent.",
        [
            "Sen. Ada Lindqvist and Gov. Paul Mercer traded barbs.",
            "Rep. Yusuf Ali stayed silent.",
        ],
    ),
    (
        "abbr_approx",
        "The storm left approx. 12,000 homes without power. Repairs may take a week.",
        ["The storm left approx. 12,000 homes without power.", "Repairs may take a week."],
    ),
    (
        "abbr_company",
        "Norvale Inc. sued Tessaract Corp. over the patent. A judge will rule in March.",
        ["Norvale Inc. sued Tessaract Corp. over the patent.", "A judge will rule in March."],
    ),
    (
        "abbr_military",
        "Lt. Gen. Hana Sato briefed reporters. She declined to give troop numbers.",
        ["Lt. Gen. Hana Sato briefed reporters.", "She declined to give troop numbers."],
    ),
    (
        "numbers",
        "Inflation eased to 3.5 percent. About 4,000 jobs were added. "
        "The budget is $5.2 billion.",
        [
            "Inflation eased to 3.5 percent.",
            "About 4,000 jobs were added.",
            "The budget is $5.2 billion.",
        ],
    ),
    (
        "quote_straight_final",
        'The coach said "We were not good enough." Then he walked out.',
        ['The coach said "We were not good enough."', "Then he walked out."],
    ),
    (
        "quote_curly_final",
        "The coach said \u201cWe were not good enough.\u201d Then he walked out.",
        ["The coach said \u201cWe were not good enough.\u201d", "Then he walked out."],
    ),
    (
        "quote_question_continues",
        "\u201cWho approved this?\u201d the auditor asked. Nobody answered.",
        ["\u201cWho approved this?\u201d the auditor asked.", "Nobody answered."],
    ),
    (
        "quote_single_curly",
        "\u2018We may never know,\u2019 an official said. \u2018The files are gone.\u2019",
        ["\u2018We may never know,\u2019 an official said.", "\u2018The files are gone.\u2019"],
    ),
    (
        "ellipsis",
        "The minister paused... Then she announced her resignation. Critics said... nothing.",
        [
            "The minister paused...",
            "Then she announced her resignation.",
            "Critics said... nothing.",
        ],
    ),
    (
        "headline_body",
        "Dam breach forces evacuations\nThousands left their homes overnight. Roads were jammed.",
        [
            "Dam breach forces evacuations",
            "Thousands left their homes overnight.",
            "Roads were jammed.",
        ],
    ),
    (
        "headline_byline_dateline",
        "Talks collapse in Geneva\n\nBy Marta Kowalczyk\n\n"
        "GENEVA - Negotiators left without a deal on Friday.",
        [
            "Talks collapse in Geneva",
            "By Marta Kowalczyk",
            "GENEVA - Negotiators left without a deal on Friday.",
        ],
    ),
    (
        "caption",
        "A volunteer hands out water near the stadium\nPhoto: Staff\n"
        "Temperatures topped 40 degrees. Hospitals reported heatstroke cases.",
        [
            "A volunteer hands out water near the stadium",
            "Photo: Staff",
            "Temperatures topped 40 degrees.",
            "Hospitals reported heatstroke cases.",
        ],
    ),
    (
        "hard_wrap",
        "The agency said the outbreak was\nlikely contained, though it warned that\n"
        "new cases could appear. Schools stay open.",
        [
            "The agency said the outbreak was\nlikely contained, though it warned that\n"
            "new cases could appear.",
            "Schools stay open.",
        ],
    ),
    (
        "crlf",
        "Port strike ends\r\n\r\nDockworkers returned on Tuesday. Cargo began moving.\r\n",
        ["Port strike ends", "Dockworkers returned on Tuesday.", "Cargo began moving."],
    ),
    (
        "lone_cr",
        "Port strike ends\rDockworkers returned on Tuesday.",
        ["Port strike ends", "Dockworkers returned on Tuesday."],
    ),
    (
        "tabs_nbsp",
        "\tShares fell 8\u00a0percent.\u00a0Traders blamed the 2\u202fa.m. filing.\t",
        ["Shares fell 8\u00a0percent.", "Traders blamed the 2\u202fa.m. filing."],
    ),
    (
        "unicode_separators",
        "Markets rally\u2028Stocks rose for a fifth day.\u2029Bonds slipped.",
        ["Markets rally", "Stocks rose for a fifth day.", "Bonds slipped."],
    ),
    (
        "emoji",
        "The club posted \U0001F3C6\U0001F389. Fans replied \U0001F44F\U0001F3FE all night! "
        "One wrote \U0001F469\u200d\U0001F467 forever.",
        [
            "The club posted \U0001F3C6\U0001F389.",
            "Fans replied \U0001F44F\U0001F3FE all night!",
            "One wrote \U0001F469\u200d\U0001F467 forever.",
        ],
    ),
    (
        "combining_marks",
        "The re\u0301sume\u0301 was fake. Investigators called it a fraud.",
        ["The re\u0301sume\u0301 was fake.", "Investigators called it a fraud."],
    ),
    (
        "exclaim_question",
        "Is the bridge safe? Engineers say yes! The inspection ends today.",
        ["Is the bridge safe?", "Engineers say yes!", "The inspection ends today."],
    ),
    (
        "parenthetical",
        "Output fell (see Table 2). The ministry blamed the weather.",
        ["Output fell (see Table 2).", "The ministry blamed the weather."],
    ),
]
