"""Authority to act for a person, and the purposes a person consents to: the kinds, what each lets its holder see,
and the checks on a record of one. Django-free; each check's message is what a worker sees beside the field.

A person's record is held without their consent: the council's lawful basis is its legal obligations and public
task (the privacy notice, site/jinja2/site/privacy.html, and docs/data-protection.md say which). Two things here are
different:

- **authority**: someone else may see part of the record, and act, because the law (a registered power of
  attorney, a court order, the Care Act's direct payment sections, a DWP appointment) or the person themselves gives
  them that right. What they see is the SCOPE of their live authorities (people.access.sections_for), and nothing
  once the authority ends;
- **consent**: where consent IS the basis (research, sharing beyond the care team, examples from the person's plan
  shown to others), the person's agreement to the version of the information they were given, until they withdraw it
  (people.queries.has_consent).

Every kind names its legal source. Where we could not confirm a section number in the legislation's text, the note
says so rather than guess one.
"""

import datetime
from dataclasses import dataclass

# ---- scopes: which parts of the record an authority opens ------------------------------------------------------------
# The parts are people.access.SECTIONS' names. Every scope opens the identity (name, reference, date of birth), so the
# holder can find the person they act for.

WELFARE = "welfare"
PROPERTY = "property"
DIRECT_PAYMENTS = "direct_payments"
BENEFITS = "benefits"
WELFARE_AND_PROPERTY = "welfare_and_property"
NOT_RECORDED = "not_recorded"


@dataclass(frozen=True)
class Scope:
    label: str
    sections: frozenset[str]


SCOPES = {
    WELFARE: Scope("Personal welfare: the care record, the support plan and reviews",
                   frozenset({"identity", "contacts", "care", "plan", "journey", "consents"})),
    PROPERTY: Scope("Property and financial affairs: the budget, the money and charging",
                    frozenset({"identity", "budget", "charging"})),
    DIRECT_PAYMENTS: Scope("The direct payment: the budget and the support plan it pays for",
                           frozenset({"identity", "plan", "budget"})),
    BENEFITS: Scope("Benefits: the financial assessment and charges only",
                    frozenset({"identity", "charging"})),
    WELFARE_AND_PROPERTY: Scope("Welfare and money: the care record, plan, reviews, budget, money and charging",
                                frozenset({"identity", "contacts", "care", "plan", "journey", "budget", "charging",
                                           "consents"})),
    # Only from the migration of records made before authority had a kind (people/migrations/0006): the name and date
    # of birth until a worker reviews the authority and records what it covers.
    NOT_RECORDED: Scope("Not recorded yet: review the authority to record what it covers",
                        frozenset({"identity"})),
}


def sections_of(scope: str) -> frozenset[str]:
    """The parts of a record an authority of this scope opens (none for a scope not known)."""
    found = SCOPES.get(scope)
    return found.sections if found else frozenset()


# ---- kinds of authority ---------------------------------------------------------------------------------------------

LPA_HEALTH_WELFARE = "lpa_health_welfare"
LPA_PROPERTY_FINANCE = "lpa_property_finance"
LPA_TYPE_NOT_RECORDED = "lpa_type_not_recorded"
EPA = "epa"
DEPUTY = "deputy"
NOMINATED_PERSON = "nominated_person"
AUTHORISED_PERSON = "authorised_person"
APPOINTEE = "appointee"
CONSENT = "consent"


@dataclass(frozen=True)
class Kind:
    label: str
    source: str
    scopes: tuple[str, ...]  # one: the scope follows from the kind; several: the worker chooses one
    needs_evidence: bool  # a document the worker must have seen: its reference and the date it was seen
    evidence_hint: str = ""
    offered: bool = True  # False: only from the migration, never recorded new

    @property
    def fixed_scope(self) -> str | None:
        return self.scopes[0] if len(self.scopes) == 1 else None


KINDS = {
    # Mental Capacity Act 2005 ss.9-14. s.9(1)(a): authority over the donor's personal welfare; s.9(2)(b): no lasting
    # power of attorney is created until the instrument is registered in accordance with Schedule 1 (registration
    # with the Public Guardian, Sch.1 Part 2). So the evidence is the registered LPA.
    LPA_HEALTH_WELFARE: Kind(
        "Lasting power of attorney for health and welfare",
        "Mental Capacity Act 2005, sections 9 to 14 (s.9(1)(a), registered under Schedule 1)",
        (WELFARE,), True, "The Office of the Public Guardian's registration reference on the LPA you saw"),
    # s.9(1)(b): authority over the donor's property and affairs.
    LPA_PROPERTY_FINANCE: Kind(
        "Lasting power of attorney for property and financial affairs",
        "Mental Capacity Act 2005, sections 9 to 14 (s.9(1)(b), registered under Schedule 1)",
        (PROPERTY,), True, "The Office of the Public Guardian's registration reference on the LPA you saw"),
    # Records made before authority had a kind said only "attorney": which of the two LPAs it is was not recorded.
    LPA_TYPE_NOT_RECORDED: Kind(
        "Lasting power of attorney (which kind was not recorded)",
        "Mental Capacity Act 2005, sections 9 to 14",
        (NOT_RECORDED,), True, offered=False),
    # Enduring powers made under the Enduring Powers of Attorney Act 1985 (repealed by the 2005 Act) keep their effect
    # by Mental Capacity Act 2005 s.66(3) and Schedule 4; they cover property and affairs only (the explanatory notes
    # to ss.9-14: unlike an EPA, an LPA can extend to personal welfare). The attorney must apply to the Public Guardian
    # to register the power when the donor is or is becoming mentally incapable (Sch.4 para 4(2)); the Public Guardian
    # registers it under Sch.4 para 13.
    EPA: Kind(
        "Registered enduring power of attorney (property and affairs only)",
        "Mental Capacity Act 2005, section 66(3) and Schedule 4 (registration: Schedule 4 paragraphs 4 and 13)",
        (PROPERTY,), True, "The Office of the Public Guardian's registration reference on the EPA you saw"),
    # Mental Capacity Act 2005 s.16 (the court's powers to make decisions and appoint deputies) and s.19 (appointment
    # of deputies); the order covers personal welfare (s.17) or property and affairs (s.18), which the worker records.
    # A deputy for both holds two orders here: record each.
    DEPUTY: Kind(
        "Deputy appointed by the Court of Protection",
        "Mental Capacity Act 2005, sections 16 and 19 (personal welfare: s.17; property and affairs: s.18)",
        (WELFARE, PROPERTY), True, "The Court of Protection's order number (case number) on the order you saw"),
    # Care Act 2014 s.31(1)(b): direct payments to a person nominated by an adult who has capacity to request them;
    # condition 1 (s.31(4)) is that the adult has capacity to make the request and the nominated person agrees.
    NOMINATED_PERSON: Kind(
        "Nominated person receiving direct payments for an adult with capacity",
        "Care Act 2014, section 31",
        (DIRECT_PAYMENTS,), False, "For example, the direct payment agreement they signed"),
    # Care Act 2014 s.32(1)(c) and (4): direct payments to an authorised person for an adult who lacks capacity to
    # request them.
    AUTHORISED_PERSON: Kind(
        "Authorised person receiving direct payments for an adult without capacity",
        "Care Act 2014, section 32",
        (DIRECT_PAYMENTS,), False, "For example, the direct payment agreement they signed"),
    # Social Security (Claims and Payments) Regulations 1987 (SI 1987/1968), regulation 33(1): the Secretary of State
    # may appoint a person to act for someone unable to act, and to receive and deal with sums payable to them.
    # (Universal Credit, PIP, JSA and ESA have the same in SI 2013/380, regulation 57.) Benefits only: no part of the
    # care record.
    APPOINTEE: Kind(
        "DWP appointee (benefits only)",
        "Social Security (Claims and Payments) Regulations 1987, regulation 33 (Universal Credit and PIP: "
        "SI 2013/380, regulation 57)",
        (BENEFITS,), True, "The reference on the DWP's letter confirming the appointment"),
    # No statute gives this authority: the person, who has capacity to decide, agrees that someone may see the parts
    # of their record they choose and act with them. It lasts while they agree. (We did not confirm in the Care Act's
    # text which sections require the council to involve anyone the person asks to be involved, so none is cited.)
    CONSENT: Kind(
        "Consent of the person, who has capacity",
        "The person's own agreement, while they have capacity to give it and until they withdraw it",
        (WELFARE, PROPERTY, WELFARE_AND_PROPERTY), False, "For example, a consent form signed on a date"),
}


def kind_choices(*, offered_only: bool = False) -> list[tuple[str, str]]:
    return [(code, kind.label) for code, kind in KINDS.items() if kind.offered or not offered_only]


# The kinds a new record may have, named for the API's schema (settings.SPECTACULAR_SETTINGS, ENUM_NAME_OVERRIDES)
OFFERED_KINDS = kind_choices(offered_only=True)


def scope_choices() -> list[tuple[str, str]]:
    return [(code, scope.label) for code, scope in SCOPES.items()]


def scope_label(scope: str) -> str:
    found = SCOPES.get(scope)
    return found.label if found else "Not recorded"


# ---- the checks on a record of authority ----------------------------------------------------------------------------

def _in_sentence(label: str) -> str:
    return label[0].lower() + label[1:]


def authority_problems(*, kind: str | None, scope: str | None, evidence_reference: str | None,
                       evidence_seen_on: datetime.date | None, starts_on: datetime.date | None,
                       review_on: datetime.date | None, today: datetime.date,
                       recording_new: bool = True) -> tuple[str, dict[str, str]]:
    """The scope the authority has (chosen, or following from its kind; "" when it cannot be told), and every problem
    with the record, by field (empty when there is none). Evidence (its reference and the day it was seen) is needed
    for the kinds that have a document: a registered LPA or EPA, a court order, a DWP appointment. A kind not known
    leaves its scope and evidence unchecked (what they need follows from the kind), but the dates are checked all the
    same."""
    problems: dict[str, str] = {}
    found = KINDS.get(kind or "")
    scope = (scope or "").strip()
    if found is None or (recording_new and not found.offered):
        problems["kind"] = "Select the kind of authority they have"
        found, scope = None, ""
    elif found.fixed_scope:
        if scope and scope != found.fixed_scope:
            problems["scope"] = (f"A {_in_sentence(found.label)} covers "
                                 f"{_in_sentence(scope_label(found.fixed_scope))}: choose ‘Follows from the kind’")
        scope = found.fixed_scope
    elif scope not in found.scopes and kind == DEPUTY:
        problems["scope"] = ("Select what the Court of Protection's order covers: personal welfare, or property and "
                             "financial affairs")
    elif scope not in found.scopes:
        problems["scope"] = "Select the parts of the record the person agreed they may see"
    if found is not None and found.needs_evidence:
        if not (evidence_reference or "").strip():
            problems["evidence_reference"] = (f"Enter the reference on the evidence you saw for a "
                                              f"{_in_sentence(found.label)}")
        if evidence_seen_on is None:
            problems["evidence_seen_on"] = "Enter the date you saw the evidence"
    if evidence_seen_on is not None and evidence_seen_on > today:
        problems["evidence_seen_on"] = "The date you saw the evidence must be today or in the past"
    if starts_on is None:
        problems["starts_on"] = "Enter the date they start acting for the person"
    if review_on is not None and starts_on is not None and review_on < starts_on:
        problems["review_on"] = "The review date must be on or after the date they start acting"
    return scope, problems


def next_review_problems(review_on: datetime.date | None, today: datetime.date) -> dict[str, str]:
    """What is wrong with the date of an authority's next review, set when it is reviewed (by field; empty if none)."""
    if review_on is None:
        return {"review_on": "Enter the date of the next review"}
    if review_on <= today:
        return {"review_on": "The date of the next review must be in the future"}
    return {}


def review_overdue(review_on: datetime.date | None, today: datetime.date) -> bool:
    """A review date that has passed (due today is not yet overdue)."""
    return review_on is not None and review_on < today


# ---- purposes a person consents to ----------------------------------------------------------------------------------

RESEARCH = "research"
SHARING = "sharing"
PLAN_EXAMPLES = "plan_examples"
# The outcomes of their reviews sent back to the staff who helped them on their way (outcomes.helped, issue 21).
OUTCOMES_TO_HELPERS = "outcomes_to_helpers"

# Each purpose in plain words, without "pseudonymised" or "anonymised" (GOV.UK's "Writing for GOV.UK": plain English,
# no jargon the reader has to look up, and address the user as "you" where possible). PURPOSES is what staff read,
# about the person ("their"); what the person reads is addressed to them: the title of the information given before
# they decide, and of its easy read version.
PURPOSES = {
    RESEARCH: "Research using information about them, without their name",
    SHARING: "Sharing information about them beyond the care team",
    PLAN_EXAMPLES: "Examples from their plan shown to others, without their name",
    OUTCOMES_TO_HELPERS: "Telling the staff who helped them how things went",
}
TITLES_FOR_THE_PERSON = {
    RESEARCH: "Using information about you in research, without your name",
    SHARING: "Sharing information about you with people outside your care team",
    PLAN_EXAMPLES: "Showing other people how your plan works, without your name",
    OUTCOMES_TO_HELPERS: "Telling the staff who helped you how things went for you",
}
EASY_READ_TITLES = {
    RESEARCH: "Using information about you in research, without your name",
    SHARING: "Telling people outside the council about your care",
    PLAN_EXAMPLES: "Showing other people how your plan works",
    OUTCOMES_TO_HELPERS: "Telling the people who helped you how things went",
}


def purpose_choices() -> list[tuple[str, str]]:
    return list(PURPOSES.items())


def consent_live(given_on: datetime.date, withdrawn_on: datetime.date | None, on: datetime.date) -> bool:
    """Consent counts from the day it was given up to the day before it was withdrawn: withdrawn today means not
    today (the same day rule as authority's end, docs/sign-ins.md)."""
    return given_on <= on and (withdrawn_on is None or withdrawn_on > on)
