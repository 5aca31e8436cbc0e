"""Double-entry postings. Django-free.

Every movement of money is a journal entry of two or more postings whose signed amounts (integer pence) sum to zero.
A positive amount increases the account's balance. Accounts per personal budget:

- council_funding: what the council has paid out for the budget (goes negative as it pays).
- contribution: what the person has paid towards it (goes negative as they pay).
- direct_payment: the money in the person's direct payment account.
- isf:<provider id>: money held by that provider as an individual service fund.
- commissioned: the cost of services the council arranges (council-managed).
- spent: what the direct payment account, or an individual service fund, has been spent on (the bank's statements of
  the account, the provider's statements of a fund).
- surplus: money agreed to be surplus and held, pending recovery or reduction.
- recovered: money clawed back to the council.
- written_off: surplus the council decided not to recover.
- debtor: contributions invoiced to the person and not yet paid (goes up when an invoice is raised, down when it is
  paid or credited).
- deferred: what a care home resident owes the council under a deferred payment agreement: the care costs deferred,
  the interest and the administration charges added, less what has been repaid.
- deferred_interest: interest charged on deferred amounts (goes negative as it is charged).
- deferred_charges: administration charges added to a deferred payment agreement (goes negative as they are added).
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = {
    "council_funding": "Council funding",
    "contribution": "The person's contribution",
    "direct_payment": "Direct payment account",
    "isf": "Individual service fund",
    "commissioned": "Council-commissioned services",
    "spent": "Spent from the direct payment account",
    "surplus": "Surplus held",
    "recovered": "Recovered (clawed back)",
    "written_off": "Written off",
    "debtor": "Contributions invoiced, not yet paid",
    "deferred": "Deferred payment owed to the council",
    "deferred_interest": "Interest charged on deferred payments",
    "deferred_charges": "Deferred payment administration charges",
}


class UnbalancedEntry(ValueError):
    pass


@dataclass(frozen=True)
class Posting:
    account: str  # an account key, e.g. "direct_payment" or "isf:12"
    amount_pence: int


def entry(*postings: Posting) -> tuple[Posting, ...]:
    """A journal entry: checked to be balanced, integer pence, and not empty."""
    kept = tuple(p for p in postings if p.amount_pence != 0)
    for p in kept:
        if not isinstance(p.amount_pence, int) or isinstance(p.amount_pence, bool):
            raise UnbalancedEntry(f"{p.account}: amount must be whole pence, not {p.amount_pence!r}")
        if p.account.split(":")[0] not in KINDS:
            raise UnbalancedEntry(f"unknown account {p.account!r}")
    total = sum(p.amount_pence for p in kept)
    if total != 0:
        raise UnbalancedEntry(f"entry does not balance: postings sum to {total}p")
    if not kept:
        raise UnbalancedEntry("an entry needs at least two non-zero postings")
    return kept


def reversal(postings) -> tuple[Posting, ...]:
    """The correcting entry: every posting with its sign turned over."""
    return entry(*(Posting(p.account, -p.amount_pence) for p in postings))


def instalment(*, direct_payment_pence: int, isf_pence: dict[int, int], commissioned_pence: int, contribution_pence: int,
               offset_pence: int = 0) -> tuple[Posting, ...]:
    """One budget's four-weekly instalment.

    contribution_pence: the part of the person's contribution the direct payment is paid net of (netted_pence: under
    the council's "net" policy the person pays it into the account themselves), which the instalment counts as paid.
    The rest of their contribution (all of it for council-arranged services, an individual service fund, a direct
    payment under the "gross" policy, or a care home resident) is invoiced (contribution_invoiced), so it is never
    counted twice. Either way the budget's cost is met by the council and the contribution.
    offset_pence: a reduction agreed after an audit found surplus (the surplus was returned to the account, so the
    council pays that much less this time); it cannot be more than the direct payment.
    """
    if offset_pence > direct_payment_pence:
        raise UnbalancedEntry("a reduction cannot be more than the direct payment it reduces")
    if min([direct_payment_pence, commissioned_pence, contribution_pence, *isf_pence.values()], default=0) < 0:
        raise UnbalancedEntry("instalment amounts cannot be negative")
    total = direct_payment_pence + commissioned_pence + sum(isf_pence.values())
    contribution = min(contribution_pence, total)
    postings = [Posting("direct_payment", direct_payment_pence), Posting("commissioned", commissioned_pence)]
    postings += [Posting(f"isf:{provider}", pence) for provider, pence in sorted(isf_pence.items())]
    postings += [Posting("council_funding", -(total - contribution)), Posting("contribution", -contribution)]
    postings += [Posting("direct_payment", -offset_pence), Posting("recovered", offset_pence)]
    return entry(*_merged(postings))


def _merged(postings):
    totals: dict[str, int] = {}
    for p in postings:
        totals[p.account] = totals.get(p.account, 0) + p.amount_pence
    return [Posting(account, pence) for account, pence in totals.items()]


def netted_pence(*, contribution_pence: int, direct_payment_pence: int, policy: str,
                 invoiced_in_full: bool = False) -> int:
    """What of the person's contribution an instalment's direct payment is paid net of (the person pays it into their
    account themselves): under the council's "net" policy as much of it as the direct payment covers; nothing under
    "gross", nor for a care home resident, whose contribution is invoiced in full. The rest of the contribution is
    invoiced (money.invoices), so an instalment posts only this much to the contribution account."""
    if policy == "gross" or invoiced_in_full:
        return 0
    return min(contribution_pence, direct_payment_pence)


def paid_by_council_to_direct_payment(*, direct_payment_pence: int, contribution_pence: int, policy: str,
                                      offset_pence: int = 0, invoiced_in_full: bool = False) -> int:
    """What the payment file pays into the direct payment account for one instalment: net of the contribution (the
    person pays it in), or gross (the council invoices it); less any agreed reduction."""
    netted = netted_pence(contribution_pence=contribution_pence, direct_payment_pence=direct_payment_pence,
                          policy=policy, invoiced_in_full=invoiced_in_full)
    return max(0, direct_payment_pence - netted - offset_pence)


def spending(amount_pence: int, account: str = "direct_payment") -> tuple[Posting, ...]:
    """Money leaving the direct payment account for support (a bank statement's debit), or, with account
    "isf:<provider id>", spent by the provider from an individual service fund (a line of its statement of the fund)."""
    return entry(Posting(_spent_from(account), -amount_pence), Posting("spent", amount_pence))


def money_in(amount_pence: int, account: str = "direct_payment") -> tuple[Posting, ...]:
    """Money arriving in the account (or, with account "isf:<provider id>", the fund) that is not the council's
    payment, e.g. a refund: treated as unspent."""
    return entry(Posting(_spent_from(account), amount_pence), Posting("spent", -amount_pence))


def _spent_from(account: str) -> str:
    """Only the direct payment account and an individual service fund are spent from."""
    if account != "direct_payment" and not (account.startswith("isf:") and account[4:].isdigit()):
        raise UnbalancedEntry(f"{account!r} is not an account money is spent from")
    return account


def hold_surplus(amount_pence: int) -> tuple[Posting, ...]:
    return entry(Posting("direct_payment", -amount_pence), Posting("surplus", amount_pence))


def recover(amount_pence: int) -> tuple[Posting, ...]:
    """The surplus is paid back to the council."""
    return entry(Posting("surplus", -amount_pence), Posting("recovered", amount_pence))


def write_off(amount_pence: int) -> tuple[Posting, ...]:
    return entry(Posting("surplus", -amount_pence), Posting("written_off", amount_pence))


def release_surplus(amount_pence: int) -> tuple[Posting, ...]:
    """On appeal or after weighing committed spending: the held surplus goes back to the account."""
    return entry(Posting("surplus", -amount_pence), Posting("direct_payment", amount_pence))


# Deferred payment agreements (charging.deferred says how much; money.deferred posts it). What the person owes builds up
# in their "deferred" account; the other side says where it came from, so a statement is read from the postings alone.

def defer_week(care_pence: int, interest_pence: int, account: str = "deferred") -> tuple[Posting, ...]:
    """A week of an agreement: the care costs the council pays the home and the person defers (the council funds them,
    the person owes them), and the interest added to what the person owed at the week's start."""
    return entry(Posting(account, care_pence + interest_pence), Posting("council_funding", -care_pence),
                 Posting("deferred_interest", -interest_pence))


def charge_deferred_costs(amount_pence: int, account: str = "deferred") -> tuple[Posting, ...]:
    """Administration costs added to what is owed (DPA Regulations, reg 10(2))."""
    return entry(Posting(account, amount_pence), Posting("deferred_charges", -amount_pence))


def repay_deferred(amount_pence: int, account: str = "deferred") -> tuple[Posting, ...]:
    """Money repaid to the council (a sale, the estate, or the person) comes off what is owed."""
    return entry(Posting(account, -amount_pence), Posting("council_funding", amount_pence))


DEFERRED_SOURCES = {"council_funding": "care", "deferred_interest": "interest", "deferred_charges": "charge"}


def deferred_movement_kind(other_account: str, amount_pence: int) -> str:
    """What a posting to the deferred account was, from the account on the other side of its entry."""
    if other_account == "council_funding" and amount_pence < 0:
        return "repayment"
    return DEFERRED_SOURCES.get(other_account, "correction")


def contribution_invoiced(amount_pence: int) -> tuple[Posting, ...]:
    """A contribution invoice (or an arrears invoice) raised: the person owes it (debtor up) towards the cost of their
    care (contribution down, as when a contribution is paid with an instalment)."""
    return entry(Posting("debtor", amount_pence), Posting("contribution", -amount_pence))


def contribution_credited(amount_pence: int) -> tuple[Posting, ...]:
    """A refund credit after a reassessment lowered what was due: the invoice turned over by that much."""
    return entry(Posting("debtor", -amount_pence), Posting("contribution", amount_pence))


def contribution_paid(amount_pence: int) -> tuple[Posting, ...]:
    """The person paid a contribution invoice: what they owe goes down, and so does what the council has paid out."""
    return entry(Posting("debtor", -amount_pence), Posting("council_funding", amount_pence))
