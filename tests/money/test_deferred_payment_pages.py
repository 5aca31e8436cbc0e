"""Deferred payment agreements in the browser's pages (no JavaScript): finance sees that an agreement must be offered,
offers it, records the signature and the legal charge, brings the account up to date and issues a statement; the
person reads it all in plain words and can change nothing; bad input is refused naming the field, writing nothing."""

import datetime
import re

import pytest

from selfdirect.charging import actions as charging
from selfdirect.charging.models import DeferredPaymentAgreement
from selfdirect.money.models import DeferredWeek
from tests.money.test_deferred_payments import TWELVE_WEEKS_END, resident_input


@pytest.fixture
def widow(council):
    return council.live_person(user=council.holder, date_of_birth=datetime.date(1940, 3, 1))


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _read(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())  # the words, as a reader sees them


def _offer_form(**changes):
    return {"home": "1 Orchard Lane, Exeter EX1 1AA", "value_pence": "250000", **_date("valued_on", TWELVE_WEEKS_END),
            "secured_debt_pence": "0", "kept_income_weekly_pence": "", "interest": "none", "fixed_rate": "",
            "set_up_charge_pence": "450.00", **_date("starts_on", TWELVE_WEEKS_END)} | changes


def test_finance_offers_records_and_posts_an_agreement_and_the_person_reads_it(council, widow, signed_in):
    charging.record_assessment(widow, resident_input(TWELVE_WEEKS_END), actor=council.finance)
    client = signed_in(council.finance)
    url = f"/people/{widow.pk}/deferred-payments/"
    page = _read(client, url)
    assert "The council must offer an agreement" in page and "£700.65" in page  # £900 less £199.35 from income
    response = client.post(url, _offer_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    agreement = DeferredPaymentAgreement.objects.get(person=widow)
    assert agreement.interest_basis_points == 0 and agreement.set_up_charge_pence == 45000
    page_url = response["Location"]
    refused = client.post(page_url, {"do": "decide", "decide-answer": "agreed",
                                     **_date("decide-decided_on", TWELVE_WEEKS_END)})
    assert refused.status_code == 400
    text = " ".join(refused.content.decode().split())
    assert "Enter the Land Registry title number" in text and "Enter the day the legal charge was registered" in text
    agreement.refresh_from_db()
    assert agreement.status == "offered"
    done = client.post(page_url, {"do": "decide", "decide-answer": "agreed", "decide-title_number": "DN123456",
                                  **_date("decide-decided_on", TWELVE_WEEKS_END),
                                  **_date("decide-charge_registered_on", TWELVE_WEEKS_END)})
    assert done.status_code == 302
    assert client.post(page_url, {"do": "accrue"}).status_code == 302
    weeks = DeferredWeek.objects.filter(agreement=agreement).count()
    assert weeks >= 40  # from 24 December 2025 to today, no interest (so no rate needed)
    assert client.post(page_url, {"do": "statement", "starts_on": TWELVE_WEEKS_END.isoformat()}).status_code == 302

    reader = signed_in(council.holder)
    page = _read(reader, page_url)
    owed = 45000 + 70065 * weeks
    assert f"£{owed / 100:,.2f}" in page
    assert "1 Orchard Lane" in page and "title DN123456" in page and "Record the person's decision" not in page
    assert reader.post(page_url, {"do": "accrue"}).status_code == 403
    statement = agreement.statements.get()
    text = _read(reader, f"{page_url}statements/{statement.pk}/")
    # the set-up costs were added on the first day of the first period; 26 weeks of care costs to 23 June 2026
    assert "Owed at the start £0.00" in text and "Administration charges added £450.00" in text
    assert f"Owed at the end £{(45000 + 70065 * 26) / 100:,.2f}" in text


def test_an_offer_with_bad_input_names_each_field_and_writes_nothing(council, widow, signed_in):
    charging.record_assessment(widow, resident_input(TWELVE_WEEKS_END), actor=council.finance)
    client = signed_in(council.finance)
    response = client.post(f"/people/{widow.pk}/deferred-payments/", _offer_form(
        home=" ", kept_income_weekly_pence="200.00", interest="fixed"))
    assert response.status_code == 400
    text = " ".join(response.content.decode().split())
    assert "Enter the fixed rate" in text
    assert not DeferredPaymentAgreement.objects.exists()
    response = client.post(f"/people/{widow.pk}/deferred-payments/", _offer_form(kept_income_weekly_pence="200.00"))
    assert response.status_code == 400 and "the disposable income allowance" in response.content.decode()
    assert not DeferredPaymentAgreement.objects.exists()


def test_the_interest_rates_page_lists_sources_and_takes_a_council_rate_once(council, signed_in):
    client = signed_in(council.finance)
    page = _read(client, "/finance/deferred-interest/")
    assert "West Sussex" in page and "4.65%" in page
    form = {**_date("starts_on", datetime.date(2026, 7, 1)), "percent": "4.50", "source": "OBR EFO, test"}
    assert client.post("/finance/deferred-interest/", form).status_code == 302
    again = client.post("/finance/deferred-interest/", form)
    assert again.status_code == 400 and "already known" in again.content.decode()
    wrong_day = client.post("/finance/deferred-interest/", {**form, **_date("starts_on", datetime.date(2026, 8, 1))})
    assert "A period starts on 1 January or 1 July" in wrong_day.content.decode()
    assert signed_in(council.worker).get("/finance/deferred-interest/").status_code == 403
