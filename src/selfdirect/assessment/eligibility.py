"""Care Act 2014 eligibility for adults with care needs, outcome by outcome (Care and Support (Eligibility Criteria)
Regulations 2015, SI 2015/313, regulation 2). Django-free: the determination is a pure function over what the worker
recorded, and its reasons are written in plain English for the person (Care Act 2014 s.13(2))."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from selfdirect.core.errors import DomainError
from selfdirect.core.words import in_sentence

# The ten specified outcomes, in the regulations' order: reg. 2(2)(a) to (j).
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

# The four meanings of "unable to achieve": reg. 2(3)(a) to (d). (code, worker's wording, plain English for the person)
MEANINGS = [
    ("without_assistance", "Cannot achieve it without assistance",
     "you cannot do this without help"),  # reg. 2(3)(a)
    ("pain_distress_anxiety", "Can achieve it without assistance, but doing so causes significant pain, distress or anxiety",
     "you can do this without help, but it causes you significant pain, distress or anxiety"),  # reg. 2(3)(b)
    ("endangers", "Can achieve it without assistance, but doing so endangers, or is likely to endanger, their health or "
                  "safety, or that of others",
     "you can do this without help, but doing it puts, or is likely to put, your health or safety, or other people's, "
     "at risk"),  # reg. 2(3)(c)
    ("takes_longer", "Can achieve it without assistance, but it takes significantly longer than would normally be expected",
     "you can do this without help, but it takes you much longer than it would usually take"),  # reg. 2(3)(d)
]
MEANING_LABELS = {code: label for code, label, _ in MEANINGS}
MEANING_PLAIN = {code: plain for code, _, plain in MEANINGS}

# The areas of wellbeing: Care Act 2014 s.1(2)(a) to (i). (code, label, plain English)
WELLBEING_AREAS = [
    ("dignity", "Personal dignity, including treatment with respect", "your personal dignity"),  # s.1(2)(a)
    ("health", "Physical and mental health and emotional wellbeing",
     "your physical and mental health and emotional wellbeing"),  # s.1(2)(b)
    ("protection", "Protection from abuse and neglect", "being protected from abuse and neglect"),  # s.1(2)(c)
    ("control", "Control over day-to-day life, including the care and support provided and the way it is provided",
     "your control over your day-to-day life"),  # s.1(2)(d)
    ("participation", "Participation in work, education, training or recreation",
     "taking part in work, education, training or things you enjoy"),  # s.1(2)(e)
    ("social_economic", "Social and economic wellbeing", "your social and economic wellbeing"),  # s.1(2)(f)
    ("relationships", "Domestic, family and personal relationships",
     "your home life, your family and your relationships"),  # s.1(2)(g)
    ("accommodation", "Suitability of living accommodation", "whether your home is suitable for you"),  # s.1(2)(h)
    ("contribution", "Contribution to society", "what you give to your community"),  # s.1(2)(i)
]
WELLBEING_LABELS = {code: label for code, label, _ in WELLBEING_AREAS}
WELLBEING_PLAIN = {code: plain for code, _, plain in WELLBEING_AREAS}

HEADLINE_ELIGIBLE = "Your needs meet the national eligibility criteria."
HEADLINE_NOT_ELIGIBLE = "Your needs do not meet the national eligibility criteria."
EVIDENCE_MAX = 2000
PERIOD_MAX = 200
IMPACT_MAX = 2000


class EligibilityError(DomainError, ValueError):
    """What the worker recorded cannot be determined; `field` names the part, e.g. "nutrition-evidence"."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message, field=field_name)


@dataclass(frozen=True)
class Finding:
    """What the worker found for one outcome."""

    outcome: str
    meanings: tuple[str, ...] = ()
    evidence: str = ""
    fluctuates: bool = False
    fluctuation_period: str = ""
    legacy: bool = False  # recorded before the meanings were kept one by one (the outcome was ticked as unable)

    @property
    def unable(self) -> bool:
        return self.legacy or bool(self.meanings)

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    def as_dict(self) -> dict:
        made = {"outcome": self.outcome, "meanings": list(self.meanings), "evidence": self.evidence,
                "fluctuates": self.fluctuates, "fluctuation_period": self.fluctuation_period}
        if self.legacy:
            made["legacy"] = True
        return made


def finding_from(data: dict) -> Finding:
    """One finding from a dict (the API's, the form's or the stored JSON), checked. Raises EligibilityError."""
    outcome = data.get("outcome")
    if outcome not in OUTCOME_LABELS:
        raise EligibilityError("findings", f"unknown outcome {outcome!r}")
    label = OUTCOME_LABELS[outcome].lower()
    meanings = list(dict.fromkeys(data.get("meanings") or []))
    for meaning in meanings:
        if meaning not in MEANING_LABELS:
            raise EligibilityError(f"{outcome}-meanings", f"Unknown meaning of unable {meaning!r} for {label}")
    evidence = (data.get("evidence") or "").strip()
    period = (data.get("fluctuation_period") or "").strip()
    fluctuates = bool(data.get("fluctuates"))
    legacy = bool(data.get("legacy"))
    # Each outcome found unable needs its own evidence: the written record gives the reasons (Care Act 2014 s.13(2)).
    if (meanings or legacy) and not evidence:
        raise EligibilityError(f"{outcome}-evidence", f"Enter the evidence for {label}")
    if len(evidence) > EVIDENCE_MAX:
        raise EligibilityError(f"{outcome}-evidence", f"Evidence for {label} must be {EVIDENCE_MAX} characters or less")
    # Fluctuating needs: circumstances over such period as is necessary to establish the level of need, reg. 2(4).
    if fluctuates and not period:
        raise EligibilityError(f"{outcome}-fluctuation_period",
                               f"Enter the period over which the fluctuating needs for {label} were looked at")
    if len(period) > PERIOD_MAX:
        raise EligibilityError(f"{outcome}-fluctuation_period",
                               f"Period for {label} must be {PERIOD_MAX} characters or less")
    ordered = tuple(code for code, _, _ in MEANINGS if code in meanings)
    return Finding(outcome, ordered, evidence, fluctuates, period if fluctuates else "", legacy)


def findings_from(items: Iterable[dict | Finding]) -> list[Finding]:
    """Every finding checked and put in the regulations' order; an outcome given twice is refused."""
    made: dict[str, Finding] = {}
    for item in items:
        found = item if isinstance(item, Finding) else finding_from(item)
        if found.outcome in made:
            raise EligibilityError("findings", f"{found.label} is given twice")
        made[found.outcome] = found
    return [made[code] for code, _ in OUTCOMES if code in made]


def outcomes_unable(findings: Iterable[Finding]) -> list[str]:
    chosen = {f.outcome for f in findings if f.unable}
    return [code for code, _ in OUTCOMES if code in chosen]


@dataclass(frozen=True)
class Determination:
    eligible: bool
    reasons: list[str]
    outcomes_unable: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.reasons)


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _outcome_reason(finding: Finding) -> str:
    if finding.legacy and not finding.meanings:
        said = "you are unable to achieve this"
    else:
        said = "; and ".join(MEANING_PLAIN[m] for m in finding.meanings)
    reason = f"{finding.label}: {said}."
    if finding.fluctuates:
        reason += (" Your needs for this change over time, so we looked at how things have been over "
                   f"{in_sentence(finding.fluctuation_period).rstrip('.')}.")
    return reason


def determine(*, arises_from_impairment: bool, findings: Iterable[dict | Finding], significant_impact_on_wellbeing: bool,
              wellbeing_areas: Iterable[str] = (), wellbeing_impact: str = "") -> Determination:
    """Whether the adult's needs meet the eligibility criteria (reg. 2(1)), with the reasons in plain English.

    All three conditions must be met: (a) the needs arise from or are related to a physical or mental impairment or
    illness; (b) as a result the adult is unable to achieve two or more of the specified outcomes; (c) as a
    consequence there is, or is likely to be, a significant impact on the adult's wellbeing."""
    checked = findings_from(findings)
    areas = list(dict.fromkeys(wellbeing_areas))
    for area in areas:
        if area not in WELLBEING_LABELS:
            raise EligibilityError("wellbeing_areas", f"unknown area of wellbeing {area!r}")
    areas = [code for code, _, _ in WELLBEING_AREAS if code in areas]
    # Wellbeing is judged by the areas in Care Act 2014 s.1(2); a significant impact must say which are affected.
    if significant_impact_on_wellbeing and not areas:
        raise EligibilityError("wellbeing_areas", "Select the areas of wellbeing that are affected")
    if len(wellbeing_impact or "") > IMPACT_MAX:
        raise EligibilityError("wellbeing_impact", f"Effect on wellbeing must be {IMPACT_MAX} characters or less")
    unable = [f for f in checked if f.unable]
    codes = [f.outcome for f in unable]
    reasons: list[str] = []
    # reg. 2(1)(a): the needs arise from or are related to a physical or mental impairment or illness.
    if arises_from_impairment:
        reasons.append("Your needs arise from, or are related to, a physical or mental impairment or illness.")
    else:
        reasons.append("Your needs do not arise from, and are not related to, a physical or mental impairment or illness.")
    # reg. 2(1)(b) with reg. 2(3): unable to achieve two or more of the outcomes in reg. 2(2).
    if not unable:
        reasons.append("We did not find any of the ten outcomes in the rules that you are unable to achieve. "
                       "The rules need two or more that you are unable to achieve.")
    else:
        count = "1 of the ten outcomes" if len(unable) == 1 else f"{len(unable)} of the ten outcomes"
        reasons.append(f"You are unable to achieve {count} in the rules"
                       + (" (the rules need two or more):" if len(unable) < 2 else ":"))
        reasons += [_outcome_reason(f) for f in unable]
    # reg. 2(1)(c): as a consequence, a significant impact on wellbeing (Care Act 2014 s.1(2)).
    if significant_impact_on_wellbeing:
        reasons.append("Because of this there is, or is likely to be, a significant impact on your wellbeing: "
                       + _join([WELLBEING_PLAIN[a] for a in areas]) + ".")
    else:
        reasons.append("We found that not being able to achieve these outcomes does not have, and is not likely to "
                       "have, a significant impact on your wellbeing.")
    eligible = bool(arises_from_impairment) and len(unable) >= 2 and bool(significant_impact_on_wellbeing)
    reasons.insert(0, HEADLINE_ELIGIBLE if eligible else HEADLINE_NOT_ELIGIBLE)
    return Determination(eligible, reasons, codes)


def legacy_findings(outcomes: Iterable[str], evidence: str) -> list[dict]:
    """Findings for an assessment recorded before outcome-by-outcome findings: each outcome ticked as unable, with
    the one evidence text it had."""
    chosen = set(outcomes)
    return [Finding(code, (), evidence.strip() or "Recorded before evidence was kept outcome by outcome", legacy=True).as_dict()
            for code, _ in OUTCOMES if code in chosen]


def OUTCOMES_ORDERED(selected):  # noqa: N802 - reads as a constant-like helper
    chosen = set(selected)
    return [code for code, _ in OUTCOMES if code in chosen]
