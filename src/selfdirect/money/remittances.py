"""Remittance advice: for each payee of a paid run, what it was paid, for whom, for which weeks, and why an amount
differs from the usual one. Django-free: money.queries gathers the lines, the pages and `selfdirect money remittances`
show and write them.

Who a payee is:
- a provider holding individual service funds is one payee, however many people it is paid for (its lines are told
  apart by the ledger's isf:<provider> account, not by its name, which may change);
- a person's own direct payment account is its own payee: its instalments and its one-off payments.

A remittance names each person by the council's reference and initials only: the payee knows whom it supports, and the
bank reference on each payment already carries the council's reference (money.actions: SD<run date><reference>).

"Usual" is the plan's four weeks for this payee in the period paid before (this period's when there was none): what
the payee was paid for before anything is taken off. For each instalment the reasons add up: the usual amount, plus
what a changed plan adds, less the contribution and any reduction, is the amount paid. A catch-up and a first payment
change no amount but are said, because they change what arrives; a one-off payment has no usual amount.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from selfdirect.core.cells import safe_row
from selfdirect.core.money import Money

from .schedule import PERIOD_DAYS

PROVIDER, PERSON = "provider", "person"  # a provider's individual service funds; a person's direct payment account
DIRECT_PAYMENT = "direct_payment"
REDUCTION = "recovered"  # the other side of a reduction after a surplus (money.postings.instalment's offset)
ISF_PREFIX = "isf:"
LINE_END = "\r\n"  # as the payment file (money.payment_files) and RFC 4180


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def initials(first_name: str, last_name: str) -> str:
    return " ".join(name.strip()[0].upper() for name in (first_name, last_name) if name and name.strip())


# What the ledger says each line of an instalment paid


def planned_by_payee(postings: dict[str, int]) -> dict[int | None, int]:
    """The plan's four weeks in an instalment's postings, by payee (a provider's id, or None for the person's own direct
    payment account), before anything is taken off: the direct payment posted plus any reduction taken from it, and
    each provider's individual service fund."""
    planned: dict[int | None, int] = {}
    direct = postings.get(DIRECT_PAYMENT, 0) + postings.get(REDUCTION, 0)
    if direct > 0:
        planned[None] = direct
    for key, pence in postings.items():
        if key.startswith(ISF_PREFIX) and pence > 0:
            planned[int(key[len(ISF_PREFIX):])] = pence
    return planned


@dataclass(frozen=True)
class Share:
    """What one payee's line of an instalment was: the plan's four weeks for it, less what was taken off."""

    provider_id: int | None  # None: the person's own direct payment account
    planned_pence: int
    contribution_pence: int = 0
    reduction_pence: int = 0

    @property
    def paid_pence(self) -> int:
        return self.planned_pence - self.contribution_pence - self.reduction_pence


def shares(postings: dict[str, int], *, contribution_deducted_pence: int) -> list[Share]:
    """The instalment's payment lines, in the order the run wrote them (money.actions._pay_instalments_of): the person's
    own account first, when anything was paid into it, then each provider by its id."""
    planned = planned_by_payee(postings)
    found = []
    direct = planned.get(None, 0)
    reduction = postings.get(REDUCTION, 0)
    if direct - contribution_deducted_pence - reduction > 0:
        found.append(Share(None, direct, contribution_deducted_pence, reduction))
    found += [Share(provider, pence) for provider, pence in sorted((k, v) for k, v in planned.items() if k is not None)]
    return found


def whom_each_line_paid(amounts: list[int], found: list[Share]) -> list[Share | None]:
    """Each of an instalment's lines (their amounts, in the order written) matched to its share. A provider's line of
    nothing (a plan item costing £0) has no posting to tell whose it is: it is None, and left out of every remittance,
    which it changes by nothing."""
    matched: list[Share | None] = []
    waiting = list(found)
    for amount in amounts:
        if waiting and waiting[0].paid_pence == amount:
            matched.append(waiting.pop(0))
        elif amount == 0:
            matched.append(None)
        else:
            raise ValueError(f"a payment line of {Money(amount).format()} matches nothing the ledger posted for it")
    return matched


# One line of a remittance


@dataclass(frozen=True)
class Reason:
    text: str
    change_pence: int = 0  # what it adds to the usual amount (negative: takes off); 0 when it changes no amount


@dataclass(frozen=True)
class PaidLine:
    """One payment line of a paid run, with what the ledger and its instalment or one-off payment say about it
    (money.queries.remittance_lines)."""

    line_id: int
    payee: str
    sort_code: str
    account_number: str
    amount_pence: int
    reference: str
    person_id: int
    person_reference: str
    person_initials: str
    provider_id: int | None = None  # None: paid into the person's own direct payment account
    one_off: str | None = None  # a one-off payment's description; None for an instalment
    period_starts_on: datetime.date | None = None
    late: bool = False
    planned_pence: int = 0  # the plan's four weeks for this payee, before anything is taken off
    contribution_pence: int = 0
    reduction_pence: int = 0
    before_pence: int | None = None  # planned_pence in the period paid before; None when nothing was

    @property
    def payee_key(self) -> tuple[str, int]:
        return (PROVIDER, self.provider_id) if self.provider_id is not None else (PERSON, self.person_id)

    @property
    def period_ends_on(self) -> datetime.date | None:
        return self.period_starts_on + datetime.timedelta(days=PERIOD_DAYS - 1) if self.period_starts_on else None

    @property
    def period(self) -> str:
        if self.one_off is not None:
            return "One-off payment"
        return f"4 weeks, {long_date(self.period_starts_on)} to {long_date(self.period_ends_on)}"

    @property
    def what_for(self) -> str:
        return f"One-off payment: {self.one_off}" if self.one_off is not None else self.period

    @property
    def person(self) -> str:
        """The person it is for, as the remittance names them: the council's reference and initials."""
        return f"{self.person_reference} ({self.person_initials})" if self.person_initials else self.person_reference

    @property
    def account_ends(self) -> str:
        return self.account_number[-4:]

    @property
    def usual_pence(self) -> int | None:
        if self.one_off is not None:
            return None
        return self.before_pence if self.before_pence is not None else self.planned_pence

    @property
    def reasons(self) -> list[Reason]:
        return reasons(self)

    @property
    def why(self) -> str:
        return " ".join(reason.text for reason in self.reasons)


def reasons(line: PaidLine) -> list[Reason]:
    """Why the line's amount (or what arrives) differs from the usual, in plain English, each with what it adds or takes
    off. None: the usual amount, for the usual four weeks."""
    if line.one_off is not None:
        return [Reason(f"A one-off payment, agreed by the council: {line.one_off}.", line.amount_pence)]
    found = []
    if line.late:
        found.append(Reason(f"Catching up: the four weeks from {long_date(line.period_starts_on)} were missed by an "
                            "earlier payment run, so they are paid now."))
    if line.before_pence is None:
        found.append(Reason("The first payment to you for this person's support: there is no earlier payment to compare "
                            "it with." if line.provider_id is not None else
                            "The first payment into this direct payment account: there is no earlier payment to compare "
                            "it with."))
    elif line.before_pence != line.planned_pence:
        way = "up" if line.planned_pence > line.before_pence else "down"
        found.append(Reason(f"The support plan changed: four weeks of it cost {Money(line.planned_pence).format()} now, "
                            f"{way} from {Money(line.before_pence).format()}.", line.planned_pence - line.before_pence))
    if line.contribution_pence:
        found.append(Reason(f"{Money(line.contribution_pence).format()} less: the person's own contribution towards "
                            "their care, which they pay into the account themselves.", -line.contribution_pence))
    if line.reduction_pence:
        found.append(Reason(f"{Money(line.reduction_pence).format()} less: a reduction agreed after a check of the "
                            "account found more money in it than the support needed (a surplus).",
                            -line.reduction_pence))
    return found


# A payee's remittance


@dataclass
class Remittance:
    kind: str  # PROVIDER or PERSON
    pk: int  # the provider's id, or the person's
    payee: str  # as the payment file names it
    lines: list[PaidLine] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.pk)

    @property
    def total_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)

    @property
    def accounts(self) -> str:
        """The bank accounts paid into, by their last four digits."""
        return ", ".join(dict.fromkeys(line.account_ends for line in self.lines if line.account_ends))

    @property
    def kind_label(self) -> str:
        return "Provider (individual service funds)" if self.kind == PROVIDER else "Direct payment account"

    @property
    def people(self) -> list[int]:
        return list(dict.fromkeys(line.person_id for line in self.lines))

    @property
    def file_stem(self) -> str:
        return f"remittance-{self.kind}-{self.pk}"


def group(lines: list[PaidLine]) -> list[Remittance]:
    """The run's lines by payee, payees in order of name, each one's lines by person, then period (one-off payments
    last), then as paid."""
    found: dict[tuple[str, int], Remittance] = {}
    for line in sorted(lines, key=lambda x: x.line_id):
        kind, pk = line.payee_key
        found.setdefault((kind, pk), Remittance(kind, pk, line.payee)).lines.append(line)
    for remittance in found.values():
        remittance.lines.sort(key=lambda x: (x.person_reference, x.one_off is not None,
                                             x.period_starts_on or datetime.date.max, x.line_id))
    return sorted(found.values(), key=lambda r: (r.payee.casefold(), r.kind, r.pk))


# The CSV file: meant for people (a payee's finance team, a spreadsheet), so every cell goes through core.cells


COLUMNS = ("Payment run", "Payee", "Paid into account ending", "Payment reference", "Person", "Initials", "What for",
           "Period from", "Period to", "Usual amount", "Amount paid", "Why it differs")


def csv_rows(run_reference: str, remittances: list[Remittance]):
    for remittance in remittances:
        for line in remittance.lines:
            usual = line.usual_pence
            yield (run_reference, remittance.payee, line.account_ends, line.reference, line.person_reference,
                   line.person_initials, line.what_for,
                   line.period_starts_on.isoformat() if line.period_starts_on else "",
                   line.period_ends_on.isoformat() if line.period_ends_on else "",
                   Money(usual).pounds_text() if usual is not None else "", Money(line.amount_pence).pounds_text(),
                   line.why)


def remittance_csv(run_reference: str, remittances: list[Remittance]) -> str:
    """One or more payees' remittances as one CSV file (the csv module; lines ending CR LF), one row a payment."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow(COLUMNS)
    writer.writerows(safe_row(row) for row in csv_rows(run_reference, remittances))
    return out.getvalue()
