"""Top-ups for a care home (issue 18, "Residents"): who may pay one, the top-up is the home's price less the council's
rate, the written agreement and what happens if payments stop; recorded by finance, read by the person.

Sources (charging/top_ups.py quotes them): the Care and Support and After-care (Choice of Accommodation) Regulations
2014 (SI 2014/2670), reg 5; the Care and Support Statutory Guidance, Annex A, para 23 (the written agreement) and
"Responsibility for costs and to whom the payments are made" (if payments stop)."""

import ast
import dataclasses
import datetime
import pathlib

import pytest

from selfdirect.charging import top_ups
from selfdirect.charging.top_ups import Facts, Terms, check, plain_words

D = datetime.date
TERMS = Terms(kind="third_party", first_party_case="", payer_name="Ann Evans", payer_relationship="Daughter",
              care_home="The Limes, 4 Quay Street, Exeter", weekly_price_pence=95000, council_rate_pence=80000,
              weekly_top_up_pence=15000, frequency="four_weekly", paid_to="council", agreed_on=D(2025, 6, 1),
              agreement_reference="TU-2025-014", signed_by="Ann Evans and J Smith for the council",
              review_on=D(2026, 6, 1), if_payments_stop="The council pays the home in full meanwhile")


NO_FACTS = Facts()  # no 12-week disregard, no deferred payment agreement


def problems(terms=TERMS, facts=NO_FACTS, **changes) -> dict:
    return {p.field: p.message for p in check(dataclasses.replace(terms, **changes), facts)}


# ---- the rules, without a database ----------------------------------------------------------------------------------

def test_the_rules_module_imports_no_django():
    tree = ast.parse(pathlib.Path(top_ups.__file__).read_text())
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    assert not any(name.split(".")[0] in {"django", "rest_framework"} for name in imported)


def test_a_third_party_top_up_of_the_price_less_the_rate_with_its_written_agreement_may_be_recorded():
    assert problems() == {}
    assert top_ups.difference(95000, 80000) == 15000  # £950.00 a week less the council's £800.00: £150.00


def test_a_top_up_that_is_not_the_price_less_the_rate_is_refused_saying_what_it_should_be():
    said = problems(weekly_top_up_pence=14000)
    assert list(said) == ["weekly_top_up_pence"]
    assert "£950.00 less £800.00 is £150.00 a week" in said["weekly_top_up_pence"]
    assert "no top-up" in problems(weekly_price_pence=80000, weekly_top_up_pence=0)["weekly_price_pence"]


@pytest.mark.parametrize("case", ["", "cannot_afford_it", "twelve_week_disregard", "deferred_payment"])
def test_a_first_party_top_up_outside_the_three_cases_is_refused_naming_the_regulation(case):
    said = problems(kind="first_party", first_party_case=case)
    assert list(said) == ["first_party_case"]
    assert "Choice of Accommodation) Regulations 2014, reg 5" in said["first_party_case"]


def test_a_first_party_top_up_is_allowed_in_each_of_the_three_cases_when_the_records_show_it():
    assert problems(kind="first_party", first_party_case="section_117") == {}
    assert problems(kind="first_party", first_party_case="deferred_payment", facts=Facts(deferred_payment=True)) == {}
    within = Facts(twelve_weeks_end=D(2025, 7, 23))
    assert problems(kind="first_party", first_party_case="twelve_week_disregard", facts=within) == {}
    late = problems(kind="first_party", first_party_case="twelve_week_disregard", facts=within, agreed_on=D(2025, 7, 24),
                    review_on=D(2026, 7, 24))
    assert "ended on 23 July 2025" in late["first_party_case"]


def test_the_written_agreement_needs_its_reference_who_signed_a_review_and_what_happens_if_payments_stop():
    said = problems(agreement_reference="", signed_by="", review_on=D(2025, 6, 1), if_payments_stop="")
    assert list(said) == ["agreement_reference", "signed_by", "review_on", "if_payments_stop"]
    assert "Annex A, para 23" in said["agreement_reference"]


def test_a_third_party_top_up_names_who_pays_and_how_they_are_related():
    assert list(problems(payer_name="", payer_relationship="")) == ["payer_name", "payer_relationship"]
    assert list(problems(first_party_case="section_117")) == ["first_party_case"]
    assert list(problems(kind="", frequency="daily", paid_to="the cat")) == ["kind", "frequency", "paid_to"]


def test_the_shipped_words_for_when_payments_stop_say_what_annex_a_says():
    words = top_ups.IF_PAYMENTS_STOP.format(name="Elsie")
    assert "the council pays the care home in full until it has either got back what it paid for the top-up or made " \
           "other arrangements to meet Elsie's needs" in words
    assert "Annex A" in words


def test_the_person_reads_the_agreement_in_plain_words():
    said = " ".join(plain_words(TERMS))
    assert "The Limes, 4 Quay Street, Exeter costs £950.00 a week. The council pays up to £800.00 a week" in said
    assert "Ann Evans (Daughter) pays the difference: £150.00 a week, every four weeks, to the council." in said
    assert "We will review it by 1 June 2026." in said
    own = " ".join(plain_words(dataclasses.replace(TERMS, kind="first_party", first_party_case="section_117")))
    assert "You pay the difference" in own and "only when the care home place is after-care under section 117" in own


# ---- recording and closing -------------------------------------------------------------------------------------------

@pytest.fixture
def resident(council):
    return council.live_person(user=council.holder, date_of_birth=datetime.date(1940, 3, 1))


def values(**changes):
    given = {key: value for key, value in dataclasses.asdict(TERMS).items() if key != "weekly_top_up_pence"}
    given.update(changes)
    return given


def test_finance_records_a_top_up_audited_and_a_second_in_force_is_refused(council, resident):
    from selfdirect.audit.models import AuditEvent
    from selfdirect.charging import actions

    made = actions.record_top_up(resident, actor=council.finance, values=values())
    assert made.weekly_top_up_pence == 15000 and made.status == "active" and made.case == council.case(resident)
    event = AuditEvent.objects.filter(person=resident, action="create").latest("id")
    assert "top-up of £150.00 a week" in event.what and "TU-2025-014" in event.what
    with pytest.raises(actions.TopUpError, match="is in force: record that it ended"):
        actions.record_top_up(resident, actor=council.finance, values=values(agreed_on=D(2025, 7, 1)))
    with pytest.raises(actions.TopUpError) as wrong:
        actions.record_top_up(resident, actor=council.finance, values=values(weekly_top_up_pence=10000))
    assert {p.field for p in wrong.value.every} >= {"weekly_top_up_pence"}


def test_only_finance_records_a_top_up(council, resident):
    from selfdirect.charging import actions
    from selfdirect.charging.models import TopUpAgreement

    for user in (council.worker, council.holder):
        with pytest.raises(actions.TopUpError, match="Only the finance team"):
            actions.record_top_up(resident, actor=user, values=values())
    assert not TopUpAgreement.objects.exists()


def test_a_first_party_top_up_in_the_12_weeks_is_checked_against_the_current_financial_assessment(council, resident):
    from selfdirect.charging import actions, queries

    first = values(kind="first_party", first_party_case="twelve_week_disregard", payer_name="", payer_relationship="")
    with pytest.raises(actions.TopUpError, match="does not disregard their home for the first 12 weeks"):
        actions.record_top_up(resident, actor=council.finance, values=first)
    actions.record_assessment(resident, {
        "effective_date": "2025-06-02", "date_of_birth": "1940-03-01", "setting": "care_home_permanent",
        "weekly_cost_of_care_pence": 95000, "capital_pence": 0, "admitted_on": "2025-05-01",
        "property": {"value_pence": 25000000},
        "income": [{"type": "state_pension", "amount_pence": 20000, "period": "weekly"}]}, actor=council.finance)
    assert queries.top_up_facts(resident).twelve_weeks_end == D(2025, 7, 23)  # Schedule 2, para 2: 12 weeks from 1 May
    made = actions.record_top_up(resident, actor=council.finance, values=first)
    assert made.payer_name == resident.full_name and made.payer_relationship == "The resident"


def test_payments_stopping_is_recorded_with_the_day_and_what_was_done(council, resident):
    from selfdirect.audit.models import AuditEvent
    from selfdirect.charging import actions

    made = actions.record_top_up(resident, actor=council.finance, values=values())
    with pytest.raises(actions.TopUpError) as refused:
        actions.close_top_up(made, actor=council.finance, status="paused", closed_on=D(2025, 5, 1), what_was_done=" ")
    assert {p.field for p in refused.value.every} == {"status", "closed_on", "what_was_done"}
    closed = actions.close_top_up(made, actor=council.finance, status="payments_stopped", closed_on=D(2025, 9, 1),
                                  what_was_done="The council paid the home in full from 1 September and asked Ann for "
                                                "the two missed payments")
    assert (closed.status, closed.closed_on, closed.closed_by) == ("payments_stopped", D(2025, 9, 1), council.finance)
    event = AuditEvent.objects.filter(person=resident, action="decision").latest("id")
    assert "payments stopped on 1 September 2025" in event.what and "two missed payments" in event.why
    with pytest.raises(actions.TopUpError, match="payments stopped already"):
        actions.close_top_up(made, actor=council.finance, status="ended", closed_on=D(2025, 9, 2), what_was_done="x")
    again = actions.record_top_up(resident, actor=council.finance, values=values(agreed_on=D(2025, 10, 1),
                                                                               review_on=D(2026, 10, 1)))
    assert again.status == "active"  # the earlier one no longer in force


# ---- the pages and the API ---------------------------------------------------------------------------------------------

def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


FORM = {"kind": "third_party", "payer_name": "Ann Evans", "payer_relationship": "Daughter",
        "care_home": "The Limes, 4 Quay Street, Exeter", "weekly_price_pence": "950.00", "council_rate_pence": "800.00",
        "weekly_top_up_pence": "", "frequency": "four_weekly", "paid_to": "council", **_date("agreed_on", D(2025, 6, 1)),
        "agreement_reference": "TU-2025-014", "signed_by": "Ann Evans", **_date("review_on", D(2026, 6, 1)),
        "if_payments_stop": "The council pays the home in full until it recovers the cost."}


def _read(client, url) -> str:
    return " ".join(client.get(url).content.decode().split())


def test_finance_records_a_top_up_on_the_page_and_the_person_reads_it_in_plain_words(council, resident, signed_in):
    client = signed_in(council.finance)
    summary = _read(client, f"/people/{resident.pk}/charging/")
    assert f'href="/people/{resident.pk}/charging/top-ups/"' in summary
    form = _read(client, f"/people/{resident.pk}/charging/top-ups/new/")
    assert "does not lose their place straight away if the top-up is not paid" in form  # the guidance's words, prefilled
    response = client.post(f"/people/{resident.pk}/charging/top-ups/new/", FORM)
    assert response.status_code == 302 and response["Location"] == f"/people/{resident.pk}/charging/top-ups/"
    staff = _read(client, response["Location"])
    assert "What the person reads" in staff and "TU-2025-014" in staff and "Record that the payments stopped" in staff
    person = _read(signed_in(council.holder), f"/people/{resident.pk}/charging/top-ups/")
    assert "Your top-up agreements" in person
    assert "Ann Evans (Daughter) pays the difference: £150.00 a week, every four weeks, to the council." in person
    assert "If the payments stop" in person and "until it recovers the cost" in person
    assert "Record a top-up agreement" not in person and "What the person reads" not in person


def test_a_wrong_top_up_on_the_page_is_named_beside_its_field(council, resident, signed_in):
    client = signed_in(council.finance)
    response = client.post(f"/people/{resident.pk}/charging/top-ups/new/", {**FORM, "weekly_top_up_pence": "100.00",
                                                                            "payer_name": ""})
    body = " ".join(response.content.decode().split())
    assert response.status_code == 400
    assert 'href="#id_weekly_top_up_pence"' in body and "£950.00 less £800.00 is £150.00 a week" in body
    assert 'href="#id_payer_name"' in body


def test_finance_records_on_the_page_that_payments_stopped_and_the_person_reads_what_was_done(council, resident,
                                                                                             signed_in):
    from selfdirect.charging import actions

    made = actions.record_top_up(resident, actor=council.finance, values=values())
    client = signed_in(council.finance)
    url = f"/people/{resident.pk}/charging/top-ups/{made.pk}/close/"
    assert client.post(url, {"status": "payments_stopped"}).status_code == 400
    response = client.post(url, {"status": "payments_stopped", **_date("closed_on", D(2025, 9, 1)),
                                 "what_was_done": "We paid the home in full and wrote to Ann"})
    assert response.status_code == 302
    person = _read(signed_in(council.holder), f"/people/{resident.pk}/charging/top-ups/")
    assert "The payments stopped on 1 September 2025." in person and "What we did: We paid the home in full" in person


def test_only_finance_opens_the_forms_and_others_who_reach_the_record_read_the_page(council, resident, signed_in):
    from selfdirect.charging import actions

    made = actions.record_top_up(resident, actor=council.finance, values=values())
    client = signed_in(council.worker)
    assert client.get(f"/people/{resident.pk}/charging/top-ups/").status_code == 200
    assert client.get(f"/people/{resident.pk}/charging/top-ups/new/").status_code == 403
    assert client.post(f"/people/{resident.pk}/charging/top-ups/new/", FORM).status_code == 403
    assert client.post(f"/people/{resident.pk}/charging/top-ups/{made.pk}/close/").status_code == 403
    stranger = council.person(team=council.south, nhs_number="9434765870")
    assert client.get(f"/people/{stranger.pk}/charging/top-ups/").status_code in {403, 404}


def test_the_api_lists_the_top_ups_read_only(council, resident, api):
    from selfdirect.charging import actions

    made = actions.record_top_up(resident, actor=council.finance, values=values())
    answer = api(council.finance).get(f"/api/v1/people/{resident.pk}/top-ups/")
    assert answer.status_code == 200
    row = answer.json()[0]
    assert (row["id"], row["kind"], row["weekly_top_up_pence"], row["status"]) == (made.pk, "third_party", 15000,
                                                                                   "active")
    assert api(council.finance).post(f"/api/v1/people/{resident.pk}/top-ups/", {}, format="json").status_code == 405


def test_the_subject_access_gatherer_finds_the_top_up(council, resident):
    from selfdirect.charging import actions
    from selfdirect.subject_access import gatherers

    actions.record_top_up(resident, actor=council.finance, values=values())
    found = list(gatherers.top_ups(resident))
    assert len(found) == 1 and "The Limes" in found[0].title
    assert any("Ann Evans" in text for _, text in found[0].fields)
