"""The demo council, Exampleshire: deterministic for a given size and seed. Every record is made through the same
actions a worker's clicks use, so the demo is audited and consistent like real data."""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import OuterRef, Subquery

from selfdirect.accounts import actions as account_actions
from selfdirect.accounts import queries as account_queries
from selfdirect.accounts.models import Invitation, Organisation, RoleGrant, Team, User
from selfdirect.accounts.tokens import base32_secret
from selfdirect.allocation import actions as allocation_actions
from selfdirect.allocation import queries as allocation_queries
from selfdirect.allocation import statistics
from selfdirect.allocation.models import AllocationTable, IndicativeBudget
from selfdirect.allocation.packages import Package
from selfdirect.assessment import questionnaire
from selfdirect.assessment.demo_findings import demo_findings, demo_wellbeing
from selfdirect.assessment.eligibility import OUTCOMES
from selfdirect.assessment.models import Assessment, SelfAssessment
from selfdirect.audit import actions as audit
from selfdirect.charging import actions as charging
from selfdirect.charging.contribution import pension_credit_qualifying_date
from selfdirect.charging.models import (
    AssessmentRequest,
    ChargingPolicyVersion,
    DeferredInterestRate,
    DeferredPaymentAgreement,
    FinancialAssessment,
    Reconsideration,
    TopUpAgreement,
)
from selfdirect.charging.rates import RatesError, available_years, financial_year_of, label_of, rates_for
from selfdirect.core.database import refresh_statistics
from selfdirect.core.dates import add_months
from selfdirect.core.events import announce_cases_changed
from selfdirect.core.models import Job
from selfdirect.core.money import Money
from selfdirect.core.roles import Role
from selfdirect.core.rows import delete_rows
from selfdirect.insight import queries as insight
from selfdirect.journey import actions as journey_actions
from selfdirect.journey import queries as journey
from selfdirect.journey import queries as journey_queries
from selfdirect.journey import steps as journey_steps
from selfdirect.journey.models import Case, CaseEvent
from selfdirect.market import demo as market_demo
from selfdirect.money import actions as money
from selfdirect.money import deferred as money_deferred
from selfdirect.money import invoices as money_invoices
from selfdirect.money import models as money_models
from selfdirect.money import statements
from selfdirect.money.models import LedgerAccount
from selfdirect.outcomes import actions as outcome_actions
from selfdirect.outcomes import evaluation
from selfdirect.outcomes.models import (
    DigestChoice,
    Evaluation,
    HelperNotice,
    OutcomeRating,
    Review,
    ReviewRequest,
    Story,
)
from selfdirect.people import actions as people_actions
from selfdirect.people import queries as people_queries
from selfdirect.people.authority import CONSENT, OUTCOMES_TO_HELPERS, PLAN_EXAMPLES, RESEARCH, WELFARE_AND_PROPERTY
from selfdirect.people.models import Carer, Consent, Person, Representative
from selfdirect.people.seed import load_code_lists, load_consent_information
from selfdirect.planning import actions as plan_actions
from selfdirect.planning import queries as planning
from selfdirect.planning.models import (
    ChoiceConfirmation,
    ChoiceRecord,
    DirectPaymentSetup,
    PlanDecision,
    PlanExample,
    PlanItem,
    PlanOutcome,
    PlanProposal,
    Risk,
    SupportPlan,
)
from selfdirect.research import actions as research_actions
from selfdirect.research.models import ProjectMember, ReleasedRow, ResearchProject, ResearchRelease
from selfdirect.retention.models import Erasure, LegalHold, ScheduleVersion
from selfdirect.subject_access.models import Redaction, ReviewItem, SubjectAccessRequest

from . import demo_history

DEMO_PASSWORD = "exampleshire-demo"
DETAILED = 300  # people made through the real actions; any more are written in bulk as five years of history

FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Elsie", "Femi", "Grace", "Harry", "Iqra", "Jack", "Kofi", "Lily",
               "Mohammed", "Niamh", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Una", "Vera", "Wei", "Yusuf",
               "Zara", "Arthur", "Bridget", "Colin", "Doreen", "Edna", "Frank", "Gwen", "Hamza", "Ivy", "Joan"]
LAST_NAMES = ["Adams", "Begum", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hussain", "Iqbal", "Jones", "Khan",
              "Lewis", "Mensah", "Nowak", "Okafor", "Patel", "Quinn", "Roberts", "Singh", "Taylor", "Underwood",
              "Vaughan", "Wilson", "Xu", "Young", "Zielinski", "Ahmed", "Brown", "Campbell", "Doyle"]
POSTCODE_AREAS = ["EX1", "EX2", "EX4", "EX8", "EX10", "EX14", "EX20", "EX31", "EX39"]

CLIENT_GROUPS = {
    # client group: (share, age range, primary support reasons, weekly indicative range in pounds)
    "older_people": (0.45, (65, 98), ["Physical Support: Personal care support", "Support with Memory & Cognition",
                                      "Physical Support: Access & mobility only"], (180, 650)),
    "physical_sensory": (0.2, (18, 64), ["Physical Support: Personal care support",
                                         "Sensory Support: Support for visual impairment",
                                         "Sensory Support: Support for hearing impairment"], (150, 700)),
    "learning_disability": (0.2, (18, 70), ["Learning Disability Support"], (250, 1200)),
    "mental_health": (0.15, (18, 75), ["Mental Health Support"], (90, 420)),
}

ITEMS = {
    "older_people": [
        ("Help to get up, washed and dressed", "agency", "hour", 2350, "7", "weekly"),
        ("Lunch club and transport", "community_group", "session", 1250, "2", "weekly"),
        ("Short break at a care home", "provider", "night", 11000, "2", "four_weekly"),
        ("Personal assistant for shopping and a walk", "personal_assistant", "hour", 1500, "4", "weekly"),
    ],
    "physical_sensory": [
        ("Personal assistant for personal care", "personal_assistant", "hour", 1500, "10", "weekly"),
        ("Swimming pool pass", "shop", "month", 3200, "1", "monthly"),
        ("Taxi to the allotment", "other", "trip", 1100, "2", "weekly"),
        ("Talking-book and screen reader subscription", "shop", "year", 9600, "1", "annual"),
    ],
    "learning_disability": [
        ("Support to go to college", "personal_assistant", "hour", 1500, "12", "weekly"),
        ("Drama group", "community_group", "session", 1500, "1", "weekly"),
        ("Day service", "provider", "day", 5800, "2", "weekly"),
        ("Supported holiday", "provider", "week", 90000, "1", "annual"),
    ],
    "mental_health": [
        ("Peer support group", "community_group", "session", 1000, "1", "weekly"),
        ("Personal assistant to rebuild routines", "personal_assistant", "hour", 1500, "5", "weekly"),
        ("Gym membership", "shop", "month", 2800, "1", "monthly"),
        ("Art class", "community_group", "session", 1400, "1", "weekly"),
    ],
}
OUTCOME_WORDS = [
    "I want to stay living in my own home", "I want to get out and see my friends", "I want to get back to work",
    "I want to go to college", "I want to feel safe at night", "I want to look after my garden",
    "I want my daughter to get a break from caring", "I want to cook my own meals", "I want to go swimming again",
]
TARGET_STATES = [("referral", 8), ("assessment", 8), ("planning", 10), ("agreement", 8), ("organising", 6),
                 ("live", 50), ("review", 5), ("closed", 5)]

# The person the `family` sign-in (Frank Green) acts for: his mother, in her late seventies.
FAMILYS_MOTHER = {"first_name": "Joan", "last_name": "Green", "gender": "Female"}
FAMILYS_MOTHER_AGE = 78

# People whose cases closed long ago, past every period of the shipped retention schedule (retention/schedule.py: the
# care record 8 years after the case closed, money 6 years after the end of its financial year, subject access
# requests 3 years), with nothing that keeps them (no open case, no money held or owed, no open request, no legal
# hold), so an administrator can try erasure from /retention/due/. Each is (years before the demo's day the referral
# came, days the case stayed open, whether an assessment was started, why it closed).
LONG_CLOSED = [
    (11, 24, False, "Information and advice given: a community alarm and a lunch club met the need"),
    (10, 47, True, "Moved to live with family out of the area"),
]

# The demo replays each person's history on the days it would have happened. Days between one step and the next
# (low, high), and how long a case has been at the step it is at now.
STEP_DAYS = [("assessment", 2, 21), ("planning", 7, 35), ("agreement", 5, 28), ("organising", 2, 14), ("live", 7, 35)]
DWELL_DAYS = {"referral": (0, 14), "assessment": (0, 30), "planning": (0, 40), "agreement": (0, 10),
              "organising": (0, 25), "live": (20, 1000), "review": (80, 950), "closed": (80, 900)}
HISTORY_DAYS = 1000 + sum(high for _, _, high in STEP_DAYS)  # the longest a detailed person's history goes back
# A demo review's Review Reason (outcomes.cld_review) and how often: most are the scheduled ones.
DEMO_REVIEW_REASONS = [("Planned", 85), ("Unplanned - Hospital (Planned and unplanned episodes)", 6),
                       ("Unplanned - Carer related", 5), ("Unplanned - Other Reason", 4)]
DEMO_NOTHING_CHANGED = ["Nothing changed.", "Nothing changed: the plan is working and the budget stays the same.",
                        "Nothing changed in the plan or the budget; the visit times were moved with the provider."]
REVIEWS_MISSED = 0.3  # the share of reviews due in the last three months not yet held (a few overdue, as in a council)


def working_day(day: datetime.date, today: datetime.date) -> datetime.date:
    """The day, or the Monday after a weekend (the Friday before where that Monday is still to come)."""
    if day.weekday() < 5:
        return day
    monday = day + datetime.timedelta(days=7 - day.weekday())
    return monday if monday <= today else day - datetime.timedelta(days=day.weekday() - 4)


def timeline(rng: random.Random, target: str, today: datetime.date) -> dict[str, datetime.date]:
    """The working day the case reached each step on its way to `target`, ending on or before `today`."""
    reach = "live" if target in {"review", "closed"} else target
    order = ["referral"] + [state for state, _, _ in STEP_DAYS]
    gaps = [(state, rng.randint(low, high)) for state, low, high in STEP_DAYS[: order.index(reach)]]
    dwell = rng.randint(*DWELL_DAYS[target])
    day = today - datetime.timedelta(days=sum(gap for _, gap in gaps) + dwell)
    days = {"referral": working_day(day, today)}
    for state, gap in gaps:
        day += datetime.timedelta(days=gap)
        days[state] = max(working_day(day, today), days[order[order.index(state) - 1]])
    return days


class Clock:
    """Runs the real actions as if on a past working day, during office hours, so every record, audit event and
    history row is dated when it would have happened. Used only by the demo: the product itself never moves the clock.
    Nothing is dated after the moment the demo is built."""

    def __init__(self, rng: random.Random, today: datetime.date):
        self.rng, self.today = rng, today
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.built_at = datetime.datetime.now(tz=self.zone)

    def on(self, day: datetime.date):
        day = min(day, self.today)
        moment = datetime.datetime.combine(day, datetime.time(9 + self.rng.randrange(8), self.rng.randrange(60)),
                                           tzinfo=self.zone)
        if moment > self.built_at:  # today, before office hours are over: earlier today
            midnight = datetime.datetime.combine(day, datetime.time(0), tzinfo=self.zone)
            moment = max(midnight, self.built_at - datetime.timedelta(minutes=1 + self.rng.randrange(120)))
        return time_machine.travel(moment, tick=False)

    def end_of_day(self, day: datetime.date):
        """Like on(), at half past five, after the day's visits, drawing nothing from the clock's random numbers (so
        what is added here moves no other event of the demo's history)."""
        moment = datetime.datetime.combine(min(day, self.today), datetime.time(17, 30), tzinfo=self.zone)
        return time_machine.travel(min(moment, self.built_at - datetime.timedelta(minutes=1)), tick=False)

    def between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        last = min(last, self.today)
        day = first if last <= first else first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))
        return max(first, working_day(day, self.today)) if day <= last else day


@dataclass
class SignIn:
    username: str
    role: str
    note: str


SIGN_INS = [
    SignIn("worker", "Social worker, North locality team", "walks a person through all seven steps"),
    SignIn("manager", "Team manager, North locality team", "agrees plans, searches the audit trail"),
    SignIn("worker.south", "Social worker, South locality team", "sees only the South team's people"),
    SignIn("finance", "Finance officer", "sees personal budgets in payment"),
    SignIn("finance.approver", "Finance officer (a second one)", "approves the payment runs another officer prepares"),
    SignIn("commissioner", "Commissioner", "sees figures, never records; confirms providers and reviews for the directory"),
    SignIn("holder", "Budget holder (Elsie Evans)", "her own direct payment: budget, plan, account and next review"),
    SignIn("family", "Family member (Frank Green)", "acts with consent for his mother, whose budget is in payment"),
    SignIn("provider", "Provider (Exe Valley Home Care)",
           "sees only the support it delivers; sends statements of the individual service funds it holds; keeps its "
           "directory entries"),
    SignIn("adviser", "Independent adviser", "sees people who asked for advice"),
    SignIn("researcher", "Researcher", "leads a research project: k-anonymous releases of people who agreed"),
    SignIn("admin", "Administrator", "sees everything; edits code lists; manages sign-ins; retention and erasure"),
    SignIn("manager.cases", "Team manager, South, who also carries cases in North",
           "one sign-in, two roles: chooses which one to act in under 'Change role'"),
]


def valid_nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(9)]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def postcode(rng: random.Random) -> str:
    return f"{rng.choice(POSTCODE_AREAS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def charging_policy():
    """The demo council's charging policy: the shipped default, with a standard allowance for disability-related
    expenditure offered without itemising (a made-up council's own choice, not a national figure)."""
    ChargingPolicyVersion.objects.create(
        effective_from=datetime.date(2015, 4, 1), standard_dre_weekly_pence=1000,
        reason="The demo council's charging policy: the national rules, and a standard allowance of £10.00 a week "
               "for disability-related expenditure for anyone who would rather not itemise their costs")


def clear_money():
    """The whole ledger and what feeds it, in an order the protected foreign keys allow."""
    delete_rows(money_models.Posting, entry__corrects_line__isnull=False)  # a statement line's correction refers to it
    delete_rows(money_models.JournalEntry, corrects_line__isnull=False)
    for model in [money_models.PaymentLine, money_models.Instalment, money_models.OneOffPayment, money_models.StatementLine,
                  money_models.DeferredWeek, money_models.DeferredStatement, money_models.ContributionDebtRecovery,
                  money_models.ContributionArrearsCheck, money_models.ContributionInvoice,
                  money_models.ContributionCollection, money_models.Posting]:
        delete_rows(model)
    delete_rows(money_models.JournalEntry, reverses__isnull=False)
    for model in [money_models.JournalEntry, money_models.Recovery, money_models.PaymentRun, money_models.StatementImport, money_models.SpendingRecord,
                  money_models.Suspension, money_models.LedgerAccount]:
        delete_rows(model)


def clear_everything():
    insight.forget_facts()
    clear_money()
    market_demo.clear()  # the directory names organisations and sign-ins (who confirmed a provider, changed a price)

    delete_rows(Invitation)  # before the people, carers and representatives invitations name
    for model in [ReleasedRow, ResearchRelease, ProjectMember, ResearchProject.history.model, ResearchProject]:  # before the people and sign-ins
        delete_rows(model)
    for model in [Erasure, LegalHold, ScheduleVersion]:  # retention's records name people and sign-ins
        delete_rows(model)
    for model in [Redaction, ReviewItem, SubjectAccessRequest.history.model, SubjectAccessRequest]:  # subject access
        delete_rows(model)
    # The audit trail is append-only: the database lets only its purge routine empty it (docs/decisions/0009).
    audit.purge(why="The demo council was rebuilt", checkpoint=False)
    for model in [DeferredInterestRate, DeferredPaymentAgreement, DeferredPaymentAgreement.history.model,
                  TopUpAgreement, TopUpAgreement.history.model]:  # before the assessments they point at
        delete_rows(model)
    # A review's evaluations, stories and notices to the staff who helped go before it (delete_rows does not cascade).
    for model in [HelperNotice, Story.outcomes.through, Story, Evaluation]:
        delete_rows(model)
        if getattr(model, "history", None) is not None:
            delete_rows(model.history.model)
    for model in [Reconsideration, AssessmentRequest, FinancialAssessment, ReviewRequest, OutcomeRating, Review, PlanExample, PlanProposal, Risk,
                  ChoiceConfirmation, ChoiceRecord, DirectPaymentSetup, PlanDecision, PlanItem, PlanOutcome, SupportPlan,
                  Assessment, IndicativeBudget, SelfAssessment, CaseEvent,
                  Case, Carer, Representative, Consent, Person]:
        delete_rows(model)
        for historical in [getattr(model, "history", None)]:
            if historical is not None:
                delete_rows(historical.model)
    from rest_framework.authtoken.models import Token

    Token.objects.all().delete()  # any left from before accounts.ApiToken; ApiTokens and apps go with their users

    AllocationTable.objects.all().delete()
    ChargingPolicyVersion.objects.all().delete()  # the demo council sets its own below (charging_policy)
    Job.objects.all().delete()  # long jobs name the sign-ins that asked for them
    delete_rows(DigestChoice)  # a sign-in's choice of an outcomes digest (outcomes.helped)
    User.objects.all().delete()
    Organisation.objects.all().delete()
    Team.objects.all().delete()


@dataclass
class Demo:
    sign_ins: list[SignIn]
    calibration: dict
    calibration_packages: list
    notices: list[str] = field(default_factory=list)


def _quiet(message: str) -> None:
    pass


def build(*, people: int, seed: int, today: datetime.date, progress: Callable[[str], None] = _quiet) -> Demo:
    """The demo council as it stands on `today`, its history replayed on the days it happened."""
    rng = random.Random(seed)
    clock = Clock(random.Random(seed + 1), today)
    notices = _charging_notices(today)
    for notice in notices:
        progress(notice)
    password = make_password(DEMO_PASSWORD, salt=f"demo{seed}")
    with transaction.atomic():
        progress("Clearing the database")
        clear_everything()
        # The code lists and version 1 of what people are told before they consent: migrations load them, but a
        # database emptied since (`selfdirect flush`, a test's flush) has none.
        load_code_lists()
        load_consent_information()
        charging_policy()
        teams = [Team.objects.create(name=n) for n in ("North locality team", "South locality team", "Learning disability team")]
        orgs = [
            Organisation.objects.create(name="Exe Valley Home Care", kind="agency", cqc_location_id="1-100000001",
                                        bank_sort_code="401122", bank_account_number="71234567"),
            Organisation.objects.create(name="Riverside Day Opportunities", kind="day_service", cqc_location_id="1-100000002",
                                        bank_sort_code="309634", bank_account_number="22345678"),
            Organisation.objects.create(name="Sam Okafor (personal assistant)", kind="personal_assistant"),
            Organisation.objects.create(name="Exampleshire Independent Living Advice", kind="advice"),
        ]

        def user(username, role, first, last, team=None, org=None):
            made = User.objects.create(username=username, role=role, first_name=first, last_name=last, team=team,
                                       organisation=org, password=password)
            return made

        staff = {
            "worker": user("worker", Role.SOCIAL_WORKER, "Wendy", "Walker", teams[0]),
            "manager": user("manager", Role.TEAM_MANAGER, "Malik", "Mensah", teams[0]),
            "worker.south": user("worker.south", Role.SOCIAL_WORKER, "Steve", "Southgate", teams[1]),
            "manager.south": user("manager.south", Role.TEAM_MANAGER, "Sunita", "Shah", teams[1]),
            "worker.ld": user("worker.ld", Role.SOCIAL_WORKER, "Laura", "Dean", teams[2]),
            "manager.ld": user("manager.ld", Role.TEAM_MANAGER, "Lee", "Dixon", teams[2]),
        }
        finance = user("finance", Role.FINANCE_OFFICER, "Fran", "Finch")
        user("finance.approver", Role.FINANCE_OFFICER, "Faisal", "Fenwick")  # approves the runs finance prepares
        commissioner = user("commissioner", Role.COMMISSIONER, "Cara", "Collins")
        researcher = user("researcher", Role.RESEARCHER, "Rhys", "Reid")
        admin = user("admin", Role.ADMINISTRATOR, "Ada", "Admin")
        # One sign-in, two roles: the South team's manager also carries cases in the North team (docs/sign-ins.md).

        carries = user("manager.cases", Role.TEAM_MANAGER, "Mo", "Morris", teams[1])
        RoleGrant.objects.create(user=carries, role=Role.TEAM_MANAGER, team=teams[1])
        RoleGrant.objects.create(user=carries, role=Role.SOCIAL_WORKER, team=teams[0])
        holder_user = user("holder", Role.BUDGET_HOLDER, "Elsie", "Evans")
        family_user = user("family", Role.NOMINATED_PERSON, "Frank", "Green")
        provider_user = user("provider", Role.PROVIDER, "Pat", "Provider", org=orgs[0])
        adviser_user = user("adviser", Role.INDEPENDENT_ADVISER, "Ade", "Adviser", org=orgs[3])

        progress("The market directory: about 300 services from 80 providers, a few waiting to be confirmed")
        market_demo.build(seed=seed, today=today, organisations=orgs, confirmed_by=commissioner)
        progress("Calibrating the allocation table on 400 historic packages")
        with clock.on(datetime.date(2025, 3, 14)):
            calibration_packages, calibration = calibrate_demo_table(rng, finance)
        states = [s for s, w in TARGET_STATES for _ in range(w)]
        detailed = min(people, DETAILED)
        # The last of the detailed people are those whose cases closed long ago (once the sign-ins' people are made).
        long_closed = LONG_CLOSED[: max(0, detailed - 2)]
        for index in range(detailed - len(long_closed)):
            if index % 25 == 0:
                progress(f"People: {index} of {detailed} made through the real actions, each on the days it happened")
            group = rng.choices(list(CLIENT_GROUPS), weights=[v[0] for v in CLIENT_GROUPS.values()])[0]
            team = teams[2] if group == "learning_disability" else teams[index % 2]
            worker = staff["worker.ld"] if team == teams[2] else (staff["worker"] if team == teams[0] else staff["worker.south"])
            manager = staff["manager.ld"] if team == teams[2] else (staff["manager"] if team == teams[0] else staff["manager.south"])
            target = states[rng.randrange(len(states))]
            option = None
            if index == 0:  # Elsie Evans, the `holder` sign-in: a direct payment in payment
                group, team, worker, manager, target = "older_people", teams[0], staff["worker"], staff["manager"], "live"
                option = "direct_payment"
            if index == 1:  # the person `family` acts for, his mother: a mixed budget in payment, with a direct payment part
                # and her home care from Exe Valley Home Care (the `provider` sign-in) held by it as an individual
                # service fund, whose statements it sends
                group, team, worker, manager, target = "older_people", teams[0], staff["worker"], staff["manager"], "live"
                option = "mixed_with_fund"
            # Elsie's direct payment has been paid for at least five months, so her account has a story to tell.
            days = timeline(rng, target, today - datetime.timedelta(days=150) if index == 0 else today)
            person = _make_person(rng, index, group, team, worker, days["referral"], clock,
                                  _familys_mother(today) if index == 1 else None)
            if index == 0:
                person.first_name, person.last_name = "Elsie", "Evans"
                person.user = holder_user
                person.save()
                announce_cases_changed(sender=Person, person_ids=[person.pk])
                _consents(person, worker, days["referral"], clock)
            if index == 1:
                familys_mother = person
                # Frank Green, the `family` sign-in, acts with his mother's consent (she has capacity) for her care and
                # her money; the adviser with her consent too. Each authority is reviewed a year after it started, and
                # every year after that.
                with clock.on(days["assessment"]):
                    review = add_months(days["assessment"], 12)
                    frank = people_actions.add_representative(
                        person, actor=worker, name="Frank Green", relationship="Son or daughter", kind=CONSENT,
                        scope=WELFARE_AND_PROPERTY, evidence_reference="Consent form signed at the assessment",
                        evidence_seen_on=days["assessment"], user=family_user, starts_on=days["assessment"],
                        review_on=review, channel="cli")
                    adviser = people_actions.add_representative(
                        person, actor=worker, name="Ade Adviser", relationship="Independent adviser", kind=CONSENT,
                        scope=WELFARE_AND_PROPERTY, evidence_reference="Asked for independent advice, by letter",
                        evidence_seen_on=days["assessment"], user=adviser_user, starts_on=days["assessment"],
                        review_on=review, channel="cli")
                _review_authorities_yearly([frank, adviser], worker, clock)
            elif rng.random() < 0.3:
                _consents(person, worker, days["referral"], clock)
            _advance(rng, clock, person, group, worker, manager, target, days, orgs, finance, force_provider=index == 0,
                     option=option)
        if long_closed:
            progress("People whose cases closed long ago, past the retention schedule")
            _long_closed(long_closed, random.Random(seed + 5), today, teams[0], staff["worker"])
        refresh_statistics()  # the people just written, before the queries that read them all (core.database)
        progress("A research project for the researcher, with the people who agreed to research")
        with clock.on(today - datetime.timedelta(days=30)):
            project = research_actions.create_project(
                actor=admin, name="How people use their direct payments", lead=researcher,
                approval_reference="ESX-RG-2026-014", starts_on=today - datetime.timedelta(days=30),
                ends_on=today + datetime.timedelta(days=335), channel="cli")
            research_actions.add_consenting_people(project, actor=admin, channel="cli")
            try:  # the researcher's first release, so they have one to read (a small demo may have too few people)
                research_actions.make_release(project, actor=researcher, today=today - datetime.timedelta(days=30),
                                              channel="cli")
            except research_actions.ResearchError as problem:
                progress(f"No research release: {problem}")
        progress("Sharing examples from consenting people's plans")
        with clock.on(today - datetime.timedelta(days=20)):
            _share_examples(staff["worker"])
        first_run = _money(rng, clock, finance, holder_user, today, progress) or today - datetime.timedelta(days=364)
        if detailed > 1:
            progress("Exe Valley Home Care's monthly statements of the individual service fund it holds")
            _fund_statements(Clock(random.Random(seed + 6), today), provider_user, familys_mother, today)
        progress("Reviews of directory services by people who use them, given online, on paper and by phone")
        approved = {}  # the day each person's plan was first approved: no review of theirs is dated before it
        for person_id, approved_at in SupportPlan.objects.filter(approved_at__isnull=False).order_by(
                "approved_at").values_list("case__person_id", "approved_at"):
            approved.setdefault(person_id, approved_at.astimezone(clock.zone).date())
        with clock.on(today - datetime.timedelta(days=12)):
            market_demo.build_reviews(
                today=today - datetime.timedelta(days=12), moderator=commissioner, seed=seed, since=approved,
                recorders=[staff["worker"], staff["worker.south"], staff["worker.ld"]],
                at=Clock(random.Random(seed + 8), today).on)
        progress("Care home residents: a deferred payment agreement and contribution invoices")
        notices += _care_home_residents(random.Random(seed + 4), Clock(random.Random(seed + 4), today), finance, today)
        progress("Contributions of people at home invoiced; most paid, one person's overdue")
        notices += _contributions_paid(random.Random(seed + 7), Clock(random.Random(seed + 7), today), finance, today)
        if people > DETAILED:
            progress(f"People: writing {people - DETAILED} more in bulk, with five years of history")

            demo_history.build(first_index=DETAILED, count=people - DETAILED, seed=seed, today=today, teams=teams,
                               workers=[staff["worker"], staff["worker.south"], staff["worker.ld"]],
                               managers=[staff["manager"], staff["manager.south"], staff["manager.ld"]], finance=finance,
                               orgs=orgs, first_run_date=first_run)
            refresh_statistics()
        progress("Evaluations at every review: the person's answers (often given by a relative), each family carer's "
                 "and the worker's; a few stories; most people agree to tell the staff who helped how things went")
        _evaluations(random.Random(seed + 9), Clock(random.Random(seed + 9), today), today)
        progress("Asking the finance team for a few financial assessments")
        _assessment_requests(random.Random(seed + 3), Clock(random.Random(seed + 3), today), staff, finance)

    refresh_statistics()
    progress("Working out the dashboards' facts")
    insight.refresh_facts()  # the dashboards' facts, every case worked out at once, ready for the first page
    give_authenticators()
    return Demo(SIGN_INS, calibration, calibration_packages, notices)


def give_authenticators() -> None:
    """Demo mode only: every demo staff sign-in gets an authenticator app set up, so the second step of signing in
    (docs/sign-ins.md) can be tried with the secret `selfdirect demo` prints. Outside demo mode staff set up their
    own app at their first sign-in, and no secret is ever printed."""
    if not getattr(settings, "DEMO_MODE", False):
        return
    for user in User.objects.filter(is_active=True).prefetch_related("role_grants").order_by("username"):
        if account_queries.needs_second_factor(user):
            account_actions.demo_authenticator(user)


def sign_in_lines(sign_ins) -> list[str]:
    """The demo's sign-ins as `selfdirect demo` prints them; in demo mode, each staff sign-in's authenticator secret
    beside it (base32, to add to an authenticator app by hand), read from its app in the database."""
    secrets = {}
    if getattr(settings, "DEMO_MODE", False):
        for user in User.objects.filter(username__in=[s.username for s in sign_ins]):
            app = account_queries.authenticator_of(user)
            if app is not None:
                secrets[user.username] = base32_secret(app.key)
    lines = [f"  {s.username:<14} {s.role:<40} {s.note}" + (f"\n  {'':<14} authenticator app secret: "
                                                            f"{secrets[s.username]}" if s.username in secrets else "")
             for s in sign_ins]
    if secrets:
        lines.append("Staff sign-ins ask for a code from an authenticator app after the password: add the secret beside "
                     "each (a time-based key) to an app such as Microsoft or Google Authenticator.")
    return lines


REQUEST_AGES = [1, 4, 9, 16, 27]  # days since a worker asked for each open financial assessment request
REQUEST_NOTES = ["", "Savings have gone down since the last review", "Son now manages the person's money",
                 "Receives Attendance Allowance from this month", ""]


def _assessment_requests(rng, clock, staff, finance):
    """A few open requests for a financial assessment, of different ages, for people not yet assessed (their cases
    still being assessed, planned or agreed), most for the `worker` sign-in; the oldest already started by finance."""
    from django.db.models import F

    today = clock.today
    cases = list(Case.objects.filter(state__in=["assessment", "planning", "agreement"], person__financial_assessments=None,
                                     worker__team=F("person__team"))
                 .select_related("person", "worker").prefetch_related("events").order_by("person__la_person_id"))
    north = [c for c in cases if c.worker_id == staff["worker"].pk]
    others = [c for c in cases if c.worker_id != staff["worker"].pk]
    chosen = rng.sample(north, min(3, len(north))) + rng.sample(others, min(2, len(others)))

    def reached(case):  # the day the case reached its step: a request comes after it
        return max([e.at.astimezone(clock.zone).date() for e in case.events.all()] + [case.referred_on])

    chosen.sort(key=lambda c: (reached(c), c.person.la_person_id))  # the oldest request for the longest-waiting case
    for age, note, case in zip(sorted(REQUEST_AGES, reverse=True), REQUEST_NOTES, chosen, strict=False):
        day = max(reached(case), working_day(today - datetime.timedelta(days=age), today))
        with clock.on(day):
            made = charging.request_assessment(case.person, actor=case.worker, note=note, channel="cli")
        if age == max(REQUEST_AGES):
            with clock.on(clock.between(day + datetime.timedelta(days=1), today)):
                charging.start_request(made, actor=finance, channel="cli")


def _charging_notices(today: datetime.date) -> list[str]:
    """Say so where the shipped charging rates do not cover the years the demo's history spans: a financial assessment
    that needs a missing figure then uses the newest year that has it, and is dated in that year."""
    notices, seen = [], set()
    first = today - datetime.timedelta(days=HISTORY_DAYS)
    for day in [first] + [datetime.date(year, 4, 1) for year in range(first.year, today.year + 1)] + [today]:
        if not first <= day <= today or financial_year_of(day) in seen:
            continue
        seen.add(financial_year_of(day))
        try:
            rates = rates_for(day)
        except RatesError as problem:
            notices.append(str(problem))
            continue
        missing = [label_of(name) for name in rates.missing()]
        if missing:
            notices.append(f"The shipped {rates.financial_year} rates lack {len(missing)} figures some cases need: "
                           + "; ".join(missing) + ".")
    if notices:
        notices.append("Where a person's assessment needs a figure that is missing, the demo makes a provisional "
                       "assessment on its own date with the newest year that holds every figure they need, and the "
                       "assessment page says so. docs/charging-rates.md says how a council adds the figures.")
    return notices


def _earlier_year_ends(day: datetime.date):
    """The last day of each financial year before `day`'s, newest first, back to the oldest shipped year."""
    oldest = int(available_years()[0][:4])
    start = day.year if day.month >= 4 else day.year - 1
    for year in range(start - 1, oldest - 1, -1):
        yield datetime.date(year + 1, 3, 31)


# How heavily each client group leans towards higher answers (0 = independent ... 1 = the most help).
NEED_LEVEL = {"older_people": 0.45, "physical_sensory": 0.45, "learning_disability": 0.6, "mental_health": 0.3}


def demo_answers(rng, group) -> dict:
    level = NEED_LEVEL.get(group, 0.4)
    answers = {}
    for domain, question in questionnaire.get("adult").questions:
        count = len(question.options)
        lean = (1 - level) if domain.subtract else level
        index = min(count - 1, max(0, round(rng.betavariate(1 + 4 * lean, 1 + 4 * (1 - lean)) * (count - 1))))
        answers[question.id] = question.options[index].id
    return answers


def historic_packages(rng, count: int, price_per_point: int = 640):
    """Made-up historic packages for calibrating the demo table: cost roughly proportional to points."""
    definition = questionnaire.get("adult")
    packages = []
    for index in range(count):
        group = rng.choices(list(CLIENT_GROUPS), weights=[v[0] for v in CLIENT_GROUPS.values()])[0]
        points = questionnaire.score(definition, demo_answers(rng, group)).points
        cost = max(0, round(points * price_per_point * rng.lognormvariate(0, 0.18)))
        _, (low, high), _, _ = CLIENT_GROUPS[group]
        packages.append(Package(f"H{index + 1:05d}", points, group, rng.randint(max(low, 18), high),
                                rng.choice(["Female", "Male"]), rng.choice(["A", "A", "A", "C", "H", "N", "Z"]), cost))
    return packages


def calibrate_demo_table(rng, actor):
    packages = historic_packages(rng, 400)
    result = statistics.calibrate(packages)
    current = allocation_queries.current_table().rules
    allocation_actions.publish_table(
        {**current.as_dict(), "key": "exampleshire-2025-calibrated", "title": "Exampleshire allocation table, April 2025",
         "price_per_point_pence": result["price_per_point_pence"],
         "source": f"Calibrated on {result['n']} historic packages: {result['price_per_point_pence']}p a point "
                   f"(95% CI {result['ci95_pence'][0]} to {result['ci95_pence'][1]}), R-squared {result['r_squared']}"},
        actor=actor, effective_from=datetime.date(2025, 4, 1))
    return packages, result


NOT_OFFERED_EXCUSES = ["The person seemed unlikely to manage the paperwork", "No provider has agreed to hold a fund here",
                       "Family said they would not want the responsibility"]


def _organise(rng, case, worker, option, starts, person, start=True):
    """Step 5 as the demo's workers do it, with some workers not offering every option (so the report has a story)."""
    plan = planning.approved_plan_for(case)
    items = list(plan.items.all())
    if option == "individual_service_fund" and not any(i.organisation_id for i in items):
        option = "council_managed"
    # "mixed_with_fund" (the family's mother): a mixed budget whose first item, from a provider, is an individual
    # service fund that provider holds, the others by direct payment and council-managed in turn
    fund_first = option == "mixed_with_fund" and len(items) > 1 and items[0].organisation_id is not None
    option = "mixed" if option == "mixed_with_fund" else option
    gatekeeping = worker.username == "worker.south" and rng.random() < 0.5
    for code in ["council_managed", "individual_service_fund", "direct_payment", "mixed"]:
        if gatekeeping and code in {"direct_payment", "mixed"} and option not in {"direct_payment", "mixed"}:
            plan_actions.record_choice(case, actor=worker, option=code, offered=False, not_offered_reason="other",
                                       reason_text=rng.choice(NOT_OFFERED_EXCUSES), channel="cli")
        else:
            plan_actions.record_choice(case, actor=worker, option=code, offered=True,
                                       how=rng.choice(["conversation", "leaflet", "easy_read"]),
                                       decision="chosen" if code == option else "declined", channel="cli")
    if fund_first:
        deliveries = {item.pk: ("individual_service_fund" if index == 0 else "direct_payment" if index % 2 else
                                "council_managed") for index, item in enumerate(items)}
    elif option == "mixed" and len(items) > 1:
        deliveries = {item.pk: ("direct_payment" if index % 2 == 0 else "council_managed") for index, item in enumerate(items)}
    elif option == "individual_service_fund":
        deliveries = {item.pk: ("individual_service_fund" if item.organisation_id else "council_managed") for item in items}
    else:
        deliveries = {item.pk: ("direct_payment" if option == "mixed" else option) for item in items}
    plan_actions.organise_money(case, actor=worker, deliveries=deliveries, channel="cli")
    if "direct_payment" in deliveries.values():
        plan_actions.save_direct_payment_setup(
            case, actor=worker, recipient="person", capacity_and_consent=True, agreement_signed_on=starts,
            account_kind=rng.choice(["bank", "prepaid"]), account_name=f"{person.first_name} {person.last_name} DP",
            sort_code=f"{rng.randint(10, 99)}{rng.randint(10, 99)}{rng.randint(10, 99)}",
            account_number=f"{rng.randint(10000000, 99999999)}", employer_responsibilities=True,
            support_organisation_offered=True, channel="cli")
    if not start:
        return
    for item in items:
        plan_actions.arrange_item(case, item.pk, actor=worker, arranged_with=item.supplier_display, starts_on=starts,
                                  channel="cli")
    plan_actions.start_support(case, actor=worker, starts_on=starts, channel="cli")


def _familys_mother(today: datetime.date) -> dict:
    born = add_months(today, -12 * FAMILYS_MOTHER_AGE) - datetime.timedelta(days=100)
    return {**FAMILYS_MOTHER, "date_of_birth": born}


def _review_authorities_yearly(representatives, worker, clock) -> None:
    """The worker checks each authority again a year after it started and every year after (people.actions.
    review_authority), the evidence seen again, so the next review is always ahead, as where a council keeps up. At
    half past five on the day (Clock.end_of_day), so the checks move no other event of the demo's history."""
    due = add_months(representatives[0].starts_on, 12)
    while due <= clock.today:
        held = working_day(due, clock.today)
        following = add_months(due, 12)
        with clock.end_of_day(held):
            for rep in representatives:
                people_actions.review_authority(rep, actor=worker, kind=rep.kind, scope=rep.scope,
                                                evidence_reference=rep.evidence_reference, evidence_seen_on=held,
                                                review_on=following, note="Checked with them at the yearly visit",
                                                channel="cli")
        due = following


def _long_closed(people, rng, today, team, worker) -> None:
    """LONG_CLOSED, through the real actions on the days it happened: referred, perhaps assessed, and closed, years
    ago. Their own random numbers and clock, so adding them moves nothing else of the demo."""
    clock = Clock(rng, today)
    for number, (years, open_days, assessed, why) in enumerate(people):
        referred = working_day(add_months(today, -12 * years) - datetime.timedelta(days=rng.randint(0, 60)), today)
        data, referral = person_data(rng, DETAILED + number, "older_people", referred)  # aged 65 or over then
        with clock.on(referred):
            person = journey_actions.create_person(data, team=team, referral={**referral, "referred_on": referred},
                                                   actor=worker, channel="cli")
            people_actions.add_carer(person, actor=worker, name=f"{rng.choice(FIRST_NAMES)} {person.last_name}",
                                     relationship="Spouse or partner", lives_with_person=True,
                                     hours_caring_per_week=rng.randint(10, 40), willing_and_able_to_continue=True,
                                     channel="cli")
        case = journey.current_case_for(person)
        if assessed:
            with clock.on(working_day(referred + datetime.timedelta(days=open_days // 3), today)):
                journey_actions.move(case, "start_assessment", actor=worker, channel="cli")
        with clock.on(working_day(referred + datetime.timedelta(days=open_days), today)):
            journey_actions.move(case, "close", actor=worker, reason=why, channel="cli")


def _consents(person, worker, day, clock) -> None:
    """The person agrees, on the day of their referral, to research and to examples from their plan being shown to
    others (version 1 of each's information)."""
    with clock.end_of_day(day):
        for purpose in (RESEARCH, PLAN_EXAMPLES):
            people_actions.record_consent(person, actor=worker, purpose=purpose, given_on=day,
                                          note="Signed the consent form at the first visit", channel="cli")


def _share_examples(worker, limit=12):
    """The examples library starts with anonymised plans of people who agreed to share them."""
    agreeing = people_queries.consenting_people(PLAN_EXAMPLES)
    plans = (SupportPlan.objects.filter(status=SupportPlan.Status.APPROVED, case__person__in=agreeing)
             .select_related("case__person").prefetch_related("items", "outcomes").order_by("case__person__la_person_id"))
    for plan in plans[:limit]:
        items = list(plan.items.all())
        outcome = plan.outcomes.first()
        if not items or outcome is None:
            continue
        plan_actions.share_example(plan, actor=worker, title=f"{items[0].description}, and more" if len(items) > 1 else items[0].description,
                                   outcome=outcome.in_own_words, how_met="; ".join(i.description for i in items))


def _money(rng, clock, finance, holder_user, today, progress=_quiet) -> datetime.date | None:
    """Four-weekly payment runs on the council's cycle (settings.PAYMENT_RUN_ANCHOR), from the run that pays the first
    support to start, each on its day; and monthly statements for every direct payment account, with some of the
    spending reported by the budget holders, imported and reconciled early in the month after. Returns the day of the
    first run (None when no support has started)."""
    first_start = Case.objects.filter(support_started_on__isnull=False).order_by("support_started_on").values_list(
        "support_started_on", flat=True).first()
    if first_start is None:
        return None
    cycle = money.payment_cycle()  # the council's run days: the first run is the one that pays the first period
    run_date = cycle.run_paying(first_start)
    runs = 0
    first_run = run_date
    while run_date <= today:
        if runs % 10 == 0:
            progress(f"Payment runs: the run of {run_date:%-d %B %Y}")
        with clock.on(run_date):
            money.pay(run_date, actor=finance)
        run_date = cycle.next_run_after(run_date)
        runs += 1
    months: dict[tuple[int, int], list[list[str]]] = {}
    for acct in LedgerAccount.objects.filter(key="direct_payment").select_related("case__person").order_by("reference"):
        case = acct.case
        items = [i for i in case.plans.get(status="approved").items.all() if i.delivery == "direct_payment"]
        day = case.support_started_on + datetime.timedelta(days=3)
        holder = case.person.user_id == holder_user.pk
        saver = rng.random() < 0.15 and not holder  # some people build up a surplus (drawn for all: same stream)
        # Elsie keeps a little in hand for her personal assistant's holiday pay, never so much that her balance is
        # over the 8 weeks that money.monitoring flags
        spends = 0.97 if holder else 1
        while day < today - datetime.timedelta(days=2):
            for item in items:
                pence = round(item.weekly_cost_pence * (2 if saver else 4) * spends)
                months.setdefault((day.year, day.month), []).append(
                    [day.isoformat(), (item.arranged_with or item.description).upper()[:60],
                     f"-{Money(pence).pounds_text()}", acct.reference])
                if holder or rng.random() < 0.3:
                    with clock.on(day):
                        money.record_spending(case, actor=holder_user if holder else finance,
                                              spent_on=day - datetime.timedelta(days=1),
                                              payee=item.arranged_with or item.description, amount_pence=pence,
                                              item=item, channel="cli")
            if rng.random() < 0.05 and not holder:
                months.setdefault((day.year, day.month), []).append(
                    [day.isoformat(), "HIGH STREET BOOKMAKER", "-20.00", acct.reference])
            day += datetime.timedelta(days=28)
    import csv
    import io

    progress(f"Statements: {len(months)} months of bank statements imported and reconciled")
    for (year, month), rows in sorted(months.items()):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["Date", "Description", "Amount", "Account"])
        writer.writerows(rows)
        arrives = add_months(datetime.date(year, month, 1), 1) + datetime.timedelta(days=rng.randint(2, 8))
        with clock.on(arrives):
            money.import_statement(buffer.getvalue(), name=f"statements-{year}-{month:02d}.csv", actor=finance,
                                   mapping=statements.Mapping(account="Account"))
            money.reconcile()
    return first_run


def _fund_statements(clock, provider_user, person, today) -> None:
    """The provider (the `provider` sign-in) sends a statement of each individual service fund it holds for the person,
    early each month, of what it spent the month before: a line a week for each item of support the fund pays for,
    with its hours (one visit fewer every fifth week). The person's home page shows them."""
    case = journey.current_case_for(person)
    plan = planning.approved_plan_for(case) if case is not None else None
    organisation = provider_user.organisation_id
    items = [item for item in (plan.items.all() if plan else []) if item.delivery == "individual_service_fund"
             and item.organisation_id == organisation]
    if not items or case.support_started_on is None:
        return
    reference = money.account_reference(case, f"isf:{organisation}")
    months: dict[tuple[int, int], list[list[str]]] = {}
    week, day = 0, case.support_started_on + datetime.timedelta(days=6)
    while day < today - datetime.timedelta(days=2):
        for item in items:
            hours = item.quantity - (1 if week % 5 == 4 and item.unit == "hour" and item.quantity > 1 else 0)
            pence = item.unit_cost_pence * hours if item.period == "weekly" else item.weekly_cost_pence
            months.setdefault((day.year, day.month), []).append(
                [day.isoformat(), f"{item.description}, week to {day:%-d %B}", f"-{Money(int(pence)).pounds_text()}",
                 f"{hours:f}".rstrip("0").rstrip(".") if item.unit == "hour" else "", reference])
        week, day = week + 1, day + datetime.timedelta(days=7)
    import csv
    import io

    for (year, month), rows in sorted(months.items()):
        sent = add_months(datetime.date(year, month, 1), 1) + datetime.timedelta(days=4)
        if sent > today:
            continue  # this month's statement is sent next month
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["Date", "Description", "Amount", "Hours", "Fund"])
        writer.writerows(rows)
        with clock.on(sent):
            money.import_fund_statement(buffer.getvalue(), name=f"fund-statement-{year}-{month:02d}.csv",
                                        actor=provider_user, mapping=statements.Mapping(account="Fund", hours="Hours"))


def _financial_assessment(rng, person, finance, as_of, funded=False):
    """A financial assessment for everyone with an agreed personal budget, with incomes typical of their age, effective
    on `as_of` (see charging_date for a year whose rates are not held)."""
    case = journey_queries.current_case_for(person)
    weekly_cost = planning.personal_budget_weekly_pence(case)
    if not weekly_cost:
        return

    if funded:  # the sign-ins' people live on benefits below the Minimum Income Guarantee: the council pays
        pension = as_of >= pension_credit_qualifying_date(person.date_of_birth)
        income = [{"type": "state_pension" if pension else "esa", "amount_pence": 15640 if pension else 8490,
                   "period": "weekly"}]
    elif as_of >= pension_credit_qualifying_date(person.date_of_birth):
        income = [{"type": "state_pension", "amount_pence": rng.choice([15640, 20395, 22120]), "period": "weekly"}]
        if rng.random() < 0.5:
            income.append({"type": "attendance_allowance_" + rng.choice(["higher", "lower"]),
                           "amount_pence": rng.choice([10175, 6810]), "period": "weekly"})
        if rng.random() < 0.4:
            income.append({"type": "occupational_pension", "amount_pence": rng.randint(100, 900) * 100, "period": "monthly"})
    else:
        income = [{"type": rng.choice(["universal_credit", "esa"]), "amount_pence": rng.choice([8490, 12985, 16796]),
                   "period": "weekly"},
                  {"type": "pip_daily_living_" + rng.choice(["enhanced", "standard"]),
                   "amount_pence": rng.choice([10175, 6810]), "period": "weekly"}]
        if rng.random() < 0.5:
            income.append({"type": "pip_mobility_standard", "amount_pence": 2690, "period": "weekly"})
    raw = {
        "effective_date": as_of.isoformat(), "date_of_birth": person.date_of_birth.isoformat(), "setting": "community",
        "weekly_cost_of_care_pence": weekly_cost,
        "receives_night_care": rng.random() < 0.2, "income": income,
        "housing_costs": [{"description": "Council tax after reduction", "amount_pence": rng.randint(3, 25) * 100,
                           "period": "weekly"}],
        "disability_related_expenditure": [{"description": "Extra laundry", "amount_pence": 400, "period": "weekly"}]
        if rng.random() < 0.5 else [],
        "carer_premium": False, "dependent_children": 0, "light_touch": not funded and rng.random() < 0.05,
    }
    savings = 0 if funded else rng.choice([0, 0, 0, 250000, 1500000, 1800000, 2400000, 3500000])
    if savings:  # item by item: some savings are held jointly (say with a sister), counted as an equal share (reg 24)
        raw["capital"] = [{"type": "savings", "amount_pence": savings, "owners": rng.choice([1, 1, 1, 2])}]
        if rng.random() < 0.3:
            raw["capital"].append({"type": "funeral_plan", "amount_pence": rng.randint(30, 60) * 10000})
    else:
        raw["capital_pence"] = 0
    return _record_assessment(person, raw, finance, as_of)


def _record_assessment(person, raw, finance, as_of, reason=FinancialAssessment.Reason.NEW):
    """Recorded as finance would: with the year's rates, else provisionally with the newest year that holds every figure
    the case needs (the rates of the demo's year may not be shipped yet)."""
    try:
        return charging.record_assessment(person, raw, actor=finance, channel="cli", reason=reason)
    except charging.ChargingError as problem:
        if problem.field != "effective_date":
            raise
    for year_end in _earlier_year_ends(as_of):  # provisional, with the newest year that holds every figure needed
        try:
            return charging.record_assessment(person, {**raw, "provisional_rates_year": financial_year_of(year_end)},
                                              actor=finance, channel="cli", reason=reason)
        except charging.ChargingError as problem:
            if problem.field != "provisional_rates_year":
                raise
    raise charging.ChargingError(f"No shipped charging rates year can assess {person.la_person_id}", "effective_date")


def _care_home_residents(rng, clock, finance, today) -> list[str]:
    """Two older people who moved into a care home for good (issue 18): one still in the 12 weeks their home is left out;
    one whose home now counts, with a deferred payment agreement in force, brought up to date, and the residents'
    contributions invoiced period by period. The demo council charges no interest on the agreement: the national
    maximum rates from July 2024 are not shipped (docs/deferred-payments.md). Returns what it did, for the notices."""
    moved_in = today - datetime.timedelta(weeks=34)

    def open_case(person) -> bool:  # a resident whose case is open: the worker can still act for them (a top-up, say)
        case = journey_queries.current_case_for(person)
        return case is not None and case.state != journey_steps.CLOSED

    def assessed_before_moving_in(person) -> bool:
        latest = person.financial_assessments.order_by("-created_at").first()
        return latest is not None and latest.created_at.date() < moved_in

    older = [p for p in Person.objects.filter(client_group="older_people", user__isnull=True).order_by("la_person_id")
             if (today - p.date_of_birth).days > 75 * 365 and assessed_before_moving_in(p) and open_case(p)]
    if len(older) < 2:
        return []
    settled, newer = rng.sample(older, 2)
    fee = rng.choice([85000, 92500, 98000])  # the care home's weekly fee

    def resident_input(person, admitted, effective):
        current = person.financial_assessments.order_by("-created_at").first().input
        return {"effective_date": effective.isoformat(), "date_of_birth": person.date_of_birth.isoformat(),
                "setting": "care_home_permanent", "admitted_on": admitted.isoformat(),
                "first_permanent_admission": True, "weekly_cost_of_care_pence": fee,
                "income": [i for i in current.get("income", []) if not i["type"].startswith("attendance_allowance")],
                "capital": [{"type": "savings", "amount_pence": rng.choice([180000, 420000, 950000])}],
                "property": {"value_pence": rng.choice([18500000, 24000000, 31500000])}}

    admitted = today - datetime.timedelta(weeks=9)
    with clock.on(admitted + datetime.timedelta(days=3)):
        _record_assessment(newer, resident_input(newer, admitted, admitted), finance, admitted)
    admitted = moved_in
    counts_from = admitted + datetime.timedelta(weeks=12)
    with clock.on(admitted + datetime.timedelta(days=4)):
        _record_assessment(settled, resident_input(settled, admitted, admitted), finance, admitted)
    with clock.on(counts_from):
        counted = _record_assessment(settled, resident_input(settled, admitted, counts_from), finance, counts_from,
                                     reason=FinancialAssessment.Reason.CIRCUMSTANCES)
    with clock.on(counts_from + datetime.timedelta(days=3)):
        agreement = charging.offer_deferred_payment(
            counted, actor=finance, home=f"{rng.randint(2, 80)} {rng.choice(['Orchard', 'Mill', 'Station'])} Road, "
            f"{settled.postcode}", valued_on=counts_from, starts_on=counts_from,
            offered_on=counts_from + datetime.timedelta(days=3), interest_basis_points=0, set_up_charge_pence=45000,
            channel="cli")
    signed = counts_from + datetime.timedelta(days=24)
    with clock.on(signed):
        charging.decide_deferred_payment(agreement, actor=finance, agreed=True, on=signed,
                                         title_number=f"DN{rng.randint(100000, 999999)}", charge_registered_on=signed,
                                         channel="cli")
    with clock.end_of_day(today - datetime.timedelta(days=1)):
        money_deferred.accrue(agreement, up_to=today - datetime.timedelta(days=1), actor=finance, channel="cli")
    for starts_on in (p.starts_on for p in money_invoices.periods_between(admitted, today)):
        with clock.on(starts_on + datetime.timedelta(days=2)):
            money.raise_contribution_invoices(starts_on, actor=finance, on=min(today, starts_on + datetime.timedelta(days=2)),
                                              channel="cli")
    return [f"Care home residents: {newer.la_person_id} in their first 12 weeks; {settled.la_person_id} with a deferred "
            "payment agreement (no interest charged: add the national maximum rates on the Deferred payment interest "
            "rates page to charge it) and contribution invoices."]


def _contributions_paid(rng, clock, finance, today) -> list[str]:
    """The last four periods' contribution invoices raised (for care home residents and, issue 19, people at home whose
    budget's contribution is not all taken off a direct payment), and paid as most people pay: five to twenty days
    after each is issued. One person at home on a council-managed budget or an individual service fund has paid all
    but one invoice, which is overdue, so finance has someone whose circumstances to check. Returns what it did."""
    for starts_on in (p.starts_on for p in money_invoices.periods_between(today - datetime.timedelta(weeks=12), today)):
        on = min(today, starts_on + datetime.timedelta(days=2))
        with clock.on(on):
            money.raise_contribution_invoices(starts_on, actor=finance, on=on, channel="cli")
    overdue_before = today - datetime.timedelta(days=settings.CONTRIBUTION_OVERDUE_DAYS)
    unpaid = list(money_models.ContributionInvoice.objects.filter(status="issued").exclude(kind="refund")
                  .select_related("case__person").order_by("case__person__la_person_id", "issued_on", "id"))
    by_person: dict[int, list] = {}
    for invoice in unpaid:
        by_person.setdefault(invoice.case.person_id, []).append(invoice)
    in_care_homes = set(FinancialAssessment.objects.filter(input__setting__in=["care_home_permanent", "care_home_temporary"])
                        .values_list("person_id", flat=True))

    def arranged_or_fund(case) -> bool:
        plan = planning.approved_plan_for(case)
        return plan is not None and plan.delivery_option in {"council_managed", "individual_service_fund"}

    candidates = [pk for pk, rows in by_person.items() if pk not in in_care_homes
                  and sum(i.issued_on < overdue_before for i in rows) >= 2 and arranged_or_fund(rows[0].case)]
    behind = rng.choice(candidates) if candidates else None
    late = None
    if behind is not None:  # the newest of their invoices already overdue is left unpaid
        late = [i for i in by_person[behind] if i.issued_on < overdue_before][-1]
    paid = 0
    for invoice in unpaid:
        paid_on = invoice.issued_on + datetime.timedelta(days=rng.randint(5, 20))
        if invoice == late or paid_on >= today:
            continue
        with clock.on(paid_on):
            money.record_contribution_payment(invoice, actor=finance, paid_on=paid_on, channel="cli")
        paid += 1
    said = [f"Contribution invoices: {paid} paid"]
    if late is not None:
        said.append(f"{late.case.person.la_person_id} has contribution invoice {late.reference} overdue (issued "
                    f"{late.issued_on:%-d %B %Y}): finance checks their circumstances before any recovery")
    return ["; ".join(said) + "."]


def person_data(rng, index, group, today) -> tuple[dict, dict]:
    """A made-up person of the client group, and their referral: the fields the people actions take."""
    _, (age_low, age_high), reasons, _ = CLIENT_GROUPS[group]
    age = rng.randint(max(age_low, 23), age_high)  # 18 or over when referred, up to four years before today
    dob = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    previous = rng.random() < 0.35
    data = {
        "first_name": rng.choice(FIRST_NAMES), "last_name": rng.choice(LAST_NAMES), "date_of_birth": dob,
        "nhs_number": valid_nhs_number(rng), "gender": rng.choice(["Male", "Female", "Female", "Male", "Other"]),
        "ethnicity": rng.choices(["A", "C", "H", "J", "N", "M", "F", "R", "Z"], weights=[70, 5, 5, 4, 4, 3, 3, 2, 4])[0],
        "postcode": postcode(rng), "accommodation_status": rng.choice(["Owner occupier or shared ownership scheme", "Tenant",
                                                                         "Settled mainstream housing with family / friends"]),
        "employment_status": "Not in Paid Employment (not actively seeking work / retired)" if age >= 65 else rng.choice(
            ["Paid: Less than 16 hours a week", "Not in Paid Employment (seeking work)", "Unknown"]),
        "client_type": "Service User", "primary_support_reason": rng.choice(reasons), "client_group": group,
        "autism": "Yes" if group == "learning_disability" and rng.random() < 0.3 else "No",
        "visual_impairment": "Yes" if rng.random() < 0.08 else "No", "hearing_impairment": "Yes" if rng.random() < 0.1 else "No",
        "dementia": "Yes" if group == "older_people" and rng.random() < 0.3 else "No",
        "client_funding_status": "Fully Local Authority funded",
        "gp_practice_name": "Exampleshire Medical Centre", "gp_practice_code": f"L{83000 + index % 50}",
        "previous_package_description": "Home care, council-arranged" if previous else "",
        "previous_package_weekly_pence": rng.randint(150, 600) * 100 if previous else None,
    }
    referral = {"referred_on": today - datetime.timedelta(days=rng.randint(20, 700)),
                "route_of_access": rng.choice(["Community / Other route", "Discharge from Hospital", "Planned Entry (Transition)"]),
                "reason": "Asked for help to stay independent at home"}
    return data, referral


def _make_person(rng, index, group, team, worker, referred_on, clock, fixed=None):
    data, referral = person_data(rng, index, group, clock.today)
    data.update(fixed or {})  # after every draw, so the fixed fields move no other part of the demo
    referral["referred_on"] = referred_on
    with clock.on(referred_on):
        return journey_actions.create_person(data, team=team, referral=referral, actor=worker, channel="cli")


def _advance(rng, clock, person, group, worker, manager, target, days, orgs, finance, force_provider=False, option=None):
    """Take the person from referral to `target`, each step on its day."""
    case = journey.current_case_for(person)
    today = clock.today
    if rng.random() < 0.5:
        with clock.on(days["referral"]):
            people_actions.add_carer(person, actor=worker, name=f"{rng.choice(FIRST_NAMES)} {person.last_name}",
                                     relationship=rng.choice(["Spouse or partner", "Son or daughter", "Parent"]),
                                     lives_with_person=rng.random() < 0.6, hours_caring_per_week=rng.randint(5, 50),
                                     willing_and_able_to_continue=rng.random() < 0.8, channel="cli")
    if target == "closed" and rng.random() < 0.5:
        with clock.on(clock.between(days["referral"], days["referral"] + datetime.timedelta(days=20))):
            journey_actions.move(case, "close", actor=worker, reason="Person moved out of the area", channel="cli")
        return
    if "assessment" not in days:
        return
    with clock.on(days["assessment"]):
        journey_actions.move(case, "start_assessment", actor=worker, channel="cli")
    _outcomes_consent(person, worker, days["assessment"], clock)
    if "planning" not in days:
        return
    answers = demo_answers(rng, group)
    if rng.random() < 0.3:
        with clock.on(clock.between(days["assessment"], days["planning"])):
            allocation_actions.record_self_assessment(case, actor=worker, questionnaire_key="adult", answers=answers,
                                                      kind="person", channel="cli")
    outcomes = rng.sample([code for code, _ in OUTCOMES[:9]], rng.randint(2, 5))
    override = rng.random() < 0.08

    with clock.on(days["planning"]):
        allocation_actions.record_self_assessment(case, actor=worker, questionnaire_key="adult", answers=answers,
                                                  kind="agreed", channel="cli")
        ras_figure = allocation_queries.latest_indicative_for(case).weekly_pence
        change = rng.choice([-1, 1]) * rng.randint(20, 80) * 100 if override else 0
        allocation_actions.record_assessment(
            case, actor=worker, arises_from_impairment=True, findings=demo_findings(outcomes),
            significant_impact_on_wellbeing=True, wellbeing_areas=demo_wellbeing(outcomes),
            wellbeing_impact="Seen at home with family; without help, meals are missed and going out has stopped.",
            indicative_weekly_pence=ras_figure + change if override else None, channel="cli",
            override_reason="" if not override else "Night-time needs the questionnaire does not capture" if change > 0
            else "Family help every evening, which the questionnaire counted as paid support")
    case.refresh_from_db()
    planned_on = clock.between(days["planning"] + datetime.timedelta(days=1),
                               days.get("agreement", today) - datetime.timedelta(days=1))
    with clock.on(planned_on):
        for words in rng.sample(OUTCOME_WORDS, 2):
            plan_actions.add_outcome(case, actor=worker, in_own_words=words, channel="cli")
        catalogue = ITEMS[group]
        chosen = rng.sample(catalogue, rng.randint(2, 3))
        home_care = next((row for row in catalogue if row[1] == "agency"), None)
        if option == "mixed_with_fund" and home_care:  # the family's mother: home care first, held as a fund
            chosen = [home_care, *[row for row in chosen if row != home_care]][:len(chosen)]
        for description, kind, unit, cost, quantity, period in chosen:
            org = None
            if kind == "agency" or force_provider:
                org = orgs[0] if kind in {"agency", "personal_assistant"} or force_provider else None
            elif kind == "provider":
                org = orgs[1]
            plan_actions.add_item(case, actor=worker, description=description, supplier_kind=kind, unit=unit,
                                  unit_cost_pence=cost, quantity=Decimal(quantity), period=period, organisation=org,
                                  channel="cli")
            force_provider = False

        cost = planning.cost_of(planning.draft_plan_for(case))
        if cost.difference_pence:
            plan_actions.set_difference_reason(
                case, actor=worker, channel="cli",
                reason="The person chose support that costs less than the indicative sum" if cost.below_indicative
                else "Two-person transfers are needed for safety")
    if "agreement" not in days:
        return
    with clock.on(days["agreement"]):
        plan_actions.submit_plan(case, actor=worker, channel="cli")
    if "organising" not in days:
        return
    if rng.random() < 0.2:
        returned = clock.between(days["agreement"], days["organising"])
        with clock.on(returned):
            plan_actions.return_plan(case, actor=manager, comment="Please add what the family will do unpaid", channel="cli")
        with clock.on(clock.between(returned, days["organising"])):
            plan_actions.submit_plan(case, actor=worker, channel="cli")
    with clock.on(days["organising"]):
        plan_actions.approve_plan(case, actor=manager, comment="Agreed", channel="cli")
    assessed_on = clock.between(days["organising"], days["organising"] + datetime.timedelta(days=10))
    with clock.on(assessed_on):
        _financial_assessment(rng, person, finance, assessed_on, funded=bool(option))  # the sign-ins' people
    option = option or rng.choices(["council_managed", "individual_service_fund", "direct_payment", "mixed"],
                                   weights=[45, 10, 30, 15])[0]
    if "live" not in days:
        if rng.random() < 0.6:  # money organised, support being arranged
            organised_on = clock.between(days["organising"], days["organising"] + datetime.timedelta(days=14))
            with clock.on(organised_on):
                _organise(rng, case, worker, option, organised_on, person, start=False)
        return
    with clock.on(days["live"]):
        _organise(rng, case, worker, option, days["live"], person)
    _reviews(rng, clock, case, worker, target, person.la_person_id)


def _reviews(rng, clock, case, worker, target, reference):
    """Reviews held when they fell due (a few missed, so they show as overdue); the case's last review closes it, or
    one has just started, when that is where the case is."""
    today = clock.today
    horizon = today - datetime.timedelta(days=15 if target == "review" else 3)
    case.refresh_from_db()
    held = None
    while case.next_review_on and case.next_review_on <= horizon:
        recent = case.next_review_on > today - datetime.timedelta(days=90)
        if target == "live" and recent and rng.random() < REVIEWS_MISSED:
            break
        held_on = clock.between(case.next_review_on - datetime.timedelta(days=5),
                                min(horizon, case.next_review_on + datetime.timedelta(days=12)))
        last = target == "closed" and add_months(held_on, 12) > horizon
        approved = planning.approved_plan_for(case)
        # Its own generator, seeded from the person and the day, so the main one draws as before (the rest of the
        # demo council is unchanged).
        pick = random.Random(f"review {reference} {held_on}")
        with clock.on(held_on):
            outcome_actions.record_review(
                case, actor=worker, held_on=held_on, decision="end" if last else "continue",
                summary="Things are going well; the person feels more in control." if not last
                else "The person no longer needs support from the council.",
                ratings={o.pk: rng.choice(["achieved", "partly", "achieved"]) for o in approved.outcomes.all()},
                depth="light", reason=pick.choices([r for r, _ in DEMO_REVIEW_REASONS],
                                                   weights=[w for _, w in DEMO_REVIEW_REASONS])[0],
                method=pick.choices(["Service user only", "Service user and carer"], weights=[60, 40])[0],
                what_changed="Support ends: the personal budget stops." if last else pick.choice(DEMO_NOTHING_CHANGED),
                channel="cli")
        case.refresh_from_db()
        held = held_on
        if last:
            return
    if target == "review":
        with clock.on(clock.between(max(held or horizon, horizon), today)):
            journey_actions.move(case, "start_review", actor=worker, channel="cli")
    elif target == "live" and rng.random() < 0.06:
        _review_request(rng, clock, case, worker)


def _review_request(rng, clock, case, worker):
    """A few people asked for a review in the last fortnight (outcomes.ReviewRequest): agreed, declined with reasons,
    or waiting; now and then a change that needs one (due at once, held within the council's days)."""
    asked_on = clock.between(clock.today - datetime.timedelta(days=14), clock.today)
    with clock.on(asked_on):
        if rng.random() < 0.25:
            outcome_actions.record_trigger(case, actor=worker, trigger=rng.choice(["concern_raised", "capacity_changed"]),
                                           raised_on=asked_on, said="Her daughter phoned: things have changed at home",
                                           channel="cli")
            return
        asked = outcome_actions.request_review(case, actor=worker, said="Asked on the phone for the plan to be looked at",
                                               asked_on=asked_on, asked_by_name=case.person.full_name,
                                               asked_by_relationship="The person", channel="cli")
        choice = rng.random()
        if choice < 0.4:
            outcome_actions.decide_request(asked, actor=worker, accept=True, channel="cli")
        elif choice < 0.7:
            outcome_actions.decide_request(asked, actor=worker, accept=False, channel="cli",
                                           reasons="Your yearly review is already booked for next month")


# ---- evaluations at reviews (outcomes.evaluation, issue 21) ----------------------------------------------------------

# Who answered the person's questionnaire, with a family carer in the picture or without one. In the Essex study of
# personal budgets only 9 of 46 interviews were with the person alone and 25 with a relative alone (issue 21): most of
# the demo's answers come from someone other than the person, the more so where a carer is close.
ANSWERED_BY_WEIGHTS = {
    True: {evaluation.PERSON_ALONE: 14, evaluation.PERSON_WITH_FAMILY: 20, evaluation.RELATIVE: 54,
           evaluation.ADVOCATE: 4, evaluation.WORKER_FOR_PERSON: 8},
    False: {evaluation.PERSON_ALONE: 36, evaluation.PERSON_WITH_FAMILY: 10, evaluation.RELATIVE: 32,
            evaluation.ADVOCATE: 12, evaluation.WORKER_FOR_PERSON: 10},
}
# How much each delivery option moves each domain, on the demo's own scale (0 is no difference): made up, in the
# direction the national personal budget surveys found (more choice and control, and more of a life in the community,
# with a direct payment; the paperwork of one weighs on money and on a family carer). Not findings: a demo.
OPTION_EFFECTS = {
    "direct_payment": {"choice_and_control": 1.0, "community": 0.6, "friendships": 0.5, "work_and_volunteering": 0.3,
                       "dignity": 0.3, "money": -0.2, "carer_wellbeing": -0.2, "carer_life": 0.4},
    "mixed": {"choice_and_control": 0.6, "community": 0.4, "friendships": 0.3, "carer_life": 0.2},
    "individual_service_fund": {"choice_and_control": 0.5, "community": 0.3, "dignity": 0.2, "carer_continue": 0.2},
    "council_managed": {"choice_and_control": -0.2, "feeling_safe": 0.3, "dignity": -0.1, "carer_continue": 0.3},
}
# How each option's answers drift a year on: with a direct payment things go on getting better; with support the
# council arranges they level off and fall back a little (or expectations rise: issue 21's note on reading a fall).
OPTION_DRIFT = {"direct_payment": 0.25, "mixed": 0.15, "individual_service_fund": 0.1, "council_managed": -0.2}
# What a relative answering for the person sees differently from the person (more worry about safety, less about
# choice), and the worker's own view (a little more hopeful).
ANSWERER_EFFECTS = {evaluation.RELATIVE: {"choice_and_control": -0.3, "feeling_safe": 0.3},
                    evaluation.WORKER_THEMSELVES: {"*": 0.2}}
RATING_EFFECTS = {"achieved": 0.4, "partly": 0.0, "not_achieved": -0.6}
# A few stories told at reviews, in their own words: (domains they speak to, who may tell it, the words).
DEMO_STORIES = [
    (["choice_and_control"], "person", "I choose who comes and when now. I get up when I want to, not when the rota says."),
    (["community", "friendships"], "person", "I go to the lunch club on Tuesdays and I know people there. I did not "
                                             "see anyone for weeks before."),
    (["carer_life", "carer_wellbeing"], "family_carer", "For the first time in three years I had a weekend away. "
                                                         "Mum was happy with Sam, and I came back a different person."),
    (["work_and_volunteering"], "person", "I help at the allotment on Fridays. They asked me to come more."),
    (["feeling_safe"], "family_carer", "Knowing someone looks in every evening means I sleep at night."),
    (["money"], "representative", "The paperwork for the direct payment was hard at first. The support service helped, "
                                  "and now it takes an hour a month."),
    (["health", "dignity"], "person", "The same two people help me wash now. I do not have to explain myself every day."),
    (["where_i_live"], "person", "I can stay in my own home. That is what I wanted most."),
]
STORIES_SHARE = 0.18  # the share of reviews at which someone told a story


def _latent(rng, domain, option, year, person_effect, answerer, rated):
    """The demo's hidden score for one answer: the option's effect, its drift over the years, the person, who answers,
    how far the outcomes were met, and chance."""
    score = 0.2 + OPTION_EFFECTS.get(option, {}).get(domain, 0.0) + OPTION_DRIFT.get(option, 0.0) * year
    effects = ANSWERER_EFFECTS.get(answerer, {})
    score += effects.get(domain, effects.get("*", 0.0)) + person_effect + rated
    return score + rng.gauss(0, 0.8)


def _answer(scale, score) -> str:
    if scale == evaluation.CHANGE:
        return "better" if score > 0.55 else "worse" if score < -0.75 else "same"
    return ("very_satisfied" if score > 1.3 else "satisfied" if score > 0.35 else "neither" if score > -0.45
            else "dissatisfied" if score > -1.2 else "very_dissatisfied")


def _answers(rng, questionnaire, option, year, person_effect, answerer, rated, *, older) -> dict[str, str]:
    answers = {}
    for question in questionnaire.questions:
        score = _latent(rng, question.domain, option, year, person_effect, answerer, rated)  # drawn for every domain
        if question.domain == "work_and_volunteering" and older and rng.random() < 0.8:
            answers[question.domain] = evaluation.NOT_APPLICABLE  # retired
        else:
            answers[question.domain] = _answer(questionnaire.scale, score)
    return questionnaire.check(answers)  # valid by the questionnaire's own rules, as the form's would be


def _evaluations(rng, clock, today) -> None:
    """At every review the demo held: the person's evaluation answers (who answered varied as the Essex study found),
    each family carer's most times, and the worker's, on the council's scale (settings.EVALUATION_SCALE), differing
    by delivery option and drifting over the years; a few stories with the teller's choices about who may read them;
    and a few people's consent to the staff who helped hearing how things went withdrawn since (given at their
    assessment: _outcomes_consent). Its own random numbers, so adding it moves nothing else of the demo.

    Lazy: the answers and stories are written with bulk_create, not an action (there is no single action for a
    review's evaluations to replay, and a few thousand rows one at a time would slow the demo the tests build often);
    so they have no history rows of their own, and each is dated as its review was recorded."""
    scale = settings.EVALUATION_SCALE
    questionnaires = {who: evaluation.current(who, scale) for who in evaluation.RESPONDENTS}
    reviews = list(Review.objects.select_related("case__person", "reviewed_by").order_by("held_on", "pk"))
    options = dict(ChoiceRecord.objects.filter(decision=ChoiceRecord.Decision.CHOSEN).order_by("pk")
                   .values_list("case_id", "option"))  # the latest choice for each case
    carers = {}
    for carer in Carer.objects.order_by("pk"):
        carers.setdefault(carer.person_id, []).append(carer)
    ratings = {}
    for review_id, outcome_id, rating in OutcomeRating.objects.order_by("pk").values_list("review_id", "outcome_id",
                                                                                          "rating"):
        ratings.setdefault(review_id, []).append((outcome_id, rating))
    first_held, person_effects = {}, {}
    evaluations, stories, story_outcomes = [], [], []
    for index, review in enumerate(reviews):
        person = review.case.person
        first = first_held.setdefault(review.case_id, review.held_on)
        year = (review.held_on - first).days / 365.25
        option = options.get(review.case_id, "council_managed")
        person_effect = person_effects.setdefault(person.pk, rng.gauss(0, 0.5))
        rated = ratings.get(review.pk, [])
        rated_effect = sum(RATING_EFFECTS[r] for _, r in rated) / len(rated) if rated else 0.0
        older = (review.held_on - person.date_of_birth).days >= 65 * 365.25
        theirs = carers.get(person.pk, [])
        weights = dict(ANSWERED_BY_WEIGHTS[bool(theirs)])
        if person.client_group == "learning_disability" or person.dementia == "Yes":
            weights[evaluation.PERSON_ALONE] //= 2  # more often answered with or for them
        answered_by = rng.choices(list(weights), weights=list(weights.values()))[0]
        made = [Evaluation(review=review, case=review.case, respondent=evaluation.PERSON, answered_by=answered_by,
                           questionnaire=questionnaires[evaluation.PERSON].key, scale=scale, held_on=review.held_on,
                           recorded_by=review.reviewed_by,
                           answers=_answers(rng, questionnaires[evaluation.PERSON], option, year, person_effect,
                                            answered_by, rated_effect, older=older))]
        for carer in theirs:
            if rng.random() < 0.8:  # the carer was there, or answered afterwards
                made.append(Evaluation(
                    review=review, case=review.case, respondent=evaluation.FAMILY_CARER, respondent_name=carer.name,
                    answered_by=evaluation.CARER_THEMSELVES, questionnaire=questionnaires[evaluation.FAMILY_CARER].key,
                    scale=scale, held_on=review.held_on, recorded_by=review.reviewed_by,
                    answers=_answers(rng, questionnaires[evaluation.FAMILY_CARER], option, year,
                                     person_effect + rng.gauss(0, 0.3), evaluation.CARER_THEMSELVES, rated_effect,
                                     older=older)))
        made.append(Evaluation(review=review, case=review.case, respondent=evaluation.WORKER,
                               answered_by=evaluation.WORKER_THEMSELVES, questionnaire=questionnaires[evaluation.WORKER].key,
                               scale=scale, held_on=review.held_on, recorded_by=review.reviewed_by,
                               answers=_answers(rng, questionnaires[evaluation.WORKER], option, year, person_effect,
                                                evaluation.WORKER_THEMSELVES, rated_effect, older=older)))
        evaluations += made
        if rng.random() < STORIES_SHARE or len(reviews) - index <= 3 - len(stories):  # a few, however small the demo
            domains, teller, words = rng.choice(DEMO_STORIES)
            if teller == "family_carer" and not theirs:
                teller = "person"
            name = {"person": person.full_name, "family_carer": theirs[0].name if theirs else "",
                    "representative": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} (advocate)"}[teller]
            shared = rng.random() < 0.6
            changed = None
            if rng.random() < 0.15:  # changed their mind about sharing it since
                changed, shared = min(today, review.held_on + datetime.timedelta(days=rng.randint(20, 200))), not shared
            stories.append(Story(review=review, case=review.case, told_by=teller, teller_name=name, words=words,
                                 domains=domains, share_with_helpers=shared, share_for_research=rng.random() < 0.35,
                                 consent_changed_on=changed, held_on=review.held_on, recorded_by=review.reviewed_by))
            story_outcomes.append([outcome_id for outcome_id, _ in rated][:1])
    Evaluation.objects.bulk_create(evaluations, batch_size=500)
    Story.objects.bulk_create(stories)
    Story.outcomes.through.objects.bulk_create(
        [Story.outcomes.through(story_id=story.pk, planoutcome_id=pk)
         for story, outcome_ids in zip(stories, story_outcomes, strict=True) for pk in outcome_ids])
    recorded = Review.objects.filter(pk=OuterRef("review_id")).values("created_at")[:1]
    Evaluation.objects.update(created_at=Subquery(recorded))  # recorded with their review, not when the demo was built
    Story.objects.update(created_at=Subquery(recorded))
    _outcomes_consents_withdrawn(rng, clock, today)


def _outcomes_consent(person, worker, day, clock) -> None:
    """Most people agree, at their assessment, to the staff who helped them hearing how things went after each review
    (people.authority.OUTCOMES_TO_HELPERS), so their reviews are sent to them (outcomes.actions.notify_helpers); some
    never agree. Its own generator, seeded from the person, and at half past five (Clock.end_of_day), so it moves no
    other part of the demo."""
    if random.Random(f"outcomes consent {person.la_person_id}").random() < 0.8:
        with clock.end_of_day(day):
            people_actions.record_consent(
                person, actor=worker, purpose=OUTCOMES_TO_HELPERS, given_on=day, channel="cli",
                note="Agreed at the assessment, after reading what the staff who helped would be told")


def _outcomes_consents_withdrawn(rng, clock, today) -> None:
    """A few people withdraw their consent to the staff who helped hearing how things went, some months later."""
    for consent in Consent.objects.filter(purpose=OUTCOMES_TO_HELPERS).select_related("person", "recorded_by").order_by("pk"):
        if rng.random() < 0.08:
            withdrawn = min(today, consent.given_on + datetime.timedelta(days=rng.randint(60, 500)))
            with clock.end_of_day(withdrawn):
                people_actions.withdraw_consent(consent, actor=consent.recorded_by, withdrawn_on=withdrawn,
                                                channel="cli", note="Would rather the staff who helped were not told "
                                                                    "any more")
