"""The demo is built as of a day, its history on the days it happened: events spread over the past years, no day
holding more than a small share of any kind of event, reviews mostly on time, and the sign-ins in payment."""

import collections
import datetime

import pytest
from django.utils import timezone

from selfdirect.site import demo

AS_OF = datetime.date(2026, 12, 2)


@pytest.fixture(scope="module")
def dated_demo(django_db_setup, django_db_blocker):
    """Built once for the module (a build takes a while) and cleared after it."""
    with django_db_blocker.unblock():
        demo.build(people=120, seed=2, today=AS_OF)
        yield
        demo.clear_everything()


@pytest.fixture(autouse=True)
def _reads(dated_demo, db):
    pass


def _local_days(values):
    return [timezone.localtime(v).date() if isinstance(v, datetime.datetime) else v for v in values]


def test_every_kind_of_event_is_spread_over_the_past_years(dated_demo):
    from selfdirect.assessment.models import Assessment
    from selfdirect.audit.models import AuditEvent
    from selfdirect.charging.models import FinancialAssessment
    from selfdirect.journey.models import Case, CaseEvent
    from selfdirect.money.models import PaymentRun, SpendingRecord, StatementImport
    from selfdirect.outcomes.models import Review
    from selfdirect.planning.models import PlanDecision

    kinds = {
        "referrals": Case.objects.values_list("referred_on", flat=True),
        "case events": CaseEvent.objects.values_list("at", flat=True),
        "assessments": Assessment.objects.values_list("completed_at", flat=True),
        "plan decisions": PlanDecision.objects.values_list("at", flat=True),
        "financial assessments": FinancialAssessment.objects.values_list("created_at", flat=True),
        "reviews": Review.objects.values_list("held_on", flat=True),
        "payment runs": PaymentRun.objects.values_list("created_at", flat=True),
        "spending": SpendingRecord.objects.values_list("entered_at", flat=True),
        "statements": StatementImport.objects.values_list("imported_at", flat=True),
        "audit events": AuditEvent.objects.values_list("at", flat=True),
    }
    for kind, values in kinds.items():
        days = _local_days(values)
        assert len(days) >= 10, kind
        assert max(days) <= AS_OF, f"{kind} dated after the day the demo stands on"
        moments = [v for v in values if isinstance(v, datetime.datetime)]
        if moments:
            assert max(moments) <= timezone.now(), f"{kind} dated after the moment the demo was built"
        busiest = collections.Counter(days).most_common(1)[0][1]
        assert busiest <= 0.1 * len(days), f"{busiest} of {len(days)} {kind} on one day"
    months = {(d.year, d.month) for d in _local_days(kinds["case events"])}
    past_two_years = {((AS_OF.year * 12 + AS_OF.month - 1 - n) // 12, (AS_OF.month - 1 - n) % 12 + 1) for n in range(24)}
    assert len(months & past_two_years) >= 20, "case events in most months of the past two years"


def test_reviews_are_mostly_on_time_and_take_up_is_spread_over_months(dated_demo):
    from selfdirect.journey.models import Case
    from selfdirect.planning.models import PlanDecision

    live = Case.objects.filter(state="live")
    overdue = live.filter(next_review_on__lt=AS_OF)
    assert live.count() >= 20 and overdue.count() <= 0.15 * live.count()
    assert not overdue.filter(next_review_on__lt=AS_OF - datetime.timedelta(days=100)).exists()  # none long overdue
    approvals = _local_days(PlanDecision.objects.filter(kind="approved").values_list("at", flat=True))
    months = collections.Counter((d.year, d.month) for d in approvals)
    assert len(months) >= 12 and max(months.values()) <= 0.2 * len(approvals)


def test_the_holder_has_a_direct_payment_in_payment_and_family_acts_for_a_budget_in_payment(dated_demo):
    from selfdirect.accounts.models import User
    from selfdirect.money import queries as money
    from selfdirect.money.models import Instalment, SpendingRecord
    from selfdirect.people import access

    elsie = User.objects.get(username="holder").own_record
    case = elsie.cases.get()
    assert case.state == "live"
    assert case.plans.get(status="approved").items.filter(delivery="direct_payment").exists()
    assert Instalment.objects.filter(case=case).count() >= 5
    assert SpendingRecord.objects.filter(case=case).exists()
    assert money.balances(case)["direct_payment"] > 0 and money.weekly_direct_payment_pence(case) > 0
    # she spends her payments: her account is not flagged (over 8 weeks' balance, or no spending) on the day
    assert money.monitor(case, today=AS_OF).alerts == []
    family = User.objects.get(username="family")
    (acted_for,) = access.people_visible_to(family)
    other = acted_for.cases.get()
    assert other.state in {"live", "review"} and Instalment.objects.filter(case=other).exists()
    from selfdirect.money.models import Posting

    paid_in = Posting.objects.filter(account__case=other, account__key="direct_payment", entry__kind="instalment")
    assert sum(paid_in.values_list("amount_pence", flat=True)) > 0  # the council pays into the direct payment


def test_the_family_sees_his_mothers_individual_service_fund_with_the_providers_statements(dated_demo, signed_in):
    """The `family` sign-in's mother has her home care from Exe Valley Home Care (the `provider` sign-in) as an
    individual service fund; the provider sends a statement of it each month, so her page shows it, up to date."""
    from selfdirect.accounts.models import User
    from selfdirect.money import queries as money
    from selfdirect.people import access

    family = User.objects.get(username="family")
    (mother,) = access.people_visible_to(family)
    case = mother.cases.get()
    seen = money.at_a_glance(case, today=AS_OF)
    (fund,) = seen.funds
    assert fund.provider == "Exe Valley Home Care" and fund.lines and fund.spent_pence > 0
    assert 0 < fund.holds_pence < fund.paid_pence and fund.alerts == ()
    assert (AS_OF - fund.statement_to).days < 8 * 7 and fund.lines[0].hours
    assert seen.has_direct_payment  # and a direct payment for the rest of her support
    page = signed_in(family).get(f"/people/{mother.pk}/at-a-glance/").content.decode()
    assert "individual service fund with Exe Valley Home Care" in page and fund.reference in page
    provider = signed_in(User.objects.get(username="provider")).get("/provider/fund-statements/").content.decode()
    assert fund.reference in provider


def test_some_people_closed_long_ago_are_due_for_erasure(dated_demo, signed_in):
    """An administrator can try retention on a fresh demo: people whose cases closed long enough ago to be past every
    period of the shipped schedule, with nothing that keeps them, are due (and /retention/due/ lists them)."""
    from dateutil.relativedelta import relativedelta

    from selfdirect.accounts.models import User
    from selfdirect.retention import queries as retention
    from selfdirect.retention import schedule

    due = retention.due_for_erasure(AS_OF)
    assert due, "nobody in the demo is due for erasure"
    longest = max(schedule.defaults()[kind] for kind in schedule.PERSON_KINDS)
    for row in due:
        (case,) = row.person.cases.all()
        assert case.state == "closed" and case.closed_on < AS_OF - relativedelta(years=longest)
        assert not row.decision.kept and row.decision.due_on <= AS_OF
    page = signed_in(User.objects.get(username="admin")).get("/retention/due/").content.decode()
    assert all(row.person.full_name in page for row in due)


def test_family_acts_for_his_mother_and_his_authority_is_not_overdue_for_review(dated_demo):
    """The `family` sign-in (Frank Green) acts, as her son, for an older woman, and the council keeps up with the
    review of his authority (and the adviser's), so it is not overdue on the day the demo stands on."""
    from dateutil.relativedelta import relativedelta

    from selfdirect.people.models import Representative

    frank = Representative.objects.select_related("person").get(user__username="family")
    mother = frank.person
    assert frank.name == "Frank Green" and frank.relationship == "Son or daughter"
    assert mother.gender == "Female" and relativedelta(AS_OF, mother.date_of_birth).years >= 65
    for rep in mother.representatives.all():
        assert rep.review_on > AS_OF and not rep.review_overdue_on(AS_OF), rep.name


def test_reviews_over_several_years_have_everyones_evaluation_answers_valid_by_their_questionnaires(dated_demo):
    """Issue 21: every review the demo held has the person's answers, with who answered varied (mostly someone other
    than the person, as in the Essex study), a family carer's where there is one, and the worker's; across at least
    three calendar years; each set valid by its own questionnaire's rules."""
    from selfdirect.outcomes import evaluation
    from selfdirect.outcomes.models import Evaluation, Review

    reviews = Review.objects.all()
    evaluations = list(Evaluation.objects.select_related("review"))
    assert len({r.held_on.year for r in reviews}) >= 3
    assert len({e.held_on.year for e in evaluations}) >= 3
    for e in evaluations:
        questionnaire = evaluation.get(e.questionnaire)
        assert questionnaire.check(e.answers) == e.answers and questionnaire.respondent == e.respondent
        assert e.scale == questionnaire.scale and e.held_on == e.review.held_on <= AS_OF
        assert e.answered_by in evaluation.ANSWERED_BY_FOR[e.respondent]
        assert e.created_at == e.review.created_at  # dated when the review was recorded, not when the demo was built
    by_review = collections.defaultdict(collections.Counter)
    for e in evaluations:
        by_review[e.review_id][e.respondent] += 1
    assert set(by_review) == set(reviews.values_list("pk", flat=True))
    assert all(kinds[evaluation.PERSON] == 1 and kinds[evaluation.WORKER] == 1 for kinds in by_review.values())
    carers = [e for e in evaluations if e.respondent == evaluation.FAMILY_CARER]
    assert carers and all(e.respondent_name and e.case.person.carers.filter(name=e.respondent_name).exists()
                          for e in carers)
    answered = collections.Counter(e.answered_by for e in evaluations if e.respondent == evaluation.PERSON)
    assert len(answered) >= 4
    assert answered[evaluation.RELATIVE] > answered[evaluation.PERSON_ALONE]
    assert sum(n for who, n in answered.items() if who not in evaluation.OWN_VOICE) > 0.5 * sum(answered.values())


def test_the_demos_answers_differ_by_delivery_option(dated_demo):
    """So the dashboards show something: people with a direct payment more often say choice and control got better
    than people whose support the council manages."""
    from selfdirect.outcomes.models import Evaluation
    from selfdirect.planning.models import ChoiceRecord

    chosen = dict(ChoiceRecord.objects.filter(decision="chosen").order_by("pk").values_list("case_id", "option"))
    said = collections.defaultdict(list)
    for case_id, answers in Evaluation.objects.filter(respondent="person").values_list("case_id", "answers"):
        said[chosen.get(case_id)].append(answers["choice_and_control"] == "better")
    share = {option: sum(found) / len(found) for option, found in said.items() if found}
    assert share["direct_payment"] > share["council_managed"] + 0.15, share


def test_a_few_stories_with_their_tellers_choices_and_most_people_agree_to_tell_the_staff_who_helped(dated_demo):
    from selfdirect.outcomes import evaluation
    from selfdirect.outcomes.models import Story
    from selfdirect.people.authority import OUTCOMES_TO_HELPERS
    from selfdirect.people.models import Consent, Person

    stories = list(Story.objects.select_related("review").prefetch_related("outcomes"))
    assert len(stories) >= 3
    assert {s.share_with_helpers for s in stories} == {True, False}
    assert any(s.share_for_research for s in stories)
    for story in stories:
        assert story.words and story.domains and set(story.domains) <= set(evaluation.DOMAINS)
        assert story.case_id == story.review.case_id and story.held_on == story.review.held_on
        assert all(o.plan.case_id == story.case_id for o in story.outcomes.all())
    assert any(story.outcomes.all() for story in stories)
    consents = Consent.objects.filter(purpose=OUTCOMES_TO_HELPERS)
    agreeing = consents.filter(withdrawn_on__isnull=True).values("person").distinct().count()
    assessed = Person.objects.filter(cases__events__to_state="assessment").distinct().count()
    assert agreeing > 0.6 * assessed and consents.filter(withdrawn_on__isnull=False).exists()
    assert all(c.given_on <= AS_OF and c.recorded_by is not None for c in consents)
