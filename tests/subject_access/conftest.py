"""A council person with a history of every kind, for subject access requests: a live direct payment paid, with
spending and its receipt, a statement, a financial assessment and its letter, a review, a carer, someone acting for
them and a consent."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile


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


@pytest.fixture
def elsie(council, media):
    from selfdirect.allocation import actions as allocation
    from selfdirect.charging import actions as charging
    from selfdirect.money import actions as money
    from selfdirect.outcomes import actions as outcomes
    from selfdirect.people import actions as people
    from selfdirect.planning import queries as plans
    from tests.allocation.test_command_line import ANSWERS
    from tests.charging.inputs import assessment_input

    person = council.live_person(consents=("research", "outcomes_to_helpers"))
    case = council.case(person)
    people.add_carer(person, actor=council.worker, name="Jane Evans", relationship="Daughter", lives_with_person=True,
                     hours_caring_per_week=20, willing_and_able_to_continue=True)
    people.add_representative(person, actor=council.worker, name="Frank Evans", relationship="Son", kind="consent", scope="welfare",
                              starts_on=datetime.date(2026, 1, 1))
    allocation.record_self_assessment(case, actor=council.worker, questionnaire_key="adult", answers=ANSWERS,
                                      kind="agreed")
    made = charging.record_assessment(person, assessment_input(person), actor=council.finance)
    charging.ask_to_look_again(made, actor=council.worker, asked_via="phone", grounds="She pays rent the letter left out")
    charging.request_assessment(person, actor=council.worker, note="Her pension went up")
    charging.record_top_up(person, actor=council.finance, values={  # a care home top-up her son pays (issue 18)
        "kind": "third_party", "payer_name": "Frank Evans", "payer_relationship": "Son", "care_home": "The Limes",
        "weekly_price_pence": 95000, "council_rate_pence": 80000, "frequency": "monthly", "paid_to": "council",
        "agreed_on": datetime.date(2026, 2, 2), "agreement_reference": "TU-7", "signed_by": "Frank Evans",
        "review_on": datetime.date(2027, 2, 2), "if_payments_stop": "The council pays the home in full meanwhile"})
    money.set_contribution_collection(case, actor=council.finance, method="care_home", care_home_name="The Limes",
                                      starts_on=datetime.date(2026, 2, 2), agreed_by="Pat Finance",
                                      agreed_on=datetime.date(2026, 2, 2))  # how a resident's contribution is paid
    from tests.money.test_deferred_payments import agreement_in_force

    agreement_in_force(council, person)  # a deferred payment agreement, with a statement
    from selfdirect.money.models import ContributionArrearsCheck

    ContributionArrearsCheck.objects.create(  # a check of her circumstances before recovering contributions overdue
        case=case, checked_on=datetime.date(2026, 3, 2), owed_pence=24000, income_changed=True, capacity="acted_for",
        reassessment_needed=True, outcome="reassess", notes="Frank says her pension went up", checked_by=council.finance)
    money.pay(datetime.date(2026, 2, 2), actor=council.finance)
    receipt = SimpleUploadedFile("till.pdf", one_page_pdf(), content_type="application/pdf")
    money.record_spending(case, actor=council.worker, spent_on=datetime.date(2026, 2, 3), payee="Corner shop",
                          amount_pence=1250, what_for="Bus fares", receipt=receipt)
    money.import_statement("Date,Description,Amount\n2026-02-04,CORNER SHOP,-12.50\n", name="feb.csv",
                           actor=council.finance, account_ref=money.account_reference(case))
    money.find_surplus(case, actor=council.finance, on=datetime.date(2026, 2, 20))
    outcome = plans.approved_plan_for(case).outcomes.get()
    review = outcomes.record_review(case, actor=council.worker, held_on=datetime.date(2026, 3, 1),
                                    summary="Going well. Jane's back pain makes lifting hard for her.",
                                    decision="continue", ratings={outcome.pk: "achieved"},
                                    depth="light", reason="Planned", method="Service user only",
                                    what_changed="Nothing changed")
    # Her answers to the questionnaire at the review, and her story, told and recorded (outcomes.evaluation).
    from tests.outcomes.recordings import answers_to, wav

    outcomes.record_evaluation(review, actor=council.worker, respondent="person", answered_by="person_alone",
                               answers=answers_to("person"))
    outcomes.record_story(review, actor=council.worker, told_by="person", teller_name="", words="I cook again.",
                          audio_file=wav(), domains=["health"], outcome_ids=[outcome.pk], share_with_helpers=True,
                          share_for_research=False)
    outcomes.request_review(case, actor=council.worker, said="She phoned after a fall and asked for a review",
                            asked_on=datetime.date(2026, 3, 9), asked_by_name="Elsie Evans",
                            asked_by_relationship="The person")
    # A review of the directory service her plan uses (market.reviews), written by her daughter as a family member.
    from selfdirect.market.models import Provider, Review, Service

    listing = Provider.objects.create(name="Exe Valley Home Care", organisation=council.agency, status="listed")
    home_care = Service.objects.create(provider=listing, name="Home care visits")
    Review.objects.create(service=home_care, person=person,
                          written_by=council.family, acting_for="family", written_on=datetime.date(2026, 3, 2),
                          text="The carers come on time and Mum likes them.")
    # ...and the worker's suggestion of it from the directory, for her file (market.actions.suggest_services)
    from selfdirect.market.models import Suggestion

    Suggestion.objects.create(person=person, service=home_care, suggested_by=council.worker,
                              suggested_on=datetime.date(2026, 2, 1), how="phone", why="Visits every morning.")
    return person
