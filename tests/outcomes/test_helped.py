"""People I helped (outcomes.helped, docs/people-i-helped.md): each kind of helper sees how things went for the person
after a review, only the rule's fields, only with the person's live consent and within the window; a story only where
its teller shared it; a notice once each; the email digest once."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent
from selfdirect.charging import actions as charging
from selfdirect.core.roles import Role
from selfdirect.outcomes import access, actions, helped, queries
from selfdirect.outcomes.models import DigestChoice, Evaluation, HelperNotice, Story
from selfdirect.people import actions as people_actions
from selfdirect.people import queries as people_queries
from selfdirect.people.authority import OUTCOMES_TO_HELPERS
from selfdirect.planning import queries as planning
from tests.charging.inputs import assessment_input

D = datetime.date
HELD_ON = D(2026, 3, 20)
SECRETS = ("Secret summary of the conversation", "Moved the visits to mornings", "9434765919", "EX1 2AB",
           "Jane Carer", "Not for the helpers", "Skips meals and cannot wash safely", "Help with personal care")


def _staff(username, role, team):
    user = User.objects.create_user(username=username, password="a-long-test-password", role=role, team=team,
                                    email=f"{username}@council.example")
    user.first_name = username.title()
    user.save()
    return user


@pytest.fixture
def journey(council):
    """Elsie, helped by a different member of staff at each step, who agreed to tell them how things went: first
    contact (council.worker), assessor, planner, the approving manager, the finance officer and an independent adviser;
    a review held by yet another worker, with her answers, a story she shared and one she did not."""
    north = council.north
    who = {"first_contact": council.worker, "assessor": _staff("assessor", Role.SOCIAL_WORKER, north),
           "planner": _staff("planner", Role.SOCIAL_WORKER, north), "approver": council.manager,
           "financial_assessor": council.finance, "adviser": council.adviser,
           "reviewer": _staff("reviewer", Role.SOCIAL_WORKER, north)}
    person = council.person(consents=(OUTCOMES_TO_HELPERS,))
    council.assess(person, actor=who["assessor"])
    charging.record_assessment(person, assessment_input(person), actor=council.finance)
    council.plan(person, actor=who["planner"])
    council.submit(person, actor=who["planner"])
    council.approve(person)
    council.go_live(person)
    people_actions.add_representative(person, actor=council.worker, name="Ada Adviser",
                                      relationship="Independent adviser", kind="consent", scope="welfare_and_property",
                                      evidence_reference="Consent form", user=council.adviser,
                                      starts_on=D(2026, 1, 1))
    case = council.case(person)
    plan = planning.approved_plan_for(case)
    review = actions.record_review(
        case, actor=who["reviewer"], held_on=HELD_ON, summary=SECRETS[0], decision="continue",
        ratings={o.pk: "partly" for o in plan.outcomes.all()}, depth="light", reason="Planned",
        method="Service user only", what_changed=SECRETS[1])
    Evaluation.objects.create(review=review, case=case, respondent="person", answered_by="person_with_family",
                              questionnaire="person-v1", scale="change", answers={"health": "better", "money": "worse"},
                              held_on=HELD_ON, recorded_by=who["reviewer"])
    Evaluation.objects.create(review=review, case=case, respondent="family_carer", respondent_name=SECRETS[4],
                              answered_by="carer_themselves", questionnaire="family-carer-v1", scale="change",
                              answers={"carer_wellbeing": "same"}, held_on=HELD_ON, recorded_by=who["reviewer"])
    Story.objects.create(review=review, case=case, told_by="person", teller_name="Elsie Evans",
                         words="I go to the lunch club on Tuesdays now", domains=["friendships"],
                         share_with_helpers=True, held_on=HELD_ON, recorded_by=who["reviewer"])
    Story.objects.create(review=review, case=case, told_by="person", words=SECRETS[5], share_with_helpers=False,
                         held_on=HELD_ON, recorded_by=who["reviewer"])
    return {"person": person, "case": case, "review": review, "who": who}


HELPER_KINDS = ["first_contact", "assessor", "planner", "approver", "financial_assessor", "adviser"]


def test_every_kind_of_helper_is_found_from_the_records(journey):
    parts = queries.helpers_by_case([journey["case"].pk])[journey["case"].pk]
    found = {(p.user_id, p.kind) for p in parts}
    for kind in HELPER_KINDS:
        assert (journey["who"][kind].pk, kind) in found, kind


@pytest.mark.parametrize("kind", HELPER_KINDS)
def test_each_kind_of_helper_sees_only_the_rules_fields(journey, kind, signed_in):
    user = journey["who"][kind]
    people = access.helped_by(user)
    assert [p.name for p in people] == ["Elsie Evans"]
    seen = people[0]
    assert helped.KINDS[kind] in seen.helped_as
    [review] = seen.reviews
    assert (review.held_on, review.decision, review.delivery_option) == (HELD_ON, "Support continues as planned",
                                                                          "Direct payment")
    assert [(r.outcome, r.rating) for r in review.ratings] == [("I want to stay at home", "Partly achieved")]
    # The person's answers first, then a family carer's; each in the order its questionnaire asks them.
    assert [(e.respondent, e.answered_by, e.answers) for e in review.evaluations] == [
        ("The person", "The person, with family present", (("Health", "Better"), ("Money", "Worse"))),
        ("A family carer", "The family carer", (("The carer's own health and wellbeing", "About the same"),))]
    assert [s.words for s in review.stories] == ["I go to the lunch club on Tuesdays now"]
    page = signed_in(user).get(reverse("outcomes:helped"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Elsie Evans" in body and "I go to the lunch club on Tuesdays now" in body and "Partly achieved" in body
    for secret in SECRETS:
        assert secret not in body, secret


def test_the_reviewer_is_not_told_and_each_helper_is_told_once(journey):
    review = journey["review"]
    told = set(HelperNotice.objects.filter(review=review).values_list("user_id", flat=True))
    assert told == {journey["who"][k].pk for k in HELPER_KINDS}
    assert journey["who"]["reviewer"].pk not in told
    audits = AuditEvent.objects.filter(what__startswith="Told 6 staff who helped").count()
    assert audits == 1
    assert actions.notify_helpers(review, actor=journey["who"]["reviewer"]) == []  # again: nothing more
    assert HelperNotice.objects.filter(review=review).count() == 6
    assert AuditEvent.objects.filter(what__startswith="Told").count() == 1


def test_someone_who_did_not_help_sees_nothing(journey, council):
    assert access.helped_by(council.south_worker) == ()
    assert access.helped_by(journey["who"]["reviewer"]) == ()  # held the review, took no part in the journey


@pytest.mark.parametrize("role", ["provider", "holder", "family", "researcher", "commissioner"])
def test_a_role_that_does_not_help_people_gets_nothing(journey, council, role, signed_in):
    user = getattr(council, role)
    with pytest.raises(PermissionDenied):
        access.helped_by(user)
    assert signed_in(user).get(reverse("outcomes:helped")).status_code == 403


def test_withdrawn_consent_shows_nothing_more_from_that_day_and_tells_no_one(journey):
    person, assessor = journey["person"], journey["who"]["assessor"]
    consent = people_queries.open_consent(person, OUTCOMES_TO_HELPERS)
    people_actions.withdraw_consent(consent, actor=journey["who"]["first_contact"], withdrawn_on=timezone.localdate())
    assert access.helped_by(assessor) == ()
    HelperNotice.objects.all().delete()
    assert actions.notify_helpers(journey["review"], actor=journey["who"]["reviewer"]) == []
    assert not HelperNotice.objects.exists()


def test_the_window_ends_months_after_the_helpers_last_part(journey, settings):
    assessor = journey["who"]["assessor"]
    last = timezone.localdate()  # the assessment was made today
    ends = helped.window_ends(last, settings.HELPED_MONTHS)
    assert access.helped_by(assessor, today=ends) != ()
    assert access.helped_by(assessor, today=ends + datetime.timedelta(days=1)) == ()
    settings.HELPED_MONTHS = 0
    HelperNotice.objects.all().delete()
    assert {n.user_id for n in actions.notify_helpers(journey["review"], actor=journey["who"]["reviewer"])}  # today


def test_the_window_rule():
    assert helped.window_ends(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert helped.in_window(D(2026, 1, 1), D(2029, 1, 1), 36)
    assert not helped.in_window(D(2026, 1, 1), D(2029, 1, 2), 36)
    parts = [helped.Part(1, helped.ASSESSOR, D(2026, 1, 1)), helped.Part(1, helped.APPROVER, D(2026, 6, 1))]
    assert helped.may_see(parts, today=D(2029, 6, 1), consent_live=True, months=36)
    assert not helped.may_see(parts, today=D(2029, 6, 1), consent_live=False, months=36)
    assert helped.labels([helped.APPROVER, helped.ASSESSOR]) == "Assessed their needs; Agreed their plan"


def test_a_story_not_shared_is_not_shown_even_to_a_helper(journey):
    [person] = access.helped_by(journey["who"]["planner"])
    words = [s.words for r in person.reviews for s in r.stories]
    assert SECRETS[5] not in words


def test_seeing_the_page_audits_each_person_and_marks_their_notices_read(journey, signed_in):
    assessor = journey["who"]["assessor"]
    assert queries.unread_notice_count(assessor) == 1
    home = signed_in(assessor).get(reverse("site:home")).content.decode()
    assert "What happened to the people I helped" in home and "1 new review" in home
    before = AuditEvent.objects.filter(actor=assessor, person=journey["person"], action="read").count()
    body = signed_in(assessor).get(reverse("outcomes:helped")).content.decode()
    assert "New" in body
    assert AuditEvent.objects.filter(actor=assessor, person=journey["person"], action="read").count() == before + 1
    assert queries.unread_notice_count(assessor) == 0


def test_a_team_manager_sees_the_people_the_team_helped_without_stories(journey, council, signed_in):
    people, teams = access.team_helped_for(council.manager)
    assert [t.name for t in teams] == ["North locality team"]
    [person] = people
    assert person.name == "Elsie Evans"
    assert all(not r.stories for r in person.reviews)
    assert "Assessor" in person.helpers and "Planner" in person.helpers
    assert access.team_helped_for(council.south_manager)[0] == ()
    with pytest.raises(PermissionDenied):
        access.team_helped_for(council.worker)
    body = signed_in(council.manager).get(reverse("outcomes:helped-team")).content.decode()
    assert "Elsie Evans" in body and "lunch club" not in body


def test_the_digest_is_sent_once_to_those_who_asked_with_no_name(journey, council):
    assessor, planner = journey["who"]["assessor"], journey["who"]["planner"]
    actions.choose_digest(assessor, True)
    assert DigestChoice.objects.get(user=assessor).email
    assert AuditEvent.objects.filter(actor=assessor, what__startswith="Chose to have an email").count() == 1
    now = timezone.now()
    assert actions.send_digests(now, base_url="https://budgets.example/") == 1
    [email] = mail.outbox
    assert email.to == [assessor.email]
    assert "1 person" in email.subject and "https://budgets.example/people/helped/" in email.body
    assert "Elsie" not in email.body + email.subject and "Partly" not in email.body
    assert HelperNotice.objects.get(user=assessor).emailed_at == now
    assert not HelperNotice.objects.get(user=planner).emailed_at  # did not ask
    assert actions.send_digests(timezone.now(), base_url="https://budgets.example/") == 0
    assert len(mail.outbox) == 1


def test_the_digest_says_nothing_of_a_person_who_withdrew_since_and_never_waits_for_them(journey, council):
    assessor, person = journey["who"]["assessor"], journey["person"]
    actions.choose_digest(assessor, True)
    consent = people_queries.open_consent(person, OUTCOMES_TO_HELPERS)
    people_actions.withdraw_consent(consent, actor=journey["who"]["first_contact"], withdrawn_on=timezone.localdate())
    now = timezone.now()
    assert actions.send_digests(now, base_url="https://budgets.example/") == 0
    assert not mail.outbox
    assert HelperNotice.objects.get(user=assessor).emailed_at == now  # marked, so it never waits for a later email


def test_the_digest_choice_needs_an_email_address_and_a_helper(journey, council, signed_in):
    with pytest.raises(actions.HelpedError):
        actions.choose_digest(council.worker, True)  # the council's worker has no email address
    with pytest.raises(actions.HelpedError):
        actions.choose_digest(council.provider, False)
    page = signed_in(journey["who"]["planner"]).post(reverse("outcomes:helped-email"), {"email": "yes"})
    assert page.status_code == 302
    assert DigestChoice.objects.get(user=journey["who"]["planner"]).email


def test_the_api_gives_a_helper_their_people_with_the_rules_fields_only(journey, api, council):
    answer = api(journey["who"]["assessor"]).get(reverse("api-helped"))
    assert answer.status_code == 200
    [person] = answer.json()
    assert set(person) == {"name", "helped_as", "sees_until", "reviews"}
    assert set(person["reviews"][0]) == {"held_on", "decision", "delivery_option", "ratings", "evaluations",
                                         "stories", "unread"}
    assert api(council.provider).get(reverse("api-helped")).status_code == 403


def test_the_command_sends_the_digest(journey, council, capsys):
    from django.core.management import call_command

    actions.choose_digest(journey["who"]["assessor"], True)
    call_command("outcomes", "send-digest", "--base-url", "https://budgets.example/")
    assert "Sent 1 email" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_page_shows_people_a_page_at_a_time_news_first_and_audits_only_those_shown(journey, council, signed_in,
                                                                                      monkeypatch):
    monkeypatch.setattr(access, "HELPED_PER_PAGE", 1)
    manager, reviewer = journey["who"]["approver"], journey["who"]["reviewer"]
    # A second person whose plan the manager agreed, reviewed twice, both reviews read already.
    other = council.live_person(first_name="Zena", consents=(OUTCOMES_TO_HELPERS,))
    case = council.case(other)
    outcomes = planning.approved_plan_for(case).outcomes.all()
    for held_on in (D(2026, 3, 25), D(2026, 4, 2)):
        actions.record_review(case, actor=reviewer, held_on=held_on, summary="Fine", decision="continue",
                              ratings={o.pk: "achieved" for o in outcomes}, depth="light", reason="Planned",
                              method="Service user only", what_changed="Nothing changed")
        case.refresh_from_db()
    HelperNotice.objects.filter(user=manager, review__case=case).update(read_at=timezone.now())
    before = AuditEvent.objects.filter(actor=manager, what="Listed on the people they helped").count()
    client = signed_in(manager)
    first = client.get(reverse("outcomes:helped")).content.decode()
    # Elsie has news, so she comes first; one person a page; the counts by option cover both.
    assert "Elsie Evans" in first and "Zena" not in first and "Page 1 of 2" in first and "2 in all" in first
    assert AuditEvent.objects.filter(actor=manager, what="Listed on the people they helped").count() == before + 1
    second = client.get(reverse("outcomes:helped") + "?page=2").content.decode()
    assert "Zena" in second and "Elsie Evans" not in second
    # The latest review shown, the earlier one behind "Earlier reviews (1)", closed as it is not new.
    assert second.index("Review of 2 April 2026") < second.index("Earlier reviews (1)") < second.index(
        "Review of 25 March 2026")
    assert '<details class="govuk-details">' in second
