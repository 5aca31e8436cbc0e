"""Top-ups: paying more for a care home than the council's rate for such a place. Django-free.

A person whose care home place the council arranges may choose a home that costs more than the council would usually
pay for a place that meets their needs. The difference, the "top-up" (the regulations' "additional cost"), is paid by
someone else (a third-party top-up) or, in three cases only, by the person themselves (a first-party top-up). The Care
and Support and After-care (Choice of Accommodation) Regulations 2014 (SI 2014/2670), reg 5, set the additional cost
condition; the Care and Support Statutory Guidance, Annex A, says how councils apply it. What we could read and where
(docs/charging.md, "Top-ups"):

- The three cases a person may pay their own top-up: "A service user is only able to make top-up payments where: They
  have entered into a Deferred Payment Agreement for their care and support charges. They are within the 12 week
  period, during which the value of their property is being disregarded ...; or The accommodation is being provided
  under Section 117 of the Mental Health Act 1983" (Lambeth Council's top-up guidance; Gloucestershire's policy, 4.2,
  and Manchester's page say the same). The English text of reg 5 itself was not found in the sources we could search.
- The written agreement (Annex A, para 23, as Gloucestershire's policy quotes it): "The local authority must ensure that
  the person paying the 'top-up' is willing and able to meet the additional cost for the likely duration of the
  arrangement ... Therefore it must ensure that the person paying the 'top-up' enters into a written agreement with
  the local authority, agreeing to meet that cost. The agreement must, as a minimum, include" the amount of the top-up,
  the amount of the personal budget, how often payments are made, to whom, the provisions for review, the
  consequences of ceasing to make payments, the effect of increases in the provider's charges and of changes in the
  payer's circumstances (Lambeth's and Staffordshire's lists).
- The top-up is the difference: "The top-up payment will always be the difference between the service providers weekly
  rate and the person's personal budget" (Lambeth).
- If payments stop (Annex A, "Responsibility for costs and to whom the payments are made", as Walsall Council
  reproduces it): "the local authority is responsible for the total cost of that placement. This means that if there
  is a break down in the arrangement of a 'top-up', for instance if the person making the 'top-up' ceases to make the
  agreed payments, then the local authority would be liable for the fees until it has either recovered the additional
  costs it incurs or made alternative arrangements to meet the cared for person's needs.\""""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from selfdirect.core.money import Money

REG5 = "The Care and Support and After-care (Choice of Accommodation) Regulations 2014, reg 5"
ANNEX_A = "Care and Support Statutory Guidance, Annex A"
KINDS = {"first_party": "The person pays it themselves (a first-party top-up)",
         "third_party": "Someone else pays it (a third-party top-up)"}
# The only cases in which the person may pay their own top-up (reg 5; the sources above).
FIRST_PARTY_CASES = {
    "twelve_week_disregard": "while the value of their home is disregarded in the first 12 weeks of a first permanent "
                             "admission",
    "deferred_payment": "under a deferred payment agreement with the council",
    "section_117": "when the care home place is after-care under section 117 of the Mental Health Act 1983",
}
FREQUENCIES = {"weekly": "Every week", "four_weekly": "Every four weeks", "monthly": "Every month"}
PAID_TO = {"council": "The council", "care_home": "The care home, by agreement with the council"}
# What happens if payments stop, in plain words, from Annex A (above); the form starts with it and finance may add the
# council's own steps. {name} is the person's name.
IF_PAYMENTS_STOP = (
    "The council has agreed the full price with the care home, top-up included, so {name} does not lose their place "
    "straight away if the top-up is not paid. If payments stop, the council pays the care home in full until it has "
    "either got back what it paid for the top-up or made other arrangements to meet {name}'s needs. Other arrangements "
    "could mean moving to a care home that costs no more than the council's rate. (Care and Support Statutory "
    "Guidance, Annex A)")
# The most characters each piece of text may have (charging.models.TopUpAgreement's columns).
LIMITS = {"payer_name": 200, "payer_relationship": 100, "care_home": 300, "agreement_reference": 100, "signed_by": 200,
          "if_payments_stop": 2000}


class TopUpProblem(ValueError):
    """A top-up refused; `field` names the field."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Terms:
    """A top-up agreement as finance records it. Amounts are pence a week."""

    kind: str
    first_party_case: str
    payer_name: str
    payer_relationship: str
    care_home: str
    weekly_price_pence: int
    council_rate_pence: int
    weekly_top_up_pence: int
    frequency: str
    paid_to: str
    agreed_on: datetime.date
    agreement_reference: str
    signed_by: str
    review_on: datetime.date
    if_payments_stop: str


@dataclass(frozen=True)
class Facts:
    """What the council's records show about the person, for a first-party top-up: the last day of the 12 weeks their
    home is disregarded (None if it is not), and whether a deferred payment agreement is offered or in force."""

    twelve_weeks_end: datetime.date | None = None
    deferred_payment: bool = False


def difference(weekly_price_pence: int, council_rate_pence: int) -> int:
    """The top-up: the home's weekly price less the council's weekly rate for such a place."""
    return weekly_price_pence - council_rate_pence


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B %Y}"


def check(terms: Terms, facts: Facts) -> list[TopUpProblem]:
    """Every problem with the agreement, each naming its field ([] when it may be recorded)."""
    problems: list[TopUpProblem] = []

    def refuse(name, message):
        problems.append(TopUpProblem(name, message))

    if terms.kind not in KINDS:
        refuse("kind", "Select who pays the top-up")
    elif terms.kind == "first_party":
        case = terms.first_party_case
        if case not in FIRST_PARTY_CASES:
            refuse("first_party_case", "A person may pay their own top-up only " + "; ".join(FIRST_PARTY_CASES.values())
                   + f" ({REG5}): otherwise someone else must pay it")
        elif case == "twelve_week_disregard" and facts.twelve_weeks_end is None:
            refuse("first_party_case", "The person's current financial assessment does not disregard their home for "
                   f"the first 12 weeks of a first permanent admission, so they may not pay their own top-up on that "
                   f"ground ({REG5})")
        elif case == "twelve_week_disregard" and terms.agreed_on > facts.twelve_weeks_end:
            refuse("first_party_case", f"The 12 weeks in which the person's home is disregarded ended on "
                   f"{_day(facts.twelve_weeks_end)}: a top-up they pay themselves must be agreed within them ({REG5})")
        elif case == "deferred_payment" and not facts.deferred_payment:
            refuse("first_party_case", "The person has no deferred payment agreement offered or in force, so they may "
                   f"not pay their own top-up on that ground ({REG5}): offer the agreement first")
    else:
        if terms.first_party_case:
            refuse("first_party_case", "Leave this empty when someone else pays the top-up")
        if not terms.payer_name:
            refuse("payer_name", "Enter the name of the person who pays the top-up")
        if not terms.payer_relationship:
            refuse("payer_relationship", "Enter how the person who pays is related to the resident, for example "
                   "daughter or friend")
    if not terms.care_home:
        refuse("care_home", "Enter the care home's name and address")
    if terms.council_rate_pence <= 0:
        refuse("council_rate_pence", "Enter the council's weekly rate for a place that meets the person's needs")
    elif terms.weekly_price_pence <= terms.council_rate_pence:
        refuse("weekly_price_pence", f"The home's weekly price must be more than the council's rate of "
               f"{Money(terms.council_rate_pence).format()}: a home that costs no more needs no top-up")
    elif terms.weekly_top_up_pence != difference(terms.weekly_price_pence, terms.council_rate_pence):
        refuse("weekly_top_up_pence", f"The top-up must be the home's weekly price less the council's rate: "
               f"{Money(terms.weekly_price_pence).format()} less {Money(terms.council_rate_pence).format()} is "
               f"{Money(difference(terms.weekly_price_pence, terms.council_rate_pence)).format()} a week ({ANNEX_A})")
    if terms.frequency not in FREQUENCIES:
        refuse("frequency", "Select how often the top-up is paid")
    if terms.paid_to not in PAID_TO:
        refuse("paid_to", "Select who the top-up is paid to")
    if not terms.agreement_reference:
        refuse("agreement_reference", f"Enter the written agreement's reference: a top-up needs a written agreement "
               f"({ANNEX_A}, para 23)")
    if not terms.signed_by:
        refuse("signed_by", "Enter who signed the written agreement")
    if terms.review_on <= terms.agreed_on:
        refuse("review_on", f"The review date must be after the day the top-up was agreed, {_day(terms.agreed_on)}")
    if not terms.if_payments_stop:
        refuse("if_payments_stop", "Say what happens if the payments stop: the written agreement must say it "
               f"({ANNEX_A}, para 23)")
    for name, limit in LIMITS.items():
        if len(getattr(terms, name)) > limit:
            refuse(name, f"Must be {limit} characters or less")
    return problems


def plain_words(terms: Terms) -> list[str]:
    """The agreement as the person reads it, one sentence a line."""
    pays = "You pay" if terms.kind == "first_party" else f"{terms.payer_name} ({terms.payer_relationship}) pays"
    often = {"weekly": "every week", "four_weekly": "every four weeks", "monthly": "every month"}.get(terms.frequency,
                                                                                                   terms.frequency)
    to = "to the council" if terms.paid_to == "council" else "straight to the care home"
    said = [f"{terms.care_home} costs {Money(terms.weekly_price_pence).format()} a week. The council pays up to "
            f"{Money(terms.council_rate_pence).format()} a week for a care home place that meets your needs.",
            f"{pays} the difference: {Money(terms.weekly_top_up_pence).format()} a week, {often}, {to}. This is "
            "called a top-up."]
    if terms.kind == "first_party":
        said.append("You can pay this yourself only " + FIRST_PARTY_CASES.get(terms.first_party_case, "") + ".")
    said.append(f"The agreement was signed by {terms.signed_by} on {_day(terms.agreed_on)} (reference "
                 f"{terms.agreement_reference}). We will review it by {_day(terms.review_on)}.")
    return said
