"""A person whose records are past the retention schedule: referred in January 2014, on a direct payment from
February 2014 (paid once, the money spent, a receipt kept), assessed for charges, with a carer, a son who acts for
them, a research consent, their own sign-in and a subject access request refused, and their case closed on 31 March
2015. Each step is taken through the real actions on the day it happened (time-machine), so every timestamp is old.
As of today the care record (8 years from the closure), the money (6 years from the end of that financial year) and
the request (3 years) are all past the schedule."""

import datetime
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

MARKS = {"first_name": "Zebedee", "last_name": "Quarrington-Vale", "nhs_number": "9434765870", "postcode": "EX9 7QZ",
         "date_of_birth": datetime.date(1947, 5, 17)}
CLOSED_ON = datetime.date(2015, 3, 31)


def at(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC), tick=False)


def one_page_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def build_past_person(council, *, spend_everything=True, close=True, marks=None, reference_suffix="",
                      paid_on=datetime.date(2014, 2, 1)):
    """The person described above; `spend_everything=False` leaves the direct payment unspent (money still held).
    Each person built in one test needs a `paid_on` of their own (a day has one payment run)."""
    from selfdirect.accounts.models import User
    from selfdirect.charging import actions as charging
    from selfdirect.charging.models import FinancialAssessment
    from selfdirect.core.roles import Role
    from selfdirect.journey import actions as journey
    from selfdirect.journey import queries as cases
    from selfdirect.money import actions as money
    from selfdirect.people import actions as people
    from selfdirect.people.models import Person
    from selfdirect.planning import actions as planning
    from selfdirect.planning import queries as plans
    from selfdirect.subject_access import actions as subject_access
    from tests.charging.inputs import assessment_input

    marks = {**MARKS, **(marks or {})}
    worker, day = council.worker, datetime.date(2014, 1, 6)
    with at(day):
        person = journey.create_person(
            {**marks, "gender": "Male", "ethnicity": "A", "client_type": "Service User",
             "primary_support_reason": "Physical Support: Personal care support", "client_group": "older_people",
             "gp_practice_name": f"{marks['last_name']} Surgery"},
            team=council.north, actor=worker,
            referral={"referred_on": day, "route_of_access": "Community / Other route",
                      "reason": f"{marks['first_name']} {marks['last_name']} fell at home"})
        user = User.objects.create_user(username=f"{marks['first_name'].lower()}.qv{reference_suffix}", password="a-long-test-password",
                                        role=Role.BUDGET_HOLDER, first_name=marks["first_name"],
                                        last_name=marks["last_name"], email=f"{marks['first_name'].lower()}{reference_suffix}@example.com")
        Person.objects.filter(pk=person.pk).update(user=user)
        person.refresh_from_db()
        people.add_carer(person, actor=worker, name=f"Quinn {marks['last_name']}", relationship="Son or daughter",
                         lives_with_person=False, hours_caring_per_week=10, willing_and_able_to_continue=True)
        people.add_representative(person, actor=worker, name=f"Quinn {marks['last_name']}",
                                  relationship="Son or daughter", kind="consent", scope="welfare_and_property",
                                  evidence_reference=f"Letter signed by {marks['first_name']}", starts_on=day)
        people.record_consent(person, actor=worker, purpose="research", given_on=day,
                              note=f"{marks['first_name']} agreed at home")
        council.assess(person)
        case = cases.current_case_for(person)
        planning.add_outcome(case, actor=worker, in_own_words=f"{marks['first_name']} wants to stay at home")
        planning.add_item(case, actor=worker, description=f"Help from the {marks['last_name']} family's PA",
                          supplier_kind="personal_assistant", supplier_name=f"Pat {marks['last_name']}", unit="hour",
                          unit_cost_pence=2000, quantity=Decimal("10"), period="weekly")
        council.submit(person)
        council.approve(person)
        case = cases.current_case_for(person)
        for code in ["council_managed", "individual_service_fund", "direct_payment", "mixed"]:
            planning.record_choice(case, actor=worker, option=code, offered=True, how="conversation",
                                   decision="chosen" if code == "direct_payment" else "declined")
        planning.organise_money(case, actor=worker, delivery_option="direct_payment")
        planning.save_direct_payment_setup(case, actor=worker, recipient="person", capacity_and_consent=True,
                                           agreement_signed_on=datetime.date(2014, 1, 20), account_kind="bank",
                                           account_name=f"Z {marks['last_name']} DP account", sort_code="30-99-50",
                                           account_number="12345678", employer_responsibilities=True,
                                           support_organisation_offered=True)
        item = plans.approved_plan_for(case).items.get()
        planning.arrange_item(case, item.pk, actor=worker, arranged_with=f"Pat {marks['last_name']}",
                              starts_on=datetime.date(2014, 2, 1))
        planning.start_support(case, actor=worker, starts_on=datetime.date(2014, 2, 1))
        case.refresh_from_db()
    with at(paid_on):
        run, report = money.pay(paid_on, actor=council.finance)
        assert report.paid == 1, "each person built in a test is paid by a run of their own"
    with at(datetime.date(2014, 2, 10)):
        # A request for a review (outcomes.ReviewRequest), declined with reasons: who asked and what was said hold marks.
        from selfdirect.outcomes import actions as outcomes

        asked = outcomes.request_review(case, actor=worker, said=f"{marks['first_name']} wants her plan looked at",
                                        asked_on=datetime.date(2014, 2, 10),
                                        asked_by_name=f"{marks['first_name']} {marks['last_name']}",
                                        asked_by_relationship="The person")
        outcomes.decide_request(asked, actor=worker, accept=False,
                                reasons=f"{marks['first_name']}'s review is next week")
        account = money.account(case, "direct_payment")
        account.refresh_from_db()
        if spend_everything:
            pounds = account.balance_pence / 100
            money.import_statement(f"Date,Description,Amount\n2014-02-09,PAT {marks['last_name'].upper()},-{pounds:.2f}\n",
                                   name="statement.csv", actor=council.finance,
                                   account_ref=money.account_reference(case))
        spent = money.record_spending(
            case, actor=user, spent_on=datetime.date(2014, 2, 9), payee=f"Pat {marks['last_name']}",
            amount_pence=2000, what_for=f"An hour of help for {marks['first_name']}",
            receipt=SimpleUploadedFile("receipt.pdf", one_page_pdf(), content_type="application/pdf"))
        # Worked out with the earliest rates shipped (2023/24), then dated as if made in 2014 (no 2013/14 rates ship).
        made = charging.record_assessment(person, assessment_input(person, effective_date="2024-03-01"),
                                          actor=council.finance)
        FinancialAssessment.objects.filter(pk=made.pk).update(
            effective_date=datetime.date(2014, 2, 10), financial_year="2013/14",
            input={**made.input, "effective_date": "2014-02-10"})
        money.set_contribution_collection(case, actor=council.finance, method="care_home", starts_on=datetime.date(2014, 2, 10),
                                          care_home_name=f"{marks['last_name']} House", agreed_by=f"Pat {marks['last_name']}",
                                          agreed_on=datetime.date(2014, 2, 10))
        # A deferred payment agreement on their home (issue 18), dated as the assessment is: its address holds marks.
        resident = charging.record_assessment(person, assessment_input(
            person, setting="care_home_permanent", admitted_on="2023-06-01", first_permanent_admission=True,
            property={"value_pence": 20000000}, weekly_cost_of_care_pence=80000), actor=council.finance)
        FinancialAssessment.objects.filter(pk=resident.pk).update(effective_date=datetime.date(2014, 2, 10))
        resident.refresh_from_db()
        agreement = charging.offer_deferred_payment(
            resident, actor=council.finance, home=f"1 {marks['last_name']} Lane, {marks['postcode']}",
            valued_on=datetime.date(2014, 2, 10), starts_on=datetime.date(2014, 2, 10),
            offered_on=datetime.date(2014, 2, 10), interest_basis_points=0)
        charging.decide_deferred_payment(agreement, actor=council.finance, agreed=True, on=datetime.date(2014, 2, 10),
                                         title_number="DN77", charge_registered_on=datetime.date(2014, 2, 10))
    with at(datetime.date(2014, 6, 2)):
        request = subject_access.log_request(
            person, actor=council.admin, received_on=datetime.date(2014, 6, 2), received_how="letter",
            requester="person", identity_checked=f"Passport of {marks['first_name']} {marks['last_name']}",
            asked_for=f"Everything held about {marks['first_name']}")
        subject_access.gather(request, actor=council.admin)
        subject_access.refuse(request, actor=council.admin, grounds="excessive",
                              reason=f"{marks['first_name']} asked every week", told_on=datetime.date(2014, 6, 2))
    if close:
        with at(CLOSED_ON):
            journey.move(case, "close", actor=worker, reason=f"{marks['first_name']} moved to Scotland",
                         on=CLOSED_ON)
    person.refresh_from_db()
    return SimpleNamespace(person=person, case=case, user=user, run=run, spent=spent, request=request,
                           reference=person.la_person_id, marks=marks)


@pytest.fixture
def past(council, media):
    return build_past_person(council)


@pytest.fixture
def admin_erases(council, django_capture_on_commit_callbacks):
    """Erase as an administrator, running what waits for the commit (deleting the receipt files)."""
    from selfdirect.retention import actions

    def erase(past):
        with django_capture_on_commit_callbacks(execute=True):
            return actions.erase(past.person, actor=council.admin)

    return erase
