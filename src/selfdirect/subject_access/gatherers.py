"""Everything held about a person, gathered for a subject access request: one gatherer function a kind of record,
kept in a registry, in the order the release lists them. Reads only (subject_access.actions.gather writes what they
find, in one transaction).

Each gatherer takes the person and yields `Found` items: a key naming the record it came from (stable, so the same
record gathered again has the same key), a title, its fields as (label, text) and any file it brings (a receipt, by
its stored name). A new kind of record is one more function:

    @gatherer("consents", "Consents")
    def consents(person):
        for consent in person.consents.all():
            yield Found(f"consent:{consent.pk}", f"Consent to {consent.purpose}", model_fields(consent))

`model_fields` writes out every field a record has, so a field added to a model later is gathered without a change
here."""

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.allocation.models import IndicativeBudget
from selfdirect.assessment.models import Assessment, SelfAssessment
from selfdirect.audit.models import AuditEvent
from selfdirect.charging.models import AssessmentRequest, FinancialAssessment
from selfdirect.core.money import Money
from selfdirect.core.roles import Role
from selfdirect.journey.models import Case
from selfdirect.money.models import (
    JournalEntry,
    LedgerAccount,
    OneOffPayment,
    PaymentLine,
    Posting,
    Recovery,
    SpendingRecord,
    StatementLine,
    Suspension,
)
from selfdirect.outcomes.models import Review
from selfdirect.people import codes
from selfdirect.people.models import Person
from selfdirect.planning.models import ChoiceConfirmation, ChoiceRecord, DirectPaymentSetup, SupportPlan


@dataclass(frozen=True)
class Found:
    key: str
    title: str
    fields: list[tuple[str, str]]
    file_path: str = ""
    file_name: str = ""


@dataclass(frozen=True)
class Gatherer:
    kind: str
    label: str
    find: Callable[[Person], Iterable[Found]]


GATHERERS: list[Gatherer] = []


def gatherer(kind: str, label: str):
    """Register a gatherer for one kind of record (in the order registered)."""
    def register(find):
        if any(g.kind == kind for g in GATHERERS):
            raise ValueError(f"A gatherer for {kind!r} is registered already")
        GATHERERS.append(Gatherer(kind, label, find))
        return find
    return register


def gather_all(person) -> list[tuple[Gatherer, Found]]:
    """Every item every gatherer finds for the person, in the registry's order."""
    return [(g, found) for g in GATHERERS for found in g.find(person)]


# ---- writing values out -----------------------------------------------------------------------------------------------

def day(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def moment(value) -> str:
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{value.day} {value:%B %Y} at {value:%H:%M}"


def money(pence) -> str:
    return Money(int(pence)).format() if pence is not None else ""


def who(user) -> str:
    """A member of staff or other sign-in, by name and role."""
    if user is None:
        return "the system"
    role = Role(user.role).label if user.role else ""
    return f"{user.display_name} ({role})" if role else user.display_name


def yes(value) -> str:
    return "Yes" if value else "No"


def as_text(value) -> str:
    """A stored JSON value written out as lines a person can read."""
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, dict):
        return "\n".join(f"{key.replace('_', ' ').capitalize()}: {as_text(item)}" for key, item in value.items()
                         if item not in (None, "", [], {}))
    if isinstance(value, list):
        return "\n".join(as_text(item) for item in value)
    if isinstance(value, bool):
        return yes(value)
    return str(value)


def html_text(markup: str) -> str:
    """The words of an HTML fragment (a letter), one line a paragraph, heading or table row."""
    text = re.sub(r"(?i)<br\s*/?>|</(p|h\d|li|tr|caption)>", "\n", markup)
    text = re.sub(r"(?i)</t[dh]>", "  ", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _label(field) -> str:
    text = str(field.verbose_name)
    if field.name.endswith("_pence"):
        text = text.removesuffix(" pence").replace(" (pence)", "")
    return text[:1].upper() + text[1:]


def value_of(record, field) -> str:
    value = getattr(record, field.attname)
    if value in (None, ""):
        return ""
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    if isinstance(field, models.ForeignKey):
        related = getattr(record, field.name)
        return who(related) if isinstance(related, User) else str(related)
    if isinstance(field, models.DateTimeField):
        return moment(value)
    if isinstance(field, models.DateField):
        return day(value)
    if isinstance(field, models.BooleanField):
        return yes(value)
    if isinstance(field, models.JSONField):
        return as_text(value)
    if field.name.endswith("_pence"):
        return money(value)
    if isinstance(field, models.FileField):
        return "A file (given with this item)"
    return str(value)


def model_fields(record, *, leave_out=()) -> list[tuple[str, str]]:
    """Every field of a record that holds something, labelled as the model names it (the id and links back to the
    person or case left out: the item says whose it is)."""
    skipped = {"id", "person", "case", *leave_out}
    fields = []
    for field in record._meta.concrete_fields:
        if field.name in skipped:
            continue
        text = value_of(record, field)
        if text:
            fields.append((_label(field), text))
    return fields


def _history(record) -> list[tuple[str, str]]:
    """Each version of a record kept by django-simple-history: when, by whom and what changed."""
    lines, previous = [], None
    for version in record.history.order_by("history_date", "history_id").select_related("history_user"):
        when = f"{moment(version.history_date)}, by {who(version.history_user)}"
        if previous is None or version.history_type == "+":
            what = "Recorded"
        elif version.history_type == "-":
            what = "Removed"
        else:
            changes = version.diff_against(previous).changes
            what = "; ".join(f"{_label(record._meta.get_field(c.field))}: from {c.old!s} to {c.new!s}"
                             for c in changes) or "Saved with no change"
        lines.append((when, what))
        previous = version
    return lines


# ---- the kinds of record, in the order the release lists them --------------------------------------------------------

@gatherer("person", "Your record")
def person_record(person):
    fields = model_fields(person, leave_out={"user", "team"})
    labels = {"ethnicity": "ethnicity", "client_group": "client_group"}
    shown = dict(fields)
    for name, list_name in labels.items():
        label = _label(person._meta.get_field(name))
        if label in shown:
            shown[label] = codes.label(list_name, getattr(person, name))
    shown["Team"] = person.team.name
    return [Found("person", f"The record of {person.full_name}", list(shown.items()))]


@gatherer("person-history", "Changes to your record")
def person_history(person):
    return [Found("person-history", "Every change to your record", _history(person))]


@gatherer("carers", "Unpaid carers")
def carers(person):
    for carer in person.carers.select_related("user").order_by("pk"):
        fields = model_fields(carer, leave_out={"user"}) + [("Has a sign-in", yes(carer.user_id))]
        yield Found(f"carer:{carer.pk}", f"Unpaid carer: {carer.name}", fields + _history(carer))


@gatherer("representatives", "People who may act for you")
def representatives(person):
    for rep in person.representatives.order_by("pk"):
        fields = model_fields(rep, leave_out={"user"}) + [("Has a sign-in", yes(rep.user_id))]
        yield Found(f"representative:{rep.pk}", f"Someone who may act for you: {rep.name}", fields + _history(rep))


@gatherer("consents", "Your consents")
def consents(person):
    for consent in person.consents.select_related("information").order_by("given_on", "pk"):
        state = f"withdrawn on {day(consent.withdrawn_on)}" if consent.withdrawn_on else "given"
        yield Found(f"consent:{consent.pk}", f"Consent to {consent.get_purpose_display().lower()} ({state})",
                    model_fields(consent))


def _cases(person):
    return Case.objects.filter(person=person).select_related("worker").order_by("opened_at", "pk")


@gatherer("cases", "Your case and its steps")
def cases(person):
    for case in _cases(person):
        fields = [("Step now", case.state_label), *model_fields(case, leave_out={"state"})]
        for event in case.events.select_related("actor").order_by("at", "pk"):
            reason = f". Reason: {event.reason}" if event.reason else ""
            moved = f"{event.from_label} to {event.to_label}" if event.from_label else event.to_label
            fields.append((f"Step, {moment(event.at)}", f"{moved}, by {who(event.actor)}{reason}"))
        yield Found(f"case:{case.pk}", f"Case referred on {day(case.referred_on)}", fields)


@gatherer("assessments", "Assessments of your needs")
def assessments(person):
    for a in Assessment.objects.filter(case__person=person).select_related("assessed_by").order_by("completed_at", "pk"):
        yield Found(f"assessment:{a.pk}", f"Assessment of {day(timezone.localtime(a.completed_at).date())}",
                    model_fields(a))


@gatherer("self-assessments", "Self-assessments")
def self_assessments(person):
    for s in (SelfAssessment.objects.filter(case__person=person).select_related("completed_by")
              .order_by("created_at", "pk")):
        yield Found(f"self-assessment:{s.pk}",
                    f"Self-assessment of {day(timezone.localtime(s.created_at).date())} ({s.get_kind_display().lower()})",
                    model_fields(s))


@gatherer("indicative-budgets", "Indicative budgets")
def indicative_budgets(person):
    for b in (IndicativeBudget.objects.filter(case__person=person).select_related("table", "created_by")
              .order_by("created_at", "pk")):
        yield Found(f"indicative-budget:{b.pk}",
                    f"Indicative budget of {day(timezone.localtime(b.created_at).date())}: {money(b.weekly_pence)} a week",
                    model_fields(b, leave_out={"self_assessment"}))


@gatherer("plans", "Support plans (every version)")
def plans(person):
    found = (SupportPlan.objects.filter(case__person=person).select_related("created_by", "approved_by")
             .prefetch_related("outcomes", "items__organisation", "risks", "decisions__actor", "proposals__proposed_by")
             .order_by("case__opened_at", "version"))
    for plan in found:
        fields = model_fields(plan)
        for n, outcome in enumerate(plan.outcomes.all(), start=1):
            fields.append((f"Outcome {n}", f"{outcome.in_own_words}" + (f"\nHow it is met: {outcome.how_met}"
                                                                       if outcome.how_met else "")))
        for n, item in enumerate(plan.items.all(), start=1):
            fields.append((f"Support {n}", "\n".join(f"{label}: {text}" for label, text in
                                                      model_fields(item, leave_out={"plan", "position"}))))
        for n, risk in enumerate(plan.risks.all(), start=1):
            fields.append((f"Risk {n}", f"{risk.risk}\nHow it is managed: {risk.how_managed}"))
        for decision in plan.decisions.all():
            comment = f": {decision.comment}" if decision.comment else ""
            fields.append((f"Decision, {moment(decision.at)}",
                           f"{decision.get_kind_display()} by {who(decision.actor)}{comment}"))
        for proposal in plan.proposals.all():
            fields.append((f"Suggestion, {moment(proposal.proposed_at)}",
                           f"{proposal.summary} (by {who(proposal.proposed_by)}; {proposal.get_status_display().lower()})"
                           + (f". Response: {proposal.response}" if proposal.response else "")))
        yield Found(f"plan:{plan.pk}", f"Support plan, version {plan.version} ({plan.get_status_display().lower()})",
                    fields)


@gatherer("choices", "How your money is managed: choices offered")
def choices(person):
    for case in _cases(person):
        fields = []
        for record in ChoiceRecord.objects.filter(case=case).select_related("recorded_by").order_by("recorded_at", "pk"):
            fields.append((f"Option recorded, {moment(record.recorded_at)}",
                           "\n".join(f"{label}: {text}" for label, text in model_fields(record))))
        for confirmed in (ChoiceConfirmation.objects.filter(case=case).select_related("confirmed_by")
                          .order_by("confirmed_at", "pk")):
            fields.append((f"Confirmed, {moment(confirmed.confirmed_at)}",
                           "\n".join(f"{label}: {text}" for label, text in model_fields(confirmed))))
        setup = DirectPaymentSetup.objects.filter(case=case).select_related("updated_by").first()
        if setup is not None:
            fields.append(("Direct payment set-up", "\n".join(f"{label}: {text}" for label, text in model_fields(setup))))
        if fields:
            yield Found(f"choices:{case.pk}", f"Choices offered in the case referred on {day(case.referred_on)}",
                        fields)


@gatherer("reviews", "Reviews")
def reviews(person):
    for review in (Review.objects.filter(case__person=person).select_related("reviewed_by", "plan")
                   .prefetch_related("ratings__outcome").order_by("held_on", "pk")):
        fields = model_fields(review)
        fields += [(f"Outcome: {rating.outcome.in_own_words}", rating.get_rating_display())
                   for rating in review.ratings.all()]
        yield Found(f"review:{review.pk}", f"Review held on {day(review.held_on)}", fields)


@gatherer("financial-assessments", "Financial assessments and letters")
def financial_assessments(person):
    for a in FinancialAssessment.objects.filter(person=person).select_related("created_by").order_by("created_at", "pk"):
        fields = model_fields(a, leave_out={"input", "result"})
        fields += [(line.get("label", ""), f"{money(line.get('pence'))} a week ({line.get('rule', '')})")
                   for line in (a.result or {}).get("lines", [])]
        fields.append(("What you told us", as_text(a.input)))
        fields.append(("The letter", html_text(render_to_string("charging/_letter_body.html",
                                                                {"person": person, "a": a}))))
        yield Found(f"financial-assessment:{a.pk}", f"Financial assessment from {day(a.effective_date)}",
                    [(label, text) for label, text in fields if text])


@gatherer("financial-assessment-requests", "Requests for a financial assessment")
def financial_assessment_requests(person):
    for r in (AssessmentRequest.objects.filter(person=person)
              .select_related("requested_by", "started_by", "cancelled_by").order_by("requested_at", "pk")):
        yield Found(f"financial-assessment-request:{r.pk}",
                    f"Request for a financial assessment, {day(timezone.localtime(r.requested_at).date())}",
                    model_fields(r, leave_out={"assessment"}))


@gatherer("accounts", "Your budget's accounts, month by month")
def accounts(person):
    for account in LedgerAccount.objects.filter(case__person=person).order_by("case__opened_at", "pk"):
        months = (Posting.objects.filter(account=account).annotate(month=TruncMonth("entry__on"))
                  .values("month").annotate(n=models.Count("pk"),
                                            paid_in=models.Sum("amount_pence", filter=models.Q(amount_pence__gt=0)),
                                            paid_out=models.Sum("amount_pence", filter=models.Q(amount_pence__lt=0)))
                  .order_by("month"))
        fields = [("Account", account.label), ("Reference", account.reference or ""),
                  ("Balance when gathered", money(account.balance_pence))]
        for row in months:
            fields.append((f"{row['month']:%B %Y}", f"In {money(row['paid_in'] or 0)}; out "
                                                    f"{money(-(row['paid_out'] or 0))}; {row['n']} entries"))
        yield Found(f"account:{account.pk}", f"Account: {account.label}", [(k, v) for k, v in fields if v])


@gatherer("payments", "Payments")
def payments(person):
    for case in _cases(person):
        fields = []
        for line in PaymentLine.objects.filter(entry__case=case).select_related("run").order_by("run__run_date", "pk"):
            fields.append((f"Paid, {day(line.run.run_date)}",
                           f"{money(line.amount_pence)} to {line.payee}, reference {line.reference}"))
        for entry in JournalEntry.objects.filter(case=case).order_by("on", "pk"):
            fields.append((f"{entry.get_kind_display()}, {day(entry.on)}", entry.description))
        for one_off in OneOffPayment.objects.filter(case=case).select_related("requested_by", "approved_by"):
            fields.append(("One-off payment", "\n".join(f"{label}: {text}" for label, text in
                                                         model_fields(one_off, leave_out={"entry"}))))
        for suspension in Suspension.objects.filter(case=case).select_related("created_by"):
            fields.append(("Payments suspended", "\n".join(f"{label}: {text}" for label, text in
                                                           model_fields(suspension))))
        if fields:
            yield Found(f"payments:{case.pk}", f"Payments in the case referred on {day(case.referred_on)}", fields)


@gatherer("spending", "Spending you recorded, with receipts")
def spending(person):
    for record in SpendingRecord.objects.filter(case__person=person).select_related("entered_by", "item"):
        name, extension = "", ""
        if record.receipt:
            extension = "." + record.receipt.name.rsplit(".", 1)[-1] if "." in record.receipt.name else ".bin"
            name = f"receipt-{record.pk}{extension}"
        fields = model_fields(record, leave_out={"receipt", "receipt_type", "item"})
        if record.item_id:
            fields.append(("For the support", record.item.description))
        yield Found(f"spending:{record.pk}", f"Spending of {money(record.amount_pence)} on {day(record.spent_on)}",
                    fields, file_path=record.receipt.name if record.receipt else "", file_name=name)


@gatherer("statements", "Bank statement lines")
def statements(person):
    for account in LedgerAccount.objects.filter(case__person=person, statement_lines__isnull=False).distinct():
        lines = StatementLine.objects.filter(account=account).order_by("posted_on", "pk")
        fields = [(day(line.posted_on), f"{line.description}: {money(line.amount_pence)}"
                   + (f" (matched {line.matched_how})" if line.matched_how else "")) for line in lines]
        yield Found(f"statement:{account.pk}", f"Statement lines of {account.label}", fields)


@gatherer("recoveries", "Surplus and its recovery")
def recoveries(person):
    for recovery in Recovery.objects.filter(case__person=person).select_related("created_by").order_by("found_on", "pk"):
        yield Found(f"recovery:{recovery.pk}", f"Surplus found on {day(recovery.found_on)}", model_fields(recovery))


@gatherer("audit", "Who has seen or changed your record")
def audit_trail(person):
    by_year = defaultdict(list)
    for event in (AuditEvent.objects.filter(person=person).select_related("actor").order_by("at", "id")
                  .iterator(chunk_size=2000)):
        at = timezone.localtime(event.at)
        by_year[at.year].append((moment(event.at), f"{who(event.actor)}: {event.get_action_display().lower()}: "
                                                    f"{event.what}"))
    for year in sorted(by_year):
        yield Found(f"audit:{year}", f"Who saw or changed your record in {year}", by_year[year])

