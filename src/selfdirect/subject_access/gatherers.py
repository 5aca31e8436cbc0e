"""Everything held about a person, gathered for a subject access request: one gatherer function a kind of record,
kept in a registry, in the order the release lists them. Reads only (subject_access.actions.gather writes what they
find, in one transaction).

Each gatherer takes the person and yields `Found` items: a key naming the record it came from (stable, so the same
record gathered again has the same key), a title, its fields as (label, text) and any file it brings (a receipt, by
its stored name). A new kind of record is one more function:

    @gatherer("consents", "Your consents", heading="The person's consents", sections={"contacts"})
    def consents(person):
        for consent in person.consents.all():
            yield Found(f"consent:{consent.pk}", f"Consent to {consent.purpose}", model_fields(consent))

The label is the archive's, written to the person; the heading the worker's pages', in the third person. `sections`
names the parts of a record (people.access.SECTIONS, as the person page shows them) the kind belongs to: an item is
within a representative's authority only when their authority opens all of them (subject_access.queries.authority_of).
`model_fields` writes out every field a record has, as a person reads it, so a field added to a model later is
gathered without a change here."""

import datetime
import decimal
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
from selfdirect.assessment import eligibility, questionnaire
from selfdirect.assessment.models import Assessment, SelfAssessment
from selfdirect.audit.models import AuditEvent
from selfdirect.charging.contribution import CAPITAL_TYPES, INCOME_TYPES, LIGHT_TOUCH_REASONS
from selfdirect.charging.models import (
    AssessmentRequest,
    DeferredPaymentAgreement,
    FinancialAssessment,
    Reconsideration,
    TopUpAgreement,
)
from selfdirect.core.money import Money
from selfdirect.core.roles import Role
from selfdirect.core.words import quantity_of
from selfdirect.journey.models import Case
from selfdirect.market.models import Review as ServiceReview
from selfdirect.market.models import Suggestion as ServiceSuggestion
from selfdirect.market.reviews import REASON_LABELS as REVIEW_REASONS
from selfdirect.money.models import (
    ContributionArrearsCheck,
    ContributionCollection,
    ContributionDebtRecovery,
    ContributionInvoice,
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
from selfdirect.outcomes import evaluation, helped
from selfdirect.outcomes.audio import KINDS as AUDIO_KINDS
from selfdirect.outcomes.models import Evaluation, HelperNotice, Review, ReviewRequest, Story
from selfdirect.people import codes
from selfdirect.people.checks import format_nhs_number
from selfdirect.people.models import Person
from selfdirect.planning.costing import ITEM_PERIODS
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
    label: str  # the archive's, written to the person ("Your record")
    heading: str  # the worker's pages', in the third person ("The person's record")
    sections: frozenset[str]  # the parts of a record it belongs to (people.access.SECTIONS' names)
    find: Callable[[Person], Iterable[Found]]


GATHERERS: list[Gatherer] = []
# Every part of a record but the audit trail's own (which no authority opens): the audit trail of a person's record
# tells of reads and changes of every part, so only an authority over all of them covers it.
EVERY_SECTION = frozenset({"identity", "contacts", "care", "plan", "budget", "journey", "charging"})


def gatherer(kind: str, label: str, *, sections, heading: str = ""):
    """Register a gatherer for one kind of record (in the order registered)."""
    def register(find):
        if any(g.kind == kind for g in GATHERERS):
            raise ValueError(f"A gatherer for {kind!r} is registered already")
        GATHERERS.append(Gatherer(kind, label, heading or label, frozenset(sections), find))
        return find
    return register


def registered(kind: str) -> Gatherer | None:
    """The gatherer of a kind of item (None for a kind no longer gathered)."""
    return next((g for g in GATHERERS if g.kind == kind), None)


def gather_all(person) -> list[tuple[Gatherer, Found]]:
    """Every item every gatherer finds for the person, in the registry's order."""
    return [(g, found) for g in GATHERERS for found in g.find(person)]


# ---- writing values out -----------------------------------------------------------------------------------------------
# Every value is written as a person reads it, so that the review pages and the released archive (which show the
# frozen text) need no more formatting: choices by their labels, coded fields by their code lists' labels, money in
# pounds, dates as "6 December 2026", NHS numbers in groups of 3, 3 and 4, Yes or No. A field a model gains later is
# written the same way by model_fields; codes in stored JSON by the glossary below, or else in words.

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


# How a record came to be written (a model's `channel`), in words.
CHANNELS = {
    "web": "On Selfdirect's web pages",
    "api": "By another computer system, through Selfdirect's API",
    "cli": "By the council's own system, not on a web page",
}

# The codes stored in JSON (an assessment's findings, a financial assessment's input, ...), by the key they are kept
# under, with the label each code list gives them. A code no list names is written in words ("some_help": "Some help").
GLOSSARY: dict[str, dict[str, str]] = {
    "outcome": eligibility.OUTCOME_LABELS,
    "outcomes_unable": eligibility.OUTCOME_LABELS,
    "needs": eligibility.OUTCOME_LABELS,
    "meanings": eligibility.MEANING_LABELS,
    "wellbeing_areas": eligibility.WELLBEING_LABELS,
    "type": {**{code: kind.label for code, kind in INCOME_TYPES.items()},
             **{code: kind.label for code, kind in CAPITAL_TYPES.items()}},
    "light_touch_reason": LIGHT_TOUCH_REASONS,
    "support_for": {"person": "The person", "carer": "A carer, for their own needs"},
    "period": dict(ITEM_PERIODS),
    "setting": {"community": "Care in their own home", "care_home_permanent": "A permanent place in a care home",
                "care_home_temporary": "A temporary stay in a care home"},
    "occupied_by": {"partner": "Their partner", "relative_60_or_over": "A relative aged 60 or over",
                    "relative_incapacitated": "A relative who is incapacitated", "child_under_18": "Their child under 18",
                    "former_partner_lone_parent": "A former partner who is a lone parent"},
    "night_care_disregard_policy": {"apply": "Applied", "ignore": "Not applied"},
}

_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")


def in_words(code: str) -> str:
    """A code no list names, in words: "some_help" is "Some help"."""
    text = code.replace("_", " ")
    return text[:1].upper() + text[1:]


def dates_in(text: str) -> str:
    """The text with each ISO date in it ("2026-01-05") written as "5 January 2026"."""
    def written(found):
        try:
            return day(datetime.date(*(int(part) for part in found.groups())))
        except ValueError:
            return found.group(0)
    return _ISO_DAY.sub(written, text)


def _is_pence(key: str) -> bool:
    return key == "pence" or key.endswith("_pence")


def key_label(key: str) -> str:
    """A JSON key as a label: "weekly_cost_of_care_pence" is "Weekly cost of care"; "pence" is "Amount"."""
    if key == "pence":
        return "Amount"
    return in_words(key.removesuffix("_pence"))


def _word(value: str, key: str) -> str:
    known = GLOSSARY.get(key, {})
    if value in known:
        return known[value]
    if _ISO_MOMENT.match(value):
        try:
            return moment(datetime.datetime.fromisoformat(value))
        except ValueError:
            return value
    if _ISO_DAY.fullmatch(value):
        return dates_in(value)
    if _CODE.match(value):
        return in_words(value)
    return value


def as_text(value, key: str = "", *, depth: int = 0) -> str:
    """A stored JSON value written out as a person reads it: at the top, a line a key (or a list item); inside, a
    key's parts on one line, separated by semicolons. Amounts kept under a key ending "pence" are written in pounds,
    ISO dates as dates, codes by their labels (GLOSSARY) or in words, true and false as Yes and No."""
    if value in (None, "", [], {}):
        return ""
    if isinstance(value, dict):
        # In the keys' order, not as stored: PostgreSQL's jsonb keeps keys in an order of its own (shortest first), so
        # the same record reads the same on either database.
        parts = [f"{key_label(k)}: {as_text(item, k, depth=depth + 1)}" for k, item in sorted(value.items())
                 if item not in (None, "", [], {})]
        return ("\n" if depth == 0 else "; ").join(parts)
    if isinstance(value, list):
        if depth and not any(isinstance(item, dict | list) for item in value):
            return "; ".join(as_text(item, key, depth=depth + 1) for item in value)
        return "\n".join(as_text(item, key, depth=depth + 1 if depth else 1) for item in value)
    if isinstance(value, bool):
        return yes(value)
    if isinstance(value, int) and _is_pence(key):
        return money(value)
    if isinstance(value, str):
        return _word(value, key)
    return str(value)


def html_text(markup: str) -> str:
    """The words of an HTML fragment (a letter), one line a paragraph, heading or table row."""
    text = re.sub(r"(?i)<br\s*/?>|</(p|h\d|li|tr|caption)>", "\n", markup)
    text = re.sub(r"(?i)</t[dh]>", "  ", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


_LABELS = {"channel": "How it was entered"}


def _label(field) -> str:
    if field.name in _LABELS:
        return _LABELS[field.name]
    text = str(field.verbose_name)
    if field.name.endswith("_pence"):
        text = text.removesuffix(" pence").replace(" (pence)", "")
    return text[:1].upper() + text[1:]


def written(field, value, *, record=None) -> str:
    """A stored value of a model's field as a person reads it. `record`, when given, is the record it is a value of
    (its related records are read from it); without it (a value from the record's history), from the value alone."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.model is Person and field.name in codes.PERSON_FIELD_LISTS:
        return codes.label(codes.PERSON_FIELD_LISTS[field.name], value)
    if isinstance(field, models.ForeignKey):
        related = (getattr(record, field.name) if record is not None
                   else field.related_model._default_manager.filter(pk=value).first())
        if related is None:  # a record since removed: its number, as the history kept it
            return f"number {value}"
        return who(related) if isinstance(related, User) else str(related)
    if isinstance(field, models.DateTimeField):
        return moment(value)
    if isinstance(field, models.DateField):
        return day(value)
    if isinstance(field, models.BooleanField):
        return yes(value)
    if isinstance(field, models.JSONField):
        return as_text(value, field.name)
    if isinstance(field, models.FileField):
        return "A file (given with this item)"
    if field.name.endswith("_pence"):
        return money(value)
    if isinstance(field, models.DecimalField):
        return format(value.normalize(), "f") if isinstance(value, decimal.Decimal) else str(value)
    if field.name == "nhs_number":
        return format_nhs_number(str(value))
    if field.name == "sort_code" and re.fullmatch(r"\d{6}", str(value)):
        return "-".join(re.findall(r"\d\d", str(value)))
    if field.name == "channel":
        return CHANNELS.get(value, in_words(str(value)))
    return str(value)


def value_of(record, field) -> str:
    return written(field, getattr(record, field.attname), record=record)


def model_fields(record, *, leave_out=(), write=None) -> list[tuple[str, str]]:
    """Every field of a record that holds something, labelled as the model names it and written as a person reads it
    (the id and links back to the person or case left out: the item says whose it is). `write` gives a field's own
    way of writing its value, by the field's name."""
    skipped = {"id", "person", "case", *leave_out}
    write = write or {}
    fields = []
    for field in record._meta.concrete_fields:
        if field.name in skipped:
            continue
        text = (write[field.name](getattr(record, field.attname)) if field.name in write
                else value_of(record, field))
        if text:
            fields.append((_label(field), text))
    return fields


def _history(record) -> list[tuple[str, str]]:
    """Each version of a record kept by django-simple-history: when, by whom and what changed (the values written as
    the record's are)."""
    lines, previous = [], None
    for version in record.history.order_by("history_date", "history_id").select_related("history_user"):
        when = f"{moment(version.history_date)}, by {who(version.history_user)}"
        if previous is None or version.history_type == "+":
            what = "Recorded"
        elif version.history_type == "-":
            what = "Removed"
        else:
            changes = version.diff_against(previous).changes
            what = "; ".join(_change(record._meta.get_field(c.field), c.old, c.new) for c in changes) \
                or "Saved with no change"
        lines.append((when, what))
        previous = version
    return lines


def _change(field, old, new) -> str:
    return f"{_label(field)}: from {written(field, old) or 'nothing'} to {written(field, new) or 'nothing'}"


# ---- the kinds of record, in the order the release lists them --------------------------------------------------------

@gatherer("person", "Your record", heading="The person's record", sections={"care"})
def person_record(person):
    fields = model_fields(person, leave_out={"user", "team"}) + [("Team", person.team.name)]
    return [Found("person", f"The record of {person.full_name}", fields)]


@gatherer("person-history", "Changes to your record", heading="Changes to the person's record",
          sections={"care"})
def person_history(person):
    return [Found("person-history", f"Every change to the record of {person.full_name}", _history(person))]


@gatherer("carers", "Unpaid carers", sections={"contacts"})
def carers(person):
    for carer in person.carers.select_related("user").order_by("pk"):
        fields = model_fields(carer, leave_out={"user"}) + [("Has a sign-in", yes(carer.user_id))]
        yield Found(f"carer:{carer.pk}", f"Unpaid carer: {carer.name}", fields + _history(carer))


@gatherer("representatives", "People who may act for you", heading="People who may act for them",
          sections={"contacts"})
def representatives(person):
    for rep in person.representatives.order_by("pk"):
        fields = model_fields(rep, leave_out={"user"}) + [("Has a sign-in", yes(rep.user_id))]
        yield Found(f"representative:{rep.pk}", f"{rep.name}, who may act for {person.full_name}",
                    fields + _history(rep))


@gatherer("consents", "Your consents", heading="The person's consents", sections={"contacts"})
def consents(person):
    for consent in person.consents.select_related("information").order_by("given_on", "pk"):
        state = f"withdrawn on {day(consent.withdrawn_on)}" if consent.withdrawn_on else "given"
        yield Found(f"consent:{consent.pk}", f"Consent to {consent.get_purpose_display().lower()} ({state})",
                    model_fields(consent))


def _cases(person):
    return Case.objects.filter(person=person).select_related("worker").order_by("opened_at", "pk")


@gatherer("cases", "Your case and its steps", heading="The case and its steps", sections={"journey"})
def cases(person):
    for case in _cases(person):
        fields = [("Step now", case.state_label), *model_fields(case, leave_out={"state"})]
        for event in case.events.select_related("actor").order_by("at", "pk"):
            reason = f". Reason: {event.reason}" if event.reason else ""
            moved = f"{event.from_label} to {event.to_label}" if event.from_label else event.to_label
            fields.append((f"Step, {moment(event.at)}", f"{moved}, by {who(event.actor)}{reason}"))
        yield Found(f"case:{case.pk}", f"Case referred on {day(case.referred_on)}", fields)


@gatherer("assessments", "Assessments of your needs", heading="Assessments of their needs", sections={"care"})
def assessments(person):
    for a in Assessment.objects.filter(case__person=person).select_related("assessed_by").order_by("completed_at", "pk"):
        yield Found(f"assessment:{a.pk}", f"Assessment of {day(timezone.localtime(a.completed_at).date())}",
                    model_fields(a))


@gatherer("self-assessments", "Self-assessments", sections={"care"})
def self_assessments(person):
    for s in (SelfAssessment.objects.filter(case__person=person).select_related("completed_by")
              .order_by("created_at", "pk")):
        yield Found(f"self-assessment:{s.pk}",
                    f"Self-assessment of {day(timezone.localtime(s.created_at).date())} ({s.get_kind_display().lower()})",
                    model_fields(s, write=_questionnaire_writers(s.questionnaire)))


def _questionnaire_writers(key: str) -> dict:
    """A self-assessment's questionnaire by its title, each answer as its question and the option chosen, in the
    questionnaire's words, and its points by the domains' titles (codes in words where the questionnaire is not
    shipped any more)."""
    try:
        asked = questionnaire.get(key)
    except questionnaire.AnswerError:
        return {}

    def answers(given):
        lines = []
        for question_id, option_id in (given or {}).items():
            question = asked.question(question_id)
            option = question.option(option_id) if question else None
            asking = question.text if question else in_words(question_id)
            lines.append(f"{asking}{' ' if asking.endswith('?') else ': '}"
                         f"{option.text if option else _word(str(option_id), '')}")
        return "\n".join(lines)

    def by_domain(points):
        titles = {domain.id: domain.title for domain in asked.domains}
        return "\n".join(f"{titles.get(domain_id, in_words(domain_id))}: {n}" for domain_id, n in (points or {}).items())

    return {"questionnaire": lambda _: f"{asked.title} (version {asked.version})", "answers": answers,
            "by_domain": by_domain}


@gatherer("indicative-budgets", "Indicative budgets", sections={"care"})
def indicative_budgets(person):
    for b in (IndicativeBudget.objects.filter(case__person=person).select_related("table", "created_by")
              .order_by("created_at", "pk")):
        yield Found(f"indicative-budget:{b.pk}",
                    f"Indicative budget of {day(timezone.localtime(b.created_at).date())}: {money(b.weekly_pence)} a week",
                    model_fields(b, leave_out={"self_assessment"}))


@gatherer("plans", "Support plans (every version)", sections={"plan"})
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


@gatherer("choices", "How your money is managed: choices offered",
          heading="How their money is managed: choices offered", sections={"plan", "budget"})
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


@gatherer("reviews", "Reviews", sections={"care"})
def reviews(person):
    for review in (Review.objects.filter(case__person=person).select_related("reviewed_by", "plan")
                   .prefetch_related("ratings__outcome").order_by("held_on", "pk")):
        fields = model_fields(review)
        fields += [(f"Outcome: {rating.outcome.in_own_words}", rating.get_rating_display())
                   for rating in review.ratings.all()]
        yield Found(f"review:{review.pk}", f"Review held on {day(review.held_on)}", fields)


@gatherer("review-requests", "Requests for a review", sections={"care"})
def review_requests(person):
    for r in (ReviewRequest.objects.filter(case__person=person).select_related("decided_by", "recorded_by", "review")
              .order_by("asked_on", "pk")):
        yield Found(f"review-request:{r.pk}", f"{r.get_kind_display()} on {day(r.asked_on)}", model_fields(r))


@gatherer("evaluations", "Your answers to the questions asked at reviews, and others' about you",
          heading="Answers to the questionnaires asked at reviews", sections={"care"})
def evaluations(person):
    for made in (Evaluation.objects.filter(case__person=person).select_related("recorded_by")
                 .order_by("held_on", "pk")):
        try:
            asked = {q.domain: q.text for q in evaluation.get(made.questionnaire).questions}
        except evaluation.AnswerError:
            asked = {}
        fields = model_fields(made, leave_out={"answers", "review", "scale"})
        fields += [(f"{evaluation.DOMAINS.get(domain, domain)}: {asked.get(domain, '')}".rstrip(": "),
                    evaluation.words(made.scale, answer)) for domain, answer in evaluation.in_order(made.questionnaire, made.answers)]
        yield Found(f"evaluation:{made.pk}", f"{evaluation.RESPONDENTS.get(made.respondent, made.respondent)}'s "
                                             f"answers at the review of {day(made.held_on)}", fields)


@gatherer("stories", "Stories told at reviews, and any recordings", heading="Stories told at reviews, and any "
          "recordings", sections={"care"})
def stories(person):
    for story in (Story.objects.filter(case__person=person).select_related("recorded_by")
                  .prefetch_related("outcomes").order_by("held_on", "pk")):
        fields = model_fields(story, leave_out={"audio", "audio_type", "review", "domains"})
        if story.domains:
            fields.append(("About", ", ".join(evaluation.DOMAINS.get(d, d) for d in story.domains)))
        fields += [("Speaks to the outcome", o.in_own_words) for o in story.outcomes.all()]
        name = ""
        if story.audio:
            kind = AUDIO_KINDS.get(story.audio_type)
            name = f"story-{story.pk}{kind.extension if kind else '.bin'}"
        yield Found(f"story:{story.pk}", f"Story told at the review of {day(story.held_on)}", fields,
                    file_path=story.audio.name if story.audio else "", file_name=name)


@gatherer("outcome-notices", "The staff told how your reviews went", heading="The staff told how their reviews went",
          sections={"care"})
def outcome_notices(person):
    """Who received the person's review outcomes (UK GDPR Article 15(1)(c): the recipients of their data): the staff
    who helped them, told with their consent (outcomes.helped, docs/people-i-helped.md)."""
    for notice in (HelperNotice.objects.filter(review__case__person=person).select_related("user", "review")
                   .order_by("review__held_on", "created_at", "pk")):
        yield Found(f"outcome-notice:{notice.pk}", f"The review of {day(notice.review.held_on)} told to {who(notice.user)}",
                    [("Told to", who(notice.user)), ("How they helped", helped.labels(notice.helped_as.split(","))), ("Told on", moment(notice.created_at)),
                     ("Read on", moment(notice.read_at) if notice.read_at else "Not read"),
                     ("Emailed on", moment(notice.emailed_at) if notice.emailed_at else "Not emailed")])


@gatherer("service-reviews", "Your reviews of services in the directory",
          heading="Their reviews of services in the directory", sections={"plan"})
def service_reviews(person):
    for r in (ServiceReview.objects.filter(person=person).select_related("service", "written_by", "moderated_by",
                                                                         "replied_by").order_by("written_on", "pk")):
        yield Found(f"service-review:{r.pk}", f"Review of {r.service.name}, written on {day(r.written_on)}",
                    model_fields(r, write={"moderation_reason": lambda code: REVIEW_REASONS.get(code, code)}))


@gatherer("service-suggestions", "Services suggested to you from the directory",
          heading="Services suggested to them from the directory", sections={"plan"})
def service_suggestions(person):
    for s in (ServiceSuggestion.objects.filter(person=person).select_related("service__provider", "suggested_by")
              .order_by("suggested_on", "pk")):
        yield Found(f"service-suggestion:{s.pk}", f"{s.service.name} ({s.service.provider.name}), suggested on "
                    f"{day(s.suggested_on)}", model_fields(s))


@gatherer("financial-assessments", "Financial assessments and letters", sections={"charging"})
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


@gatherer("deferred-payments", "Deferred payment agreements and their statements", sections={"charging"})
def deferred_payments(person):
    for a in (DeferredPaymentAgreement.objects.filter(person=person).select_related("created_by")
              .prefetch_related("statements").order_by("offered_on", "pk")):
        fields = model_fields(a, leave_out={"assessment", "case"})
        fields += [(f"Statement for {day(s.starts_on)} to {day(s.ends_on)}, sent {day(s.issued_on)}",
                    f"owed at the start {money(s.figures.get('opening_pence'))}, at the end "
                    f"{money(s.figures.get('closing_pence'))}") for s in a.statements.all()]
        yield Found(f"deferred-payment:{a.pk}", f"Deferred payment agreement offered on {day(a.offered_on)}", fields)


@gatherer("top-ups", "Top-up agreements for a care home", sections={"charging"})
def top_ups(person):
    for t in TopUpAgreement.objects.filter(person=person).select_related("created_by", "closed_by").order_by(
            "agreed_on", "pk"):
        yield Found(f"top-up:{t.pk}", f"Top-up agreement for {t.care_home}, agreed on {day(t.agreed_on)}",
                    model_fields(t, leave_out={"case"}))


@gatherer("financial-assessment-requests", "Requests for a financial assessment", sections={"charging"})
def financial_assessment_requests(person):
    for r in (AssessmentRequest.objects.filter(person=person)
              .select_related("requested_by", "started_by", "cancelled_by").order_by("requested_at", "pk")):
        yield Found(f"financial-assessment-request:{r.pk}",
                    f"Request for a financial assessment, {day(timezone.localtime(r.requested_at).date())}",
                    model_fields(r, leave_out={"assessment"}))


@gatherer("financial-assessment-reconsiderations", "Requests to look at a financial assessment again",
          sections={"charging"})
def financial_assessment_reconsiderations(person):
    for r in (Reconsideration.objects.filter(person=person)
              .select_related("recorded_by", "decided_by", "assessment").order_by("asked_at", "pk")):
        yield Found(f"financial-assessment-reconsideration:{r.pk}",
                    f"Request to look again at the financial assessment from {day(r.assessment.effective_date)}, "
                    f"{day(timezone.localtime(r.asked_at).date())}",
                    model_fields(r, leave_out={"assessment", "new_assessment"}))


@gatherer("accounts", "Your budget's accounts, month by month", heading="The budget's accounts, month by month",
          sections={"budget"})
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


@gatherer("payments", "Payments", sections={"budget"})
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


@gatherer("spending", "Spending you recorded, and any receipts", heading="Spending recorded, and any receipts",
          sections={"budget"})
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


@gatherer("statements", "Bank statement lines", sections={"budget"})
def statements(person):
    for account in LedgerAccount.objects.filter(case__person=person, statement_lines__isnull=False).distinct():
        lines = StatementLine.objects.filter(account=account).order_by("posted_on", "pk")
        corrected = set(JournalEntry.objects.filter(corrects_line__account=account).values_list("corrects_line_id", flat=True))
        fields = [(day(line.posted_on), f"{line.description}: {money(line.amount_pence)}"
                   + (f", {quantity_of(line.hours, 'hour')}" if line.hours is not None else "")
                   + (f" (matched {line.matched_how})" if line.matched_how else "")
                   + (" (corrected)" if line.pk in corrected else "")) for line in lines]
        yield Found(f"statement:{account.pk}", f"Statement lines of {account.label}", fields)


@gatherer("recoveries", "Surplus and its recovery", sections={"budget"})
def recoveries(person):
    for recovery in Recovery.objects.filter(case__person=person).select_related("created_by").order_by("found_on", "pk"):
        yield Found(f"recovery:{recovery.pk}", f"Surplus found on {day(recovery.found_on)}", model_fields(recovery))


@gatherer("contribution-invoices", "Your contribution: invoices, arrears and refunds",
          heading="The contribution: invoices, arrears and refunds", sections={"budget"})
def contribution_invoices(person):
    for collection in ContributionCollection.objects.filter(case__person=person).select_related("recorded_by"):
        yield Found(f"contribution-collection:{collection.pk}", "How the care home contribution is collected",
                    model_fields(collection))
    for invoice in (ContributionInvoice.objects.filter(case__person=person).select_related("created_by")
                    .order_by("period_starts_on", "pk")):
        yield Found(f"contribution-invoice:{invoice.pk}",
                    f"{invoice.get_kind_display()} {invoice.reference} for {day(invoice.period_starts_on)} to "
                    f"{day(invoice.period_ends_on)}", model_fields(invoice, leave_out={"entry", "payment_entry", "basis"}))



@gatherer("contribution-arrears", "Contributions overdue: checks of your circumstances and decisions to recover them",
          heading="Contributions overdue: checks of the person's circumstances and decisions to recover them",
          sections={"budget"})
def contribution_arrears(person):
    for check in (ContributionArrearsCheck.objects.filter(case__person=person).select_related("checked_by")
                  .order_by("checked_on", "pk")):
        yield Found(f"arrears-check:{check.pk}", f"Check of your circumstances on {day(check.checked_on)}",
                    model_fields(check))
    for recovery in (ContributionDebtRecovery.objects.filter(case__person=person).select_related("decided_by")
                     .order_by("started_on", "pk")):
        yield Found(f"debt-recovery:{recovery.pk}", f"Decision to recover contributions overdue, {day(recovery.started_on)}",
                    model_fields(recovery, leave_out={"check_made"}))


@gatherer("audit", "Who has seen or changed your record", heading="Who has seen or changed the record",
          sections=EVERY_SECTION)
def audit_trail(person):
    by_year = defaultdict(list)
    for event in (AuditEvent.objects.filter(person=person).select_related("actor").order_by("at", "id")
                  .iterator(chunk_size=2000)):
        at = timezone.localtime(event.at)
        by_year[at.year].append((moment(event.at), f"{who(event.actor)}: {event.get_action_display().lower()}: "
                                                    f"{dates_in(event.what)}"))
    for year in sorted(by_year):
        yield Found(f"audit:{year}", f"Who saw or changed the record in {year}", by_year[year])

