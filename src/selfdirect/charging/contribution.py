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
from selfdirect.core.money import PERIOD_LABELS, PERIODS_PER_YEAR, Money, to_weekly_pence
from selfdirect.people.checks import age_on

from .policy import SHIPPED_DEFAULT, ChargingPolicy, PolicyError, parse_policy
from .rates import Rates, RatesError

REGS = "Care and Support (Charging and Assessment of Resources) Regulations 2014"
COUNTED = "counted"
DISREGARDED = "disregarded"
WAR_PENSION = "war_pension_10"  # the first £10 a week disregarded
SAVINGS_CREDIT = "savings_credit"  # disregarded up to the year's Savings Credit disregard


@dataclass(frozen=True)
class IncomeType:
    label: str
    treatment: str
    rule: str
    means_tested: bool = False


# Every type of income the assessment knows, with how Schedule 1 to the Charging Regulations and Annex C of the
# statutory guidance treat it. Paragraph numbers are given where we could read them in the regulations; where we could
# not, the rule names the schedule and the council's published guide we read (docs/charging-rates.md lists both).
_COUNT = f"Counted in full ({REGS}, reg 13; Annex C)"
_LAMBETH = "Lambeth Council, 'Discounted benefits and income for care assessments'"
INCOME_TYPES: dict[str, IncomeType] = {
    "universal_credit": IncomeType("Universal Credit", COUNTED, _COUNT, means_tested=True),
    "esa": IncomeType("Employment and Support Allowance", COUNTED, _COUNT, means_tested=True),
    "income_support": IncomeType("Income Support", COUNTED, _COUNT, means_tested=True),
    "pension_credit": IncomeType("Pension Credit (Guarantee Credit)", COUNTED, _COUNT, means_tested=True),
    "pension_credit_savings_credit": IncomeType(
        "Pension Credit (Savings Credit)", SAVINGS_CREDIT,
        f"Savings Credit disregard, up to the year's amount ({REGS}, Schedule 1, para 40)", means_tested=True),
    "state_pension": IncomeType("State Pension", COUNTED, _COUNT),
    "occupational_pension": IncomeType("Occupational or private pension", COUNTED, _COUNT),
    "pip_daily_living_enhanced": IncomeType("PIP daily living, enhanced rate", COUNTED, _COUNT),
    "pip_daily_living_standard": IncomeType("PIP daily living, standard rate", COUNTED, _COUNT),
    "pip_mobility_enhanced": IncomeType("PIP mobility, enhanced rate", DISREGARDED,
                                        f"Mobility component disregarded in full ({REGS}, Schedule 1, para 8)"),
    "pip_mobility_standard": IncomeType("PIP mobility, standard rate", DISREGARDED,
                                        f"Mobility component disregarded in full ({REGS}, Schedule 1, para 8)"),
    "dla_care_highest": IncomeType("DLA care, highest rate", COUNTED, _COUNT),
    "dla_care_middle": IncomeType("DLA care, middle rate", COUNTED, _COUNT),
    "dla_care_lowest": IncomeType("DLA care, lowest rate", COUNTED, _COUNT),
    "dla_mobility_higher": IncomeType("DLA mobility, higher rate", DISREGARDED,
                                      f"Mobility component disregarded in full ({REGS}, Schedule 1, para 8)"),
    "dla_mobility_lower": IncomeType("DLA mobility, lower rate", DISREGARDED,
                                     f"Mobility component disregarded in full ({REGS}, Schedule 1, para 8)"),
    "attendance_allowance_higher": IncomeType("Attendance Allowance, higher rate", COUNTED, _COUNT),
    "attendance_allowance_lower": IncomeType("Attendance Allowance, lower rate", COUNTED, _COUNT),
    "carers_allowance": IncomeType("Carer's Allowance", COUNTED, _COUNT),
    "earnings": IncomeType("Earnings", DISREGARDED, f"Earnings disregarded in full ({REGS}, reg 14)"),
    "war_pensioners_mobility_supplement": IncomeType(
        "War Pensioners' Mobility Supplement", DISREGARDED, f"Disregarded in full ({REGS}, Schedule 1; {_LAMBETH})"),
    "armed_forces_guaranteed_income_payment": IncomeType(
        "Armed Forces Compensation Scheme guaranteed income payment", DISREGARDED,
        f"Disregarded in full ({REGS}, Schedule 1, para 18)"),
    "armed_forces_independence_payment": IncomeType(
        "Armed Forces Independence Payment", DISREGARDED, f"Disregarded in full ({REGS}, Schedule 1; {_LAMBETH})"),
    "housing_benefit": IncomeType("Housing Benefit", DISREGARDED, f"Disregarded in full ({REGS}, Schedule 1, para 3(1))",
                                  means_tested=True),
    "council_tax_reduction": IncomeType("Council Tax Reduction", DISREGARDED,
                                        f"Disregarded in full ({REGS}, Schedule 1, para 3(3))", means_tested=True),
    "winter_fuel_payment": IncomeType("Winter Fuel Payment", DISREGARDED,
                                      f"Social fund payments disregarded in full ({REGS}, Schedule 1; {_LAMBETH})"),
    "christmas_bonus": IncomeType("Christmas Bonus", DISREGARDED, f"Disregarded in full ({REGS}, Schedule 1; {_LAMBETH})"),
    "child_benefit": IncomeType("Child Benefit", DISREGARDED, f"Disregarded in full ({REGS}, Schedule 1; {_LAMBETH})"),
    "child_tax_credit": IncomeType("Child Tax Credit", DISREGARDED, f"Disregarded in full ({REGS}, Schedule 1; {_LAMBETH})"),
    "charitable_or_voluntary_payment": IncomeType(
        "Charitable or voluntary payment", DISREGARDED, f"Disregarded in full ({REGS}, Schedule 1; Annex C)"),
    "war_disablement_pension": IncomeType("War disablement pension", WAR_PENSION,
                                          f"The first £10 a week disregarded ({REGS}, Schedule 1, Part 2; {_LAMBETH})"),
    "war_widows_pension": IncomeType("War widow's or widower's pension", WAR_PENSION,
                                     f"The first £10 a week disregarded ({REGS}, Schedule 1, Part 2; {_LAMBETH})"),
    "survivors_guaranteed_income_payment": IncomeType(
        "Survivor's guaranteed income payment (Armed Forces Compensation Scheme)", WAR_PENSION,
        f"The first £10 a week disregarded ({REGS}, Schedule 1, Part 2; {_LAMBETH})"),
    "civilian_war_injury_pension": IncomeType("Civilian war injury pension", WAR_PENSION,
                                              f"The first £10 a week disregarded ({REGS}, Schedule 1, Part 2; {_LAMBETH})"),
    "national_socialist_persecution_pension": IncomeType(
        "Pension paid to victims of National Socialist persecution", WAR_PENSION,
        f"The first £10 a week disregarded ({REGS}, Schedule 1, Part 2; {_LAMBETH})"),
    "other": IncomeType("Other income", COUNTED, _COUNT),
}
WAR_PENSION_DISREGARD_PENCE = 1000  # "partially disregarded up to a value of £10 each" (Lambeth's guide, above)
# Top rates whose difference from the next rate down may be disregarded when no night care is received.
NIGHT_CARE_RATES = {
    "pip_daily_living_enhanced": ("pip_daily_living_enhanced", "pip_daily_living_standard"),
    "attendance_allowance_higher": ("attendance_allowance_higher", "attendance_allowance_lower"),
    "dla_care_highest": ("dla_care_highest", "dla_care_middle"),
}
DISABILITY_BENEFITS = {t for t in INCOME_TYPES if t.startswith(("pip_", "dla_", "attendance_allowance"))}
ENHANCED_DISABILITY_BENEFITS = {"pip_daily_living_enhanced", "dla_care_highest"}
MEANS_TESTED = {t for t, kind in INCOME_TYPES.items() if kind.means_tested}
# The benefits that replace income and are means-tested: getting one shows a person cannot contribute (a light-touch
# assessment). Help with rent or council tax, or Savings Credit, alone does not.
LIGHT_TOUCH_EVIDENCE = {"universal_credit", "esa", "income_support", "pension_credit"}
SETTINGS = {"community": "care in the person's own home", "care_home_permanent": "a permanent place in a care home",
            "care_home_temporary": "a temporary stay in a care home"}
CARE_HOME = {"care_home_permanent", "care_home_temporary"}
# Who may live in the resident's home for it to be disregarded (Charging Regulations 2014, Schedule 2; Annex B).
OCCUPIERS = {
    "partner": "the resident's partner or former partner (unless estranged)",
    "relative_60_or_over": "a relative aged 60 or over",
    "relative_incapacitated": "a relative who is incapacitated",
    "child_under_18": "a child of the resident aged under 18",
    "former_partner_lone_parent": "the resident's former partner who is a lone parent",
}
CARE_COMPONENTS = {"attendance_allowance_higher", "attendance_allowance_lower", "dla_care_highest", "dla_care_middle",
                   "dla_care_lowest", "pip_daily_living_enhanced", "pip_daily_living_standard"}
TWELVE_WEEKS = datetime.timedelta(weeks=12)
# What makes a stay temporary (statutory guidance, Annex F, para 4: "A temporary resident is defined as a person whose
# need to stay in a care home is intended to last for a limited period of time and where there is a plan to return home.
# The person's stay should be unlikely to exceed 52 weeks, or in exceptional circumstances, unlikely to substantially
# exceed 52 weeks"; para 5: the decision "must be agreed with the person and/or their representative and written into
# their care plan"). No figure is given for "substantially": a stay over 52 weeks needs its exceptional reason recorded.
TEMPORARY_WEEKS = 52
ANNEX_F = "statutory guidance, Annex F"
# A short-term resident: a stay of up to 8 weeks (Age UK factsheet 58: "'short-term' (up to 8 weeks)"), whom the council
# may charge as if they were getting care at home (Charging Regulations 2014, reg 8); its policy says whether it does.
SHORT_STAY_WEEKS = 8
MOST_STAY_WEEKS = 520  # ten years: a sanity bound on the input, not a legal figure
CARE_COMPONENTS_STOP_AFTER = datetime.timedelta(days=28)
POLICIES = {"apply", "ignore"}


@dataclass(frozen=True)
class CapitalType:
    label: str
    counted: bool
    rule: str


_CAP_COUNT = f"Counted ({REGS}, reg 18; Annex B)"
CAPITAL_TYPES: dict[str, CapitalType] = {
    "savings": CapitalType("Savings in a bank, building society or post office account", True, _CAP_COUNT),
    "cash": CapitalType("Cash", True, _CAP_COUNT),
    "investments": CapitalType("Investments, bonds and ISAs", True, _CAP_COUNT),
    "premium_bonds": CapitalType("Premium Bonds", True, _CAP_COUNT),
    "shares": CapitalType("Stocks and shares", True, _CAP_COUNT),
    "other_property": CapitalType("Property other than the home the person lives in", True, _CAP_COUNT),
    "other": CapitalType("Other capital", True, _CAP_COUNT),
    "notional": CapitalType("Capital counted as still held (notional capital)", True,
                            f"Treated as still held ({REGS}, reg 22; statutory guidance, Annex E)"),
    "personal_possessions": CapitalType("Personal possessions", False,
                                        f"Disregarded ({REGS}, Schedule 2; Annex B)"),
    "life_insurance": CapitalType("Surrender value of a life insurance policy", False,
                                  f"Disregarded ({REGS}, Schedule 2; Annex B)"),
    "funeral_plan": CapitalType("Pre-paid funeral plan", False, f"Disregarded ({REGS}, Schedule 2; Annex B)"),
    "personal_injury_trust": CapitalType("Personal injury trust or payment held for it", False,
                                         f"Disregarded ({REGS}, Schedule 2; Annex B)"),
    "benefit_arrears": CapitalType("Arrears of benefits (for 52 weeks)", False,
                                   f"Disregarded ({REGS}, Schedule 2; Annex B)"),
    "business_assets": CapitalType("Business assets the person works in", False,
                                   f"Disregarded ({REGS}, Schedule 2; Annex B)"),
}
LIGHT_TOUCH_REASONS = {
    "declines_to_disclose": "The person chose not to share their finances and accepts the full cost",
    "small_charge": "The charge is small and the person can plainly afford it",
    "means_tested_benefits": "The person's means-tested benefits show they cannot contribute more",
}
SUPPORT_FOR = {"person": "the person", "carer": "a carer, in their own right"}


class InputError(ValueError):
    """Bad input; `field` names the field (e.g. 'income[1].period') and str() says what is wrong."""

    def __init__(self, field_name: str, message: str):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message
        self.also: tuple[InputError, ...] = ()  # other problems found with this one, in order

    @property
    def every(self) -> tuple[InputError, ...]:
        return (self, *self.also)


def _each(raw, name, parse_one) -> list:
    """Parse each item of a list, finding every item's first problem, not only the first item's."""
    if not isinstance(raw, list):
        raise InputError(name, "must be a list")
    items, problems = [], []
    for index, entry in enumerate(raw):
        try:
            items.append(parse_one(entry, f"{name}[{index}]"))
        except InputError as problem:
            problems.append(problem)
    if problems:
        raise _together(problems)
    return items


def _together(problems: list) -> InputError:
    every = [p for problem in problems for p in problem.every]
    first = every[0]
    first.also = tuple(every[1:])
    return first


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
class CapitalItem:
    type: str
    amount_pence: int
    owners: int = 1
    share_pence: int | None = None  # the person's share where it is not an equal one
    share_reason: str = ""
    reason: str = ""  # why notional capital is counted (Annex E)

    @property
    def person_share_pence(self) -> int:
        if self.share_pence is not None:
            return self.share_pence
        return self.amount_pence // self.owners  # an equal share; a part penny is left to the person (reg 24)


@dataclass(frozen=True)
class Property:
    """The resident's home (care homes only): its value, debts secured on it, and who still lives there."""

    value_pence: int
    secured_debt_pence: int = 0
    owners: int = 1
    share_value_pence: int | None = None  # a share's value to a willing buyer (Annex B), where owners > 1
    occupied_by: tuple[str, ...] = ()
    discretionary_disregard_reason: str = ""


@dataclass(frozen=True)
class Stay:
    """What makes a care home stay temporary (Annex F, paras 4 and 5), as the council recorded it."""

    intended_limited: bool
    expected_weeks: int
    in_care_plan: bool
    exceptional_reason: str = ""

    @property
    def short(self) -> bool:
        """A short-term resident: the stay is expected to last 8 weeks or less (reg 8)."""
        return self.expected_weeks <= SHORT_STAY_WEEKS


@dataclass(frozen=True)
class Partner:
    date_of_birth: datetime.date
    receives_pension_credit: bool = False


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
    night_care_disregard_policy: str | None = None  # None: the policy's
    carer_premium: bool | None = None
    disability_premium_override: bool | None = None
    enhanced_disability_premium_override: bool | None = None
    override_reason: str = ""
    dependent_children: int = 0
    setting: str = "community"
    light_touch: bool = False
    light_touch_reason: str = ""
    light_touch_note: str = ""
    partner: Partner | None = None
    joint_income: list[Income] = field(default_factory=list)
    capital: list[CapitalItem] | None = None  # item by item; None when capital_pence was given as one figure
    standard_disability_related_expenditure: bool = False
    support_for: str = "person"
    lone_parent: bool = False
    admitted_on: datetime.date | None = None
    first_permanent_admission: bool = True
    pension_paid_to_spouse_pence: int = 0  # weekly
    property: Property | None = None
    stay: Stay | None = None  # a temporary stay's terms (care_home_temporary only)


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
    couple: bool = False
    policy: dict = field(default_factory=dict)
    capital_lines: list[Line] = field(default_factory=list)  # each item of capital and the share counted (not weekly)
    counted_capital_pence: int = 0

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
            "couple": self.couple,
            "policy": self.policy,
            "counted_capital_pence": self.counted_capital_pence,
            "capital": [line.as_dict() for line in self.capital_lines],
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


def _period_note(item: Amount) -> str:
    if item.period == "weekly":
        return ""
    return f" ({Money(item.amount_pence).format()} {PERIOD_LABELS[item.period]}, as a weekly amount)"


def counted_capital(data: AssessmentInput) -> tuple[int, list[Line]]:
    """The capital counted (the person's share of each item not disregarded), and a line for each item."""
    if data.capital is None:
        return data.capital_pence, []
    total, lines = 0, []
    for item in data.capital:
        kind = CAPITAL_TYPES[item.type]
        share = item.person_share_pence
        owned = "" if item.owners == 1 and item.share_pence is None else (
            f", the person's share of {Money(item.amount_pence).format()}"
            + (f" held by {item.owners}" if item.share_pence is None else f" ({item.share_reason})"))
        rule = kind.rule
        if item.owners > 1 or item.share_pence is not None:
            rule += f"; jointly held capital ({REGS}, reg 24: " + (
                "an equal share each)" if item.share_pence is None else "a different share, shown and recorded)")
        if item.type == "notional":
            rule += f"; reason: {item.reason}"
        lines.append(Line(f"{kind.label}{owned}" + ("" if kind.counted else " (disregarded)"),
                          share if kind.counted else 0, rule, "capital"))
        if kind.counted:
            total += share
    return total, lines


def property_counted(data: AssessmentInput) -> tuple[int, Line]:
    """The resident's home: disregarded (and why), or counted at its value less 10% for selling and any debt secured
    on it; a share at what a willing buyer would pay for it. Returns the pence counted and a line saying how."""
    home = data.property
    value = home.share_value_pence if home.owners > 1 else home.value_pence
    what = (f"The home (the resident's share, valued at {Money(value).format()} to a willing buyer)"
            if home.owners > 1 else f"The home, valued at {Money(value).format()}")
    if data.setting == "care_home_temporary":
        return 0, Line(f"{what}: disregarded", 0, f"The home of a temporary resident who means to return is disregarded "
                       f"({REGS}, Schedule 2, para 1; statutory guidance, Annex F)", "capital")
    if home.occupied_by:
        who = "; ".join(OCCUPIERS[o] for o in home.occupied_by)
        return 0, Line(f"{what}: disregarded while {who} lives there", 0,
                       f"{REGS}, Schedule 2; statutory guidance, Annex B", "capital")
    if home.discretionary_disregard_reason:
        return 0, Line(f"{what}: disregarded at the council's discretion", 0,
                       f"{REGS}, Schedule 2 (discretionary disregard; Annex B): {home.discretionary_disregard_reason}",
                       "capital")
    if data.first_permanent_admission and data.admitted_on is not None \
            and data.effective_date < data.admitted_on + TWELVE_WEEKS:
        until = data.admitted_on + TWELVE_WEEKS - datetime.timedelta(days=1)
        return 0, Line(f"{what}: disregarded for the first 12 weeks, to {until.day} {until:%B %Y}", 0,
                       f"{REGS}, Schedule 2, para 2: the 12 weeks from the day of a first permanent admission",
                       "capital")
    selling = -(-value // 10)  # 10% for the costs of selling, rounded up to the penny in the resident's favour
    counted = max(0, value - selling - home.secured_debt_pence)
    return counted, Line(f"{what}, less {Money(selling).format()} (10%) for selling and "
                         f"{Money(home.secured_debt_pence).format()} of debt secured on it: {Money(counted).format()} "
                         f"counted", counted, f"{REGS}, regs 20 and 24; statutory guidance, Annex B", "capital")


def _care_home_income_rules(data: AssessmentInput, weekly_by_type: dict[str, int], lines: list[Line], *,
                            resident_rules: bool = True) -> int:
    """What a care home resident's income loses to the care-home rules: the care components of disability benefits
    once they stop (28 days into a place the council pays for, Annex C), and half of a pension paid to a spouse who
    lives elsewhere (Annex C). Adds a line each; returns the pence taken off. Before the 28 days end, a line says
    the day to work the contribution out again. A short stay charged as care at home (`resident_rules` False) keeps the
    28 days (the benefits stop whatever rules the council charges by) but not the pension rule, which is a resident's."""
    taken = 0
    if data.admitted_on is not None:  # a temporary or a permanent stay (factsheets: "the first 4 weeks of a
        # temporary or permanent stay"); a stay within 28 days of an earlier one is linked to it: not modelled
        stops = data.admitted_on + CARE_COMPONENTS_STOP_AFTER
        for kind in sorted(CARE_COMPONENTS & set(weekly_by_type)):
            label = INCOME_TYPES[kind].label
            if data.effective_date < stops:
                lines.append(Line(f"{label}: counted until {stops.day} {stops:%B %Y}, 28 days into the stay; work "
                                  "the contribution out again then", 0, "Statutory guidance, Annex C", "note"))
            if data.effective_date >= stops:
                taken += weekly_by_type[kind]
                lines.append(Line(f"{label}: stopped on {stops.day} {stops:%B %Y}, 28 days into a place the council "
                                  "pays for", -weekly_by_type[kind], "Statutory guidance, Annex C: the care components "
                                  "of disability benefits stop after 28 days in a council-funded care home place",
                                  "disregard"))
    pensions = sum(w for t, w in weekly_by_type.items() if t == "occupational_pension")
    paid = data.pension_paid_to_spouse_pence if resident_rules else 0
    if paid:
        if pensions and paid * 2 >= pensions:
            half = -(-pensions // 2)  # half, rounded up in the resident's favour
            taken += half
            lines.append(Line("Half of the pension, paid to a spouse or civil partner living elsewhere", -half,
                              f"{REGS}, Schedule 1; statutory guidance, Annex C: half of an occupational or personal "
                              "pension or retirement annuity is disregarded where the resident pays at least half of it "
                              "to a spouse or civil partner who does not live in the same home", "disregard"))
        else:
            lines.append(Line(f"Pension paid to a spouse or civil partner ({Money(paid).format()} a week): less than half "
                              "of the pension, so no disregard", 0, "Statutory guidance, Annex C: the disregard needs at "
                              "least half of the pension paid to the spouse", "disregard"))
    return taken


def charged_as_care_at_home(data: AssessmentInput, policy: ChargingPolicy) -> bool:
    """A short-term resident whom the council's policy charges as if they were getting care at home (reg 8)."""
    return (data.setting == "care_home_temporary" and data.stay is not None and data.stay.short
            and policy.short_stay_charging == "community")


def stay_notes(data: AssessmentInput, policy: ChargingPolicy) -> list[Line]:
    """Why a stay counts as temporary, and how a short one is charged: a note line each (no amount)."""
    stay = data.stay
    if data.setting != "care_home_temporary" or stay is None:
        return []
    weeks = f"{stay.expected_weeks} week{'s' if stay.expected_weeks != 1 else ''}"
    how_long = (f"expected to last {weeks}, more than {TEMPORARY_WEEKS} in exceptional circumstances: "
                f"{stay.exceptional_reason}" if stay.expected_weeks > TEMPORARY_WEEKS
                else f"expected to last {weeks}, no more than {TEMPORARY_WEEKS}")
    notes = [Line(f"Counted as a temporary stay: meant to last a limited time with a plan to return home, {how_long}, "
                  "and written into the care plan", 0,
                  f"{REGS}, reg 2(1) (temporary resident); {ANNEX_F}, para 4 (a stay intended to last for a limited "
                  f"period with a plan to return home, unlikely to exceed {TEMPORARY_WEEKS} weeks, or in exceptional "
                  f"circumstances unlikely to substantially exceed {TEMPORARY_WEEKS} weeks) and para 5 (agreed with the "
                  "person and written into their care plan)", "note")]
    if stay.short:
        reg8 = (f"{REGS}, reg 8: the council may assess and charge a short-term resident (a stay of up to "
                f"{SHORT_STAY_WEEKS} weeks) as if they were receiving care and support other than in a care home")
        if policy.short_stay_charging == "community":
            notes.append(Line(f"A short stay of {SHORT_STAY_WEEKS} weeks or less: charged as if the person were getting "
                              "care at home, as the council's policy says", 0,
                              f"{reg8}; council charging policy: short stays charged as care at home", "note"))
        else:
            notes.append(Line(f"A short stay of {SHORT_STAY_WEEKS} weeks or less: charged under the care-home rules, "
                              "as the council's policy says", 0,
                              f"{reg8}; council charging policy: short stays charged under the care-home rules, like "
                              "any temporary stay", "note"))
    return notes


def pension_age_on(born: datetime.date, day: datetime.date) -> bool:
    return day >= pension_credit_qualifying_date(born)


def assess(data: AssessmentInput, rates: Rates, policy: ChargingPolicy = SHIPPED_DEFAULT) -> AssessmentResult:
    """The weekly contribution, every line of it. The lines other than the result always add up to the result."""
    if data.setting not in SETTINGS:
        raise InputError("setting", f"must be one of {', '.join(SETTINGS)}")
    in_care_home = data.setting in CARE_HOME
    # The care-home rules (the Personal Expenses Allowance, no premiums): every resident's, except a short stay the
    # council's policy charges as care at home (reg 8).
    home = in_care_home and not charged_as_care_at_home(data, policy)
    age = age_on(data.date_of_birth, data.effective_date)
    if age < 18:
        raise InputError("date_of_birth", "the person must be 18 or over on the effective date")
    pension_age = pension_age_on(data.date_of_birth, data.effective_date)
    couple = data.partner is not None
    partner_pension_age = couple and pension_age_on(data.partner.date_of_birth, data.effective_date)
    cost = data.weekly_cost_of_care_pence
    lines: list[Line] = stay_notes(data, policy)

    capital_lines: list[Line] = []
    capital = data.capital_pence

    def settled(contribution: int, reason: str, rule: str, *, full: bool, mig=0, mig_parts=(), tariff=0):
        lines.append(Line(f"Weekly contribution ({reason})", contribution, rule, "result"))
        return AssessmentResult(rates.financial_year, cost, contribution, full, reason if full else "", mig,
                                list(mig_parts), tariff, lines, age, pension_age, couple, policy.as_dict(),
                                capital_lines, capital)

    def full_cost(reason: str, rule: str) -> AssessmentResult:
        lines.append(Line("Weekly cost of care", cost, rule, "full_cost"))
        contribution = limited(cost)
        if contribution != cost:  # the council's maximum or minimum weekly charge changed it: not the full cost now
            why = ("capped at the council's maximum weekly charge" if contribution else
                   "below the council's minimum weekly charge, so nothing is due")
            return settled(contribution, why, rule, full=False)
        return settled(cost, reason, rule, full=True)

    def limited(contribution: int) -> int:
        """The council's maximum and minimum weekly charge, each an adjustment line."""
        maximum = policy.maximum_weekly_charge_pence
        if maximum is not None and contribution > maximum:
            lines.append(Line("Capped at the council's maximum weekly charge", maximum - contribution,
                              "Council charging policy: maximum weekly charge", "adjustment"))
            contribution = maximum
        if 0 < contribution < policy.minimum_weekly_charge_pence:
            lines.append(Line(f"Below the council's minimum weekly charge of "
                              f"{Money(policy.minimum_weekly_charge_pence).format()}, so not charged", -contribution,
                              "Council charging policy: minimum weekly charge", "adjustment"))
            contribution = 0
        return contribution

    if data.support_for == "carer" and not policy.charge_carers_support:
        lines.append(Line("Support arranged for a carer in their own right", 0,
                          "Council charging policy: support for carers is not charged (Care Act 2014, s.14)", "adjustment"))
        return settled(0, "the council does not charge for carers' support", "Council charging policy", full=False)
    if data.light_touch:
        reason = data.light_touch_reason or "declines_to_disclose"
        why = LIGHT_TOUCH_REASONS[reason]
        rule = f"Light-touch financial assessment ({REGS}, reg 10; statutory guidance, chapter 8): {why.lower()}"
        if data.light_touch_note:
            rule += f". Recorded: {data.light_touch_note}"
        if reason == "means_tested_benefits":
            lines.append(Line("No contribution: the person's means-tested benefits show they cannot contribute", 0,
                              rule, "adjustment"))
            return settled(0, "light-touch assessment: means-tested benefits show nothing can be paid", rule, full=False)
        if reason == "small_charge":
            return full_cost("The charge is small and the person can plainly afford it (light-touch assessment), so "
                             "the person pays the cost of their care", rule)
        return full_cost("The person chose not to share their finances (light-touch assessment), so pays the full cost",
                         rule)

    capital, found = counted_capital(data)
    capital_lines.extend(found)
    if data.property is not None:
        counted_home, home_line = property_counted(data)
        capital += counted_home
        capital_lines.append(home_line)
        lines.append(Line(home_line.label, 0, home_line.rule, "property"))
    upper = rates.get("upper_capital_limit")
    if capital > upper:
        return full_cost("Capital is above the upper capital limit, so the person pays the full cost",
                         f"{REGS}, reg 12: upper capital limit of {Money(upper).format()}")

    # Income, each item converted to weekly once; half of each joint item (Annex C, para 5).
    counted = 0
    weekly_by_type: dict[str, int] = {}
    received: list[tuple[Income, int, str]] = [(item, item.weekly_pence, "") for item in data.income]
    for item in data.joint_income:  # half of the exact weekly amount, rounded down in the person's favour
        half = item.amount_pence * PERIODS_PER_YEAR[item.period] // (52 * 2)
        received.append((item, half, " (half of an amount paid to the couple)"))
    savings_credit_left = None  # the Savings Credit disregard is one figure for the person, however the credit is entered
    for item, weekly, joint in received:
        kind = INCOME_TYPES[item.type]
        weekly_by_type[item.type] = weekly_by_type.get(item.type, 0) + weekly
        lines.append(Line(f"{kind.label}{_period_note(item)}{joint}", weekly,
                          kind.rule if not joint else f"{kind.rule}; the person's equal share of joint income "
                          "(statutory guidance, Annex C, para 5)", "income"))
        counted += weekly
        disregard = 0
        if kind.treatment == DISREGARDED:
            disregard = weekly
        elif kind.treatment == WAR_PENSION:
            disregard = min(weekly, WAR_PENSION_DISREGARD_PENCE)
        elif kind.treatment == SAVINGS_CREDIT:
            if savings_credit_left is None:
                as_couple = couple  # Pension Credit is paid to a couple: a member of one gets it as a couple
                savings_credit_left = rates.get("savings_credit_disregard_couple" if as_couple
                                                else "savings_credit_disregard_single")
            disregard = min(weekly, savings_credit_left)
            savings_credit_left -= disregard
        if disregard:
            counted -= disregard
            lines.append(Line(f"{kind.label}: disregarded", -disregard, kind.rule, "disregard"))
    stopped: set[str] = set()
    if in_care_home:
        counted -= _care_home_income_rules(data, weekly_by_type, lines, resident_rules=home)
        if data.admitted_on is not None and data.effective_date >= data.admitted_on + CARE_COMPONENTS_STOP_AFTER:
            stopped = CARE_COMPONENTS & set(weekly_by_type)  # no longer received: no premium from them
    night_policy = data.night_care_disregard_policy or policy.night_care_disregard
    if not home and not data.receives_night_care and night_policy == "apply":
        for income_type, (top, lower) in NIGHT_CARE_RATES.items():
            got = weekly_by_type.get(income_type, 0)
            if got:
                difference = min(got, rates.get(top) - rates.get(lower))
                counted -= difference
                lines.append(Line(f"Night-care part of {INCOME_TYPES[income_type].label} (no night care received)",
                                  -difference, "Council charging policy: disregard the difference between the top rate "
                                  "and the next rate down when no night care is received (statutory guidance, Annex C)",
                                  "disregard"))
    for a in data.housing_costs:  # not for a permanent resident (parse_input refuses them)
        counted -= a.weekly_pence
        lines.append(Line(f"Housing cost: {a.description}{_period_note(a)}", -a.weekly_pence,
                          f"Housing costs deducted ({REGS}, Schedule 1, para 2"
                          + ("; a temporary resident keeps up their home: statutory guidance, Annex F)"
                             if in_care_home else ")"),
                          "deduction"))
    if data.standard_disability_related_expenditure:
        standard = policy.standard_dre_weekly_pence or 0
        counted -= standard
        lines.append(Line("Disability-related expenditure: the council's standard allowance", -standard,
                          "Council charging policy: a standard allowance offered without itemising "
                          f"({REGS}, Schedule 1, para 4; Annex C)", "deduction"))
    for a in data.disability_related_expenditure:
        counted -= a.weekly_pence
        lines.append(Line(f"Disability-related expenditure: {a.description}{_period_note(a)}", -a.weekly_pence,
                          f"Accepted disability-related expenditure ({REGS}, Schedule 1, para 4; Annex C)", "deduction"))

    # Minimum Income Guarantee (reg 7), with premiums derived from benefits unless a worker overrides; in a care home,
    # the Personal Expenses Allowance (reg 6) instead.
    mig_parts: list[Line] = []
    reg7 = f"{REGS}, reg 7"
    if home:
        mig_parts.append(Line("Personal Expenses Allowance", rates.get("personal_expenses_allowance"),
                              f"{REGS}, reg 6: a care home resident keeps at least this each week", "allowance"))
    elif couple and (pension_age or partner_pension_age):
        mig_parts.append(Line("Minimum Income Guarantee, member of a couple where one or both have reached Pension "
                              "Credit age", rates.get("mig_couple_member_pension_credit_age"), f"{reg7}(4)(b)", "allowance"))
    elif couple:
        mig_parts.append(Line("Minimum Income Guarantee, member of a couple", rates.get("mig_couple_member_18_plus"),
                              f"{reg7}(4)(a)", "allowance"))
    elif pension_age:
        mig_parts.append(Line("Minimum Income Guarantee, Pension Credit age", rates.get("mig_pension_credit_age_single"),
                              f"{reg7}(2)(c)", "allowance"))
    elif data.lone_parent:
        mig_parts.append(Line("Minimum Income Guarantee, lone parent", rates.get("mig_lone_parent"), f"{reg7}(3)",
                              "allowance"))
    elif age < 25:
        mig_parts.append(Line("Minimum Income Guarantee, aged 18 to 24", rates.get("mig_single_18_24"),
                              f"{reg7}(2)(a)", "allowance"))
    else:
        mig_parts.append(Line("Minimum Income Guarantee, aged 25 to Pension Credit age",
                              rates.get("mig_single_25_to_pension_age"), f"{reg7}(2)(b)", "allowance"))
    types = set(weekly_by_type) - stopped if not home else set()  # the premiums belong to the MIG, not to a care home
    suffix = "_couple" if couple else ""
    premiums = [
        ("disability_premium" + suffix, "Disability premium", data.disability_premium_override,
         not pension_age and bool(types & DISABILITY_BENEFITS), "gets a disability benefit and is below Pension Credit age",
         "(6)" if couple else "(5)"),
        ("enhanced_disability_premium" + suffix, "Enhanced disability premium", data.enhanced_disability_premium_override,
         not pension_age and bool(types & ENHANCED_DISABILITY_BENEFITS),
         "gets PIP daily living enhanced or DLA care highest and is below Pension Credit age", "(6)" if couple else "(5)"),
        # The carer_premium input flag can only add the premium: false is the ordinary default, not a refusal, so
        # Carer's Allowance still gives the premium when the flag is false (decision 0002).
        ("carer_premium", "Carer premium", True if data.carer_premium else None, "carers_allowance" in types,
         "gets Carer's Allowance", "(7)"),
    ]
    for figure, label, explicit, derived, why, paragraph in premiums if not home else []:
        if explicit is not None:
            applies = explicit
            rule = f"{label}: " + (f"set by a worker ({data.override_reason})" if figure != "carer_premium"
                                   else "the input says the person is a carer")
        else:
            applies = derived
            rule = f"{label}: the person {why}"
        if applies:
            mig_parts.append(Line(label, rates.get(figure), f"{rule} ({reg7}{paragraph})", "allowance"))
    if data.dependent_children and not home:
        mig_parts.append(Line(f"Dependent children ({data.dependent_children})",
                              data.dependent_children * rates.get("dependent_child"),
                              f"{reg7}(1)(b): an amount for each dependent child", "allowance"))
    if policy.mig_uplift_weekly_pence and not home:
        mig_parts.append(Line("The council's addition to the Minimum Income Guarantee", policy.mig_uplift_weekly_pence,
                              "Council charging policy: a local Minimum Income Guarantee above the statutory one",
                              "allowance"))
    mig = sum(p.pence for p in mig_parts)
    lines += [Line(p.label, -p.pence, p.rule, "allowance") for p in mig_parts]
    counted -= mig
    tariff = tariff_income_pence(capital, rates)
    if tariff:
        counted += tariff
        lines.append(Line(f"Tariff income: an amount counted from savings and other capital of {Money(capital).format()}", tariff,
                          f"£1 a week for every £250, or part of £250, above the lower capital limit ({REGS}, reg 25)",
                          "tariff"))
    available = counted
    contribution = available
    kept = "the Personal Expenses Allowance" if home else "the Minimum Income Guarantee"
    kept_rule = f"{REGS}, reg 6" if home else f"{REGS}, reg 7"
    why = f"income left after {kept} and deductions"
    if available <= 0:
        contribution, why = 0, f"income is below {kept} after deductions, so nothing is due"
        lines.append(Line(f"Nothing is due when income is below {kept}", -available,
                          f"{kept_rule}: the person keeps at least {kept}", "adjustment"))
    if contribution > cost:
        lines.append(Line("Capped at the weekly cost of care", cost - contribution,
                          "No one pays more than the cost of their care (Care Act 2014, s.14)", "adjustment"))
        contribution, why = cost, "capped at the weekly cost of care"
    before = contribution
    contribution = limited(contribution)
    if contribution != before:
        why = ("capped at the council's maximum weekly charge" if contribution else
               "below the council's minimum weekly charge, so nothing is due")
    return settled(contribution, why, "contribution = income counted - disregards - housing - disability-related "
                   "expenditure - " + kept[4:] + " + tariff income, never below nothing nor above the cost",
                   full=False, mig=mig, mig_parts=mig_parts, tariff=tariff)


# Reading the command-line and API input.
def _date(raw, name):
    try:
        return datetime.date.fromisoformat(raw)
    except (TypeError, ValueError):
        raise InputError(name, "must be a date like 2024-06-01") from None


MOST_PENCE = 1_000_000_000  # £10,000,000: no amount in an assessment is larger (and the database's columns hold it)


def _pence(raw, name):
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise InputError(name, "must be a whole number of pence")
    if raw < 0:
        raise InputError(name, "must not be negative")
    if raw > MOST_PENCE:
        raise InputError(name, "must be no more than £10,000,000.00")
    return raw


def _flag(raw, name, *, optional=False):
    if raw is None and optional:
        return None
    if not isinstance(raw, bool):
        raise InputError(name, "must be true or false")
    return raw


def _amounts(raw, name, *, income=False):
    def one(entry, where):
        if not isinstance(entry, dict):
            raise InputError(where, "must be an object")
        allowed = {"type", "amount_pence", "period"} if income else {"description", "amount_pence", "period"}
        unknown = sorted(set(entry) - allowed - {"description"})
        if unknown:
            raise InputError(f"{where}.{unknown[0]}", f"is not a field here; use {', '.join(sorted(allowed))}")
        period = entry.get("period")
        if "period" not in entry:
            raise InputError(f"{where}.period", "is missing")
        if not isinstance(period, str) or period not in PERIODS_PER_YEAR:
            raise InputError(f"{where}.period", f"{period!r} is not a period; use one of {', '.join(PERIODS_PER_YEAR)}")
        if "amount_pence" not in entry:
            raise InputError(f"{where}.amount_pence", "is missing")
        amount = _pence(entry["amount_pence"], f"{where}.amount_pence")
        if income:
            kind = entry.get("type")
            if "type" not in entry:
                raise InputError(f"{where}.type", "is missing")
            if not isinstance(kind, str) or kind not in INCOME_TYPES:
                raise InputError(f"{where}.type", f"{kind!r} is not an income type; use one of {', '.join(INCOME_TYPES)}")
            return Income(description=INCOME_TYPES[kind].label, amount_pence=amount, period=period, type=kind)
        description = _text(entry.get("description"), f"{where}.description", limit=200)
        if not description:
            raise InputError(f"{where}.description", "is missing")
        return Amount(description=description, amount_pence=amount, period=period)

    return _each(raw, name, one)


def _text(raw, name, limit=2000):
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise InputError(name, "must be text")
    text = raw.strip()
    if len(text) > limit:
        raise InputError(name, f"must be {limit} characters or less")
    return text


def _capital(raw) -> list[CapitalItem]:
    return _each(raw, "capital", _capital_item)


def _capital_item(entry, where) -> CapitalItem:
    if not isinstance(entry, dict):
        raise InputError(where, "must be an object")
    unknown = sorted(set(entry) - {"type", "amount_pence", "owners", "share_pence", "share_reason", "reason",
                                   "description"})
    if unknown:
        raise InputError(f"{where}.{unknown[0]}", "is not a field of an item of capital")
    kind = entry.get("type")
    if "type" not in entry:
        raise InputError(f"{where}.type", "is missing")
    if kind == "home":
        raise InputError(f"{where}.type", "the home the person lives in is never counted for care at home "
                         f"({REGS}, Schedule 2; statutory guidance, Annex B): leave it out")
    if not isinstance(kind, str) or kind not in CAPITAL_TYPES:
        raise InputError(f"{where}.type", f"{kind!r} is not a type of capital; use one of {', '.join(CAPITAL_TYPES)}")
    if "amount_pence" not in entry:
        raise InputError(f"{where}.amount_pence", "is missing")
    amount = _pence(entry["amount_pence"], f"{where}.amount_pence")
    owners = entry.get("owners", 1)
    if isinstance(owners, bool) or not isinstance(owners, int) or not 1 <= owners <= 20:
        raise InputError(f"{where}.owners", "must be a whole number from 1 to 20")
    share = entry.get("share_pence")
    reason = _text(entry.get("share_reason"), f"{where}.share_reason")
    if share is not None:
        share = _pence(share, f"{where}.share_pence")
        if share > amount:
            raise InputError(f"{where}.share_pence", "must not be more than the amount")
        if owners == 1:
            raise InputError(f"{where}.share_pence", "a share is only given for capital held with others (owners 2 or more)")
        if not reason:
            raise InputError(f"{where}.share_reason", "is needed when the person's share is not an equal one: say "
                             "what shows it")
    elif reason:
        raise InputError(f"{where}.share_pence", "give the person's share when you give a reason for it")
    why = _text(entry.get("reason"), f"{where}.reason")
    if kind == "notional" and not why:
        raise InputError(f"{where}.reason", "notional capital needs the recorded reason the council decided the "
                         "person deprived themselves of assets to avoid charges (Annex E)")
    return CapitalItem(kind, amount, owners, share, reason, why)


def _property(raw) -> Property:
    if not isinstance(raw, dict):
        raise InputError("property", "must be an object with value_pence and who lives there")
    unknown = sorted(set(raw) - {"value_pence", "secured_debt_pence", "owners", "share_value_pence", "occupied_by",
                                 "discretionary_disregard_reason"})
    if unknown:
        raise InputError(f"property.{unknown[0]}", "is not a field of the property")
    if "value_pence" not in raw:
        raise InputError("property.value_pence", "is missing")
    value = _pence(raw["value_pence"], "property.value_pence")
    debt = _pence(raw.get("secured_debt_pence", 0), "property.secured_debt_pence")
    owners = raw.get("owners", 1)
    if isinstance(owners, bool) or not isinstance(owners, int) or not 1 <= owners <= 20:
        raise InputError("property.owners", "must be a whole number from 1 to 20")
    share = raw.get("share_value_pence")
    if share is not None:
        share = _pence(share, "property.share_value_pence")
        if owners == 1:
            raise InputError("property.share_value_pence", "is only given for a home owned with others (owners 2 or more)")
        if share > value:
            raise InputError("property.share_value_pence", "must not be more than the value of the whole home")
    elif owners > 1:
        raise InputError("property.share_value_pence", "is needed for a home owned with others: a share is valued at "
                         "what a willing buyer would pay for it (statutory guidance, Annex B), not as a fraction of "
                         "the whole")
    occupied = raw.get("occupied_by", [])
    if not isinstance(occupied, list):
        raise InputError("property.occupied_by", f"must be a list of {', '.join(OCCUPIERS)}")
    for index, who in enumerate(occupied):
        if not isinstance(who, str) or who not in OCCUPIERS:
            raise InputError(f"property.occupied_by[{index}]", f"{who!r} is not one of {', '.join(OCCUPIERS)}")
    reason = _text(raw.get("discretionary_disregard_reason"), "property.discretionary_disregard_reason")
    return Property(value, debt, owners, share, tuple(dict.fromkeys(occupied)), reason)


STAY_KEYS = ("intended_limited", "expected_weeks", "in_care_plan", "exceptional_reason")
AS_PERMANENT = "assess the stay as permanent (setting care_home_permanent)"


def _stay(raw) -> Stay:
    """A temporary stay's terms; a stay that is not temporary (Annex F, paras 4 and 5) is refused, naming the field and
    saying to assess it as permanent. Every problem at once."""
    if not isinstance(raw, dict):
        raise InputError("stay", "must be an object with intended_limited, expected_weeks and in_care_plan")
    unknown = sorted(set(raw) - set(STAY_KEYS))
    if unknown:
        raise InputError(f"stay.{unknown[0]}", f"is not a field of the stay; use {', '.join(STAY_KEYS)}")
    for key in STAY_KEYS[:3]:
        if key not in raw:
            raise InputError(f"stay.{key}", "is missing")
    limited = _flag(raw["intended_limited"], "stay.intended_limited")
    weeks = raw["expected_weeks"]
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MOST_STAY_WEEKS:
        raise InputError("stay.expected_weeks", f"must be a whole number of weeks from 1 to {MOST_STAY_WEEKS}")
    planned = _flag(raw["in_care_plan"], "stay.in_care_plan")
    reason = _text(raw.get("exceptional_reason"), "stay.exceptional_reason")
    problems = []
    if not limited:
        problems.append(InputError("stay.intended_limited", "a stay is temporary only when it is meant to last a limited "
                                   f"time, with a plan to return home ({ANNEX_F}, para 4): otherwise {AS_PERMANENT}"))
    if not planned:
        problems.append(InputError("stay.in_care_plan", "a stay is treated as temporary only once that is agreed with the "
                                   f"person or their representative and written into their care plan ({ANNEX_F}, para "
                                   f"5): write it into the plan, or {AS_PERMANENT}"))
    if weeks > TEMPORARY_WEEKS and not reason:
        problems.append(InputError("stay.exceptional_reason", f"is needed for a stay expected to last more than "
                                   f"{TEMPORARY_WEEKS} weeks: a stay is temporary when it is unlikely to exceed "
                                   f"{TEMPORARY_WEEKS} weeks, or in exceptional circumstances unlikely to substantially "
                                   f"exceed them ({ANNEX_F}, para 4). Give the exceptional circumstances, or "
                                   f"{AS_PERMANENT}"))
    if weeks <= TEMPORARY_WEEKS and reason:
        problems.append(InputError("stay.exceptional_reason", f"is only given for a stay expected to last more than "
                                   f"{TEMPORARY_WEEKS} weeks"))
    if problems:
        raise _together(problems)
    return Stay(limited, weeks, planned, reason)


def _partner(raw) -> Partner | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InputError("partner", "must be an object with date_of_birth and receives_pension_credit")
    unknown = sorted(set(raw) - {"date_of_birth", "receives_pension_credit"})
    if unknown:
        raise InputError(f"partner.{unknown[0]}", "is not a field of the partner (only their date of birth and whether "
                         "they get Pension Credit are used, to choose the Minimum Income Guarantee)")
    if "date_of_birth" not in raw:
        raise InputError("partner.date_of_birth", "is missing")
    return Partner(_date(raw["date_of_birth"], "partner.date_of_birth"),
                   _flag(raw.get("receives_pension_credit", False), "partner.receives_pension_credit"))


REQUIRED_KEYS = ["effective_date", "date_of_birth", "weekly_cost_of_care_pence"]
KNOWN_KEYS = set(REQUIRED_KEYS) | {
    "capital_pence", "capital",
    "setting", "receives_night_care", "night_care_disregard_policy", "income", "housing_costs",
    "disability_related_expenditure", "carer_premium", "dependent_children", "light_touch",
    "disability_premium_override", "enhanced_disability_premium_override", "override_reason",
    "provisional_rates_year",  # read by actions.run: an earlier year's figures while the effective year lacks some
    "partner", "joint_income", "light_touch_reason", "light_touch_note", "standard_disability_related_expenditure",
    "support_for", "lone_parent", "policy",
    "admitted_on", "first_permanent_admission", "pension_paid_to_spouse_pence", "property", "stay",
}


def parse_policy_input(raw: dict) -> ChargingPolicy | None:
    """The optional `policy` object of an input document (the command line's; pages and the API use the stored one)."""
    if raw.get("policy") is None:
        return None
    try:
        return parse_policy(raw["policy"])
    except PolicyError as problem:
        raise InputError(problem.field, problem.message) from None


def parse_input(raw: dict, policy: ChargingPolicy = SHIPPED_DEFAULT) -> AssessmentInput:
    if not isinstance(raw, dict):
        raise InputError("input", "must be a JSON object")
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise InputError(key, "is missing")
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        raise InputError(unknown[0], "is not a field of the assessment input")
    raw = {key: value for key, value in raw.items() if not (key in {"capital", "capital_pence"} and value is None)}
    if "capital_pence" in raw and "capital" in raw:
        raise InputError("capital", "give capital_pence (one figure) or capital (item by item), not both")
    if "capital_pence" not in raw and "capital" not in raw:
        raise InputError("capital_pence", "is missing (give capital_pence, 0 if none, or capital item by item)")
    night = raw.get("night_care_disregard_policy")
    if night is not None and (not isinstance(night, str) or night not in POLICIES):
        raise InputError("night_care_disregard_policy", "must be 'apply' or 'ignore'")
    policy_given = raw.get("policy") if isinstance(raw.get("policy"), dict) else {}
    if night is not None and "night_care_disregard" in policy_given and policy_given["night_care_disregard"] != night:
        raise InputError("night_care_disregard_policy", "differs from policy.night_care_disregard: give one of them")
    setting = raw.get("setting", "community")
    if not isinstance(setting, str) or setting not in SETTINGS:
        raise InputError("setting", f"{setting!r} is not a setting; use one of {', '.join(SETTINGS)}")
    home = setting in CARE_HOME
    if raw.get("stay") is not None and setting != "care_home_temporary":
        raise InputError("stay", "is only given for a temporary stay in a care home (setting care_home_temporary)")
    stay = _stay(raw["stay"]) if raw.get("stay") is not None else None
    as_home = setting == "care_home_temporary" and stay is not None and stay.short \
        and policy.short_stay_charging == "community"  # charged_as_care_at_home, before the input is whole
    if as_home and raw.get("pension_paid_to_spouse_pence"):
        raise InputError("pension_paid_to_spouse_pence", "is a care home resident's rule (Annex C), and the council's "
                         "charging policy charges this short stay as if the person were getting care at home")
    for key in ("admitted_on", "first_permanent_admission", "pension_paid_to_spouse_pence", "property"):
        if key in raw and not home:
            raise InputError(key, "is only given for a care home (setting care_home_permanent or care_home_temporary)"
                             + ("; the home a person lives in is never counted for care at home" if key == "property"
                                else ""))
    if home:
        for key in ("disability_related_expenditure", "standard_disability_related_expenditure"):
            if raw.get(key) and not as_home:  # a short stay charged as care at home keeps its costs
                raise InputError(key, "is for care at home: a care home resident keeps the Personal Expenses "
                                 "Allowance instead")
        if setting == "care_home_permanent" and raw.get("housing_costs"):
            raise InputError("housing_costs", "are allowed only for a temporary resident keeping up their home "
                             "(statutory guidance, Annex F)")
        items = raw.get("capital") if isinstance(raw.get("capital"), list) else []
        homes = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get("type") == "home"]
        if homes:
            raise InputError(f"capital[{homes[0]}].type", "give the home once, as property, not also in capital"
                             if "property" in raw else "give the home as property (value, debts, who lives there)")
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
    partner = _partner(raw.get("partner"))
    lists, problems = {}, []
    for key, parse in [("income", lambda v: _amounts(v, "income", income=True)),
                       ("joint_income", lambda v: _amounts(v, "joint_income", income=True)),
                       ("housing_costs", lambda v: _amounts(v, "housing_costs")),
                       ("disability_related_expenditure", lambda v: _amounts(v, "disability_related_expenditure")),
                       ("capital", lambda v: _capital(v) if v is not None else None)]:
        try:
            lists[key] = parse(raw.get(key, None if key == "capital" else []))
        except InputError as problem:
            problems.append(problem)
    if problems:  # every row's first problem at once, so a form shows them all together
        raise _together(problems)
    joint = lists["joint_income"]
    if joint and partner is None:
        raise InputError("joint_income", "is income paid to a couple: give the partner too")
    light_touch = _flag(raw.get("light_touch", False), "light_touch")
    light_reason = raw.get("light_touch_reason") or ""
    if light_reason and (not isinstance(light_reason, str) or light_reason not in LIGHT_TOUCH_REASONS):
        raise InputError("light_touch_reason", f"{light_reason!r} is not a reason; use one of {', '.join(LIGHT_TOUCH_REASONS)}")
    if light_reason and not light_touch:
        raise InputError("light_touch_reason", "is only given with light_touch: true")
    light_note = _text(raw.get("light_touch_note"), "light_touch_note")
    if light_reason in {"small_charge", "means_tested_benefits"} and not light_note:
        raise InputError("light_touch_note", "say what shows it (the evidence the light-touch assessment rests on)")
    income = lists["income"]
    if light_reason == "means_tested_benefits" and not any(i.type in LIGHT_TOUCH_EVIDENCE for i in income + joint):
        raise InputError("light_touch_reason", "give the means-tested benefit the person gets in income (one of "
                         + ", ".join(sorted(LIGHT_TOUCH_EVIDENCE)) + ")")
    dre = lists["disability_related_expenditure"]
    standard = _flag(raw.get("standard_disability_related_expenditure", False), "standard_disability_related_expenditure")
    if standard and dre:
        raise InputError("standard_disability_related_expenditure", "take the standard allowance or itemise the costs "
                         "in disability_related_expenditure, not both")
    if standard and policy.standard_dre_weekly_pence is None:
        raise InputError("standard_disability_related_expenditure", "the council's charging policy offers no standard "
                         "allowance: itemise the costs instead")
    support_for = raw.get("support_for", "person")
    if not isinstance(support_for, str) or support_for not in SUPPORT_FOR:
        raise InputError("support_for", "must be 'person' or 'carer'")
    lone_parent = _flag(raw.get("lone_parent", False), "lone_parent")
    if lone_parent and partner is not None:
        raise InputError("lone_parent", "a lone parent has no partner: leave one of them out")
    if lone_parent and not children:
        raise InputError("lone_parent", "a lone parent has a dependent child: give dependent_children")
    capital_items = lists["capital"] if "capital" in raw else None
    admitted = _date(raw["admitted_on"], "admitted_on") if raw.get("admitted_on") is not None else None
    if admitted is not None and admitted > effective:
        raise InputError("admitted_on", "must be on or before the effective date")
    first = _flag(raw.get("first_permanent_admission", True), "first_permanent_admission")
    spouse = _pence(raw.get("pension_paid_to_spouse_pence", 0), "pension_paid_to_spouse_pence")
    found_home = _property(raw["property"]) if raw.get("property") is not None else None
    if found_home is not None and setting == "care_home_permanent" and first and admitted is None:
        raise InputError("admitted_on", "is needed to know when the home's 12-week disregard ends (Schedule 2, para 2): "
                         "give the day the person moved in, or say this is not their first permanent admission "
                         "(first_permanent_admission false)")
    if spouse and not any(i.type == "occupational_pension" for i in income):
        raise InputError("pension_paid_to_spouse_pence", "give the occupational or personal pension it is paid from in "
                         "income")
    return AssessmentInput(
        effective_date=effective,
        date_of_birth=born,
        weekly_cost_of_care_pence=_pence(raw["weekly_cost_of_care_pence"], "weekly_cost_of_care_pence"),
        capital_pence=_pence(raw["capital_pence"], "capital_pence") if "capital_pence" in raw else 0,
        income=income,
        housing_costs=lists["housing_costs"],
        disability_related_expenditure=dre,
        receives_night_care=_flag(raw.get("receives_night_care", False), "receives_night_care"),
        night_care_disregard_policy=night,
        carer_premium=_flag(raw.get("carer_premium"), "carer_premium", optional=True),
        disability_premium_override=_flag(overrides[0], "disability_premium_override", optional=True),
        enhanced_disability_premium_override=_flag(overrides[1], "enhanced_disability_premium_override", optional=True),
        override_reason=reason,
        dependent_children=children,
        setting=setting,
        light_touch=light_touch,
        light_touch_reason=light_reason,
        light_touch_note=light_note,
        partner=partner,
        joint_income=joint,
        capital=capital_items,
        standard_disability_related_expenditure=standard,
        support_for=support_for,
        lone_parent=lone_parent,
        admitted_on=admitted,
        first_permanent_admission=first,
        pension_paid_to_spouse_pence=spouse,
        property=found_home,
        stay=stay,
    )


__all__ = ["AssessmentInput", "AssessmentResult", "InputError", "RatesError", "Stay", "assess", "charged_as_care_at_home",
           "parse_input", "parse_policy_input"]
