"""Contribution invoices for care home residents, with the database: raised once a period, posted to the ledger,
adjusted once when a reassessment is backdated, paid, collected by the home instead where the council agreed; the
pages, the API and `selfdirect money invoice`."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from selfdirect.audit.models import AuditEvent
from selfdirect.charging.models import FinancialAssessment
from selfdirect.money import actions, queries
from selfdirect.money.models import ContributionInvoice, JournalEntry, LedgerAccount

D = datetime.date
P1, P2, P3 = D(2026, 4, 6), D(2026, 5, 4), D(2026, 6, 1)  # three four-weekly periods
TODAY = D(2026, 7, 1)


def assessed(council, person, effective, weekly, setting="care_home_permanent"):
    """A financial assessment as charging records one (the figures set here: the engine is charging's to test)."""
    return FinancialAssessment.objects.create(
        person=person, effective_date=effective, financial_year="2026-27", reason="circumstances",
        input={"setting": setting}, result={}, weekly_cost_of_care_pence=90000, weekly_contribution_pence=weekly,
        full_cost=False, created_by=council.finance)


def resident(council, weekly=7000, effective=P1, **person):
    found = council.live_person(**person)
    assessed(council, found, effective, weekly)
    return found


def balances(person):
    return dict(LedgerAccount.objects.filter(case__person=person).values_list("key", "balance_pence"))


def raise_for(council, period, on=TODAY):
    return actions.raise_contribution_invoices(period, actor=council.finance, on=on)


def test_a_period_is_invoiced_once_and_posted_to_the_ledger(council):
    elsie = resident(council, user=council.holder)
    at_home = council.live_person(nhs_number="9434765870")
    assessed(council, at_home, P1, 5000, setting="community")
    report = raise_for(council, P1)
    assert (report.invoices, report.arrears, report.refunds, report.invoiced_pence) == (1, 0, 0, 28000)
    invoice = ContributionInvoice.objects.get()
    assert invoice.case.person == elsie and invoice.reference == f"CI-{invoice.pk:06d}"
    assert (invoice.kind, invoice.status, invoice.amount_pence) == ("invoice", "issued", 28000)
    assert (invoice.period_starts_on, invoice.period_ends_on) == (P1, D(2026, 5, 3))
    assert invoice.explanation == "Your contribution for 6 April to 3 May 2026 is £280.00: £70.00 a week for 28 days " \
                                  "from 6 April 2026."
    assert invoice.entry.kind == JournalEntry.Kind.CONTRIBUTION_INVOICE
    assert balances(elsie)["debtor"] == 28000 and balances(elsie)["contribution"] < 0
    again = raise_for(council, D(2026, 4, 20))  # any day of the period
    assert (again.invoices, again.arrears, again.refunds) == (0, 0, 0)
    assert ContributionInvoice.objects.count() == 1 and queries.check() == []
    assert AuditEvent.objects.filter(person=elsie, what__startswith=f"Raised invoice {invoice.reference}").exists()


def test_the_database_refuses_a_second_invoice_for_a_period(council):
    resident(council)
    raise_for(council, P1)
    first = ContributionInvoice.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ContributionInvoice.objects.create(case=first.case, period_starts_on=P1, period_ends_on=first.period_ends_on,
                                           amount_pence=1, kind="invoice", issued_on=TODAY, explanation="x",
                                           entry=JournalEntry.objects.create(case=first.case, kind="contribution_invoice",
                                                                             on=TODAY, description="x",
                                                                             created_by=council.finance),
                                           status="issued", created_by=council.finance)


def test_a_period_not_yet_begun_is_not_invoiced(council):
    resident(council)
    with pytest.raises(actions.MoneyError, match="has not begun"):
        raise_for(council, P3, on=D(2026, 5, 31))
    assert not ContributionInvoice.objects.exists()


def test_a_backdated_reassessment_raises_one_arrears_invoice_a_period_then_one_refund(council):
    elsie = resident(council, user=council.holder)
    raise_for(council, P1)
    raise_for(council, P2)
    assessed(council, elsie, D(2026, 4, 27), 8400)  # backdated into the first period: £14.00 a week more
    pending = queries.pending_adjustments(queries.residents())
    assert [(c.period.starts_on, c.difference_pence) for _, c in pending] == [(P1, 1400), (P2, 5600)]
    report = actions.raise_contribution_adjustments(actor=council.finance, on=TODAY)
    assert (report.invoices, report.arrears, report.refunds, report.invoiced_pence) == (0, 2, 0, 7000)
    arrears = ContributionInvoice.objects.get(kind="arrears", period_starts_on=P1)
    assert arrears.explanation == (
        "Your contribution changed from £70.00 to £84.00 a week from 27 April 2026. For 6 April to 3 May 2026 we "
        "invoiced £280.00; the contribution due is £294.00. You owe £14.00 more.")
    assert actions.raise_contribution_adjustments(actor=council.finance, on=TODAY).arrears == 0  # idempotent
    assert raise_for(council, P2).arrears == 0
    assessed(council, elsie, P1, 6000)  # looked at again: lower from the start
    report = raise_for(council, P3)  # found when the next period is raised
    assert (report.invoices, report.refunds) == (1, 2)
    refund = ContributionInvoice.objects.get(kind="refund", period_starts_on=P1)
    assert (refund.status, refund.amount_pence, refund.entry.kind) == ("credited", 29400 - 24000, "contribution_credit")
    assert "changed from £70.00 to £60.00 a week from 6 April 2026" in refund.explanation
    assert "from £84.00 to £60.00 a week from 27 April 2026" in refund.explanation
    for p in (P1, P2, P3):
        rows = ContributionInvoice.objects.filter(period_starts_on=p)
        assert sum(r.signed_pence for r in rows) == 24000
    assert balances(elsie)["debtor"] == 3 * 24000 and queries.check() == []
    assert queries.pending_adjustments(queries.residents()) == []


def test_a_first_assessment_backdated_into_a_period_invoiced_for_others_is_arrears(council):
    resident(council)
    raise_for(council, P1)
    late = council.live_person(nhs_number="9434765870")
    assessed(council, late, D(2026, 4, 20), 7000)
    report = raise_for(council, P2)
    assert (report.invoices, report.arrears) == (2, 1)
    arrears = ContributionInvoice.objects.get(case__person=late, kind="arrears")
    assert arrears.period_starts_on == P1 and arrears.amount_pence == 14000
    assert arrears.explanation.startswith("Your contribution of £70.00 a week applies from 20 April 2026.")


def test_a_contribution_paid_to_the_home_is_not_invoiced_but_is_still_due(council):
    elsie = resident(council)
    with pytest.raises(actions.MoneyError, match="Enter who at the council agreed it"):
        actions.set_contribution_collection(council.case(elsie), actor=council.finance, method="care_home",
                                            starts_on=P1, care_home_name="Rowan House")
    actions.set_contribution_collection(council.case(elsie), actor=council.finance, method="care_home", starts_on=P1,
                                        care_home_name="Rowan House", agreed_by="Pat Finance",
                                        agreed_on=D(2026, 3, 30))
    report = raise_for(council, P1)
    assert report.invoices == 0 and report.paid_to_home == ["EX000001: paid to Rowan House directly"]
    assert not ContributionInvoice.objects.exists()
    assert queries.resident(elsie).due(queries.invoices.Period(P1)) == 28000
    # invoiced again from the third week of the second period: only those days are invoiced
    actions.set_contribution_collection(council.case(elsie), actor=council.finance, method="invoice",
                                        starts_on=D(2026, 5, 18))
    assert raise_for(council, P2).invoiced_pence == 14000
    assert actions.raise_contribution_adjustments(actor=council.finance, on=TODAY).arrears == 0


def test_a_payment_is_recorded_once_and_clears_what_is_owed(council):
    elsie = resident(council)
    raise_for(council, P1)
    invoice = ContributionInvoice.objects.get()
    with pytest.raises(actions.MoneyError, match="before CI-"):
        actions.record_contribution_payment(invoice, actor=council.finance, paid_on=D(2026, 6, 1))
    actions.record_contribution_payment(invoice, actor=council.finance, paid_on=D(2026, 7, 3))
    invoice.refresh_from_db()
    assert (invoice.status, invoice.paid_on, invoice.payment_entry.kind) == ("paid", D(2026, 7, 3), "contribution_paid")
    assert balances(elsie)["debtor"] == 0 and balances(elsie)["council_funding"] == 28000  # no payment run here
    with pytest.raises(actions.MoneyError, match="already paid on 3 July 2026"):
        actions.record_contribution_payment(invoice, actor=council.finance, paid_on=D(2026, 7, 4))
    with pytest.raises(actions.MoneyError, match="Only finance"):
        actions.record_contribution_payment(invoice, actor=council.worker, paid_on=D(2026, 7, 4))
    assert queries.check() == []


# ---- pages, API, command line ----------------------------------------------------------------------------------------


def test_finance_raises_invoices_and_records_a_payment_on_the_page(council, client, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    elsie = resident(council)
    client.force_login(council.finance)
    page = client.get("/finance/contributions/", {"period": "2026-06-10"})
    body = page.content.decode()
    assert page.status_code == 200 and "Contributions for 1 June to 28 June 2026" in body and "Not raised" in body
    assert client.post("/finance/contributions/", {"step": "raise", "period": "2026-06-01"}).status_code == 302
    invoice = ContributionInvoice.objects.get()
    assert invoice.period_starts_on == P3
    answer = client.post("/finance/contributions/", {"step": "pay", "reference": "CI-999999", "paid_on_0": "1",
                                                     "paid_on_1": "7", "paid_on_2": "2026", "period": "2026-06-01"})
    assert answer.status_code == 400 and "There is no contribution invoice CI-999999" in answer.content.decode()
    assert client.post("/finance/contributions/", {"step": "pay", "reference": invoice.reference.lower(),
                                                   "paid_on_0": "1", "paid_on_1": "7", "paid_on_2": "2026"}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert AuditEvent.objects.filter(person=elsie, what="Listed people's contributions").exists()
    client.force_login(council.worker)
    assert client.get("/finance/contributions/").status_code == 403


def test_the_person_sees_their_invoices_with_why_and_finance_changes_how_it_is_collected(council, client):
    elsie = resident(council, user=council.holder)
    raise_for(council, P1)
    assessed(council, elsie, D(2026, 4, 27), 8400)
    actions.raise_contribution_adjustments(actor=council.finance, on=TODAY)
    client.force_login(council.holder)
    assert "Your care home contribution: invoices, arrears and refunds" in client.get(
        f"/people/{elsie.pk}/account/").content.decode()
    body = client.get(f"/people/{elsie.pk}/account/contributions/").content.decode()
    assert "Your care home contribution" in body and "Arrears invoice for 6 April 2026 to 3 May 2026" in body
    assert "Your contribution changed from £70.00 to £84.00 a week from 27 April 2026." in body
    assert "£294.00" in body  # owed: the invoice and the arrears
    assert client.get(f"/people/{elsie.pk}/account/contributions/collection/").status_code == 403
    client.force_login(council.other_holder)
    assert client.get(f"/people/{elsie.pk}/account/contributions/").status_code == 404
    client.force_login(council.finance)
    address = f"/people/{elsie.pk}/account/contributions/collection/"
    refused = client.post(address, {"method": "care_home", "starts_on_0": "1", "starts_on_1": "6", "starts_on_2": "2026"})
    assert refused.status_code == 400 and "Enter the care home&#39;s name" in refused.content.decode()
    assert client.post(address, {"method": "care_home", "starts_on_0": "1", "starts_on_1": "6", "starts_on_2": "2026",
                                 "care_home_name": "Rowan House", "agreed_by": "Pat Finance", "agreed_on_0": "28",
                                 "agreed_on_1": "5", "agreed_on_2": "2026"}).status_code == 302
    body = client.get(f"/people/{elsie.pk}/account/contributions/").content.decode()
    assert "Paid to Rowan House directly, from 1 June 2026 (agreed by Pat Finance on 28 May 2026)" in body


def test_the_api_gives_the_persons_invoices(council, api):
    elsie = resident(council, user=council.holder)
    raise_for(council, P1)
    answer = api(council.holder).get(f"/api/v1/people/{elsie.pk}/account/contribution-invoices/")
    assert answer.status_code == 200
    [invoice] = answer.json()
    assert (invoice["kind"], invoice["amount_pence"], invoice["signed_pence"], invoice["status"]) == (
        "invoice", 28000, 28000, "issued")
    assert invoice["reference"].startswith("CI-") and invoice["explanation"].startswith("Your contribution for")
    assert api(council.other_holder).get(f"/api/v1/people/{elsie.pk}/account/contribution-invoices/").status_code == 404


def _money(*args):
    out = io.StringIO()
    call_command("money", *args, stdout=out)
    return out.getvalue()


def test_the_command_raises_a_period_and_then_only_what_changed(council):
    elsie = resident(council)
    assert _money("invoice", "--actor", "finance") == "Nothing has been invoiced yet: give --period to raise a " \
                                                      "period's invoices\n"
    said = _money("invoice", "--period", "2026-04-10", "--actor", "finance")
    assert said == "For 6 April to 3 May 2026: 1 invoice and 0 arrears invoices (£280.00), 0 refund credits (£0.00)\n"
    assert "0 invoices" in _money("invoice", "--period", "2026-04-10", "--actor", "finance")
    assessed(council, elsie, P1, 3500)
    assert "1 refund credit (£140.00)" in _money("invoice", "--actor", "finance")
    with pytest.raises(CommandError, match="not an active sign-in of a finance officer"):
        _money("invoice", "--period", "2026-04-10", "--actor", "worker")


def test_a_change_of_how_it_is_collected_never_reaches_back_into_a_period_already_invoiced(council):
    """Found walking the demo: paid to the home from a day inside an invoiced period, then invoiced again, turned the
    period's days into a false refund (and, meanwhile, both the home and the council collected them)."""
    elsie = resident(council)
    raise_for(council, P1)
    with pytest.raises(actions.MoneyError, match="Periods up to 3 May 2026 are invoiced already") as problem:
        actions.set_contribution_collection(council.case(elsie), actor=council.finance, method="care_home",
                                            starts_on=D(2026, 4, 20), care_home_name="Rowan House",
                                            agreed_by="Pat Finance", agreed_on=D(2026, 4, 20))
    assert problem.value.field == "starts_on"
    actions.set_contribution_collection(council.case(elsie), actor=council.finance, method="care_home", starts_on=P2,
                                        care_home_name="Rowan House", agreed_by="Pat Finance", agreed_on=D(2026, 4, 20))
    actions.set_contribution_collection(council.case(elsie), actor=council.finance, method="invoice", starts_on=P3)
    report = raise_for(council, P3)
    assert (report.invoices, report.refunds, report.arrears) == (1, 0, 0)
    assert ContributionInvoice.objects.filter(kind="refund").count() == 0
    assert [i.period_starts_on for i in ContributionInvoice.objects.order_by("period_starts_on")] == [P1, P3]
