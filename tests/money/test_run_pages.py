"""Payment runs in the browser's pages (issue 19): finance prepares a run and sees who it would pay; the preparer
cannot approve it; a second finance officer approves it and the file is downloadable only then."""

import datetime

import pytest

from selfdirect.accounts.models import User
from selfdirect.audit.models import AuditEvent
from selfdirect.core.roles import Role
from selfdirect.money.models import JournalEntry, PaymentRun


@pytest.fixture
def approver(council):
    return User.objects.create_user(username="finance.approver", password="a-long-test-password",
                                    role=Role.FINANCE_OFFICER, first_name="Ade", last_name="Approver")


def _date(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_finance_prepares_a_run_a_second_officer_approves_it_then_its_file_downloads(council, approver, signed_in,
                                                                                     django_capture_on_commit_callbacks):
    person = council.live_person(user=council.holder)
    client = signed_in(council.finance)
    assert "Prepare a payment run" in client.get("/finance/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/finance/runs/prepare/", _date("run_date", datetime.date(2026, 3, 20)))
    assert response.status_code == 302 and "/jobs/" in response["Location"]  # handed to the task worker
    job = client.get(response["Location"]).content.decode()
    assert "RUN-20260320 prepared" in job and "See the result" in job
    run = PaymentRun.objects.get()
    page = client.get(f"/finance/runs/{run.pk}/").content.decode()
    assert "RUN-20260320" in page and person.la_person_id in page and "second finance officer" in page
    assert "Approve and pay" not in page and not JournalEntry.objects.exists()
    assert AuditEvent.objects.filter(person=person, what="Checked the prepared payment run RUN-20260320").exists()
    assert client.get(f"/finance/runs/{run.pk}.csv").status_code == 404  # no file until it is approved
    listed = client.get("/finance/").content.decode()  # the list of runs shows what the prepared run would pay
    assert "20 March 2026: 3 instalments, 3 payments, £2,400.00, 2 catching up" in listed
    assert "prepared, waiting for approval" in listed
    with django_capture_on_commit_callbacks(execute=True):
        tried = client.post(f"/finance/runs/{run.pk}/")  # the preparer tries to approve
    assert "a second finance officer approves it" in client.get(tried["Location"]).content.decode()
    assert signed_in(council.worker).get(tried["Location"]).status_code == 404  # someone else's job
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.PREPARED

    second = signed_in(approver)
    assert "Approve and pay RUN-20260320" in second.get(f"/finance/runs/{run.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        approved = second.post(f"/finance/runs/{run.pk}/")
    assert "approved and paid" in second.get(approved["Location"]).content.decode()
    run.refresh_from_db()
    assert run.status == PaymentRun.Status.PAID and run.approved_by == approver
    download = second.get(f"/finance/runs/{run.pk}.csv")
    assert download.status_code == 200 and b"".join(download.streaming_content if download.streaming else
                                                    [download.content]).decode() == run.file_text


def test_a_bad_run_date_is_refused_naming_the_field(council, signed_in):
    client = signed_in(council.finance)
    response = client.post("/finance/runs/prepare/", {"run_date_0": "31", "run_date_1": "2", "run_date_2": "2026"})
    assert response.status_code == 400 and "Run date must be a real date" in response.content.decode()
    assert not PaymentRun.objects.exists()


def test_the_bacs_file_of_a_paid_run_downloads_from_its_page_and_matches_the_command_lines(council, signed_in,
                                                                                          settings):
    from selfdirect.money import actions, bacs, queries

    settings.BACS_SERVICE_USER_NUMBER, settings.BACS_SORT_CODE = "999123", "123456"
    settings.BACS_ACCOUNT_NUMBER, settings.BACS_ACCOUNT_NAME = "87654321", "Exampleshire Council"
    council.live_person(user=council.holder)
    assert signed_in(council.finance).get("/finance/runs/1.bacs.txt").status_code == 404  # no run yet
    run, _ = actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    client = signed_in(council.finance)
    assert "Download the Bacs file" in client.get(f"/finance/runs/{run.pk}/").content.decode()
    download = client.get(f"/finance/runs/{run.pk}.bacs.txt")
    text = download.content.decode("ascii")
    assert download.status_code == 200 and text == queries.bacs_file(run)
    records = text.split(bacs.LINE_END)
    assert records[0].startswith("VOL1") and any(r.startswith("UTL1") for r in records)
    credits = [r for r in records if len(r) == 100 and r[15:17] == bacs.CREDIT]
    assert [r[35:46] for r in credits] == [f"{line.amount_pence:011d}" for line in run.lines.all()]
    assert AuditEvent.objects.filter(what=f"Downloaded the Bacs file for the run of {run.run_date}").exists()
    assert signed_in(council.worker).get(f"/finance/runs/{run.pk}.bacs.txt").status_code in {403, 404}


def test_without_the_councils_bacs_details_the_page_says_which_setting_is_missing(council, signed_in, settings):
    from selfdirect.money import actions

    settings.BACS_SERVICE_USER_NUMBER = ""
    council.live_person(user=council.holder)
    run, _ = actions.pay(datetime.date(2026, 1, 20), actor=council.finance)
    client = signed_in(council.finance)
    response = client.get(f"/finance/runs/{run.pk}.bacs.txt", follow=True)
    assert "set SELFDIRECT_BACS_SERVICE_USER_NUMBER" in response.content.decode()


def test_a_prepared_run_has_no_bacs_file(council, signed_in):
    from selfdirect.money import actions

    council.live_person(user=council.holder)
    run = actions.prepare_run(datetime.date(2026, 1, 20), actor=council.finance)
    assert signed_in(council.finance).get(f"/finance/runs/{run.pk}.bacs.txt").status_code == 404
