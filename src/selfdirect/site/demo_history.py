"""Five years of a large council's past, written in bulk: `selfdirect demo --people 100000` makes the first people
through the real actions (so every screen has rich examples) and everyone after them here, fast enough to build a
council of 100,000 people in minutes.

What a generated person has: their record; a case referred in the last five years that went as far as its dates
allow (an assessment, an approved plan with costed items and a delivery option, a choice record for each of the four
options, support started, the first four-weekly payment posted to the ledger and paid in a payment run) or was closed
on the way. What they do not have: self-assessment answers, reviews, spending or statements, and audit events (their
history is the council's past, not something anyone did in Selfdirect). Later payment runs catch their instalments up.
The same seed gives the same council."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import random
from decimal import Decimal
from fractions import Fraction

from selfdirect.assessment.demo_findings import demo_findings, demo_wellbeing
from selfdirect.assessment.eligibility import OUTCOMES, OUTCOMES_ORDERED, determine
from selfdirect.assessment.models import Assessment
from selfdirect.core.events import announce_cases_changed
from selfdirect.core.money import weekly_cost_pence
from selfdirect.journey.models import Case, CaseEvent
from selfdirect.money import postings
from selfdirect.money.actions import account_reference, render_file
from selfdirect.money.models import Instalment, JournalEntry, LedgerAccount, PaymentLine, PaymentRun, Posting
from selfdirect.people.models import Person
from selfdirect.planning.costing import plan_cost
from selfdirect.planning.models import ChoiceRecord, PlanItem, SupportPlan

from . import demo

YEARS = 5
BATCH = 5000


@contextlib.contextmanager
def dates_as_given(*models):
    """Let bulk_create keep the past dates we set on fields that would otherwise be stamped with now."""
    fields = [f for m in models for f in m._meta.fields if getattr(f, "auto_now_add", False)]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f in fields:
            f.auto_now_add = True


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def build(*, first_index: int, count: int, seed: int, today: datetime.date, teams, workers, managers, finance, orgs,
          first_run_date: datetime.date) -> int:
    """Write `count` people with their history; returns how many cases got a first payment."""
    rng = random.Random(seed * 7919 + 1)
    start = today - datetime.timedelta(days=365 * YEARS)
    outcome_codes = [code for code, _ in OUTCOMES[:9]]
    # Payment runs every four weeks back from the demo's first run, to five years ago.
    run_dates = []
    day = first_run_date - datetime.timedelta(days=28)
    while day >= start - datetime.timedelta(days=28):
        run_dates.append(day)
        day -= datetime.timedelta(days=28)
    with dates_as_given(PaymentRun):
        PaymentRun.objects.bulk_create([PaymentRun(run_date=d, created_by=finance, created_at=_moment(d, 6)) for d in run_dates])
    runs = dict(PaymentRun.objects.values_list("run_date", "pk"))
    ordered_runs = sorted(runs)
    paid_cases = 0
    people_done = 0
    while people_done < count:
        size = min(BATCH, count - people_done)
        plans_made = []  # per person: the story of their case, written once the rows have keys
        persons = []
        for offset in range(size):
            index = first_index + people_done + offset
            group = rng.choices(list(demo.CLIENT_GROUPS), weights=[v[0] for v in demo.CLIENT_GROUPS.values()])[0]
            team = teams[2] if group == "learning_disability" else teams[index % 2]
            data, referral = demo.person_data(rng, index, group, today)
            referral["referred_on"] = start + datetime.timedelta(days=rng.randint(0, 365 * YEARS))
            data = {k: v for k, v in data.items() if v is not None}
            persons.append(Person(la_person_id=f"EX{index + 1:06d}", team=team, **data))
            plans_made.append((group, team, referral))
        Person.objects.bulk_create(persons, batch_size=BATCH)
        cases = []
        stories = []
        for person, (group, team, referral) in zip(persons, plans_made, strict=True):
            story = _story(rng, referral["referred_on"], today, group, team, teams)
            worker = workers[teams.index(team)]
            cases.append(Case(person=person, referred_on=referral["referred_on"], route_of_access=referral["route_of_access"],
                              referral_reason=referral["reason"], worker=worker, state=story["state"],
                              support_started_on=story.get("started"), closed_on=story.get("closed"),
                              next_review_on=story["started"] + datetime.timedelta(days=365) if story.get("started") else None,
                              opened_at=_moment(referral["referred_on"])))
            stories.append((person, group, team, worker, story))
        with dates_as_given(Case, CaseEvent, Assessment, SupportPlan, ChoiceRecord, JournalEntry):
            Case.objects.bulk_create(cases, batch_size=BATCH)
            events, assessments, plans = [], [], []
            for case, (_, _, team, worker, story) in zip(cases, stories, strict=True):
                events.append(CaseEvent(case=case, actor=worker, transition="open", from_state="", to_state="referral",
                                        at=_moment(case.referred_on, 9), reason="Referral"))
                for transition, before, after, on in story["events"]:
                    events.append(CaseEvent(case=case, actor=managers[teams.index(team)] if transition == "approve_plan" else worker,
                                            transition=transition, from_state=before, to_state=after, at=_moment(on)))
                if "assessed" in story:
                    outcomes = OUTCOMES_ORDERED(rng.sample(outcome_codes, story["needs"]))
                    decided = determine(arises_from_impairment=True, findings=demo_findings(outcomes),
                                        significant_impact_on_wellbeing=True, wellbeing_areas=demo_wellbeing(outcomes))
                    assessments.append(Assessment(
                        case=case, arises_from_impairment=True, outcomes_unable=outcomes,
                        findings=demo_findings(outcomes), significant_impact_on_wellbeing=True,
                        wellbeing_areas=demo_wellbeing(outcomes), evidence="Seen at home; needs confirmed with the GP.",
                        eligible=decided.eligible, decision_text=decided.text,
                        indicative_weekly_pence=None, ras_weekly_pence=None, assessed_by=worker,
                        completed_at=_moment(story["assessed"], 15)))
                if "submitted" in story:
                    plans.append((case, story, SupportPlan(
                        case=case, version=1, status="approved" if "approved" in story else "submitted",
                        delivery_option=story["option"] if "organised" in story else "", created_by=worker,
                        created_at=_moment(story["submitted"] - datetime.timedelta(days=3)),
                        approved_at=_moment(story["approved"], 14) if "approved" in story else None,
                        approved_by=managers[teams.index(team)] if "approved" in story else None)))
            CaseEvent.objects.bulk_create(events, batch_size=BATCH)
            SupportPlan.objects.bulk_create([p for _, _, p in plans], batch_size=BATCH)
            items, choices = [], []
            for case, story, plan in plans:
                chosen = rng.sample(demo.ITEMS[story["group"]], rng.randint(2, 3))
                weekly_total = 0
                for position, (description, kind, unit, cost, quantity, period) in enumerate(chosen):
                    weekly = weekly_cost_pence(cost, Fraction(quantity), period)
                    weekly_total += weekly
                    org = orgs[0] if kind == "agency" else orgs[1] if kind == "provider" else None
                    items.append(PlanItem(plan=plan, description=description, supplier_kind=kind, organisation=org, unit=unit,
                                          unit_cost_pence=cost, quantity=Decimal(quantity),
                                          period=period, weekly_cost_pence=weekly, position=position,
                                          delivery=_delivery(story.get("option", ""), position, org) if "organised" in story else "",
                                          arranged_on=story.get("started"), arranged_with=(org.name if org else description)
                                          if story.get("started") else ""))
                story["weekly"] = weekly_total
                if "organised" in story:
                    for code in ("council_managed", "individual_service_fund", "direct_payment", "mixed"):
                        offered = not (story["gatekeeping"] and code in {"direct_payment", "mixed"} and story["option"] not in {"direct_payment", "mixed"})
                        choices.append(ChoiceRecord(
                            case=case, option=code, offered=offered, how="conversation" if offered else "",
                            decision=("chosen" if code == story["option"] else "declined") if offered else "",
                            not_offered_reason="" if offered else "other",
                            reason_text="" if offered else rng.choice(demo.NOT_OFFERED_EXCUSES),
                            recorded_by=case.worker, recorded_at=_moment(story["organised"], 11)))
            PlanItem.objects.bulk_create(items, batch_size=BATCH)
            ChoiceRecord.objects.bulk_create(choices, batch_size=BATCH)
            # The indicative budget the plan was made against: agreed plans come in below it, as councils found.
            by_case = {case.pk: story for case, story, _ in plans}
            for a in assessments:
                story = by_case.get(a.case.pk)
                weekly = story["weekly"] if story else rng.randint(150, 600) * 100
                a.indicative_weekly_pence = a.ras_weekly_pence = round(weekly / rng.uniform(0.72, 1.0) / 100) * 100
            Assessment.objects.bulk_create(assessments, batch_size=BATCH)
            # A plan differing from its indicative budget by more than the council's share carries the worker's
            # reason, as submitting one through the pages requires (planning/costing.py, PlanCost.needs_reason).
            from django.conf import settings

            indicative_of = {a.case.pk: a.indicative_weekly_pence for a in assessments}
            explained = []
            for case, story, plan in plans:
                cost = plan_cost([story["weekly"]], indicative_of.get(case.pk))
                if cost.needs_reason(settings.PLAN_DIFFERENCE_SHARE_PERCENT):
                    plan.difference_reason = ("The person chose support that costs less than the indicative sum"
                                              if cost.below_indicative else "Two-person transfers are needed for safety")
                    explained.append(plan)
            SupportPlan.objects.bulk_update(explained, ["difference_reason"], batch_size=BATCH)
            paid_cases += _first_payments(plans, items, ordered_runs, runs, finance, rng,
                                          models=(JournalEntry, Posting, LedgerAccount, Instalment, PaymentLine), postings=postings)
        # Bulk writes send no model signals: the batch's cases (their people, events, assessments, plans, items,
        # choices and instalments) are announced once, like any action's.
        announce_cases_changed([case.pk for case in cases], sender=Case)
        people_done += size
    for run in PaymentRun.objects.filter(pk__in=runs.values()).prefetch_related("lines"):
        lines = list(run.lines.all())
        run.file_text = render_file(lines)
        run.file_sha256 = hashlib.sha256(run.file_text.encode()).hexdigest()
        run.report = {**(run.report or {"run_date": run.run_date.isoformat(), "note": "Generated history"}),
                      "lines": len(lines), "total_pence": sum(line.amount_pence for line in lines)}
        run.save(update_fields=["file_text", "file_sha256", "report"])
    return paid_cases


def _delivery(option: str, position: int, org) -> str:
    if option == "mixed":
        return "direct_payment" if position % 2 == 0 else "council_managed"
    if option == "individual_service_fund":
        return "individual_service_fund" if org else "council_managed"
    return option


def _story(rng, referred: datetime.date, today: datetime.date, group: str, team, teams) -> dict:
    """How far a case referred on that day has got by today, with the day of each step."""
    story = {"state": "referral", "events": [], "group": group}
    if rng.random() < 0.08:  # information and advice only: closed soon after referral
        closed = referred + datetime.timedelta(days=rng.randint(3, 30))
        if closed <= today:
            story.update(state="closed", closed=closed, events=[("close", "referral", "closed", closed)])
        return story
    steps = [("start_assessment", "referral", "assessment", "assessing", rng.randint(1, 21)),
             ("budget_found", "assessment", "planning", "assessed", rng.randint(5, 40)),
             ("submit_plan", "planning", "agreement", "submitted", rng.randint(7, 50)),
             ("approve_plan", "agreement", "organising", "approved", rng.randint(1, 20)),
             ("start_support", "organising", "live", "started", rng.randint(3, 28))]
    day = referred
    for transition, before, after, name, days in steps:
        day = day + datetime.timedelta(days=days)
        if day > today:
            break
        story["events"].append((transition, before, after, day))
        story["state"] = after
        story[name] = day
        if name == "approved" and day + datetime.timedelta(days=2) <= today:
            story["organised"] = day + datetime.timedelta(days=2)
    story["needs"] = rng.randint(2, 6)
    # Some workers in the South team do not offer direct payments to everyone (so the choice report has a story).
    story["gatekeeping"] = team == teams[1] and rng.random() < 0.4
    weights = [45, 10, 30, 15] if not story["gatekeeping"] else [70, 15, 10, 5]
    if group == "mental_health":
        weights = [60, 10, 20, 10]
    story["option"] = rng.choices(["council_managed", "individual_service_fund", "direct_payment", "mixed"], weights=weights)[0]
    if "started" in story and rng.random() < 0.2:  # some budgets have ended since
        closed = story["started"] + datetime.timedelta(days=rng.randint(60, 900))
        if closed <= today:
            story.update(state="closed", closed=closed)
            story["events"].append(("close", "live", "closed", closed))
    return story


def _first_payments(plans, items, ordered_runs, runs, finance, rng, *, models, postings) -> int:
    """Each started budget's first four-weekly instalment: a balanced journal entry, its postings, the accounts'
    balances, the instalment, and the payment lines to the person's account or the provider holding the fund."""
    import bisect

    JournalEntry, Posting, LedgerAccount, Instalment, PaymentLine = models
    items_by_plan: dict[int, list] = {}
    providers = {item.organisation.pk: item.organisation for item in items if item.organisation}
    for item in items:
        items_by_plan.setdefault(item.plan.pk, []).append(item)
    entries, pending = [], []
    for case, story, plan in plans:
        started = story.get("started")
        if not started:
            continue
        at = bisect.bisect_left(ordered_runs, started - datetime.timedelta(days=14))
        if at >= len(ordered_runs):
            continue  # started after the generated runs: the demo's own runs pay it
        run_date = ordered_runs[at]
        dp = commissioned = 0
        isf: dict[int, int] = {}
        for item in items_by_plan.get(plan.pk, []):
            four_weeks = item.weekly_cost_pence * 4
            if item.delivery == "direct_payment":
                dp += four_weeks
            elif item.delivery == "individual_service_fund":
                isf[item.organisation.pk] = isf.get(item.organisation.pk, 0) + four_weeks
            else:
                commissioned += four_weeks
        lines = postings.instalment(direct_payment_pence=dp, isf_pence=isf, commissioned_pence=commissioned, contribution_pence=0)
        entry = JournalEntry(case=case, kind="instalment", on=started, description=f"Four weeks from {started:%-d %B %Y}",
                             run_id=runs[run_date], created_by=finance, created_at=_moment(run_date, 6))
        entries.append(entry)
        pending.append((case, story, run_date, entry, lines, dp, isf))
    JournalEntry.objects.bulk_create(entries, batch_size=BATCH)
    accounts, posts, instalments, payment_lines = {}, [], [], []
    for case, story, run_date, entry, lines, dp, isf in pending:
        for p in lines:
            key = (case.pk, p.account)
            if key not in accounts:
                accounts[key] = LedgerAccount(case=case, key=p.account, balance_pence=0,
                                              reference=account_reference(case, p.account))
            accounts[key].balance_pence += p.amount_pence
            posts.append((entry, key, p.amount_pence))
        instalments.append(Instalment(case=case, period_number=1, period_starts_on=story["started"], run_id=runs[run_date],
                                      entry=entry))
        reference = f"SD{run_date:%y%m%d}{case.person.la_person_id}"[:18]
        if dp:
            payment_lines.append(PaymentLine(run_id=runs[run_date], entry=entry, payee=f"{case.person.full_name} DP",
                                             sort_code=f"{rng.randint(100000, 999999)}",
                                             account_number=f"{rng.randint(10000000, 99999999)}", amount_pence=dp,
                                             reference=reference))
        for provider_id, pence in sorted(isf.items()):
            org = providers[provider_id]
            payment_lines.append(PaymentLine(run_id=runs[run_date], entry=entry, payee=org.name, sort_code=org.bank_sort_code,
                                             account_number=org.bank_account_number, amount_pence=pence, reference=reference))
    LedgerAccount.objects.bulk_create(list(accounts.values()), batch_size=BATCH)
    Posting.objects.bulk_create([Posting(entry=e, account=accounts[k], amount_pence=a) for e, k, a in posts], batch_size=BATCH)
    Instalment.objects.bulk_create(instalments, batch_size=BATCH)
    PaymentLine.objects.bulk_create(payment_lines, batch_size=BATCH)
    return len(pending)
