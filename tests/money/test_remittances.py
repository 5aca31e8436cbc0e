"""Remittance advice (issue 19): for every payee of a paid run, what it was paid, for whom, for which weeks and why an
amount differs from usual; as a page, a tagged PDF and a CSV file, for finance only, and from the command line."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from selfdirect.audit.models import AuditEvent
from selfdirect.core.money import parse_pounds
from selfdirect.money import actions, queries, remittances
from selfdirect.money.models import PaymentRun, Recovery
from selfdirect.money.remittances import PERSON, PROVIDER, PaidLine, Share
from selfdirect.people.models import Person
from selfdirect.planning.models import PlanItem
from tests.money.test_query_counts import add_budgets_of_every_kind, counted
from tests.pdfs import pdf_text, read_tagged_pdf

D = datetime.date


# ---- the rules --------------------------------------------------------------------------------------------------------


def paid_line(**given) -> PaidLine:
    values = {"line_id": 1, "payee": "E Evans DP account", "sort_code": "309950", "account_number": "12345678",
              "amount_pence": 80000, "reference": "SD260120EX000001", "person_id": 7, "person_reference": "EX000001",
              "person_initials": "E E", "period_starts_on": D(2026, 2, 1), "planned_pence": 80000,
              "before_pence": 80000}
    values.update(given)
    return PaidLine(**values)


def test_an_instalments_lines_are_told_apart_by_the_ledger_not_by_their_names():
    postings = {"direct_payment": 60000, "recovered": 5000, "isf:3": 40000, "isf:12": 20000, "commissioned": 10000,
                "council_funding": -115000, "contribution": -20000}
    found = remittances.shares(postings, contribution_deducted_pence=20000)
    assert found == [Share(None, 65000, 20000, 5000), Share(3, 40000), Share(12, 20000)]
    assert [s.paid_pence for s in found] == [40000, 40000, 20000]
    # the person's own account first, then each provider by its id (as the run writes them); a £0 line is nobody's
    assert remittances.whom_each_line_paid([40000, 40000, 0, 20000], found) == [found[0], found[1], None, found[2]]
    with pytest.raises(ValueError, match="matches nothing"):
        remittances.whom_each_line_paid([12345], found)


def test_a_direct_payment_all_taken_off_has_no_line_of_its_own():
    found = remittances.shares({"direct_payment": 20000, "isf:3": 40000}, contribution_deducted_pence=20000)
    assert found == [Share(3, 40000)]


def test_the_usual_amount_for_the_usual_four_weeks_needs_no_reason():
    line = paid_line()
    assert line.reasons == [] and line.usual_pence == 80000
    assert line.period == "4 weeks, 1 February 2026 to 28 February 2026"


@pytest.mark.parametrize(("given", "says", "change"), [
    ({"late": True}, "Catching up: the four weeks from 1 February 2026 were missed by an earlier payment run", 0),
    ({"before_pence": None}, "The first payment into this direct payment account", 0),
    ({"before_pence": None, "provider_id": 3}, "The first payment to you for this person's support", 0),
    ({"before_pence": 70000}, "The support plan changed: four weeks of it cost £800.00 now, up from £700.00.", 10000),
    ({"before_pence": 90000}, "down from £900.00", -10000),
    ({"contribution_pence": 20000, "amount_pence": 60000}, "£200.00 less: the person's own contribution", -20000),
    ({"reduction_pence": 5000, "amount_pence": 75000}, "£50.00 less: a reduction agreed after a check of the account",
     -5000),
    ({"one_off": "Shower chair", "amount_pence": 8999, "period_starts_on": None},
     "A one-off payment, agreed by the council: Shower chair.", 8999),
])
def test_each_reason_is_given_when_it_applies_and_no_other(given, says, change):
    line = paid_line(**given)
    assert [(reason.text.startswith(says) or says in reason.text, reason.change_pence) for reason in line.reasons] == [
        (True, change)]


def test_the_reasons_add_up_from_the_usual_amount_to_the_amount_paid():
    line = paid_line(before_pence=70000, planned_pence=80000, contribution_pence=20000, reduction_pence=5000,
                     amount_pence=55000, late=True)
    assert len(line.reasons) == 4
    assert line.usual_pence + sum(reason.change_pence for reason in line.reasons) == line.amount_pence


def test_a_provider_is_one_payee_for_all_its_people_and_each_persons_account_its_own():
    lines = [paid_line(line_id=1, person_id=1, person_reference="EX000002", provider_id=3, payee="Exe Valley Home Care"),
             paid_line(line_id=2, person_id=2, person_reference="EX000001", provider_id=3, payee="Exe Valley Home Care"),
             paid_line(line_id=3, person_id=1, payee="A Able DP account"),
             paid_line(line_id=4, person_id=1, payee="A Able DP account", one_off="Shower chair", period_starts_on=None),
             paid_line(line_id=5, person_id=2, payee="B Best DP account")]
    found = remittances.group(lines)
    assert [(r.payee, r.key, [x.line_id for x in r.lines]) for r in found] == [
        ("A Able DP account", (PERSON, 1), [3, 4]), ("B Best DP account", (PERSON, 2), [5]),
        ("Exe Valley Home Care", (PROVIDER, 3), [2, 1])]  # a provider's lines by the council's reference
    assert sum(r.total_pence for r in found) == sum(x.amount_pence for x in lines)


def test_a_remittance_names_the_person_by_reference_and_initials_only():
    line = paid_line(person_initials=remittances.initials("Elsie", "Evans"))
    assert line.person == "EX000001 (E E)"
    text = remittances.remittance_csv("RUN-20260120", remittances.group([line]))
    assert "Elsie" not in text and "Evans" not in text.replace("E Evans DP account", "")


def test_the_csv_is_quoted_as_rfc_4180_says_and_keeps_formulas_from_spreadsheets():
    line = paid_line(payee='=HYPERLINK("x"), "Care", Ltd')
    text = remittances.remittance_csv("RUN-20260120", remittances.group([line]))
    assert text.endswith("\r\n") and "\r\n" in text.splitlines(keepends=True)[0]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["Payee"] == "'" + line.payee and rows[0]["Amount paid"] == "800.00"


# ---- with the database ------------------------------------------------------------------------------------------------


def file_total(run) -> int:
    return sum(parse_pounds(row["amount"]) for row in csv.DictReader(io.StringIO(run.file_text, newline="")))


def csv_total(text: str) -> int:
    return sum(parse_pounds(row["Amount paid"]) for row in csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture
def paid(council):
    """Every kind of budget a run pays (tests/money/test_query_counts.py), and a second person whose individual service
    fund the same provider holds; paid by the run of 20 January 2026."""
    add_budgets_of_every_kind(council)
    person = council.person(first_name="Arthur", last_name="Brown", nhs_number="9434765870")
    council.assess(person)
    council.plan(person)
    council.submit(person)
    council.approve(person)
    council.go_live(person, option="individual_service_fund")
    run, _ = actions.pay(D(2026, 1, 20), actor=council.finance)
    return run


def test_a_runs_remittances_add_up_to_the_run_and_its_payment_file(council, paid):
    found = queries.remittances_of(paid)
    assert sum(r.total_pence for r in found) == paid.report["total_pence"] == file_total(paid) > 0
    by_kind = {}
    for r in found:
        by_kind.setdefault(r.kind, []).append(r)
    [provider] = by_kind[PROVIDER]
    assert (provider.pk, provider.payee, provider.accounts) == (council.agency.pk, "Exe Valley Home Care", "4321")
    assert len(provider.lines) == 2 and len(provider.people) == 2  # one payee for both its people
    assert [len(r.lines) for r in by_kind[PERSON]] == [2]  # the direct payment: its instalment and its one-off payment
    kinds = {(line.one_off is None) for line in by_kind[PERSON][0].lines}
    assert kinds == {True, False}
    text = remittances.remittance_csv(paid.reference, found)
    assert csv_total(text) == paid.report["total_pence"]


def test_a_later_run_says_why_each_amount_differs_from_usual(council, paid):
    first = queries.remittances_of(paid)
    for line in (line for r in first for line in r.lines):
        assert ("first payment" in line.why) != (line.one_off is not None)
    provider = (PROVIDER, council.agency.pk)
    [direct] = [r for r in first if r.kind == PERSON]
    # one of the provider's people has a dearer plan now; the person on a direct payment has a reduction to repay
    PlanItem.objects.filter(plan__case__person__first_name="Arthur").update(weekly_cost_pence=25000)
    Recovery.objects.create(case=council.case(Person.objects.get(pk=direct.pk)), found_on=D(2026, 2, 1),
                            balance_pence=0, surplus_pence=5000, reduction_left_pence=5000, created_by=council.finance,
                            decision="reduce", status=Recovery.Status.DECIDED)
    later, report = actions.pay(D(2026, 3, 20), actor=council.finance)  # the February run was missed
    assert report.late
    again = {r.key: r for r in queries.remittances_of(later)}
    assert sum(r.total_pence for r in again.values()) == later.report["total_pence"] == file_total(later)
    lines = again[provider].lines
    assert len(lines) == 4  # two people, two periods each: the one missed and the one due
    changed = [line for line in lines if "The support plan changed" in line.why]
    assert [(line.period_starts_on, line.usual_pence, line.amount_pence) for line in changed] == [
        (D(2026, 3, 1), 80000, 100000)]  # once, in the first period at the new cost
    assert "four weeks of it cost £1,000.00 now, up from £800.00" in changed[0].why
    assert [line.late for line in lines] == [True, False, True, False]
    assert all(("Catching up" in line.why) == line.late for line in lines)
    dp = again[(PERSON, direct.pk)].lines
    assert [("less: a reduction agreed" in line.why) for line in dp] == [True, False]  # taken from the first only
    assert all("less: the person's own contribution" in line.why for line in dp)
    assert not any("less:" in line.why or "first payment" in line.why for line in lines)
    for line in dp + lines:
        assert line.usual_pence + sum(reason.change_pence for reason in line.reasons) == line.amount_pence


# ---- the pages --------------------------------------------------------------------------------------------------------


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_finance_follows_the_run_page_to_each_payees_remittance_and_downloads_it(council, paid, signed_in):
    client = signed_in(council.finance)
    page = client.get(f"/finance/runs/{paid.pk}/").content.decode()
    assert '<h2 class="govuk-heading-m" id="remittance-advice">Remittance advice</h2>' in page
    provider_url = f"/finance/runs/{paid.pk}/remittances/providers/{council.agency.pk}/"
    assert f'<a class="govuk-link" href="{provider_url}">Exe Valley Home Care</a>' in page
    [direct] = [r for r in queries.remittances_of(paid) if r.kind == PERSON]
    person_url = f"/finance/runs/{paid.pk}/remittances/people/{direct.pk}/"
    assert f'<a class="govuk-link" href="{person_url}">E Evans DP account</a>' in page

    shown = client.get(provider_url).content.decode()
    assert "Remittance advice: Exe Valley Home Care" in shown and "EX000002 (E E)" in shown
    assert "Arthur" not in shown and "Brown" not in shown and "Elsie" not in shown  # reference and initials only
    assert "4 weeks, 1 February 2026 to 28 February 2026" in shown and "£1,600.00" in shown
    assert f'<a class="govuk-link" href="{provider_url[:-1]}.csv">Download as CSV</a>' in shown
    assert f'<a class="govuk-link" href="{provider_url[:-1]}.pdf">Download as PDF</a>' in shown
    assert AuditEvent.objects.filter(action="read", what=f"Read the remittance advice of {paid.reference}").count() == 2

    download = client.get(f"{provider_url[:-1]}.csv")
    assert download["Content-Type"].startswith("text/csv")
    assert f'filename="{paid.reference}-remittance-provider-{council.agency.pk}.csv"' in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body(download).decode(), newline="")))
    assert [row["Person"] for row in rows] == ["EX000002", "EX000006"] and csv_total(body(download).decode()) == 160000
    assert AuditEvent.objects.filter(action="export", what__endswith="(CSV)").count() == 2

    pdf = client.get(f"{provider_url[:-1]}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(read_tagged_pdf(body(pdf)))
    assert "Remittance advice" in text and "Exe Valley Home Care" in text and "EX000006" in text and "£1,600.00" in text

    person = client.get(person_url).content.decode()
    assert "One-off payment: Shower chair" in person and "less: the person&#39;s own contribution" in person

    every = client.get(f"/finance/runs/{paid.pk}/remittances.csv")
    assert csv_total(body(every).decode()) == paid.report["total_pence"] == file_total(paid)


def test_a_payee_the_run_did_not_pay_has_no_remittance(council, paid, signed_in):
    client = signed_in(council.finance)
    assert client.get(f"/finance/runs/{paid.pk}/remittances/providers/{council.other_agency.pk}/").status_code == 404
    [direct] = [r for r in queries.remittances_of(paid) if r.kind == PERSON]
    provider_people = {line.person_id for r in queries.remittances_of(paid) if r.kind == PROVIDER for line in r.lines}
    assert client.get(f"/finance/runs/{paid.pk}/remittances/people/{min(provider_people)}/").status_code == 404
    assert client.get(f"/finance/runs/{paid.pk}/remittances/people/{direct.pk}.pdf").status_code == 200


@pytest.mark.parametrize("who", ["worker", "manager", "holder", "provider", "commissioner"])
def test_no_one_but_finance_sees_a_remittance(council, paid, signed_in, who):
    client = signed_in(getattr(council, who))
    for address in (f"/finance/runs/{paid.pk}/remittances/providers/{council.agency.pk}/",
                    f"/finance/runs/{paid.pk}/remittances/providers/{council.agency.pk}.csv",
                    f"/finance/runs/{paid.pk}/remittances/providers/{council.agency.pk}.pdf",
                    f"/finance/runs/{paid.pk}/remittances.csv"):
        assert client.get(address).status_code in {403, 404}


def test_a_run_only_prepared_has_no_remittance_advice(council, signed_in):
    council.agency.bank_sort_code, council.agency.bank_account_number = "401122", "87654321"
    council.agency.save()
    council.live_person()
    run = actions.prepare_run(D(2026, 1, 20), actor=council.finance)
    client = signed_in(council.finance)
    page = client.get(f"/finance/runs/{run.pk}/").content.decode()
    assert run.status == PaymentRun.Status.PREPARED and "Remittance advice" not in page
    [line] = run.preview["lines"]
    for address in (f"/finance/runs/{run.pk}/remittances/people/{line['person_id']}/",
                    f"/finance/runs/{run.pk}/remittances/people/{line['person_id']}.csv",
                    f"/finance/runs/{run.pk}/remittances.csv"):
        assert client.get(address).status_code == 404


def test_a_run_that_paid_nobody_says_so(council, signed_in):
    run, _ = actions.pay(D(2026, 1, 20), actor=council.finance)
    page = signed_in(council.finance).get(f"/finance/runs/{run.pk}/").content.decode()
    assert "The run paid nobody, so there is no remittance advice." in page


def isf_budgets(council, n):
    for _ in range(n):
        person = council.person()
        council.assess(person)
        council.plan(person)
        council.submit(person)
        council.approve(person)
        council.go_live(person, option="individual_service_fund")
        council.live_person()


def test_the_remittance_pages_ask_the_same_queries_for_three_times_the_payments(council, client):
    council.agency.bank_sort_code, council.agency.bank_account_number = "401122", "87654321"
    council.agency.save()
    client.force_login(council.finance)

    def pages(run):
        addresses = [f"/finance/runs/{run.pk}/", f"/finance/runs/{run.pk}/remittances/providers/{council.agency.pk}/",
                     f"/finance/runs/{run.pk}/remittances.csv"]
        for address in addresses:
            assert client.get(address).status_code == 200
        return [counted(lambda a=a: client.get(a))[0] for a in addresses]

    isf_budgets(council, 1)
    first, _ = actions.pay(D(2026, 1, 20), actor=council.finance)
    once = pages(first)
    isf_budgets(council, 2)
    second, _ = actions.pay(D(2026, 2, 17), actor=council.finance)
    assert len(queries.remittances_of(second)) == 4 and len(queries.remittances_of(first)) == 2
    assert pages(second) == once


# ---- the command line -------------------------------------------------------------------------------------------------


def test_the_command_writes_a_csv_and_a_pdf_file_a_payee(council, paid, tmp_path):
    out = io.StringIO()
    call_command("money", "remittances", paid.reference, "--out", str(tmp_path / "advice"), "--actor", "finance",
                 stdout=out)
    assert f"Remittance advice of {paid.reference} for 2 payees, £2,147.39 in all" in out.getvalue()
    written = sorted(p.name for p in (tmp_path / "advice").iterdir())
    assert len(written) == 5 and f"{paid.reference}-remittances.csv" in written
    [provider_pdf] = [name for name in written if name.endswith(f"provider-{council.agency.pk}.pdf")]
    assert "Exe Valley Home Care" in pdf_text(read_tagged_pdf((tmp_path / "advice" / provider_pdf).read_bytes()))
    each = [csv_total((tmp_path / "advice" / name).read_text()) for name in written
            if name.endswith(".csv") and "remittances" not in name]
    assert sum(each) == csv_total((tmp_path / "advice" / f"{paid.reference}-remittances.csv").read_text()) == \
        paid.report["total_pence"]
    assert AuditEvent.objects.filter(channel="cli", action="export",
                                     what=f"Wrote the remittance advice of {paid.reference}").count() == 3


def test_the_command_is_refused_for_anyone_but_finance_and_a_run_not_paid(council, paid, tmp_path):
    with pytest.raises(CommandError, match="not an active sign-in of a finance officer") as refused:
        call_command("money", "remittances", paid.reference, "--out", str(tmp_path), "--actor", "worker")
    assert refused.value.returncode == 1 and not list(tmp_path.iterdir())
    with pytest.raises(CommandError, match="No payment run RUN-20260121") as missing:
        call_command("money", "remittances", "RUN-20260121", "--out", str(tmp_path), "--actor", "finance")
    assert missing.value.returncode == 2
    prepared = actions.prepare_run(D(2026, 2, 17), actor=council.finance)
    with pytest.raises(CommandError, match="prepared but not approved") as waiting:
        call_command("money", "remittances", prepared.reference, "--out", str(tmp_path), "--actor", "finance")
    assert waiting.value.returncode == 1 and not list(tmp_path.iterdir())
