"""When a person's reviews are due, and which are late: the rules, Django-free (docs/reviews.md).

Given the facts of one case (the day its plan was signed off, the day its first direct payment was paid, the days
reviews were held, and the requests and triggers still open) and today, `reviews_due` returns every review due, each
with its kind, the earliest and latest day it should be held, why, and whether it is late.

Two chains are scheduled, each from its own anchor:
- the care and support plan: the first review 6 to 8 weeks after the plan is signed off, then at least every 12
  months after the last review;
- a direct payment: reviewed within 6 months of the first payment, then at least every 12 months after the last.
A review held meets every scheduled kind already scheduled when it was held (its anchor, the sign-off, the first
payment or the previous review, on or before the day it was held): one review covers the plan and the direct payment.

Two kinds are raised: a review the person (or someone acting for them) asked for and the council accepted, and a
review triggered by a change (a direct payment condition breached, the person's capacity changed, a concern raised).
Each is due at once and met by the first review held on or after the day it was raised."""

import datetime
from dataclasses import dataclass

from selfdirect.core.dates import add_months

FIRST = "first"
ANNUAL = "annual"
DIRECT_PAYMENT_FIRST = "direct_payment_first"
DIRECT_PAYMENT_ANNUAL = "direct_payment_annual"
REQUESTED = "requested"
TRIGGERED = "triggered"

SCHEDULED = (FIRST, ANNUAL, DIRECT_PAYMENT_FIRST, DIRECT_PAYMENT_ANNUAL)
RAISED = (REQUESTED, TRIGGERED)
KINDS = (*SCHEDULED, *RAISED)

LABELS = {
    FIRST: "First review of the plan",
    ANNUAL: "Yearly review of the plan",
    DIRECT_PAYMENT_FIRST: "First review of the direct payment",
    DIRECT_PAYMENT_ANNUAL: "Yearly review of the direct payment",
    REQUESTED: "Review asked for",
    TRIGGERED: "Review after a change",
}

TRIGGERS = {
    "condition_breached": "A condition of the direct payment was breached",
    "capacity_changed": "The person's capacity changed",
    "concern_raised": "A concern was raised",
}


@dataclass(frozen=True)
class Raised:
    """A review asked for (and accepted) or triggered, not yet met: its kind, the day it was raised, the trigger (for
    a triggered review) and the reference of the record it came from."""

    kind: str
    on: datetime.date
    trigger: str = ""
    ref: int | None = None


@dataclass(frozen=True)
class Facts:
    signed_off_on: datetime.date | None  # the day the plan in force was approved (planning.SupportPlan.approved_at)
    first_payment_on: datetime.date | None = None  # the day the first direct payment was paid; None when none was
    held: tuple[datetime.date, ...] = ()  # the days reviews were held
    raised: tuple[Raised, ...] = ()  # requests accepted and triggers, still open


@dataclass(frozen=True)
class Rules:
    # Care and support statutory guidance, chapter 13 (para 13.32): a light-touch review 6 to 8 weeks after the plan
    # is agreed and signed off. The latest week is the council's setting (SELFDIRECT_FIRST_REVIEW_WEEKS, default 8).
    first_from_weeks: int = 6
    first_by_weeks: int = 8
    # The same guidance, chapter 13: plans reviewed at least every 12 months (SELFDIRECT_REVIEW_INTERVAL_MONTHS).
    interval_months: int = 12
    # The Care and Support (Direct Payments) Regulations 2014, regulation 7(1)(a): "at least once within the first 6
    # months of the direct payment being made and at intervals not exceeding 12 months thereafter".
    direct_payment_months: int = 6
    # The council's choice, not law (SELFDIRECT_TRIGGERED_REVIEW_DAYS, default 28): how soon a review asked for and
    # accepted, or triggered by a change, is held. Regulation 7(1)(b) to (d) and Care Act 2014 s.27(1)(b) set no time.
    raised_days: int = 28
    # The council's choice, not law: a review that must be held "within" or "at least every" is shown from 8 weeks
    # before its latest day, so it can be arranged (a review held earlier still counts).
    notice_weeks: int = 8


@dataclass(frozen=True)
class Due:
    kind: str
    earliest: datetime.date
    latest: datetime.date
    why: str
    late: bool
    days_late: int = 0
    trigger: str = ""
    ref: int | None = None  # the request or trigger it came from (outcomes.ReviewRequest), for a raised kind

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def window(self) -> str:
        """The window in words: "between 23 February 2026 and 9 March 2026"."""
        return f"between {self.earliest:%-d %B %Y} and {self.latest:%-d %B %Y}"


def _within(anchor: datetime.date, latest: datetime.date, rules: Rules) -> datetime.date:
    """The day the window of a review due "within" or "at least every" opens: notice_weeks before its latest day, and
    never before its anchor."""
    return max(anchor, latest - datetime.timedelta(weeks=rules.notice_weeks))


def reviews_due(facts: Facts, today: datetime.date, rules: Rules = Rules()) -> list[Due]:
    """Every review due for the case, soonest latest day first (then by kind)."""
    found: list[Due] = []

    def due(kind, earliest, latest, why, trigger="", ref=None):
        found.append(Due(kind, min(earliest, latest), latest, why, today > latest, max(0, (today - latest).days),
                         trigger, ref))

    held = sorted(facts.held)
    if facts.signed_off_on is not None:
        since = [day for day in held if day >= facts.signed_off_on]
        if not since:
            signed = facts.signed_off_on
            due(FIRST, signed + datetime.timedelta(weeks=rules.first_from_weeks),
                signed + datetime.timedelta(weeks=rules.first_by_weeks),
                f"{rules.first_from_weeks} to {rules.first_by_weeks} weeks after the plan was signed off on "
                f"{signed:%-d %B %Y} (Care and support statutory guidance, chapter 13)")
        else:
            last = since[-1]
            latest = add_months(last, rules.interval_months)
            due(ANNUAL, _within(last, latest, rules), latest,
                f"At least every {rules.interval_months} months: the last review was on {last:%-d %B %Y} "
                "(Care and support statutory guidance, chapter 13)")
    if facts.first_payment_on is not None:
        paid = facts.first_payment_on
        since = [day for day in held if day >= paid]
        if not since:
            latest = add_months(paid, rules.direct_payment_months)
            due(DIRECT_PAYMENT_FIRST, _within(paid, latest, rules), latest,
                f"Within {rules.direct_payment_months} months of the first direct payment on {paid:%-d %B %Y} "
                "(Care and Support (Direct Payments) Regulations 2014, regulation 7)")
        else:
            last = since[-1]
            latest = add_months(last, rules.interval_months)
            due(DIRECT_PAYMENT_ANNUAL, _within(last, latest, rules), latest,
                f"A direct payment is reviewed at least every {rules.interval_months} months: the last review was on "
                f"{last:%-d %B %Y} (Care and Support (Direct Payments) Regulations 2014, regulation 7)")
    for raised in facts.raised:
        if any(day >= raised.on for day in held):
            continue  # a review held since met it
        latest = raised.on + datetime.timedelta(days=rules.raised_days)
        if raised.kind == REQUESTED:
            why = (f"Asked for on {raised.on:%-d %B %Y} and agreed (Care Act 2014, section 27(1)(b)); held within "
                   f"{rules.raised_days} days by the council's own rule")
        else:
            why = (f"{TRIGGERS.get(raised.trigger, 'A change')} on {raised.on:%-d %B %Y} (Care and Support (Direct "
                   f"Payments) Regulations 2014, regulation 7); held within {rules.raised_days} days by the council's "
                   "own rule")
        due(raised.kind, raised.on, latest, why, raised.trigger, raised.ref)
    return sorted(found, key=lambda d: (d.latest, KINDS.index(d.kind), d.ref or 0))


def next_review_on(dues: list[Due]) -> datetime.date | None:
    """The day the next review must be held by: the earliest latest day of the reviews due (None when none is)."""
    return min((d.latest for d in dues), default=None)


def late_counts(dues) -> dict[str, int]:
    """By kind (every kind named, in order), how many of these reviews are late."""
    counts = dict.fromkeys(KINDS, 0)
    for d in dues:
        if d.late:
            counts[d.kind] += 1
    return counts
