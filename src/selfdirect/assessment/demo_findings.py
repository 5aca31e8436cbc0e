"""Outcome-by-outcome findings for the demo council: evidence a worker might write for each outcome, with the
meaning of "unable" it shows (Eligibility Regulations 2015 reg. 2(3)). Deterministic: it draws no random numbers,
so the demo's other choices stay as they were for the same seed."""

EVIDENCE = {
    "nutrition": ("without_assistance", "Cannot stand long enough to prepare a meal; a neighbour brings food most days."),
    "hygiene": ("endangers", "Has fallen getting out of the bath twice this year; washes only when family visit."),
    "toilet": ("pain_distress_anxiety", "Getting to the toilet at night causes severe pain; accidents most weeks."),
    "clothing": ("takes_longer", "Dressing takes over an hour each morning because of stiffness in both hands."),
    "home_safety": ("endangers", "Cannot manage the stairs safely; has slept downstairs in a chair since the spring."),
    "habitable_home": ("without_assistance", "Cannot clean, do laundry or keep the heating on without help."),
    "relationships": ("pain_distress_anxiety", "Very anxious about going out to see friends; has stopped seeing them."),
    "work_learning": ("without_assistance", "Wants to volunteer again but cannot travel to it or manage the day alone."),
    "community": ("without_assistance", "Cannot use the bus or get to the shops or the GP surgery without someone with them."),
    "caring_for_child": ("without_assistance", "Cannot take their grandchild to school, which they are responsible for."),
}
WELLBEING = {"nutrition": "health", "hygiene": "dignity", "toilet": "dignity", "clothing": "dignity",
             "home_safety": "health", "habitable_home": "accommodation", "relationships": "relationships",
             "work_learning": "participation", "community": "participation", "caring_for_child": "relationships"}


def demo_findings(outcomes) -> list[dict]:
    made = []
    for code in outcomes:
        meaning, evidence = EVIDENCE[code]
        finding = {"outcome": code, "meanings": [meaning], "evidence": evidence}
        if code in {"toilet", "relationships"}:
            finding.update(fluctuates=True, fluctuation_period="the last three months, including bad weeks")
        made.append(finding)
    return made


def demo_wellbeing(outcomes) -> list[str]:
    return sorted({WELLBEING[code] for code in outcomes} | {"control"})
