"""Issue 17: the person can ask for the assessment to be looked at again; the request, the second look and its outcome
are recorded, and the letter says how."""

import datetime

import pytest
from django.utils import timezone

from selfdirect.audit.models import AuditEvent
from selfdirect.charging import actions
from selfdirect.charging.models import Reconsideration
from tests.charging.inputs import assessment_input


@pytest.fixture
def person(council):
    return council.live_person(user=council.holder, date_of_birth=datetime.date(1948, 5, 1))


@pytest.fixture
def assessment(council, person):
    return actions.record_assessment(person, assessment_input(person), actor=council.finance)


@pytest.fixture
def colleague(council):
    """A second finance officer, who did not make the assessment."""
    from selfdirect.accounts.models import User
    from selfdirect.core.roles import Role

    return User.objects.create_user(username="finance.two", password="a-long-test-password",
                                    role=Role.FINANCE_OFFICER, first_name="Fay")


def _family(council, person, scope="welfare_and_property"):
    from selfdirect.people import actions as people_actions

    people_actions.add_representative(person, actor=council.worker, name="Frank Green", relationship="Son or daughter",
                                      kind="consent", scope=scope, evidence_reference="Consent form",
                                      user=council.family, starts_on=datetime.date(2026, 1, 1))


def _ask(assessment, actor, **kwargs):
    kwargs.setdefault("grounds", "My pension is less than that")
    return actions.ask_to_look_again(assessment, actor=actor, **kwargs)


# Asking

def test_the_person_asks_online_whatever_channel_they_name(council, assessment):
    made = _ask(assessment, council.holder, asked_via="phone", grounds="  My pension is less than that  ")
    assert made.asked_via == "online" and made.recorded_by == council.holder and made.status == "asked"
    assert made.person == assessment.person and made.grounds == "My pension is less than that"
    event = AuditEvent.objects.get(person=assessment.person, what__startswith="Asked for the financial assessment")
    assert event.actor == council.holder and event.why == "My pension is less than that" and "(online)" in event.what


@pytest.mark.parametrize("who", ["worker", "manager", "finance", "admin"])
def test_staff_record_a_request_made_another_way_saying_how(council, assessment, who):
    with pytest.raises(actions.ReconsiderationError, match="Select how the person asked") as caught:
        _ask(assessment, getattr(council, who))
    assert caught.value.field == "asked_via"
    with pytest.raises(actions.ReconsiderationError, match="Select how the person asked"):
        _ask(assessment, getattr(council, who), asked_via="online")
    made = _ask(assessment, getattr(council, who), asked_via="letter")
    assert made.asked_via == "letter" and made.recorded_by == getattr(council, who)


def test_someone_acting_for_the_person_asks_when_their_authority_covers_charging(council):
    person = council.live_person()
    assessment = actions.record_assessment(person, assessment_input(person), actor=council.finance)
    _family(council, person, scope="welfare")
    with pytest.raises(actions.ReconsiderationError, match="Only the person, someone acting for them"):
        _ask(assessment, council.family)
    _family(council, person, scope="property")
    assert _ask(assessment, council.family).asked_via == "online"


@pytest.mark.parametrize("who", ["south_worker", "other_holder", "family", "adviser", "provider", "commissioner"])
def test_nobody_else_may_ask(council, assessment, who):
    with pytest.raises(actions.ReconsiderationError, match="Only the person, someone acting for them"):
        _ask(assessment, getattr(council, who), asked_via="phone")
    assert not Reconsideration.objects.exists()


def test_grounds_are_required_and_limited(council, assessment):
    with pytest.raises(actions.ReconsiderationError, match="Enter what you think is wrong") as caught:
        _ask(assessment, council.holder, grounds="   ")
    assert caught.value.field == "grounds"
    with pytest.raises(actions.ReconsiderationError, match="Enter what the person thinks is wrong"):
        _ask(assessment, council.worker, asked_via="phone", grounds="")
    with pytest.raises(actions.ReconsiderationError, match="What you think is wrong must be 2000 characters or less"):
        _ask(assessment, council.holder, grounds="x" * 2001)
    assert not Reconsideration.objects.exists()
    assert _ask(assessment, council.holder, grounds="x" * 2000).pk


def test_only_the_current_assessment_can_be_asked_about(council, person, assessment):
    newer = actions.record_assessment(person, assessment_input(person, capital_pence=100000), actor=council.finance)
    with pytest.raises(actions.ReconsiderationError, match="Only the latest financial assessment"):
        _ask(assessment, council.holder)
    assert _ask(newer, council.holder).assessment == newer


def test_one_open_request_an_assessment_at_a_time(council, assessment, colleague):
    first = _ask(assessment, council.holder)
    with pytest.raises(actions.ReconsiderationError, match="already asked to look at this assessment again on .* only "
                                                           "one request at a time"):
        _ask(assessment, council.worker, asked_via="phone")
    assert Reconsideration.objects.count() == 1
    actions.decide_reconsideration(first, actor=colleague, outcome="unchanged", explanation="The pension is right")
    assert _ask(assessment, council.holder, grounds="Still wrong").status == "asked"


def test_the_database_keeps_one_open_request_an_assessment(council, assessment):
    from django.db import IntegrityError, transaction

    _ask(assessment, council.holder)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reconsideration.objects.create(person=assessment.person, assessment=assessment, asked_via="phone",
                                       recorded_by=council.worker, grounds="Again")


# Deciding

def test_only_finance_decides_and_never_whoever_made_the_assessment(council, assessment, colleague):
    asked = _ask(assessment, council.holder)
    for who in (council.worker, council.manager, council.holder):
        with pytest.raises(actions.ReconsiderationError, match="Only the finance team"):
            actions.decide_reconsideration(asked, actor=who, outcome="unchanged", explanation="Fine")
    with pytest.raises(actions.ReconsiderationError, match="You made this assessment"):
        actions.decide_reconsideration(asked, actor=council.finance, outcome="unchanged", explanation="Fine")
    decided = actions.decide_reconsideration(asked, actor=colleague, outcome="unchanged",
                                             explanation="  We checked the pension with the DWP  ")
    assert decided.status == "decided" and decided.outcome == "unchanged" and decided.decided_by == colleague
    assert decided.explanation == "We checked the pension with the DWP" and decided.new_assessment is None
    assert AuditEvent.objects.filter(person=assessment.person, actor=colleague, action="decision",
                                     what="Looked at the financial assessment again: the assessment stands",
                                     why="We checked the pension with the DWP").exists()
    with pytest.raises(actions.ReconsiderationError, match="already looked at again on"):
        actions.decide_reconsideration(asked, actor=council.admin, outcome="unchanged", explanation="Again")


def test_an_administrator_who_did_not_make_it_may_decide(council, assessment):
    decided = actions.decide_reconsideration(_ask(assessment, council.holder), actor=council.admin,
                                             outcome="unchanged", explanation="Checked")
    assert decided.decided_by == council.admin


def test_the_outcome_and_explanation_are_required_together(council, assessment, colleague):
    asked = _ask(assessment, council.holder)
    with pytest.raises(actions.ReconsiderationError) as caught:
        actions.decide_reconsideration(asked, actor=colleague, outcome="", explanation=" ")
    assert [(e.field, str(e)) for e in caught.value.every] == [
        ("outcome", "Select what looking again found"), ("explanation", "Enter what you looked at and why")]
    with pytest.raises(actions.ReconsiderationError, match="2000 characters or less"):
        actions.decide_reconsideration(asked, actor=colleague, outcome="unchanged", explanation="x" * 2001)
    asked.refresh_from_db()
    assert asked.status == "asked"


def test_changed_needs_an_assessment_of_the_person_made_after_the_request(council, person, assessment, colleague):
    earlier = assessment
    asked = _ask(assessment, council.holder)
    with pytest.raises(actions.ReconsiderationError, match="Select the new assessment that changed it") as caught:
        actions.decide_reconsideration(asked, actor=colleague, outcome="changed", explanation="Pension lower")
    assert caught.value.field == "new_assessment"
    with pytest.raises(actions.ReconsiderationError, match="made after they asked"):
        actions.decide_reconsideration(asked, actor=colleague, outcome="changed", explanation="x", new_assessment=earlier)
    other = council.live_person(first_name="Other")
    elsewhere = actions.record_assessment(other, assessment_input(other), actor=council.finance)
    with pytest.raises(actions.ReconsiderationError, match="made after they asked"):
        actions.decide_reconsideration(asked, actor=colleague, outcome="changed", explanation="x",
                                       new_assessment=elsewhere)
    newer = actions.record_assessment(person, assessment_input(person, income=[
        {"type": "state_pension", "amount_pence": 25000, "period": "weekly"}]), actor=colleague,
        reason="circumstances")
    with pytest.raises(actions.ReconsiderationError, match="Leave the new assessment empty"):
        actions.decide_reconsideration(asked, actor=colleague, outcome="unchanged", explanation="x", new_assessment=newer)
    decided = actions.decide_reconsideration(asked, actor=colleague, outcome="changed", explanation="Pension lower",
                                             new_assessment=newer)
    assert decided.outcome == "changed" and decided.new_assessment == newer


# The pages

def test_staff_record_a_request_from_the_assessment_page(council, person, assessment, signed_in):
    client = signed_in(council.worker)
    page = client.get(f"/people/{person.pk}/charging/{assessment.pk}/").content.decode()
    assert "Asked to look again" in page and "No one has asked" in page
    assert f"/people/{person.pk}/charging/{assessment.pk}/look-again/" in page and "Record a request to look again" in page
    form = client.get(f"/people/{person.pk}/charging/{assessment.pk}/look-again/").content.decode()
    assert 'name="asked_via"' in form and 'for="id_grounds"' in form
    missing = client.post(f"/people/{person.pk}/charging/{assessment.pk}/look-again/", {"grounds": "Wrong pension"})
    assert missing.status_code == 400 and "Select how the person asked" in missing.content.decode()
    response = client.post(f"/people/{person.pk}/charging/{assessment.pk}/look-again/",
                           {"asked_via": "phone", "grounds": "Says the pension is wrong"})
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/charging/{assessment.pk}/"
    made = Reconsideration.objects.get()
    assert made.asked_via == "phone" and made.recorded_by == council.worker
    page = client.get(f"/people/{person.pk}/charging/{assessment.pk}/").content.decode()
    assert "Says the pension is wrong" in page and "Waiting for a second look" in page
    assert "Record a request to look again" not in page and "Record the outcome" not in page  # a worker does not decide
    assert signed_in(council.south_worker).get(
        f"/people/{person.pk}/charging/{assessment.pk}/look-again/").status_code == 404
    assert signed_in(council.provider).get(  # the provider reaches the person, not their charging
        f"/people/{person.pk}/charging/{assessment.pk}/look-again/").status_code == 403


def test_the_budget_holder_asks_from_their_letter_and_later_reads_the_outcome(council, person, assessment, colleague,
                                                                               signed_in):
    holder = signed_in(council.holder)
    letter_url = f"/people/{person.pk}/charging/{assessment.pk}/letter/"
    letter = holder.get(letter_url).content.decode()
    assert "sign in to Selfdirect" in letter and "Local Government and Social Care Ombudsman" in letter
    assert "within 28 days" in letter and "Someone who did not make this assessment will look at it again" in letter
    assert f'action="/people/{person.pk}/charging/{assessment.pk}/look-again/"' in letter and 'id="id_grounds"' in letter
    assert 'name="asked_via"' not in letter
    empty = holder.post(f"/people/{person.pk}/charging/{assessment.pk}/look-again/", {"grounds": ""})
    assert empty.status_code == 400 and "Enter what you think is wrong" in empty.content.decode()
    assert 'href="#id_grounds"' in empty.content.decode()
    response = holder.post(f"/people/{person.pk}/charging/{assessment.pk}/look-again/",
                           {"grounds": "I pay rent you left out", "asked_via": "phone"})
    assert response.status_code == 302 and response["Location"] == letter_url
    made = Reconsideration.objects.get()
    assert made.asked_via == "online" and made.recorded_by == council.holder
    letter = holder.get(letter_url).content.decode()
    today = timezone.localdate()
    assert f"You asked us to look again on {today.day} {today:%B %Y}." in letter
    assert f"We aim to write to you within {actions.LOOK_AGAIN_REPLY_DAYS} days" in letter
    assert 'id="id_grounds"' not in letter
    # finance decides, from its queue
    finance = signed_in(colleague)
    queue = finance.get("/finance/look-again/").content.decode()
    assert person.full_name in queue and "1 request waiting" in queue and "0 working days" in queue
    decide_url = f"/people/{person.pk}/charging/look-again/{made.pk}/decide/"
    assert decide_url in queue
    assert "1 request to look again waiting" in finance.get("/").content.decode()
    bad = finance.post(decide_url, {"outcome": "changed", "explanation": "Rent counted"})
    assert bad.status_code == 400 and "Make a new assessment before you record that the assessment was changed" in (
        bad.content.decode())
    newer = actions.record_assessment(person, assessment_input(person, housing_costs=[
        {"description": "Rent", "amount_pence": 5000, "period": "weekly"}]), actor=colleague, reason="circumstances")
    form = finance.get(decide_url).content.decode()
    assert f'value="{newer.pk}"' in form and f'value="{assessment.pk}"' not in form
    done = finance.post(decide_url, {"outcome": "changed", "explanation": "We counted your rent",
                                     "new_assessment": str(newer.pk)})
    assert done.status_code == 302 and done["Location"] == f"/people/{person.pk}/charging/{assessment.pk}/"
    assert "No assessments are waiting" in finance.get("/finance/look-again/").content.decode()
    # the person reads the outcome on the old letter, and the new letter says why it was made
    holder = signed_in(council.holder)
    letter = holder.get(letter_url).content.decode()
    assert "and changed your assessment" in letter and "We counted your rent" in letter
    assert f"/people/{person.pk}/charging/{newer.pk}/letter/" in letter and "Read your new letter" in letter
    assert 'id="id_grounds"' not in letter  # no longer the current assessment
    new_letter = holder.get(f"/people/{person.pk}/charging/{newer.pk}/letter/").content.decode()
    assert "You asked us to look again at your financial assessment from" in new_letter
    assert 'id="id_grounds"' in new_letter  # the new one can be asked about in turn


def test_the_person_reads_that_the_assessment_stands(council, person, assessment, colleague, signed_in):
    asked = _ask(assessment, council.holder)
    actions.decide_reconsideration(asked, actor=colleague, outcome="unchanged",
                                   explanation="Your pension matches the DWP letter")
    letter = signed_in(council.holder).get(f"/people/{person.pk}/charging/{assessment.pk}/letter/").content.decode()
    assert "did not change your assessment" in letter and "Your pension matches the DWP letter" in letter
    assert 'id="id_grounds"' in letter  # they may ask again
    detail = signed_in(council.worker).get(f"/people/{person.pk}/charging/{assessment.pk}/").content.decode()
    assert "The assessment stands" in detail and "Your pension matches the DWP letter" in detail


def test_staff_see_no_ask_form_on_the_letter_and_the_holder_no_staff_link(council, person, assessment, signed_in):
    letter = signed_in(council.worker).get(f"/people/{person.pk}/charging/{assessment.pk}/letter/").content.decode()
    assert 'id="id_grounds"' not in letter and "sign in to Selfdirect" in letter
    detail = signed_in(council.holder).get(f"/people/{person.pk}/charging/{assessment.pk}/").content.decode()
    assert "Asked to look again" in detail and "Record a request to look again" not in detail


def test_the_family_member_asks_from_the_letter(council, signed_in):
    person = council.live_person()
    assessment = actions.record_assessment(person, assessment_input(person), actor=council.finance)
    _family(council, person)
    family = signed_in(council.family)
    assert 'id="id_grounds"' in family.get(f"/people/{person.pk}/charging/{assessment.pk}/letter/").content.decode()
    response = family.post(f"/people/{person.pk}/charging/{assessment.pk}/look-again/", {"grounds": "Mum's savings fell"})
    assert response.status_code == 302
    assert Reconsideration.objects.get().recorded_by == council.family


def test_the_decide_page_is_for_finance_who_did_not_make_it(council, person, assessment, colleague, signed_in):
    asked = _ask(assessment, council.holder)
    url = f"/people/{person.pk}/charging/look-again/{asked.pk}/decide/"
    assert signed_in(council.worker).get(url).status_code == 403
    assert signed_in(council.holder).get(url).status_code == 403
    own = signed_in(council.finance)
    page = own.get(url).content.decode()
    assert "You made this assessment" in page and 'name="outcome"' not in page
    assert own.post(url, {"outcome": "unchanged", "explanation": "Fine"}).status_code == 400
    assert "You made this assessment" in own.get(f"/people/{person.pk}/charging/{assessment.pk}/").content.decode()
    asked.refresh_from_db()
    assert asked.status == "asked"
    detail = signed_in(colleague).get(f"/people/{person.pk}/charging/{assessment.pk}/").content.decode()
    assert url in detail and "Record the outcome" in detail
    missing = signed_in(colleague).post(url, {})
    body = missing.content.decode()
    assert missing.status_code == 400 and "Select what looking again found" in body
    assert "Enter what you looked at and why" in body


def test_the_person_is_told_what_happens_next_and_how_soon(council, person, assessment, signed_in, monkeypatch):
    """Walk finding: after asking online the person read only "We will write to you", with no timescale."""
    holder = signed_in(council.holder)
    letter_url = f"/people/{person.pk}/charging/{assessment.pk}/letter/"
    ask_url = f"/people/{person.pk}/charging/{assessment.pk}/look-again/"
    assert actions.LOOK_AGAIN_REPLY_DAYS == 28
    monkeypatch.setattr(actions, "LOOK_AGAIN_REPLY_DAYS", 21)  # the pages say the constant, not a figure of their own
    assert "within 21 days" in holder.get(ask_url).content.decode()
    response = holder.post(ask_url, {"grounds": "I pay rent you left out"}, follow=True)
    body = response.content.decode()
    assert "A finance officer who did not make the assessment will look at it" in body
    assert "We aim to write to you within 21 days" in body
    assert "Keep paying the amount in your letter while we look again" in body
    # the payment run never pays back earlier periods (money.actions), so the page promises no refund
    assert "If we change it, the new amount starts from the date in the new letter" in body
    assert "pay back" not in body
    again = holder.get(ask_url).content.decode()  # asked already: the same words
    assert "We aim to write to you within 21 days" in again and "Keep paying the amount in your letter" in again
    assert "We aim to write to you within 21 days" in holder.get(letter_url).content.decode()


def test_with_no_new_assessment_the_outcome_page_says_to_make_one_first(council, person, assessment, colleague,
                                                                      signed_in):
    """Walk finding: choosing "changed" before any new assessment linked its error to a field that was not there."""
    asked = _ask(assessment, council.holder)
    url = f"/people/{person.pk}/charging/look-again/{asked.pk}/decide/"
    finance = signed_in(colleague)
    page = finance.get(url).content.decode()
    assert "To change the assessment," in page and "then come back to record the outcome" in page
    assert f'href="/people/{person.pk}/charging/new/"' in page
    assert 'name="new_assessment"' not in page
    bad = finance.post(url, {"outcome": "changed", "explanation": "Rent counted"})
    body = bad.content.decode()
    assert bad.status_code == 400 and "Make a new assessment before you record that the assessment was changed" in body
    assert 'href="#id_outcome"' in body and 'href="#id_new_assessment"' not in body
    assert 'id="id_outcome"' in body  # the error links to a field on the page
    asked.refresh_from_db()
    assert asked.status == "asked"
    # once there is one, it is offered, and choosing none names that field
    newer = actions.record_assessment(person, assessment_input(person), actor=colleague, reason="circumstances")
    page = finance.get(url).content.decode()
    assert f'value="{newer.pk}"' in page and "then come back to record the outcome" not in page
    bad = finance.post(url, {"outcome": "changed", "explanation": "Rent counted"})
    body = bad.content.decode()
    assert "Select the new assessment that changed it" in body and 'href="#id_new_assessment"' in body
    assert 'id="id_new_assessment"' in body


def test_the_queue_is_oldest_first_for_finance_only_and_audits_each_person(council, colleague, signed_in):
    first = council.live_person(first_name="Older", date_of_birth=datetime.date(1948, 5, 1))
    second = council.live_person(first_name="Newer", date_of_birth=datetime.date(1949, 5, 1))
    old = _ask(actions.record_assessment(first, assessment_input(first), actor=council.finance), council.worker,
               asked_via="phone")
    _ask(actions.record_assessment(second, assessment_input(second), actor=council.finance), council.worker,
         asked_via="email")
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    Reconsideration.objects.filter(pk=old.pk).update(asked_at=timezone.make_aware(
        datetime.datetime.combine(monday, datetime.time(10))))
    body = signed_in(colleague).get("/finance/look-again/").content.decode()
    assert body.index("Older Evans") < body.index("Newer Evans") and "2 requests waiting" in body
    from selfdirect.core.dates import working_days_between

    assert f"{working_days_between(monday, today)} working days" in body
    listed = AuditEvent.objects.filter(actor=colleague, action="read",
                                       what="Listed requests to look at a financial assessment again")
    assert set(listed.values_list("person_id", flat=True)) == {first.pk, second.pk}
    mine = signed_in(council.finance).get("/finance/look-again/").content.decode()
    assert "You made it: someone else records the outcome" in mine
    assert signed_in(council.worker).get("/finance/look-again/").status_code == 403
    assert signed_in(council.admin).get("/finance/look-again/").status_code == 200


def test_the_pdf_letter_says_how_to_ask():
    from pathlib import Path

    body = (Path(actions.__file__).parent / "jinja2" / "charging" / "_letter_body.html").read_text()
    for words in ("sign in to Selfdirect", "by phone", "by email", "by letter", "within 28 days",
                  "Someone who did not make this assessment", "Local Government and Social Care Ombudsman"):
        assert words in body


# The API

def test_the_api_asks_lists_and_refuses_a_second(council, person, assessment, api):
    url = f"/api/v1/people/{person.pk}/financial-assessments/{assessment.pk}/look-again/"
    holder = api(council.holder)
    made = holder.post(url, {"grounds": "Rent left out"}, format="json")
    assert made.status_code == 201 and made.json()["asked_via"] == "online" and made.json()["status"] == "asked"
    again = api(council.worker).post(url, {"grounds": "Again", "asked_via": "phone"}, format="json")
    assert again.status_code == 409 and "only one request at a time" in again.json()["detail"]
    assert [r["id"] for r in api(council.worker).get(url).json()] == [made.json()["id"]]
    assert api(council.south_worker).get(url).status_code == 404
    assert api(council.other_holder).post(url, {"grounds": "x"}, format="json").status_code == 404
    assert AuditEvent.objects.filter(person=person, channel="api", what__startswith="Asked for the financial").exists()


def test_the_api_names_the_field(council, person, assessment, api):
    url = f"/api/v1/people/{person.pk}/financial-assessments/{assessment.pk}/look-again/"
    missing = api(council.worker).post(url, {"grounds": "x"}, format="json")
    assert missing.status_code == 400 and missing.json()["errors"] == {"asked_via": ["Select how the person asked"]}
    empty = api(council.holder).post(url, {"grounds": ""}, format="json")
    assert empty.status_code == 400 and empty.json()["errors"] == {"grounds": ["Enter what you think is wrong"]}
    assert api(council.provider).post(url, {"grounds": "x"}, format="json").status_code == 403
    assert not Reconsideration.objects.exists()


def test_the_api_decides_and_the_queue_lists(council, person, assessment, colleague, api):
    asked = _ask(assessment, council.holder)
    base = f"/api/v1/people/{person.pk}/financial-assessments/{assessment.pk}/look-again/{asked.pk}/decide/"
    queue = api(colleague).get("/api/v1/finance/look-again/").json()
    assert queue["count"] == 1 and queue["results"][0]["person"] == person.pk
    assert queue["results"][0]["working_days_waiting"] == 0
    assert api(council.worker).get("/api/v1/finance/look-again/").status_code == 403
    assert api(council.worker).post(base, {"outcome": "unchanged", "explanation": "x"}, format="json").status_code == 403
    own = api(council.finance).post(base, {"outcome": "unchanged", "explanation": "x"}, format="json")
    assert own.status_code == 409 and "You made this assessment" in own.json()["detail"]
    both = api(colleague).post(base, {}, format="json")
    assert both.status_code == 400 and set(both.json()["errors"]) == {"outcome", "explanation"}
    stray = api(colleague).post(base, {"outcome": "changed", "explanation": "x", "new_assessment": assessment.pk},
                                format="json")
    assert stray.status_code == 400 and "new_assessment" in stray.json()["errors"]
    newer = actions.record_assessment(person, assessment_input(person, capital_pence=50000), actor=colleague)
    done = api(colleague).post(base, {"outcome": "changed", "explanation": "Savings recounted",
                                      "new_assessment": newer.pk}, format="json")
    assert done.status_code == 200 and done.json()["outcome"] == "changed" and done.json()["new_assessment"] == newer.pk
    assert done.json()["decided_by"] == colleague.display_name
    assert api(colleague).get("/api/v1/finance/look-again/").json()["count"] == 0
    wrong = f"/api/v1/people/{person.pk}/financial-assessments/{newer.pk}/look-again/{asked.pk}/decide/"
    assert api(colleague).post(wrong, {}, format="json").status_code == 404
