"""A team manager reads the outcomes dashboard (issue 21, "Reporting"): the people's answers at review by domain, with
who answered; narrows it to the person's own voice; drills down to the people behind a count. axe checks every page."""

import datetime


def _answered(council, person, answers, by):
    from selfdirect.outcomes.models import Evaluation, OutcomeRating, Review
    from selfdirect.planning import queries as planning

    case = council.case(person)
    plan = planning.approved_plan_for(case)
    held_on = datetime.date(2026, 8, 1)
    review = Review.objects.create(case=case, plan=plan, held_on=held_on, summary="Going well", decision="continue",
                                   reviewed_by=council.worker)
    for outcome in plan.outcomes.all():
        OutcomeRating.objects.create(review=review, outcome=outcome, rating="achieved")
    Evaluation.objects.create(review=review, case=case, respondent="person", answered_by=by, questionnaire="person-v1",
                              scale="change", answers=answers, held_on=held_on, recorded_by=council.worker)


def test_a_team_manager_reads_the_outcomes_and_who_answered(visitor, council):
    elsie = council.live_person()
    _answered(council, elsie, {"health": "better", "money": "same"}, "person_with_family")
    frank = council.live_person(first_name="Frank")
    _answered(council, frank, {"health": "worse", "money": "better"}, "relative")
    v = visitor
    v.sign_in("manager")
    v.open_dashboard("Outcomes", start="2026-04-01")
    text = v.text()
    assert "Good answers by domain of life" in text and "Share of good answers by who answered" in text
    assert "were given by someone other than the person: fewer than 5 by a relative without the person" in text
    assert "The person, with family present" in text and "A relative, without the person" in text
    v.page.get_by_label("Who answered", exact=True).select_option(label="The person's own answers")
    v.click("Show")
    table = v.page.get_by_role("table", name="Share of good answers by who answered")
    assert "A relative, without the person" not in table.inner_text()
    v.follow_count(v.page.get_by_role("table", name="Good answers by domain of life").get_by_role("link"))
    assert "The people behind this figure" in v.text() and "Elsie Evans" in v.text() and "Frank" not in v.text()
