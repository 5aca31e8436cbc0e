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
