"""The financial assessment for care in a person's own home (Care Act 2014 charging, England). Django-free.

contribution = max(0, income counted - disregards - housing costs - disability-related expenditure - MIG
                   + tariff income), never above the weekly cost of care.

Every amount given for another period is turned into a weekly figure once, rounded to the penny, and every line of
the breakdown uses those rounded figures, so the lines always add up to the result."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from selfdirect.core.dates import add_months
from selfdirect.core.money import PERIODS_PER_YEAR, Money, to_weekly_pence
from selfdirect.people.checks import age_on

from .rates import Rates, RatesError

INCOME_TYPES = {
    # type: (label, treatment) where treatment is "counted" or "disregarded"
    "universal_credit": ("Universal Credit", "counted"),
    "esa": ("Employment and Support Allowance", "counted"),
    "income_support": ("Income Support", "counted"),
    "pension_credit": ("Pension Credit", "counted"),
    "state_pension": ("State Pension", "counted"),
    "occupational_pension": ("Occupational or private pension", "counted"),
    "pip_daily_living_enhanced": ("PIP daily living, enhanced rate", "counted"),
    "pip_daily_living_standard": ("PIP daily living, standard rate", "counted"),
    "pip_mobility_enhanced": ("PIP mobility, enhanced rate", "disregarded"),
    "pip_mobility_standard": ("PIP mobility, standard rate", "disregarded"),
    "dla_care_highest": ("DLA care, highest rate", "counted"),
    "dla_care_middle": ("DLA care, middle rate", "counted"),
    "dla_care_lowest": ("DLA care, lowest rate", "counted"),
    "dla_mobility_higher": ("DLA mobility, higher rate", "disregarded"),
    "dla_mobility_lower": ("DLA mobility, lower rate", "disregarded"),
    "attendance_allowance_higher": ("Attendance Allowance, higher rate", "counted"),
    "attendance_allowance_lower": ("Attendance Allowance, lower rate", "counted"),
    "carers_allowance": ("Carer's Allowance", "counted"),
    "earnings": ("Earnings", "disregarded"),
    "war_pensioners_mobility_supplement": ("War Pensioners' Mobility Supplement", "disregarded"),
    "other": ("Other income", "counted"),
}
# Top rates whose difference from the next rate down may be disregarded when no night care is received.
NIGHT_CARE_RATES = {
    "pip_daily_living_enhanced": ("pip_daily_living_enhanced", "pip_daily_living_standard"),
    "attendance_allowance_higher": ("attendance_allowance_higher", "attendance_allowance_lower"),
    "dla_care_highest": ("dla_care_highest", "dla_care_middle"),
}
DISABILITY_BENEFITS = {t for t in INCOME_TYPES if t.startswith(("pip_", "dla_", "attendance_allowance"))}
ENHANCED_DISABILITY_BENEFITS = {"pip_daily_living_enhanced", "dla_care_highest"}
SETTINGS = {"community"}
POLICIES = {"apply", "ignore"}


class InputError(ValueError):
    """Bad input; `field` names the field (e.g. 'income[1].period') and str() says what is wrong."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Amount:
    description: str
    amount_pence: int
    period: str

    @property
    def weekly_pence(self) -> int:
        return to_weekly_pence(self.amount_pence, self.period)


@dataclass(frozen=True)
class Income(Amount):
    type: str = "other"


@dataclass(frozen=True)
class AssessmentInput:
    effective_date: datetime.date
    date_of_birth: datetime.date
    weekly_cost_of_care_pence: int
    capital_pence: int
    income: list[Income] = field(default_factory=list)
    housing_costs: list[Amount] = field(default_factory=list)
    disability_related_expenditure: list[Amount] = field(default_factory=list)
    receives_night_care: bool = False
    night_care_disregard_policy: str = "apply"
    carer_premium: bool | None = None
    disability_premium_override: bool | None = None
    enhanced_disability_premium_override: bool | None = None
    override_reason: str = ""
    dependent_children: int = 0
    setting: str = "community"
    light_touch: bool = False


@dataclass(frozen=True)
class Line:
    label: str
    pence: int
    rule: str
    kind: str  # income, disregard, deduction, allowance, tariff, result

    def as_dict(self):
        return {"label": self.label, "pence": self.pence, "rule": self.rule, "kind": self.kind}


@dataclass(frozen=True)
class AssessmentResult:
    financial_year: str
    weekly_cost_of_care_pence: int
    weekly_contribution_pence: int
    full_cost: bool
    full_cost_reason: str
    mig_weekly_pence: int
    mig_parts: list[Line]
    tariff_income_weekly_pence: int
    lines: list[Line]
    age: int
    pension_credit_age: bool

    @property
    def council_weekly_contribution_pence(self) -> int:
        return self.weekly_cost_of_care_pence - self.weekly_contribution_pence

    def as_dict(self) -> dict:
        return {
            "financial_year": self.financial_year,
            "weekly_cost_of_care_pence": self.weekly_cost_of_care_pence,
            "weekly_contribution_pence": self.weekly_contribution_pence,
            "council_weekly_contribution_pence": self.council_weekly_contribution_pence,
            "full_cost": self.full_cost,
            "full_cost_reason": self.full_cost_reason,
            "mig_weekly_pence": self.mig_weekly_pence,
            "mig_parts": [p.as_dict() for p in self.mig_parts],
            "tariff_income_weekly_pence": self.tariff_income_weekly_pence,
            "age": self.age,
            "pension_credit_age": self.pension_credit_age,
            "lines": [line.as_dict() for line in self.lines],
        }


def pension_credit_qualifying_date(date_of_birth: datetime.date) -> datetime.date:
    """The day a person reaches Pension Credit qualifying age (= State Pension age; Pensions Acts 2007, 2011, 2014).
    Born before 6 April 1960: 66 (earlier dates are long past for any assessment from 2023). Born 6 April 1960 to
    5 March 1961: 66 and 1 to 11 months. Born 6 March 1961 to 5 April 1977: 67."""
    if date_of_birth < datetime.date(1960, 4, 6):
        return add_months(date_of_birth, 66 * 12)
    if date_of_birth < datetime.date(1961, 3, 6):
        # A month more for each whole month from 6 March 1960 to the birth (born 6 April to 5 May 1960: one month).
        since = relativedelta(date_of_birth, datetime.date(1960, 3, 6))
        months = since.years * 12 + since.months
        return add_months(date_of_birth, 66 * 12 + months)
    return add_months(date_of_birth, 67 * 12)


def tariff_income_pence(capital_pence: int, rates: Rates) -> int:
    """£1 a week for every £250, or part of £250, above the lower capital limit."""
    above = capital_pence - rates.get("lower_capital_limit")
    if above <= 0:
        return 0
    steps = -(-above // rates.get("tariff_capital_step"))  # ceiling: a part of £250 counts as a whole step
    return steps * rates.get("tariff_income_per_step")


def assess(data: AssessmentInput, rates: Rates) -> AssessmentResult:
    if data.setting not in SETTINGS:
        raise InputError("setting", "only 'community' (care in the person's own home) is assessed here")
    age = age_on(data.date_of_birth, data.effective_date)
    if age < 18:
        raise InputError("date_of_birth", "the person must be 18 or over on the effective date")
    pension_age = data.effective_date >= pension_credit_qualifying_date(data.date_of_birth)
    cost = data.weekly_cost_of_care_pence
    lines: list[Line] = []

    def full_cost(reason: str, rule: str) -> AssessmentResult:
        lines.append(Line(reason, cost, rule, "result"))
        return AssessmentResult(rates.financial_year, cost, cost, True, reason, 0, [], 0, lines, age, pension_age)

    if data.light_touch:
        return full_cost("The person chose not to share their finances (light-touch assessment), so pays the full cost",
                         "Care and Support Statutory Guidance, Annex C: light-touch financial assessment")
    upper = rates.get("upper_capital_limit")
    if data.capital_pence > upper:
        return full_cost("Capital is above the upper capital limit, so the person pays the full cost",
                         "Charging and Assessment of Resources Regulations 2014, reg 12: upper capital limit")

    # Income, each item converted to weekly once.
    counted = 0
    weekly_by_type: dict[str, int] = {}
    for item in data.income:
        weekly = item.weekly_pence
        label, treatment = INCOME_TYPES[item.type]
        weekly_by_type[item.type] = weekly_by_type.get(item.type, 0) + weekly
        period_note = "" if item.period == "weekly" else f" ({Money(item.amount_pence).pounds_text()} {item.period.replace('_', '-')}, as weekly)"
        lines.append(Line(f"{label}{period_note}", weekly, "Income counted" if treatment == "counted"
                          else "Income disregarded in full (Annex C)", "income"))
        if treatment == "counted":
            counted += weekly
    disregards = 0
    if not data.receives_night_care and data.night_care_disregard_policy == "apply":
        for income_type, (top, lower) in NIGHT_CARE_RATES.items():
            received = weekly_by_type.get(income_type, 0)
            if received:
                difference = min(received, rates.get(top) - rates.get(lower))
                disregards += difference
                lines.append(Line(f"Night-care part of {INCOME_TYPES[income_type][0]} (no night care received)",
                                  -difference, "Council policy: disregard the difference between the top rate and "
                                  "the next rate down when no night care is received", "disregard"))
    housing = sum(a.weekly_pence for a in data.housing_costs)
    for a in data.housing_costs:
        lines.append(Line(f"Housing cost: {a.description}", -a.weekly_pence, "Housing costs deducted (Annex C)", "deduction"))
    dre = sum(a.weekly_pence for a in data.disability_related_expenditure)
    for a in data.disability_related_expenditure:
        lines.append(Line(f"Disability-related expenditure: {a.description}", -a.weekly_pence,
                          "Accepted disability-related expenditure (Annex C, paras 39-43)", "deduction"))

    # Minimum Income Guarantee, with premiums derived from benefits unless a worker overrides.
    mig_parts: list[Line] = []
    if pension_age:
        mig_parts.append(Line("Minimum Income Guarantee, Pension Credit age", rates.get("mig_pension_credit_age_single"),
                              "Charging regulations, reg 7: MIG for a person of Pension Credit age", "allowance"))
    elif age < 25:
        mig_parts.append(Line("Minimum Income Guarantee, aged 18 to 24", rates.get("mig_single_18_24"),
                              "Charging regulations, reg 7: MIG by age", "allowance"))
    else:
        mig_parts.append(Line("Minimum Income Guarantee, aged 25 to Pension Credit age",
                              rates.get("mig_single_25_to_pension_age"), "Charging regulations, reg 7: MIG by age", "allowance"))
    types = set(weekly_by_type)
    premiums = [
        ("disability_premium", "Disability premium", data.disability_premium_override,
         not pension_age and bool(types & DISABILITY_BENEFITS), "gets a disability benefit and is below Pension Credit age"),
        ("enhanced_disability_premium", "Enhanced disability premium", data.enhanced_disability_premium_override,
         not pension_age and bool(types & ENHANCED_DISABILITY_BENEFITS),
         "gets PIP daily living enhanced or DLA care highest and is below Pension Credit age"),
        # The carer_premium input flag can only add the premium: false is the ordinary default, not a refusal, so
        # Carer's Allowance still gives the premium when the flag is false (decision 0002).
        ("carer_premium", "Carer premium", True if data.carer_premium else None, "carers_allowance" in types,
         "gets Carer's Allowance"),
    ]
    for figure, label, explicit, derived, why in premiums:
        if explicit is not None:
            applies = explicit
            rule = f"{label}: " + (f"set by a worker ({data.override_reason})" if figure != "carer_premium"
                                   else "the input says the person is a carer")
        else:
            applies = derived
            rule = f"{label}: the person {why}"
        if applies:
            mig_parts.append(Line(label, rates.get(figure), rule, "allowance"))
    if data.dependent_children:
        mig_parts.append(Line(f"Dependent children ({data.dependent_children})",
                              data.dependent_children * rates.get("dependent_child"),
                              "Charging regulations, reg 7: an amount for each dependent child", "allowance"))
    mig = sum(p.pence for p in mig_parts)
    lines += [Line(p.label, -p.pence, p.rule, "allowance") for p in mig_parts]
    tariff = tariff_income_pence(data.capital_pence, rates)
    if tariff:
        lines.append(Line(f"Tariff income from capital of {Money(data.capital_pence).format()}", tariff,
                          "£1 a week for every £250, or part of £250, above the lower capital limit (reg 25)", "tariff"))
    available = counted - disregards - housing - dre - mig + tariff
    contribution = min(max(0, available), cost)
    if available > cost:
        reason = "capped at the weekly cost of care"
    elif available <= 0:
        reason = "income is below the Minimum Income Guarantee after deductions, so nothing is due"
    else:
        reason = "income left after the Minimum Income Guarantee and deductions"
    lines.append(Line(f"Weekly contribution ({reason})", contribution,
                      "contribution = max(0, income counted - disregards - housing - DRE - MIG + tariff income), "
                      "never above the weekly cost of care", "result"))
    return AssessmentResult(rates.financial_year, cost, contribution, False, "", mig, mig_parts, tariff, lines, age,
                            pension_age)


# Reading the command-line and API input.
def _date(raw, name):
    try:
        return datetime.date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise InputError(name, "must be a date like 2024-06-01") from None


def _pence(raw, name):
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InputError(name, "must be a whole number of pence")
    if raw < 0:
        raise InputError(name, "must not be negative")
    return raw


def _flag(raw, name, *, optional=False):
    if raw is None and optional:
        return None
    if not isinstance(raw, bool):
        raise InputError(name, "must be true or false")
    return raw


def _amounts(raw, name, *, income=False):
    if not isinstance(raw, list):
        raise InputError(name, "must be a list")
    items = []
    for index, entry in enumerate(raw):
        where = f"{name}[{index}]"
        if not isinstance(entry, dict):
            raise InputError(where, "must be an object")
        period = entry.get("period")
        if "period" not in entry:
            raise InputError(f"{where}.period", "is missing")
        if period not in PERIODS_PER_YEAR:
            raise InputError(f"{where}.period", f"{period!r} is not a period; use one of {', '.join(PERIODS_PER_YEAR)}")
        if "amount_pence" not in entry:
            raise InputError(f"{where}.amount_pence", "is missing")
        amount = _pence(entry["amount_pence"], f"{where}.amount_pence")
        if income:
            kind = entry.get("type")
            if "type" not in entry:
                raise InputError(f"{where}.type", "is missing")
            if kind not in INCOME_TYPES:
                raise InputError(f"{where}.type", f"{kind!r} is not an income type; use one of {', '.join(INCOME_TYPES)}")
            items.append(Income(description=INCOME_TYPES[kind][0], amount_pence=amount, period=period, type=kind))
        else:
            description = str(entry.get("description", "")).strip()
            if not description:
                raise InputError(f"{where}.description", "is missing")
            items.append(Amount(description=description, amount_pence=amount, period=period))
    return items


REQUIRED_KEYS = ["effective_date", "date_of_birth", "weekly_cost_of_care_pence", "capital_pence"]
KNOWN_KEYS = set(REQUIRED_KEYS) | {
    "setting", "receives_night_care", "night_care_disregard_policy", "income", "housing_costs",
    "disability_related_expenditure", "carer_premium", "dependent_children", "light_touch",
    "disability_premium_override", "enhanced_disability_premium_override", "override_reason",
    "provisional_rates_year",  # read by actions.run: an earlier year's figures while the effective year lacks some
}


def parse_input(raw: dict) -> AssessmentInput:
    if not isinstance(raw, dict):
        raise InputError("input", "must be a JSON object")
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise InputError(key, "is missing")
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        raise InputError(unknown[0], "is not a field of the assessment input")
    policy = raw.get("night_care_disregard_policy", "apply")
    if policy not in POLICIES:
        raise InputError("night_care_disregard_policy", "must be 'apply' or 'ignore'")
    setting = raw.get("setting", "community")
    if setting not in SETTINGS:
        raise InputError("setting", "only 'community' (care in the person's own home) is assessed here")
    children = raw.get("dependent_children", 0)
    if isinstance(children, bool) or not isinstance(children, int) or children < 0:
        raise InputError("dependent_children", "must be a whole number, 0 or more")
    overrides = [raw.get("disability_premium_override"), raw.get("enhanced_disability_premium_override")]
    reason = str(raw.get("override_reason") or "").strip()
    if any(o is not None for o in overrides) and not reason:
        raise InputError("override_reason", "is needed when a worker overrides a premium")
    effective = _date(raw["effective_date"], "effective_date")
    born = _date(raw["date_of_birth"], "date_of_birth")
    if born > effective:
        raise InputError("date_of_birth", "must be before the effective date")
    return AssessmentInput(
        effective_date=effective,
        date_of_birth=born,
        weekly_cost_of_care_pence=_pence(raw["weekly_cost_of_care_pence"], "weekly_cost_of_care_pence"),
        capital_pence=_pence(raw["capital_pence"], "capital_pence"),
        income=_amounts(raw.get("income", []), "income", income=True),
        housing_costs=_amounts(raw.get("housing_costs", []), "housing_costs"),
        disability_related_expenditure=_amounts(raw.get("disability_related_expenditure", []), "disability_related_expenditure"),
        receives_night_care=_flag(raw.get("receives_night_care", False), "receives_night_care"),
        night_care_disregard_policy=policy,
        carer_premium=_flag(raw.get("carer_premium"), "carer_premium", optional=True),
        disability_premium_override=_flag(overrides[0], "disability_premium_override", optional=True),
        enhanced_disability_premium_override=_flag(overrides[1], "enhanced_disability_premium_override", optional=True),
        override_reason=reason,
        dependent_children=children,
        setting=setting,
        light_touch=_flag(raw.get("light_touch", False), "light_touch"),
    )


__all__ = ["AssessmentInput", "AssessmentResult", "InputError", "RatesError", "assess", "parse_input"]
