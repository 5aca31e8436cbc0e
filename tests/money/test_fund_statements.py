"""A provider's statement of an individual service fund (issue 19, "The budget holder's home"): each fund has a
reference a statement names it by; a line on a fund posts spending from the fund (the fund down, spent up), so the
fund's balance is what it holds; importing it twice adds nothing; the ledger stays sound; the provider sends its own
statements, and only of the funds it holds."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from selfdirect.audit.models import AuditEvent
from selfdirect.money import actions, postings, queries, statements
from selfdirect.money.models import JournalEntry, LedgerAccount, StatementLine

D = datetime.date
FUND_LAYOUT = statements.Mapping(account="Fund", hours="Hours")


@pytest.fixture
def fund(council):
    """A live individual service fund (£200 a week of home care from Exe Valley Home Care from 1 February 2026) the
    council has paid twice: £1,600. Its person is the `holder` sign-in."""
    person = council.live_person(user=council.holder, option="individual_service_fund")
    actions.pay(D(2026, 1, 20), actor=council.finance)
    actions.pay(D(2026, 2, 17), actor=council.finance)
    return LedgerAccount.objects.get(case=council.case(person), key=f"isf:{council.agency.pk}")


def _statement(reference, *lines):
    rows = "".join(f"{day},{what},{amount},{hours},{reference}\n" for day, what, amount, hours in lines)
    return "Date,Description,Amount,Hours,Fund\n" + rows


FEBRUARY = [("2026-02-07", "Home care visits week to 7 February", "-200.00", "10"),
            ("2026-02-14", "Home care visits week to 14 February", "-180.00", "9"),
            ("2026-02-21", "Council payment", "800.00", "")]


def test_spending_from_a_fund_takes_it_off_the_fund_and_money_in_puts_it_back():
    assert postings.spending(2000, "isf:7") == (postings.Posting("isf:7", -2000), postings.Posting("spent", 2000))
    assert postings.money_in(500, "isf:7") == (postings.Posting("isf:7", 500), postings.Posting("spent", -500))
    assert postings.spending(2000) == (postings.Posting("direct_payment", -2000), postings.Posting("spent", 2000))
    for wrong in ("council_funding", "isf:", "isf:x"):
        with pytest.raises(postings.UnbalancedEntry, match="not an account money is spent from"):
            postings.spending(100, wrong)


def test_hours_are_read_where_a_statement_has_them_and_a_wrong_figure_refuses_the_file():
    lines = statements.read(_statement("ISF-EX000001-3", *FEBRUARY), name="fund.csv", mapping=FUND_LAYOUT)
    assert [line.hours for line in lines] == [Decimal("10"), Decimal("9"), None]
    without = statements.read("Date,Description,Amount\n2026-02-07,Visits,-20.00\n", name="fund.csv",
                              mapping=statements.Mapping(hours="Hours"), account="ISF-EX000001-3")
    assert without[0].hours is None  # the column may be left out of a file
    for hours in ("ten", "-1", "7.125", "10000", "NaN"):
        with pytest.raises(statements.StatementError, match=r"line 2, column 'Hours': .* is not a number of hours"):
            statements.read(_statement("ISF-EX000001-3", ("2026-02-07", "Visits", "-20.00", hours)), name="fund.csv",
                            mapping=FUND_LAYOUT)


def test_a_fund_gets_its_reference_when_the_council_first_pays_it(council, fund):
    assert fund.reference == f"ISF-EX000001-{council.agency.pk}"
    assert actions.account_reference(fund.case, fund.key) == fund.reference
    assert actions.account_reference(fund.case, "council_funding") is None


def test_a_providers_statement_posts_spending_from_the_fund_named_by_its_reference_and_twice_adds_nothing(council, fund):
    text = _statement(fund.reference, *FEBRUARY)
    report = actions.import_statement(text, name="fund.csv", actor=council.finance, mapping=FUND_LAYOUT)
    assert (report.imported, report.duplicates, report.refused) == (3, 0, [])
    fund.refresh_from_db()
    assert fund.balance_pence == 160000 - 38000  # the council's payment on the statement is already in the fund
    spent = LedgerAccount.objects.get(case=fund.case, key="spent")
    assert spent.balance_pence == 38000
    lines = list(StatementLine.objects.filter(account=fund).order_by("line_number"))
    assert [(line.amount_pence, line.hours, line.entry is not None) for line in lines] == [
        (-20000, Decimal("10.00"), True), (-18000, Decimal("9.00"), True), (80000, None, False)]
    assert {e.kind for e in JournalEntry.objects.filter(statement_lines__account=fund)} == {JournalEntry.Kind.SPENDING}
    again = actions.import_statement(text, name="fund.csv", actor=council.finance, mapping=FUND_LAYOUT)
    assert (again.imported, again.duplicates) == (0, 3)
    fund.refresh_from_db()
    assert fund.balance_pence == 122000 and StatementLine.objects.count() == 3
    assert queries.check() == []
    out = io.StringIO()
    call_command("money", "check", stdout=out)
    assert "The ledger is sound" in out.getvalue()


def test_a_fund_statement_is_not_matched_to_spending_nor_listed_for_finance_to_match(council, fund):
    actions.import_statement(_statement(fund.reference, *FEBRUARY), name="fund.csv", actor=council.finance,
                             mapping=FUND_LAYOUT)
    assert actions.reconcile() == 0
    assert queries.unmatched_line_count() == 0
    assert queries.statement_lines_for(fund.case) == []  # the direct payment account's page shows no fund's lines
    assert len(queries.statement_lines_for(fund.case, account=fund.key)) == 3


def test_a_line_for_a_fund_that_is_not_there_is_refused_by_name(council, fund):
    text = _statement(f"ISF-EX000001-{council.other_agency.pk}", FEBRUARY[0])
    report = actions.import_statement(text, name="fund.csv", actor=council.finance, mapping=FUND_LAYOUT)
    assert report.refused == [f"line 2: no individual service fund 'ISF-EX000001-{council.other_agency.pk}'"]


def test_the_first_statement_opens_a_fund_the_plan_has_before_the_council_has_paid_it(council):
    council.live_person(user=council.holder, option="individual_service_fund")
    reference = f"ISF-EX000001-{council.agency.pk}"
    report = actions.import_statement(_statement(reference, FEBRUARY[0]), name="fund.csv", actor=council.finance,
                                      mapping=FUND_LAYOUT)
    assert report.imported == 1
    opened = LedgerAccount.objects.get(reference=reference)
    assert opened.key == f"isf:{council.agency.pk}" and opened.balance_pence == -20000
    assert queries.check() == []


def test_a_provider_sends_statements_only_of_the_funds_it_holds(council, fund):
    own = actions.import_fund_statement(_statement(fund.reference, FEBRUARY[0]), name="fund.csv",
                                        actor=council.provider, mapping=FUND_LAYOUT)
    assert own.imported == 1
    elsewhere = council.live_person(first_name="Ann", nhs_number="9434765870", user=council.other_holder)
    actions.pay(D(2026, 1, 20), actor=council.finance)
    other = actions.account_reference(council.case(elsewhere), "direct_payment")
    text = "Date,Description,Amount,Hours,Fund\n" + f"2026-02-07,Taken,-50.00,,{other}\n"
    report = actions.import_fund_statement(text, name="fund.csv", actor=council.provider, mapping=FUND_LAYOUT)
    assert report.imported == 0 and report.refused == [f"line 2: no individual service fund '{other}' that you hold"]
    refused = actions.import_fund_statement(_statement(fund.reference, FEBRUARY[1]), name="fund.csv",
                                            actor=council.other_provider, mapping=FUND_LAYOUT)
    assert refused.imported == 0 and "that you hold" in refused.refused[0]
    with pytest.raises(actions.MoneyError, match="Only a provider"):
        actions.import_fund_statement(_statement(fund.reference, FEBRUARY[1]), name="fund.csv", actor=council.finance,
                                      mapping=FUND_LAYOUT)
    assert StatementLine.objects.count() == 1 and queries.check() == []


def test_funds_opened_before_references_are_given_them_by_the_migration(council, fund):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("selfdirect.money.migrations.0006_fund_statements")
    LedgerAccount.objects.filter(pk=fund.pk).update(reference=None)
    migration.give_funds_references(apps, None)
    fund.refresh_from_db()
    assert fund.reference == f"ISF-EX000001-{council.agency.pk}"
    assert LedgerAccount.objects.get(case=fund.case, key="council_funding").reference is None


def test_the_provider_sends_a_statement_on_its_page_and_sees_the_funds_it_holds(council, fund, client):
    client.force_login(council.provider)
    page = client.get("/provider/fund-statements/")
    body = page.content.decode()
    assert page.status_code == 200 and fund.reference in body and "Elsie Evans" in body
    assert AuditEvent.objects.filter(actor=council.provider, person=fund.case.person,
                                     what="Listed the individual service funds the provider holds").exists()
    upload = SimpleUploadedFile("fund.csv", _statement(fund.reference, *FEBRUARY).encode(), content_type="text/csv")
    sent = client.post("/provider/fund-statements/", {"statement": upload, "layout": "funds"})
    assert sent.status_code == 302
    assert StatementLine.objects.filter(account=fund).count() == 3
    assert "3 lines imported, 0 duplicates skipped, 0 refused" in client.get(sent["Location"]).content.decode()
    one = SimpleUploadedFile("one.csv", b"Date,Description,Amount,Hours\n2026-02-28,Visits,-20.00,1\n")
    missing = client.post("/provider/fund-statements/", {"statement": one, "layout": "one_fund", "fund": ""})
    assert missing.status_code == 400 and "Enter the reference of the fund the file is about" in missing.content.decode()
    client.force_login(council.other_provider)
    assert fund.reference not in client.get("/provider/fund-statements/").content.decode()
    client.force_login(council.holder)
    assert client.get("/provider/fund-statements/").status_code == 403
