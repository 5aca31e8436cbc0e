"""The retention schedule's rules: how long each kind of record is kept, from when, and so the day a person's records
are past it. Django-free: retention.queries gathers the dates, retention.actions acts on the answer.

The council sets the periods (retention.actions.set_schedule, each change a new version of the schedule); the
defaults below are what Selfdirect ships, each with the source it rests on, and where we could not confirm a figure,
the comment says so plainly. A period of N years from a day ends on the N-th anniversary of that day; the records are
past it from the day after (`due_after`).

A person is due for erasure on the first day on which every kind of their records is past its period, and never
while something keeps them: an open case, an open subject access request, money still held or owed, or a legal hold
(`decide`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

CARE_RECORD = "care_record"
FINANCIAL = "financial"
RECEIPTS = "receipts"
SUBJECT_ACCESS = "subject_access"
RESEARCH = "research_releases"
AUDIT = "audit_events"

MIN_YEARS, MAX_YEARS = 1, 100


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    covers: str  # the records of this kind
    runs_from: str  # the day its period runs from, in words
    default_years: int
    source: str  # what the default rests on
    confirmed: bool  # whether we read the figure in its source ourselves


KINDS: dict[str, Kind] = {k.key: k for k in [
    # UNCONFIRMED FIGURE. The Records Management Code of Practice for Health and Social Care 2021 (NHSX, August 2021)
    # applies to the adult social care functions of local authorities and sets minimum periods in its Appendix II. We
    # could not read its row for adult social care records in the sources we had. Eight years after the end of care or
    # the last contact is the period councils' published schedules give for adult social care case records, citing the
    # Code's 2016 edition (Blackpool Council, adult services directorate retention schedule: "Case management records
    # ... 8 years after end of care or client last seen"); some keep less (Derbyshire County Council's adult social
    # care schedule, version 8.00 of April 2024, AC 03.01: CASE+6, the closure point being the latest contact). A
    # council should confirm the figure against the Code's Appendix II before relying on it.
    Kind(CARE_RECORD, "The person's social care record",
         "the person's details, carers, who acts for them and their consents, the case and its steps, assessments, "
         "support plans, choices and reviews",
         "the later of the last case's closure and the last contact (the latest referral, step, assessment, plan or "
         "review)",
         8,
         "Records Management Code of Practice for Health and Social Care 2021 (NHSX), Appendix II, as councils apply "
         "it to adult social care case records: 8 years after the end of care or the last contact (for example "
         "Blackpool Council's adult services retention schedule). We could not read the Code's own row for this "
         "figure: confirm it against the Code.",
         False),
    # CONFIRMED: six years. The Limitation Act 1980 gives six years to bring an action on a simple contract (section
    # 5) and to recover a sum recoverable by statute (section 9), which is what a direct payment's recovery is; HMRC's
    # record keeping rule for companies is six years from the end of the last financial year the records relate to
    # (gov.uk, "Running a limited company: company and accounting records"); councils' schedules keep financial
    # records "6+" (Derbyshire County Council, AC 01.04, citing the Limitation Act 1980). A council's financial year
    # ends on 31 March.
    Kind(FINANCIAL, "Financial records",
         "the ledger's descriptions and payees, payment file lines, bank statement lines, financial assessments, "
         "one-off payments, suspensions and recoveries",
         "the end of the financial year (31 March) of the latest of them",
         6,
         "Limitation Act 1980, sections 5 and 9 (six years); HMRC's record keeping rule of six years from the end of "
         "the financial year the records relate to.",
         True),
    # CONFIRMED, as financial records: a receipt is the voucher behind a spending record, kept with the accounts.
    Kind(RECEIPTS, "Receipts",
         "receipts uploaded for spending (the files) and the spending records they belong to",
         "the end of the financial year (31 March) of the latest spending recorded with a receipt",
         6,
         "As financial records: Limitation Act 1980, sections 5 and 9; HMRC's six years from the end of the "
         "financial year.",
         True),
    # UNCONFIRMED FIGURE: no statutory period. UK GDPR article 15 sets none, and we found no period in ICO guidance
    # in the sources we had. Public bodies publish two to three years after the last action (the Gambling Commission:
    # 3 years from the date of the last action; the University of Glasgow: 2 years after the last action).
    Kind(SUBJECT_ACCESS, "Subject access requests",
         "requests the person made, what was gathered for them, the redactions and the record of the release",
         "the day the latest request was released or refused",
         3,
         "No statutory period. Three years after the last action, as public bodies publish (for example the Gambling "
         "Commission's handling of subject access requests). We found no figure in ICO guidance.",
         False),
    # UNCONFIRMED FIGURE: our choice. Releases hold no one's name (k-anonymous, under identifiers of their own); what
    # links a release to people (research.ReleasedRow) is removed with the release. The council's research governance
    # and the project's approval should set this.
    Kind(RESEARCH, "Research releases",
         "a research project's releases and the table linking each release's identifiers to people",
         "the day the project ends",
         5,
         "No source found: our suggestion. Set it as the council's research governance and each project's approval "
         "say.",
         False),
    # UNCONFIRMED FIGURE: our choice. We found no published period for an application's audit trail of who opened
    # which record. Eight years keeps it as long as the care record's own period, so who saw a record can be answered
    # (for a subject access request, or a complaint) for as long as the record is normally kept. Events are removed
    # only through audit.actions.purge, oldest first, leaving a checkpoint.
    Kind(AUDIT, "Audit events",
         "the audit trail: who read or changed what, when and from where",
         "the day of the event",
         8,
         "No source found: our suggestion, matching the care record's period. The council's information governance "
         "should set it.",
         False),
]}

# The kinds whose dates a person's own records give (the others are applied to the trail and to releases as a whole).
PERSON_KINDS = (CARE_RECORD, FINANCIAL, RECEIPTS, SUBJECT_ACCESS)


def defaults() -> dict[str, int]:
    return {key: kind.default_years for key, kind in KINDS.items()}


def check_periods(periods: dict[str, object]) -> dict[str, str]:
    """What is wrong with a schedule's periods, by kind: every kind given, each a whole number of years."""
    problems = {}
    for key, kind in KINDS.items():
        years = periods.get(key)
        if isinstance(years, bool) or not isinstance(years, int):
            problems[key] = f"Enter how many years {kind.label.lower()} are kept, as a whole number"
        elif not MIN_YEARS <= years <= MAX_YEARS:
            problems[key] = f"{kind.label} must be kept between {MIN_YEARS} and {MAX_YEARS} years"
    for key in periods:
        if key not in KINDS:
            problems[key] = f"There is no kind of record called {key!r}"
    return problems


def financial_year_end(day: datetime.date) -> datetime.date:
    """The last day of the council's financial year (1 April to 31 March) that holds the day."""
    return datetime.date(day.year if day.month <= 3 else day.year + 1, 3, 31)


def period_end(start: datetime.date, years: int) -> datetime.date:
    """The N-th anniversary of the day (29 February: 28 February in a year that has none)."""
    return start + relativedelta(years=years)


def due_after(start: datetime.date, years: int) -> datetime.date:
    """The first day past a period of `years` from `start`: the day after its N-th anniversary."""
    return period_end(start, years) + datetime.timedelta(days=1)


def runs_from(kind: str, day: datetime.date) -> datetime.date:
    """The day a kind's period runs from, given the latest day its records were made or changed."""
    return financial_year_end(day) if kind in (FINANCIAL, RECEIPTS) else day


def audit_cutoff(as_of: datetime.date, years: int) -> datetime.date:
    """Audit events dated before this day are past their period as of `as_of`."""
    return as_of - relativedelta(years=years)


def research_due(project_ends_on: datetime.date, years: int) -> datetime.date:
    return due_after(project_ends_on, years)


@dataclass(frozen=True)
class PersonDates:
    """What decides when a person's records are past the schedule, as retention.queries gathers it."""

    last_contact_on: datetime.date  # the later of the last case's closure and the last contact
    last_financial_on: datetime.date | None = None
    last_receipt_on: datetime.date | None = None
    last_subject_access_on: datetime.date | None = None  # the latest request released or refused
    open_cases: int = 0
    open_subject_access: int = 0
    money: tuple[str, ...] = ()  # why money keeps them: held in an account, a recovery open, a payment waiting
    hold: str = ""  # the reason of an open legal hold
    erased_on: datetime.date | None = None


@dataclass(frozen=True)
class Reason:
    """One kind of the person's records: the day its period runs from and the first day past it."""

    kind: str
    latest_on: datetime.date
    runs_from: datetime.date
    years: int
    due_on: datetime.date

    @property
    def label(self) -> str:
        return KINDS[self.kind].label

    def text(self) -> str:
        start = (f"the financial year ending {_day(self.runs_from)} (latest {_day(self.latest_on)})"
                 if self.runs_from != self.latest_on else _day(self.runs_from))
        return f"{self.label}: kept {self.years} years from {start}, so past it from {_day(self.due_on)}"


@dataclass(frozen=True)
class Decision:
    """When a person's records are past the schedule (`due_on`: every kind past its period), why (`reasons`), and what
    keeps them whatever the dates say (`kept`)."""

    due_on: datetime.date
    reasons: tuple[Reason, ...]
    kept: tuple[str, ...] = field(default=())
    erased_on: datetime.date | None = None

    def is_due(self, as_of: datetime.date) -> bool:
        return self.erased_on is None and not self.kept and self.due_on <= as_of

    def past_period(self, as_of: datetime.date) -> bool:
        return self.due_on <= as_of

    def refusal(self, as_of: datetime.date) -> str:
        """Why the person may not be erased as of the day ("" when they may)."""
        if self.erased_on is not None:
            return f"This person's records were erased on {_day(self.erased_on)}"
        if self.kept:
            return "This person's records are kept: " + "; ".join(self.kept)
        if self.due_on > as_of:
            return f"This person's records are not past the retention schedule until {_day(self.due_on)}"
        return ""


def decide(dates: PersonDates, periods: dict[str, int]) -> Decision:
    latest = {CARE_RECORD: dates.last_contact_on, FINANCIAL: dates.last_financial_on, RECEIPTS: dates.last_receipt_on,
              SUBJECT_ACCESS: dates.last_subject_access_on}
    reasons = []
    for kind in PERSON_KINDS:
        day = latest[kind]
        if day is None:
            continue
        start = runs_from(kind, day)
        reasons.append(Reason(kind, day, start, periods[kind], due_after(start, periods[kind])))
    kept = []
    if dates.open_cases:
        kept.append("an open case")
    if dates.open_subject_access:
        kept.append("an open subject access request")
    kept.extend(dates.money)
    if dates.hold:
        kept.append(f"a legal hold ({dates.hold})")
    return Decision(due_on=max(r.due_on for r in reasons), reasons=tuple(reasons), kept=tuple(kept),
                    erased_on=dates.erased_on)


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
