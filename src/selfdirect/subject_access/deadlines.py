"""When a subject access request must be answered. Django-free.

The law: UK GDPR article 12(3). The controller answers "without undue delay and in any event within one month of
receipt of the request"; "that period may be extended by two further months where necessary, taking into account
the complexity and number of the requests", and the controller "shall inform the data subject of any such extension
within one month of receipt of the request, together with the reasons for the delay".

How the month is counted is the Information Commissioner's guidance on the right of access, "What should we consider
when responding to a request?", section "How long do we have to comply?" (ico.org.uk/for-organisations/uk-gdpr-
guidance-and-resources/individual-rights/right-of-access/what-should-we-consider-when-responding-to-a-request/):

- "You should calculate the time limit from the day you receive the request, fee or other requested information
  (whether it is a working day or not) until the corresponding calendar date in the next month." The day of receipt is
  day one (the ICO changed this in August 2019, after a ruling of the Court of Justice): received on 3 September, due
  on 3 October.
- "If this is not possible because the following month is shorter (and there is no corresponding calendar date), the
  date for response is the last day of the following month": received on 31 January, due on 28 February (29 in a leap
  year); received on 30 January, also 28 (or 29) February.
- "If the corresponding date falls on a weekend or a public holiday, you have until the next working day to respond."
- An extension: "You should calculate the extension as three months from the original start date, ie the day you
  receive the request, fee or other requested information", and "you must let the individual know within one month of
  receiving their request and explain why". The same rules for a short month and a weekend or holiday apply to it.

The month starts from the later of the day the request arrived and the day any proof of identity or authority, or any
clarification, that the council had to ask for arrived (the ICO's "or within one month of receipt of ... any
information requested to confirm the requester's identity").

Public holidays are the bank holidays of England and Wales (Care Act 2014 councils are in England), as GOV.UK lists
them (www.gov.uk/bank-holidays): core.dates.bank_holidays, from the kept `holidays` library.
"""

import datetime
from dataclasses import dataclass

from selfdirect.core import dates

ONE_MONTH = 1
EXTENDED_MONTHS = 3  # "three months from the original start date" (the ICO): one month and two further months

# Bank holidays: England and Wales's, from core.dates (the `holidays` library's calendar, as GOV.UK lists them).
bank_holidays = dates.bank_holidays
is_working_day = dates.is_working_day
next_working_day = dates.next_working_day


def corresponding_date(start: datetime.date, months: int) -> datetime.date:
    """The corresponding calendar date some months after `start`, or the last day of that month where it has none
    (31 January and one month: 28 or 29 February)."""
    return dates.add_months(start, months)


def due_date(start: datetime.date, *, months: int = ONE_MONTH) -> datetime.date:
    """The last day to answer a request whose month starts on `start` (the day of receipt counts): the corresponding
    date `months` later, or the last day of that month, moved on to the next working day if it is not one."""
    return next_working_day(corresponding_date(start, months))


@dataclass(frozen=True)
class Deadline:
    """A request's deadline on a given day. `first_due` is the one-month deadline (by which any extension must be told
    to the requester); `due` is the deadline that applies (three months from the start when extended)."""

    starts_on: datetime.date
    first_due: datetime.date
    due: datetime.date
    extended: bool
    today: datetime.date

    @property
    def days_left(self) -> int:
        """Calendar days from today to the deadline: 0 on the day it is due, negative once it has passed."""
        return (self.due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def may_extend(self) -> bool:
        """An extension must be told within the first month, so it can be made only until the one-month deadline."""
        return not self.extended and self.today <= self.first_due

    def words(self) -> str:
        """'12 days left', '1 day left', 'Due today', 'Overdue by 3 days'."""
        days = self.days_left
        if days == 0:
            return "Due today"
        if days < 0:
            return f"Overdue by {-days} day{'' if days == -1 else 's'}"
        return f"{days} day{'' if days == 1 else 's'} left"


def starts_on(received_on: datetime.date, proof_arrived_on: datetime.date | None = None) -> datetime.date:
    """The day the month starts: the day of receipt, or the day the proof or clarification asked for arrived, if
    later."""
    return max(received_on, proof_arrived_on) if proof_arrived_on else received_on


def deadline(start: datetime.date, *, extended: bool, today: datetime.date) -> Deadline:
    first = due_date(start)
    return Deadline(starts_on=start, first_due=first, due=due_date(start, months=EXTENDED_MONTHS) if extended else first,
                    extended=extended, today=today)


class ExtensionRefused(ValueError):
    """An extension the law does not allow; str() says why, `field` the input it is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def check_extension(start: datetime.date, *, told_on: datetime.date, today: datetime.date, reason: str,
                    already_extended: bool) -> None:
    """Article 12(3): once, for complexity or the number of requests (the reason), told to the requester within the
    first month. Raises ExtensionRefused naming the input."""
    first = due_date(start)
    if already_extended:
        raise ExtensionRefused("The deadline has already been extended: the law allows two further months, once")
    if not reason.strip():
        raise ExtensionRefused("Enter why the extension is necessary (the complexity or number of the requests)",
                               field="reason")
    if told_on < start:
        raise ExtensionRefused("The day the requester was told must be on or after the day the month started",
                               field="told_on")
    if told_on > today:
        raise ExtensionRefused("The day the requester was told must be today or in the past", field="told_on")
    if told_on > first:
        raise ExtensionRefused(f"The requester must be told within the first month, by {first.day} "
                               f"{first:%B %Y}: it is too late to extend", field="told_on")
