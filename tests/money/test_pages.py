"""The money pages: the budget holder records spending with a receipt; finance imports and reconciles."""

import base64
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from selfdirect.money import actions
from selfdirect.money.models import SpendingRecord, StatementLine
from tests.jobs import through_the_worker

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==")


def test_a_budget_holder_records_spending_with_a_receipt_and_sees_it(council, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = council.live_person(user=council.holder)
    item = council.case(person).plans.get().items.get()
    client.force_login(council.holder)
    page = f"/people/{person.pk}/account/"
    assert "Record spending" in client.get(page).content.decode()
    form = {"spent_on_0": "3", "spent_on_1": "2", "spent_on_2": "2026", "payee": "Sam Okafor", "amount_pence": "120.00",
            "item": str(item.pk), "hours": "6", "receipt": SimpleUploadedFile("receipt.png", PNG, content_type="image/png")}
    assert client.post(f"{page}spending/", form).status_code == 302
    record = SpendingRecord.objects.get()
    assert record.amount_pence == 12000 and record.item == item and record.receipt.name.endswith(".png")
    body = client.get(page).content.decode()
    assert "Sam Okafor" in body and "View" in body
    assert client.get(f"{page}receipts/{record.pk}/").status_code == 200
    client.force_login(council.other_holder)
    assert client.get(f"{page}receipts/{record.pk}/").status_code == 404


def test_bad_spending_is_refused_naming_the_field_and_nothing_is_saved(council, client):
    person = council.live_person(user=council.holder)
    client.force_login(council.holder)
    form = {"spent_on_0": "31", "spent_on_1": "2", "spent_on_2": "2026", "payee": "", "amount_pence": "-4",
            "receipt": SimpleUploadedFile("receipt.exe", b"MZ\x90\x00" * 10)}
    response = client.post(f"/people/{person.pk}/account/spending/", form)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter who you paid" in body and "The receipt must be a PDF, JPEG or PNG" in body
    assert not SpendingRecord.objects.exists()


def test_a_printable_monthly_return_lists_the_plan(council, client):
    person = council.live_person(user=council.holder)
    client.force_login(council.holder)
    body = client.get(f"/people/{person.pk}/account/return/", {"month": "2026-12"}).content.decode()
    assert "December 2026" in body and "DP-EX000001" in body and "Help with personal care" in body


def test_finance_imports_a_statement_and_matches_what_is_left_by_hand(council, client, settings, tmp_path,
                                                                     django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    person = council.live_person(user=council.holder)
    actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    client.force_login(council.finance)
    assert "Payments and statements" in client.get("/finance/").content.decode()
    text = b"Date,Description,Amount\n2026-02-03,CORNER CAFE,-8.40\n"
    job = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/statements/", {
        "statement": SimpleUploadedFile("s.csv", text), "account": "DP-EX000001", "layout": "signed"}).content.decode()
    assert "1 line imported, 0 duplicates skipped, 0 refused" in job and "Match the lines left over" in job
    assert not list((tmp_path / "jobs").iterdir())  # the upload, kept for the job, deleted once read
    line = StatementLine.objects.get()
    assert "CORNER CAFE" in client.get("/finance/reconcile/").content.decode()
    assert client.post(f"/finance/reconcile/{line.pk}/", {"choice": "outside"}).status_code == 302
    line.refresh_from_db()
    assert line.outside_plan and "Every line is matched" in client.get("/finance/reconcile/").content.decode()
    bad = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/statements/", {
        "statement": SimpleUploadedFile("s.csv", b"Date,Description,Amount\nsoon,x,1\n"), "account": "DP-EX000001",
        "layout": "signed"}).content.decode()
    assert "It could not be done" in bad and "line 2, column" in bad and "Nothing was imported" in bad
    assert StatementLine.objects.count() == 1 and not list((tmp_path / "jobs").iterdir())
    run = person.cases.get().instalments.get().run
    assert client.get(f"/finance/runs/{run.pk}.csv").content.decode() == run.file_text


def test_only_finance_sees_the_finance_pages(council, client):
    for user in (council.worker, council.holder, council.commissioner):
        client.force_login(user)
        assert client.get("/finance/").status_code == 403
        assert client.get("/finance/reconcile/").status_code == 403


def test_the_api_records_spending_imports_statements_and_shows_the_account_with_the_same_rules(council):
    from rest_framework.test import APIClient

    person = council.live_person(user=council.holder)
    actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    holder, finance = APIClient(), APIClient()
    holder.force_authenticate(council.holder)
    finance.force_authenticate(council.finance)
    base = f"/api/v1/people/{person.pk}/account/"
    made = holder.post(f"{base}spending/", {"spent_on": "2026-02-02", "payee": "Sam", "amount_pence": 12000}, format="json")
    assert made.status_code == 201
    bad = holder.post(f"{base}spending/", {"spent_on": "2026-02-02", "payee": "Sam", "amount_pence": 0}, format="json")
    assert bad.status_code == 400 and "amount_pence" in str(bad.json())
    statement = {"name": "s.csv", "text": "Date,Description,Amount\n2026-02-03,SAM,-120.00\n", "account": "DP-EX000001"}
    assert holder.post("/api/v1/finance/statements/", statement, format="json").status_code == 403
    imported = finance.post("/api/v1/finance/statements/", statement, format="json")
    assert imported.status_code == 201 and imported.json()["imported"] == 1
    again = finance.post("/api/v1/finance/statements/", statement, format="json")
    assert again.json() == {"imported": 0, "duplicates": 1, "refused": []}
    broken = finance.post("/api/v1/finance/statements/", {**statement, "text": "Date,Description,Amount\nx,y,z\n"}, format="json")
    assert broken.status_code == 400 and "line 2" in str(broken.json())
    account = holder.get(base).json()
    assert account["balances"]["direct_payment"] == 80000 - 12000 and account["reference"] == "DP-EX000001"
    assert finance.get("/api/v1/finance/runs/").json()[0]["run_date"] == "2026-01-20"
    other = APIClient()
    other.force_authenticate(council.other_holder)
    assert other.get(base).status_code == 404


def test_the_account_page_shows_what_is_due_to_whom_and_when(council, client):
    person = council.live_person(user=council.holder)
    actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    client.force_login(council.holder)
    body = client.get(f"/people/{person.pk}/account/").content.decode()
    assert "Four weeks from 1 February 2026: £800.00 to direct payment account – paid" in body
    assert "Four weeks from 1 March 2026: £800.00 to direct payment account – not yet paid" in body


def test_finance_takes_a_surplus_through_its_safeguards_in_the_pages(council, client, monkeypatch):
    from django.utils import timezone

    from selfdirect.outcomes import actions as reviews

    person = council.live_person(user=council.holder)
    case = council.case(person)
    actions.pay(datetime.date(2026, 10, 1), actor=council.finance)
    reviews.record_review(case, actor=council.worker, held_on=datetime.date(2026, 9, 1), summary="Fine", decision="continue",
                          ratings={o.pk: "achieved" for o in case.plans.get().outcomes.all()},
                          depth="light", reason="Planned", method="Service user only",
                          what_changed="Nothing changed")
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 10, 2))
    client.force_login(council.finance)
    page = f"/people/{person.pk}/account/surplus/"
    assert client.post(page, {"step": "find"}).status_code == 302
    assert client.post(page, {"step": "warn"}).status_code == 302
    body = client.get(page).content.decode()
    assert "£6,400.00" in body and "We have not taken any money" in body and "to respond to the warning letter" in body
    refused = client.post(page, {"step": "decide", "decision": "recover", "amount_pence": "100", "reason": "Surplus"}, follow=True)
    assert "to respond to the warning letter" in refused.content.decode()
    assert client.post(page, {"step": "explain", "explanation": ""}).status_code == 400
    assert client.post(page, {"step": "explain", "explanation": "Saving for respite", "committed_pence": "1000"}).status_code == 302
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 11, 2))
    assert client.post(page, {"step": "decide", "decision": "recover", "amount_pence": "5000", "reason": "Surplus"}).status_code == 302
    from selfdirect.money import queries

    assert queries.balances(case)["recovered"] == 500000
    client.force_login(council.holder)
    assert client.get(page).status_code == 403


def test_a_worker_asks_for_a_one_off_payment_and_a_manager_approves_it_in_the_pages(council, client):
    from selfdirect.money.models import OneOffPayment, Suspension

    person = council.live_person(user=council.holder)
    page = f"/people/{person.pk}/account/one-off/"
    client.force_login(council.worker)
    assert "There is a problem" in client.post(page, {"description": "", "amount_pence": "x"}).content.decode()
    assert client.post(page, {"description": "Shower chair", "amount_pence": "89.99"}).status_code == 302
    waiting = OneOffPayment.objects.get()
    client.post(page, {"approve": waiting.pk})
    waiting.refresh_from_db()
    assert waiting.approved_by is None  # a worker cannot approve
    client.force_login(council.manager)
    client.post(page, {"approve": waiting.pk})
    waiting.refresh_from_db()
    assert waiting.approved_by == council.manager
    client.force_login(council.worker)
    form = {"starts_on_0": "1", "starts_on_1": "3", "starts_on_2": "2026", "reason": "In hospital"}
    assert client.post(f"/people/{person.pk}/account/suspend/", form).status_code == 302
    assert Suspension.objects.get().reason == "In hospital"
    client.force_login(council.holder)
    assert client.get(page).status_code == 403


def test_a_statement_with_refused_lines_says_so_and_is_not_shown_as_a_success(council, client, settings, tmp_path,
                                                                              django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    council.live_person(user=council.holder)
    actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    client.force_login(council.finance)
    text = (b"Date,Description,Amount,Transaction ID,Card\n2026-02-03,CORNER CAFE,-8.40,T1,DP-EX000001\n"
            b"2026-02-04,SHOP,-1.00,T2,DP-EX999999\n")
    body = through_the_worker(client, django_capture_on_commit_callbacks, "/finance/statements/",
                              {"statement": SimpleUploadedFile("s.csv", text), "layout": "card"}).content.decode()
    assert "Some lines were refused" in body and "govuk-notification-banner--success" not in body
    assert "govuk-panel--confirmation" not in body
    assert "1 line imported, 0 duplicates skipped, 1 refused" in body and "DP-EX999999" in body
