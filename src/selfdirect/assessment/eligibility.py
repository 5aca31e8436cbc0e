"""Care Act 2014 eligibility for adults with care needs (Care and Support (Eligibility Criteria) Regulations 2015,
regulation 2). Django-free: the determination is a pure function over what the worker recorded."""

from dataclasses import dataclass

# The ten specified outcomes, in the regulations' order.
OUTCOMES = [
    ("nutrition", "Managing and maintaining nutrition"),
    ("hygiene", "Maintaining personal hygiene"),
    ("toilet", "Managing toilet needs"),
    ("clothing", "Being appropriately clothed"),
    ("home_safety", "Being able to make use of the home safely"),
    ("habitable_home", "Maintaining a habitable home environment"),
    ("relationships", "Developing and maintaining family or other personal relationships"),
    ("work_learning", "Accessing and engaging in work, training, education or volunteering"),
    ("community", "Making use of necessary facilities or services in the local community, including public transport "
                  "and recreational facilities or services"),
    ("caring_for_child", "Carrying out any caring responsibilities the adult has for a child"),
]
OUTCOME_LABELS = dict(OUTCOMES)
MEANING_OF_UNABLE = (
    "'Unable to achieve' includes: cannot do it without help; can do it but only with significant pain, distress or "
    "anxiety; can do it but it endangers them or others; or it takes significantly longer than normal."
)


@dataclass(frozen=True)
class Determination:
    eligible: bool
    reasons: list[str]


def determine(*, arises_from_impairment: bool, outcomes_unable: list[str], significant_impact_on_wellbeing: bool) -> Determination:
    unknown = [o for o in outcomes_unable if o not in OUTCOME_LABELS]
    if unknown:
        raise ValueError(f"unknown outcome {unknown[0]!r}")
    reasons = []
    if not arises_from_impairment:
        reasons.append("The needs do not arise from a physical or mental impairment or illness.")
    if len(set(outcomes_unable)) < 2:
        reasons.append(
            f"The person is unable to achieve {len(set(outcomes_unable))} of the ten outcomes; the rules need two or more."
        )
    if not significant_impact_on_wellbeing:
        reasons.append("Not being able to achieve these outcomes does not have a significant impact on wellbeing.")
    if reasons:
        return Determination(False, reasons)
    names = "; ".join(OUTCOME_LABELS[o].lower() for o in OUTCOMES_ORDERED(outcomes_unable))
    return Determination(
        True,
        [
            "The needs arise from a physical or mental impairment or illness.",
            f"The person is unable to achieve {len(set(outcomes_unable))} of the ten outcomes: {names}.",
            "As a result there is, or is likely to be, a significant impact on their wellbeing.",
        ],
    )


def OUTCOMES_ORDERED(selected):  # noqa: N802 - reads as a constant-like helper
    chosen = set(selected)
    return [code for code, _ in OUTCOMES if code in chosen]
